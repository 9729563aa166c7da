package com.carbon254.ingestion.event;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pipeline's stages, in flow order: the one place their names live. A name is what descriptors list under
 * {@code verticles}, the consumer group a stage subscribes with, the {@code stage} of a DLQ record and the
 * {@code stage} tag of {@code stage_records_total}.
 */
public enum Stage {
    SIMULATOR("simulator"),
    CONNECTORS("connectors"),
    NORMALIZER("normalizer"),
    ENRICHER("enricher"),
    AGGREGATOR("aggregator"),
    PROJECTOR("projector");

    /** The stages a reprocess can start at, in flow order. */
    public static final List<Stage> REPLAYABLE = List.of(NORMALIZER, ENRICHER, AGGREGATOR);
    /** The stages whose records are counted per outcome ({@code stage_records_total{stage,outcome}}). */
    public static final List<Stage> COUNTED = List.of(CONNECTORS, NORMALIZER, ENRICHER, AGGREGATOR, PROJECTOR);

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    /** The name as in descriptors, consumer groups, DLQ records and metric tags. */
    public String id() {
        return id;
    }

    /** The stage named {@code id} (case-insensitive). */
    public static Optional<Stage> parse(String id) {
        if (id == null) return Optional.empty();
        String n = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(n)).findFirst();
    }

    /** Every name, joined with {@code |} in flow order, for "expected one of" messages. */
    public static String names(List<Stage> stages) {
        return stages.stream().map(Stage::id).collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        return id;
    }
}
