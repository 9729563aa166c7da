package com.carbon254.ingestion.pipeline;

import java.util.List;

/** Invalid configuration: start-up stops with one message listing every problem, each naming file and key. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
