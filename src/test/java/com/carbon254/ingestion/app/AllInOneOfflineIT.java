package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code make run} promises on a machine with no internet: the all-in-one descriptor as shipped (only the
 * simulator moved to a random port), its scheduler pulling from the in-process simulator — every enabled connector
 * shows a successful run and every ISO's day-ahead bars exist within 60 s of start.
 */
class AllInOneOfflineIT {
    @TempDir
    Path dataDir;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void connectorsRunAndBarsAppearWithinAMinute() throws Exception {
        Vertx vertx = RunCommand.vertx(new Metrics());
        AppConfig shipped = AppConfig.forRole("all-in-one", Map.of(), Map.of(), new AppConfig.Overrides(0, dataDir));
        AppConfig cfg = shipped.withStageConfig(Stage.SIMULATOR, "port", 0);
        App app = await(App.start(vertx, cfg, new Metrics(), true));
        try {
            WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(app.httpPort()));
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonArray cs = await(http.get("/api/v1/connectors").send()).bodyAsJsonObject().getJsonArray("connectors");
                return cs.size() == Isos.all().size() && cs.stream().map(JsonObject.class::cast).allMatch(c ->
                        c.getJsonObject("health").getString("last_success") != null);
            });
            JsonArray cs = await(http.get("/api/v1/connectors").send()).bodyAsJsonObject().getJsonArray("connectors");
            for (Object o : cs) {
                JsonObject h = ((JsonObject) o).getJsonObject("health");
                assertThat(h.getInteger("consecutive_failures")).as(h.encode()).isZero();
                assertThat(h.getString("newest_interval")).as(h.encode()).isNotNull();
                assertThat(h.getLong("data_lag_seconds")).as(h.encode()).isNotNull();
            }
            String today = LocalDate.now(ZoneId.of("America/Los_Angeles")).toString();
            String later = LocalDate.now(ZoneId.of("America/Los_Angeles")).plusDays(3).toString();
            String from = LocalDate.now(ZoneId.of("America/Los_Angeles")).minusDays(4).toString();
            // every ISO: a complete day-ahead 1d bar of its first simulated hub
            for (Iso iso : Isos.all()) {
                String hub = iso.simulator().prices().nodes().stream()
                        .filter(n -> n.kind() == PriceModel.NodeKind.HUB).findFirst().orElseThrow().id();
                String q = "iso=" + iso.code() + "&market=DA_HOURLY&location="
                        + URLEncoder.encode(hub, StandardCharsets.UTF_8).replace("+", "%20") + "&resolution=1d";
                JsonArray bars = await(http.get("/api/v1/bars?" + q + "&component=lmp&from=" + from + "&to=" + later)
                        .send()).bodyAsJsonObject().getJsonArray("bars");
                assertThat(bars).as(q + " around " + today).isNotEmpty();
                assertThat(bars.getJsonObject(0).getBoolean("complete")).as(q).isTrue();
            }
        } finally {
            await(app.stop());
            await(vertx.close());
        }
    }
}
