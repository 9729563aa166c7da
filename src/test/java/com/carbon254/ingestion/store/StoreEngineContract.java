package com.carbon254.ingestion.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine behind the ports: it answers, and empty batches of every port are no-ops.
 */
public abstract class StoreEngineContract extends StoreContract {
    @Test
    void emptyBatchesAreNoOpsAndPingAnswers() throws Exception {
        await(silver().writeTicks(List.of()));
        await(gold().writeBars(List.of()));
        await(audit().writeDlq(List.of()));
        await(audit().writeAnomalies(List.of()));
        await(engine().ping());
        assertThat(engine().name()).isIn("duckdb", "clickhouse");
    }
}
