package com.carbon254.ingestion.app;

import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.pipeline.Catalog;
import com.carbon254.ingestion.pipeline.Flow;
import com.carbon254.ingestion.pipeline.store.LatestStore;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.store.memory.MemoryLatestStore;
import com.carbon254.ingestion.store.redis.RedisLatestStore;
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

    /** The descriptor's transport; on Kafka a trace is followed through the stages {@link Flow} names. */
    static Transport transport(Vertx vertx, AppConfig c, Catalog catalog, Tracing tracing) {
        return switch (c.transport().type()) {
            case "eventbus" -> new EventBusTransport(vertx, c.transport().eventBusTimeoutMs(), tracing);
            case "kafka" -> new KafkaTransport(vertx, kafka(c), Flow.consumers(catalog)).withTracing(tracing);
            default -> throw new IllegalArgumentException("transport " + c.transport().type());
        };
    }

    /** The Kafka transport's settings: the descriptor's and the environment's client properties, static membership. */
    static KafkaTransportConfig kafka(AppConfig c) {
        AppConfig.TransportSettings t = c.transport();
        return KafkaTransportConfig.of(t.kafkaBootstrap(), "carbon-ingestion-" + c.role())
                .withOverrides(t.kafkaClient(), t.kafkaProducer(), t.kafkaConsumer())
                .withGroupInstanceId(groupInstanceId(c));
    }

    /**
     * This process's static group membership id: the configured one, else role, host and HTTP port — stable across
     * a restart of the same process (a pod keeps its name, a local role its port) and distinct between two processes
     * of a role on one host. Null (dynamic membership) when turned off, or on a random port, which no restart keeps.
     */
    static String groupInstanceId(AppConfig c) {
        AppConfig.TransportSettings t = c.transport();
        if (t.groupInstanceId() != null && !t.groupInstanceId().isBlank()) return t.groupInstanceId();
        if (!t.staticMembership() || c.httpPort() == 0) return null;
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        // what Kafka accepts in an instance id: letters, digits, '.', '_' and '-'
        return (c.role() + "-" + host + "-" + c.httpPort()).replaceAll("[^a-zA-Z0-9._-]", "_");
    }

    /** The served latest values: Redis when {@code store.redis.url} is set, else a map in this process. */
    static LatestStore latest(Vertx vertx, AppConfig c) {
        String url = c.store().redisUrl();
        return url == null ? new MemoryLatestStore()
                : new RedisLatestStore(vertx, url, c.store().latestTtlSeconds(), c.store().redisCaPath());
    }

    /** {@code CLICKHOUSE_URL} with the CA an {@code https://} server is verified against. */
    static ClickHouseStoreConfig clickhouse(AppConfig c) {
        return ClickHouseStoreConfig.fromUrl(c.store().clickhouseUrl()).withCaPath(c.store().clickhouseCaPath());
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
            case "clickhouse" -> ClickHouseStores.open(vertx, clickhouse(c));
            default -> throw new IllegalArgumentException("store " + c.store().type());
        };
    }
}
