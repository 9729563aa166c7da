package com.carbon254.ingestion.event;

/**
 * A tick with its taxonomy ({@code conf/enrichment_taxonomy.yaml}). Unknown locations carry
 * {@code locationType = "unknown"}; they are never dropped.
 */
public record EnrichedTick(Tick tick, String locationType, String hub, String zone, String commodity, String product) {
}
