package com.carbon254.ingestion.pipeline;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which stage consumes which topic (DESIGN.md flow table): what each stage verticle subscribes to, and what a
 * publisher following its trace on Kafka waits for — an import is done when every consumer of every topic its records
 * reached has handled them.
 */
public final class Flow {
    private Flow() {
    }

    /** The topics {@code stage} subscribes to, under its own name as consumer group. */
    public static List<String> inputs(Stage stage, Catalog catalog) {
        return switch (stage) {
            case NORMALIZER -> catalog.isoCodes().stream().sorted().map(Topics::raw).toList();
            case ENRICHER -> List.of(Topics.NORMALIZED_TICKS);
            case AGGREGATOR -> List.of(Topics.ENRICHED_TICKS);
            case PROJECTOR -> {
                List<String> out = new ArrayList<>(List.of(Topics.ENRICHED_TICKS, Topics.OHLC_BARS,
                        Topics.ROLLING_METRICS, Topics.CURVE_PRESTAGE, Topics.CURVE_UPDATES, Topics.ANOMALIES));
                out.addAll(dlqTopics(catalog));
                yield List.copyOf(out);
            }
            case SIMULATOR, CONNECTORS -> List.of();
        };
    }

    /** Every DLQ topic the pipeline writes: one per raw topic, plus the normalized and enriched tick topics. */
    public static List<String> dlqTopics(Catalog catalog) {
        List<String> out = new ArrayList<>();
        catalog.isoCodes().stream().sorted().forEach(iso -> out.add(Topics.dlq(Topics.raw(iso))));
        out.add(Topics.dlq(Topics.NORMALIZED_TICKS));
        out.add(Topics.dlq(Topics.ENRICHED_TICKS));
        return out;
    }

    /** Topic → the stages (consumer groups) that consume it. */
    public static Map<String, Set<String>> consumers(Catalog catalog) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Stage s : Stage.values()) {
            for (String topic : inputs(s, catalog)) out.computeIfAbsent(topic, t -> new TreeSet<>()).add(s.id());
        }
        return out;
    }
}
