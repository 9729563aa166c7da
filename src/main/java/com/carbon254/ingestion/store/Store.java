package com.carbon254.ingestion.store;

import com.carbon254.ingestion.pipeline.store.AuditStore;
import com.carbon254.ingestion.pipeline.store.BronzeStore;
import com.carbon254.ingestion.pipeline.store.GoldStore;
import com.carbon254.ingestion.pipeline.store.SilverStore;
import com.carbon254.ingestion.pipeline.store.StoreEngine;
import com.carbon254.ingestion.pipeline.store.StoreQueries;
import com.carbon254.ingestion.pipeline.store.Stores;

/** An engine implementing every store port in one object (DuckDB, ClickHouse). */
public interface Store extends StoreEngine, BronzeStore, SilverStore, GoldStore, AuditStore, StoreQueries {
    /** The ports of this store. */
    default Stores ports() {
        return Stores.of(this);
    }
}
