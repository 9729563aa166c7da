package com.carbon254.ingestion.pipeline;

import com.carbon254.ingestion.event.Stage;

import java.util.Map;

/**
 * One entry of a descriptor's {@code verticles}: which stage, how many verticle instances, and the stage's own
 * {@code config} section (each stage reads and validates its keys).
 */
public record StageSpec(Stage stage, int instances, Map<String, Object> config) {
    public StageSpec {
        config = Map.copyOf(config);
    }
}
