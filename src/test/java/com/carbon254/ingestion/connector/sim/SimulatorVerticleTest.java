package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.caiso.CaisoConnector;
import com.carbon254.ingestion.iso.caiso.CaisoSimulator;
import com.carbon254.ingestion.iso.miso.Miso;
import com.carbon254.ingestion.iso.miso.MisoConnector;
import com.carbon254.ingestion.iso.miso.MisoSimulator;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Fault;
import com.carbon254.ingestion.iso.sim.IsoSimulator.RateLimit;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.iso.sim.SimulatedIsos;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's real HTTP server on a random port, driven with the Vert.x WebClient. */
@ExtendWith(VertxExtension.class)
class SimulatorVerticleTest {
    /** 12:02 PST / 15:02 EST on the US fall-back day; the latest ended 5-minute interval ends 20:00Z. */
    static final String START = "2024-11-03T20:02:00Z";
    static final int CAISO_NODES = CaisoSimulator.PRICES.nodes().size();
    static final int MISO_NODES = MisoSimulator.PRICES.nodes().size();
    static final String DAM = "/caiso/oasisapi/SingleZip?queryname=PRC_LMP&market_run_id=DAM&grp_type=ALL_APNODES"
            + "&version=12&resultformat=6";
    static final String RTM = "/caiso/oasisapi/SingleZip?queryname=PRC_INTVL_LMP&market_run_id=RTM"
            + "&grp_type=ALL_APNODES&version=3&resultformat=6";
    static final String DAM_FALL_BACK_DAY = DAM + "&startdatetime=20241103T07:00-0000&enddatetime=20241104T08:00-0000";
    static final String RTM_PAST_HOUR = RTM + "&startdatetime=20241103T19:00-0000&enddatetime=20241103T20:00-0000";
    static final String MISO_CURRENT = "/miso/api/MarketPricing/GetRealTimeFiveMinExPost/Current";

