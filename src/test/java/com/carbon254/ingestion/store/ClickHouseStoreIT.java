package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Component;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract on a real ClickHouse (the Debian 18.16 server from {@code scripts/test-infra.sh}). The URL
 * comes from {@code -Dclickhouse.url} or {@code CLICKHOUSE_URL}; each run works in a fresh {@code it_<random>}
 * database, dropped afterwards.
 */
@EnabledIf(value = "clickHouseConfigured", disabledReason = "no ClickHouse configured: run `scripts/test-infra.sh up`, "
        + "then mvn verify -Dclickhouse.url=$(. target/test-infra.env; echo $CLICKHOUSE_URL) (or `make test`)")
class ClickHouseStoreIT extends StoreContract {
    private ClickHouseStoreConfig cfg;
    private Vertx cleanupVertx;

    static boolean clickHouseConfigured() {
        return clickHouseUrl() != null;
    }

    static String clickHouseUrl() {
        String url = System.getProperty("clickhouse.url");
        if (url == null || url.isBlank()) url = System.getenv("CLICKHOUSE_URL");
        return url == null || url.isBlank() ? null : url.strip();
    }

    @Override
    Store openStore(Vertx vertx) {
        ClickHouseStoreConfig base = ClickHouseStoreConfig.fromUrl(clickHouseUrl());
        cfg = new ClickHouseStoreConfig(base.url(), "it_" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12), base.user(), base.password());
        return new ClickHouseStore(vertx, cfg);
    }

    @Override
    void cleanUp() throws Exception {
        if (cfg == null) return;
        ClickHouseStore dropper = new ClickHouseStore(vertx, cfg);
        try {
            await(dropper.dropDatabase());
        } finally {
            await(dropper.close());
        }
    }

    @Test
    void clickHouseErrorsReachTheFailedFuture() {
        ClickHouseStoreConfig missing = new ClickHouseStoreConfig(cfg.url(), cfg.database() + "_never_created",
                cfg.user(), cfg.password());
        ClickHouseStore notInitialised = new ClickHouseStore(vertx, missing);
        try {
            assertThat(notInitialised.writeBars(List.of(bar(Component.LMP, "1h", T0, 1, 12)))
                    .toCompletionStage().toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(30))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(ClickHouseException.class)
                    .withMessageContaining("HTTP 404")
                    .withMessageContaining(missing.database()); // ClickHouse's text: "... doesn't exist"
        } finally {
            notInitialised.close();
        }
    }

    @Test
    void initRefusesAppendOnlyTablesOfAnOlderVersionSayingWhatToDo() throws Exception {
        ClickHouseStoreConfig oldDb = new ClickHouseStoreConfig(cfg.url(), cfg.database() + "_old", cfg.user(),
                cfg.password());
        ClickHouseStore old = new ClickHouseStore(vertx, oldDb);
        try {
            await(old.dropDatabase());
            sql("CREATE DATABASE " + oldDb.database());
            sql("CREATE TABLE " + oldDb.database() + ".dlq (tenant String, trace_id Nullable(String), "
                    + "stage Nullable(String), input_topic Nullable(String), reason String, detail Nullable(String), "
                    + "document_id Nullable(String), position Int64, location Nullable(String), at Int64) "
                    + "ENGINE = MergeTree PARTITION BY toYYYYMM(toDateTime(intDiv(at, 1000000))) ORDER BY (tenant, at)");
            assertThat(old.init().toCompletionStage().toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(30))
                    .withThrowableThat().withMessageContaining(oldDb.database() + ".dlq (MergeTree)")
                    .withMessageContaining("older").withMessageNotContaining("anomalies");
        } finally {
            await(old.dropDatabase());
            await(old.close());
        }
    }

    /** Runs one statement on the test server, outside any store. */
    private void sql(String statement) throws Exception {
        java.net.http.HttpRequest.Builder req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(cfg.url() + "/"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(statement))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (cfg.user() + ":" + cfg.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        java.net.http.HttpResponse<String> resp = java.net.http.HttpClient.newHttpClient()
                .send(req.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    }

    @Test
    void latestTicksOfNoLocationAsksNothing() throws Exception {
        ClickHouseStore nowhere = new ClickHouseStore(vertx, new ClickHouseStoreConfig("http://127.0.0.1:1", "x",
                null, null));
        try {
            assertThat(await(nowhere.queryLatestTicks(tenant, "CAISO", "DAM", List.of(), T0, T0.plus(HOUR))))
                    .isEmpty();
        } finally {
            nowhere.close();
        }
    }

    @Test
    void unreachableServerFailsWithStatusZero() {
        ClickHouseStore nowhere = new ClickHouseStore(vertx, new ClickHouseStoreConfig("http://127.0.0.1:1", "x",
                null, null));
        try {
            assertThat(nowhere.ping().toCompletionStage().toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(30))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(ClickHouseException.class)
                    .matches(e -> ((ClickHouseException) e).status() == 0, "status 0")
                    .withMessageContaining("did not answer");
        } finally {
            nowhere.close();
        }
    }
}
