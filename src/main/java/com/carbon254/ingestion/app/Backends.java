package com.carbon254.ingestion.app;

import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.store.clickhouse.ClickHouseStoreConfig;
import com.carbon254.ingestion.store.clickhouse.ClickHouseStores;
import com.carbon254.ingestion.store.duckdb.DuckDbStores;
import com.carbon254.ingestion.transport.Transport;
import com.carbon254.ingestion.transport.eventbus.EventBusTransport;
import com.carbon254.ingestion.transport.kafka.KafkaTransport;
import com.carbon254.ingestion.transport.kafka.KafkaTransportConfig;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one place the descriptor's transport and store names become objects ("never an if inside a stage"). */
final class Backends {
    private Backends() {
    }

    static Transport transport(Vertx vertx, AppConfig c) {
        return switch (c.transport().type()) {
            case "eventbus" -> new EventBusTransport(vertx, c.transport().eventBusTimeoutMs());
            case "kafka" -> new KafkaTransport(vertx, KafkaTransportConfig.of(c.transport().kafkaBootstrap(),
                    "carbon-ingestion-" + c.role()));
            default -> throw new IllegalArgumentException("transport " + c.transport().type());
        };
    }

    static Stores stores(Vertx vertx, AppConfig c) {
        return switch (c.store().type()) {
            case "duckdb" -> {
                String file = c.store().duckdbPath(c.dataDir());
                if (!":memory:".equals(file)) {
                    try {
                        Path parent = Path.of(file).toAbsolutePath().getParent();
                        if (parent != null) Files.createDirectories(parent);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create data dir for " + file, e);
                    }
                }
                yield DuckDbStores.open(vertx, Path.of(file));
            }
            case "clickhouse" -> ClickHouseStores.open(vertx, ClickHouseStoreConfig.fromUrl(c.store().clickhouseUrl()));
            default -> throw new IllegalArgumentException("store " + c.store().type());
        };
    }
}
