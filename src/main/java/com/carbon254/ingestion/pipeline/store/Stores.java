package com.carbon254.ingestion.pipeline.store;

/**
 * A process's store, as its ports: what the deployment hands the stages ({@code StageContext#stores}). Each stage
 * uses the ports of its role; the engine is started and stopped by the deployment.
 */
public record Stores(StoreEngine engine, BronzeStore bronze, SilverStore silver, GoldStore gold, AuditStore audit,
                     StoreQueries queries) {
}