    private final CaisoConnector caiso = new CaisoConnector();
    private final MisoConnector miso = new MisoConnector();
    private Vertx vertx;
    private WebClient client;
    private int port;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        this.vertx = vertx;
        this.client = WebClient.create(vertx);
        this.port = deploy(0);
    }

    /** Deploys a simulator on a random port with the given CAISO spacing; returns its port. */
    private int deploy(long caisoSpacingMs) throws Exception {
        SimulatorVerticle sim = new SimulatorVerticle(Isos.all());
        await(vertx.deployVerticle(sim, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
                .put("seed", 7).put("start", START).put("caiso_min_spacing_ms", caisoSpacingMs))));
        assertThat(sim.actualPort()).isPositive();
        assertThat(sim.clock().now()).isAfterOrEqualTo(Instant.parse(START));
        return sim.actualPort();
    }

    private HttpResponse<Buffer> get(String uri) throws Exception {
        return get(port, uri);
    }

    private HttpResponse<Buffer> get(int p, String uri) throws Exception {
        return await(client.get(p, "127.0.0.1", uri).send());
    }

    private HttpResponse<Buffer> queue(String prefix, String... responses) throws Exception {
        return await(client.post(port, "127.0.0.1", "/sim/faults").sendJsonObject(new JsonObject()
                .put("path_prefix", prefix).put("responses", new JsonArray(List.of((Object[]) responses)))));
    }

    private Extraction extractCaiso(HttpResponse<Buffer> r) throws DocumentRejectedException {
        return caiso.extract(IsoSamples.document("caiso", "SingleZip", bytes(r)));
    }

    private static byte[] bytes(HttpResponse<Buffer> r) {
        return r.body() == null ? new byte[0] : r.body().getBytes();
    }

    // ---------------------------------------------------------------- normal service

    @Test
    void misoReportsUpToTomorrowAreCsvThatTheConnectorReads() throws Exception {
        for (String kind : new String[]{"expost", "exante"}) {
            HttpResponse<Buffer> r = get("/miso/marketreports/20241104_da_" + kind + "_lmp.csv");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).startsWith("text/csv");
            Extraction x = miso.extract(IsoSamples.document("miso", "20241104_da_" + kind + "_lmp.csv", bytes(r)));
            assertThat(x.rejections()).isEmpty();
            assertThat(x.records()).hasSize(MISO_NODES * 24);
            assertThat(x.dataset()).isEqualTo("lmp_da_" + kind);
            assertThat(new Normalizer().normalize(x.records()).rejected()).isEmpty();
        }
        // the day after tomorrow is not posted yet; nor is a name MISO does not publish
        assertThat(get("/miso/marketreports/20241105_da_expost_lmp.csv").statusCode()).isEqualTo(404);
        assertThat(get("/miso/marketreports/20241103_rt_lmp_final.csv").statusCode()).isEqualTo(404);
        assertThat(get("/miso/marketreports/20241332_da_expost_lmp.csv").statusCode()).isEqualTo(404);
    }

    @Test
    void misoApiCurrentIsTheLatestIntervalEndedInSimulatedTime() throws Exception {
        HttpResponse<Buffer> r = get(MISO_CURRENT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        JsonObject json = r.bodyAsJsonObject();
        assertThat(json.getJsonArray("headers").encode()).isEqualTo("[\"INTERVAL\",\"CPNODE\",\"LMP\",\"MLC\",\"MCC\"]");
        JsonArray data = json.getJsonArray("data");
        assertThat(data).hasSize(MISO_NODES);
        // 20:00Z = 15:00 EST: the interval 14:55-15:00 EST is the latest one that has ended at 15:02 EST
        assertThat(data.stream().map(row -> ((JsonArray) row).getString(0)).distinct().toList())
                .containsExactly("2024-11-03T15:00:00");
    }

    @Test
    void caisoDamAndRtmAreZipsThatTheConnectorReads() throws Exception {
        HttpResponse<Buffer> dam = get(DAM_FALL_BACK_DAY);
        assertThat(dam.statusCode()).isEqualTo(200);
        assertThat(dam.getHeader("Content-Type")).isEqualTo("application/zip");
        Extraction x = extractCaiso(dam);
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(CAISO_NODES * 25);
        assertThat(new Normalizer().normalize(x.records()).rejected()).isEmpty();

        Extraction rt = extractCaiso(get(RTM_PAST_HOUR));
        assertThat(rt.rejections()).isEmpty();
        assertThat(rt.records()).hasSize(CAISO_NODES * 12);
        assertThat(rt.dataset()).isEqualTo(CaisoConnector.DATASET_RT);
    }

    @Test
    void caisoRtmServesOnlyIntervalsThatHaveEnded() throws Exception {
        // 19:30-20:30Z asked at 20:02Z: the six intervals 19:30..19:55 have ended, the rest has not happened yet
        Extraction x = extractCaiso(get(RTM + "&startdatetime=20241103T19:30-0000&enddatetime=20241103T20:30-0000"));
        assertThat(x.records()).hasSize(CAISO_NODES * 6);
    }

    @Test
    void futureWindowsGetTheNoDataErrorZip() throws Exception {
        for (String uri : new String[]{
                RTM + "&startdatetime=20241103T20:00-0000&enddatetime=20241103T21:00-0000",
                DAM + "&startdatetime=20241105T08:00-0000&enddatetime=20241106T08:00-0000"}) {
            HttpResponse<Buffer> r = get(uri);
            assertThat(r.statusCode()).as(uri).isEqualTo(200); // OASIS reports errors with HTTP 200
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/zip");
            assertThatThrownBy(() -> extractCaiso(r))
                    .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo("iso_error"))
                    .hasMessageContaining("1004");
        }
        // tomorrow's trade date already has day-ahead prices
        assertThat(extractCaiso(get(DAM + "&startdatetime=20241104T08:00-0000&enddatetime=20241105T08:00-0000"))
                .records()).hasSize(CAISO_NODES * 24);
    }

    @Test
    void invalidCaisoRequestsGetAnErrorZipNamingTheProblem() throws Exception {
        HttpResponse<Buffer> r = get("/caiso/oasisapi/SingleZip?queryname=PRC_LMP&market_run_id=DAM&resultformat=6"
                + "&startdatetime=2024-11-03&enddatetime=20241104T08:00-0000");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> extractCaiso(r)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("iso_error")).hasMessageContaining("startdatetime");
    }

    // ---------------------------------------------------------------- rate limit

    @Test
    void aSecondCaisoCallTooSoonGets429WithRetryAfter() throws Exception {
        int strict = deploy(60_000);
        assertThat(get(strict, RTM_PAST_HOUR).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> second = get(strict, RTM_PAST_HOUR);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.getHeader("Retry-After")).isEqualTo("5");
        assertThat(second.getHeader("Content-Type")).startsWith("text/html");
        assertThat(second.bodyAsString()).contains("<html>").contains("5 seconds");
        // MISO is not limited
        assertThat(get(strict, MISO_CURRENT).statusCode()).isEqualTo(200);
        assertThat(get(strict, MISO_CURRENT).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- faults

    @Test
    void queuedFaultsAreServedInOrderThenNormalService() throws Exception {
        HttpResponse<Buffer> posted = queue("/caiso", "429", "error_zip", "empty", "500");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.bodyAsJsonObject().getInteger("queued")).isEqualTo(4);
        JsonArray listed = get("/sim/faults").bodyAsJsonObject().getJsonArray("queue");
        assertThat(listed.stream().map(e -> ((JsonObject) e).getString("response")).toList())
                .containsExactly("429", "error_zip", "empty", "500");

        // another prefix is not affected
        assertThat(get(MISO_CURRENT).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> r429 = get(DAM_FALL_BACK_DAY);
        assertThat(r429.statusCode()).isEqualTo(429);
        assertThat(r429.getHeader("Retry-After")).isEqualTo("5");
        HttpResponse<Buffer> errorZip = get(DAM_FALL_BACK_DAY);
        assertThat(errorZip.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> extractCaiso(errorZip)).hasMessageContaining("1004");
        HttpResponse<Buffer> empty = get(DAM_FALL_BACK_DAY);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(bytes(empty)).isEmpty();
        assertThat(empty.getHeader("Content-Type")).isEqualTo("application/zip");
        assertThat(get(DAM_FALL_BACK_DAY).statusCode()).isEqualTo(500);

        HttpResponse<Buffer> normal = get(DAM_FALL_BACK_DAY);
        assertThat(normal.statusCode()).isEqualTo(200);
        assertThat(extractCaiso(normal).records()).hasSize(CAISO_NODES * 25);
        assertThat(get("/sim/faults").bodyAsJsonObject().getJsonArray("queue")).isEmpty();
    }

    @Test
    void deleteClearsTheQueue() throws Exception {
        queue("/miso", "500", "500");
        HttpResponse<Buffer> deleted = await(client.delete(port, "127.0.0.1", "/sim/faults").send());
        assertThat(deleted.bodyAsJsonObject().getInteger("cleared")).isEqualTo(2);
        assertThat(get(MISO_CURRENT).statusCode()).isEqualTo(200);
    }

    @Test
    void slowDelaysThenServesNormally() throws Exception {
        queue("/miso/api", "slow:300");
        long t0 = System.nanoTime();
        HttpResponse<Buffer> r = get(MISO_CURRENT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isGreaterThanOrEqualTo(300);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getJsonArray("data")).hasSize(MISO_NODES);

        t0 = System.nanoTime();
        assertThat(get(MISO_CURRENT + "?sim_fault=slow:300").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void oneOffFaultsByQueryParameter() throws Exception {
        HttpResponse<Buffer> empty = get("/miso/marketreports/20241103_da_expost_lmp.csv?sim_fault=empty");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(bytes(empty)).isEmpty();
        assertThat(get("/miso/marketreports/20241103_da_expost_lmp.csv").statusCode()).isEqualTo(200);

        HttpResponse<Buffer> truncated = get(DAM_FALL_BACK_DAY + "&sim_fault=truncated");
        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> extractCaiso(truncated)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("truncated_document"));

        assertThat(get(MISO_CURRENT + "?sim_fault=503").statusCode()).isEqualTo(503);
        HttpResponse<Buffer> bad = get(MISO_CURRENT + "?sim_fault=teapot");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsString()).contains("teapot");
    }

    @Test
    void invalidFaultsAreRefusedAndNothingIsQueued() throws Exception {
        HttpResponse<Buffer> r = queue("/caiso", "429", "slow:forever");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("slow:forever");
        assertThat(get("/sim/faults").bodyAsJsonObject().getJsonArray("queue")).isEmpty();
        HttpResponse<Buffer> notJson = await(client.post(port, "127.0.0.1", "/sim/faults")
                .sendBuffer(Buffer.buffer("{nope")));
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @Test
    void statusShowsSimulatedTimeAndRequestCounts() throws Exception {
        get(MISO_CURRENT);
        get(MISO_CURRENT);
        get(RTM_PAST_HOUR);
        JsonObject status = get("/sim/status").bodyAsJsonObject();
        assertThat(Instant.parse(status.getString("sim_time"))).isAfterOrEqualTo(Instant.parse(START));
        assertThat(status.getDouble("speed")).isEqualTo(1.0);
        assertThat(status.getLong("seed")).isEqualTo(7L);
        assertThat(status.getJsonObject("requests").getLong(MISO_CURRENT)).isEqualTo(2L);
        assertThat(status.getJsonObject("requests").getLong("/caiso/oasisapi/SingleZip")).isEqualTo(1L);
        assertThat(status.getJsonObject("base_urls").getString("CAISO_OASIS_URL"))
                .isEqualTo("http://127.0.0.1:" + port + "/caiso/oasisapi");
    }

    @Test
    void queryParameterNamesAreCaseInsensitive() throws Exception {
        Extraction x = extractCaiso(get("/caiso/oasisapi/SingleZip?QUERYNAME=PRC_INTVL_LMP&Market_Run_Id=RTM"
                + "&resultFormat=6&STARTDATETIME=20241103T19:00-0000&enddatetime=20241103T20:00-0000"));
        assertThat(x.records()).hasSize(CAISO_NODES * 12);
    }

    // ---------------------------------------------------------------- the ISO seam

    @Test
    void everyRegisteredIsoServiceIsMountedAndListed() throws Exception {
        JsonObject urls = get("/sim/status").bodyAsJsonObject().getJsonObject("base_urls");
        for (Iso iso : Isos.all()) {
            for (Service s : iso.simulator().services()) {
                assertThat(urls.getString(s.urlVariable())).isEqualTo("http://127.0.0.1:" + port + s.path());
                for (Endpoint e : s.endpoints()) {
                    String uri = s.pathOf(e) + (e.files() ? "/nothing-here.csv" : "");
                    HttpResponse<Buffer> r = get(uri);
                    // answered by the ISO's handler, not the router's "Resource not found"
                    assertThat(r.bodyAsString()).as(uri).doesNotContain("Resource not found");
                }
            }
        }
        assertThat(get("/nowhere/else").bodyAsString()).contains("Resource not found");
    }

    /** An ISO the shell has never heard of: a files endpoint, a rate-limited one and a fault of its own. */
    private static Iso fakeIso() {
        RateLimit limit = new RateLimit("fake_min_spacing_ms", 60_000, 7);
        IsoSimulator sim = new IsoSimulator(MisoSimulator.PRICES, List.of(
                new Service("FAKE_DOCS_URL", "/fake/docs", "text/plain", List.of(Endpoint.filesUnder("",
                        r -> SimResponse.ok("text/plain", (r.path() + " at "
                                + r.clock().latestEnded(Duration.ofHours(1)) + " q=" + r.param("q"))
                                .getBytes(StandardCharsets.UTF_8))))),
                new Service("FAKE_API_URL", "/fake/api", "application/json", List.of(
                        Endpoint.at("/gone", r -> SimResponse.errorPage(410)).limitedBy(limit)))),
                List.of(new Fault("boom", r -> SimResponse.ok("text/plain", "boom".getBytes(StandardCharsets.UTF_8))
                        .withHeader("X-Fake", "1"))));
        return SimulatedIsos.withSimulator(new Miso(), sim); // only its simulator is the shell's business
    }

    /** Deploys a simulator of the fake ISO alone; returns its port. */
    private int deployFake(JsonObject config) throws Exception {
        SimulatorVerticle sim = new SimulatorVerticle(List.of(fakeIso()));
        await(vertx.deployVerticle(sim, new DeploymentOptions().setConfig(config.put("port", 0).put("start", START))));
        return sim.actualPort();
    }

    @Test
    void anyIsoIsServedThroughItsSimulatorSpi() throws Exception {
        int p = deployFake(new JsonObject());
        HttpResponse<Buffer> doc = get(p, "/fake/docs/a%20b.txt?Q=1");
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.getHeader("Content-Type")).isEqualTo("text/plain");
        assertThat(doc.bodyAsString()).isEqualTo("/fake/docs/a b.txt at 2024-11-03T20:00:00Z q=1");
        // the ISO's own fault, queued and one-off; an empty fault claims the service's content type
        assertThat(await(client.post(p, "127.0.0.1", "/sim/faults").sendJsonObject(new JsonObject()
                .put("path_prefix", "/fake").put("responses", new JsonArray(List.of("boom", "empty")))))
                .statusCode()).isEqualTo(200);
        HttpResponse<Buffer> boom = get(p, "/fake/docs/x");
        assertThat(boom.bodyAsString()).isEqualTo("boom");
        assertThat(boom.getHeader("X-Fake")).isEqualTo("1");
        HttpResponse<Buffer> empty = get(p, "/fake/docs/x");
        assertThat(bytes(empty)).isEmpty();
        assertThat(empty.getHeader("Content-Type")).isEqualTo("text/plain");
        assertThat(get(p, "/fake/api/gone?sim_fault=boom").bodyAsString()).isEqualTo("boom");
        // another ISO's fault is not this simulator's
        HttpResponse<Buffer> notHere = get(p, "/fake/docs/x?sim_fault=error_zip");
        assertThat(notHere.statusCode()).isEqualTo(400);
        assertThat(notHere.bodyAsString()).contains("boom, empty");
        JsonObject status = get(p, "/sim/status").bodyAsJsonObject();
        assertThat(status.getLong("fake_min_spacing_ms")).isEqualTo(60_000L);
        assertThat(status.getJsonObject("base_urls").getMap()).containsExactly(
                Map.entry("FAKE_DOCS_URL", "http://127.0.0.1:" + p + "/fake/docs"),
                Map.entry("FAKE_API_URL", "http://127.0.0.1:" + p + "/fake/api"));
    }

    @Test
    void anIsoRateLimitAnswers429WithItsRetryAfterUnderItsOwnConfigKey() throws Exception {
        int p = deployFake(new JsonObject());
        HttpResponse<Buffer> gone = get(p, "/fake/api/gone");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.bodyAsString()).contains("<title>410 Gone</title>");
        HttpResponse<Buffer> limited = get(p, "/fake/api/gone");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.getHeader("Retry-After")).isEqualTo("7");
        assertThat(limited.bodyAsString()).contains("7 seconds");
        assertThat(get(p, "/fake/docs/x").statusCode()).isEqualTo(200); // other endpoints are not limited

        int unlimited = deployFake(new JsonObject().put("fake_min_spacing_ms", 0));
        assertThat(get(unlimited, "/fake/api/gone").statusCode()).isEqualTo(410);
        assertThat(get(unlimited, "/fake/api/gone").statusCode()).isEqualTo(410);
        // a key of an ISO this simulator does not serve is unknown
        assertThatThrownBy(() -> deployFake(new JsonObject().put("caiso_min_spacing_ms", 0)))
                .hasMessageContaining("unknown key 'caiso_min_spacing_ms'").hasMessageContaining("fake_min_spacing_ms");
    }

    @Test
    void badConfigFailsTheDeploymentNamingTheKey() {
        assertThatThrownBy(() -> await(vertx.deployVerticle(new SimulatorVerticle(Isos.all()), new DeploymentOptions()
                .setConfig(new JsonObject().put("port", 0).put("speed", "fast").put("strat", "2024-01-01")))))
                .hasMessageContaining("speed").hasMessageContaining("strat");
    }
}
