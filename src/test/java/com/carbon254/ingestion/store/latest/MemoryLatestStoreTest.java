package com.carbon254.ingestion.store.latest;

import com.carbon254.ingestion.pipeline.store.LatestStore;
import com.carbon254.ingestion.store.memory.MemoryLatestStore;

class MemoryLatestStoreTest extends LatestStoreContract {
    private final MemoryLatestStore store = new MemoryLatestStore();

    @Override
    LatestStore store() {
        return store;
    }
}
