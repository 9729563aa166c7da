package com.carbon254.ingestion.app;

import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.testing.IsoFixtures;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Boots the all-in-one descriptor (event bus, DuckDB) with its HTTP server and pushes files through every stage the
 * way a user does: POST the file as downloaded, poll the import, query ticks and bars. Expected values are computed
 * here from the files themselves with a deliberately naive reader, not taken from the pipeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllInOnePipelineTest {
    static final String CAISO = "caiso/caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip";
    static final String MISO = "miso/miso_da_lmp_2011-07-16_full_mtp13.csv";

    @TempDir
    static Path dataDir;
    static RunningApp running;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(isolated(dataDir));
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (running != null) running.close();
    }

    /** {@link RunningApp#isolatedAllInOne}, plus day-ahead rolling metrics (they ship off) so they are served too. */
    static AppConfig isolated(Path dataDir) {
        AppConfig c = RunningApp.isolatedAllInOne(dataDir);
        return c.withPolicies(withDayAheadRolling(c.policies()));
    }

    /** The shipped policies, but with 24x1h rolling metrics on day-ahead prices, which ship switched off. */
    static PolicyPaths withDayAheadRolling(PolicyPaths p) {
        try {
            Path f = Files.createTempFile("aggregation_policies", ".yaml");
            f.toFile().deleteOnExit();
            String shipped = Files.readString(IsoSamples.projectRoot().resolve(p.aggregationPolicies()));
            Files.writeString(f, shipped.replace("  # DA_HOURLY: [24]", "  DA_HOURLY: [24]"));
            return new PolicyPaths(p.normalizationRules(), p.enrichmentTaxonomy(), f.toString(),
                    p.connectorsDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static HttpResponse<Buffer> get(String uri) throws Exception {
        return running.get(uri);
    }

    static JsonObject importFile(String connector, byte[] body) throws Exception {
        return running.importFile(connector, body);
    }

    static JsonArray ticks(String iso, String market, String loc, String from, String to) throws Exception {
        return running.ticks(iso, market, loc, from, to);
    }

    static JsonArray bars(String iso, String market, String loc, String comp, String res, String from, String to)
            throws Exception {
        return running.bars(iso, market, loc, comp, res, from, to);
    }

    @Test
    @Order(1)
    void readyOnceEveryStageIsDeployed() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        String metrics = get("/metrics").bodyAsString();
        assertThat(metrics).contains("normalization_latency_seconds_bucket", "aggregation_recompute_duration_seconds",
                "connector_runs_total", "stage_records_total");
    }

    /** Distinct (NODE, INTERVALSTARTTIME_GMT) pairs: one tick each. */
    static long distinctNodeIntervals(byte[] zip) throws Exception {
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (ZipInputStream z = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            z.getNextEntry();
            BufferedReader r = new BufferedReader(new InputStreamReader(z, StandardCharsets.UTF_8));
            List<String> h = Arrays.asList(r.readLine().split(","));
            String line;
            while ((line = r.readLine()) != null) {
                String[] c = line.split(",");
                keys.add(c[h.indexOf("NODE")] + "|" + c[h.indexOf("INTERVALSTARTTIME_GMT")]);
            }
        }
        return keys.size();
    }

    /** The file's own LMP rows for one node, keyed by OPR_DT, as (hour → value). */
    static Map<String, TreeMap<Integer, Double>> caisoLmp(byte[] zip, String node) throws Exception {
        Map<String, TreeMap<Integer, Double>> out = new TreeMap<>();
        try (ZipInputStream z = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            z.getNextEntry();
            BufferedReader r = new BufferedReader(new InputStreamReader(z, StandardCharsets.UTF_8));
            List<String> h = Arrays.asList(r.readLine().split(","));
            String line;
            while ((line = r.readLine()) != null) {
                String[] c = line.split(",");
                if (c[h.indexOf("NODE")].equals(node) && c[h.indexOf("LMP_TYPE")].equals("LMP")) {
                    out.computeIfAbsent(c[h.indexOf("OPR_DT")], k -> new TreeMap<>())
                            .put(Integer.parseInt(c[h.indexOf("OPR_HR")]), Double.parseDouble(c[h.indexOf("MW")]));
                }
            }
        }
        return out;
    }

    @Test
    @Order(2)
    void caisoDayAheadFileGivesOneBarPerOperatingDayItTouches() throws Exception {
        byte[] zip = Files.readAllBytes(IsoFixtures.shared(CAISO));
        JsonObject st = importFile("caiso", zip);
        assertThat(st.getString("status")).as(st.encodePrettily()).isEqualTo("done");
        long intervals = distinctNodeIntervals(zip);
        assertThat(intervals).isEqualTo(162_848 / 4);
        assertThat(st.getLong("records_in")).isEqualTo(intervals);
        assertThat(st.getLong("ticks_out")).isEqualTo(intervals);
        assertThat(st.getLong("rejected")).isZero();

        Map<String, TreeMap<Integer, Double>> expected = caisoLmp(zip, "TH_NP15_GEN-APND");
        assertThat(expected).containsOnlyKeys("2020-01-01", "2020-01-02");
        JsonArray bars = bars("CAISO", "DA_HOURLY", "TH_NP15_GEN-APND", "lmp", "1d", "2019-12-31", "2020-01-05");
        assertThat(bars).hasSize(2);
        int i = 0;
        for (Map.Entry<String, TreeMap<Integer, Double>> day : expected.entrySet()) {
            JsonObject b = bars.getJsonObject(i++);
            TreeMap<Integer, Double> hours = day.getValue();
            java.time.LocalDate d = java.time.LocalDate.parse(day.getKey());
            java.time.ZoneId la = java.time.ZoneId.of("America/Los_Angeles");
            assertThat(b.getString("start")).isEqualTo(d.atStartOfDay(la).toInstant().toString());
            assertThat(b.getString("end")).isEqualTo(d.plusDays(1).atStartOfDay(la).toInstant().toString());
            assertThat(b.getInteger("count")).isEqualTo(hours.size());
            assertThat(b.getInteger("expected")).isEqualTo(24);
            assertThat(b.getBoolean("complete")).isEqualTo(hours.size() == 24);
            assertThat(b.getDouble("open")).isEqualTo(hours.firstEntry().getValue());
            assertThat(b.getDouble("close")).isEqualTo(hours.lastEntry().getValue());
            assertThat(b.getDouble("high")).isEqualTo(hours.values().stream().mapToDouble(x -> x).max().orElseThrow());
            assertThat(b.getDouble("low")).isEqualTo(hours.values().stream().mapToDouble(x -> x).min().orElseThrow());
            assertThat(b.getDouble("mean")).isCloseTo(hours.values().stream().mapToDouble(x -> x).average()
                    .orElseThrow(), within(1e-9));
        }
        // the file covers a UTC window (two partial trade dates): only nodes lacking hours their peers have are flagged
        JsonArray missing = get("/api/v1/anomalies?iso=CAISO&type=missing_interval").bodyAsJsonObject()
                .getJsonArray("anomalies");
        assertThat(missing.stream().map(a -> ((JsonObject) a).getString("location")).distinct().count())
                .isBetween(1L, 7L);
        assertThat(missing.stream().map(a -> ((JsonObject) a).getString("location")))
                .doesNotContain("TH_NP15_GEN-APND");
        assertThat(bars.getJsonObject(0).getInteger("count")).isEqualTo(8);   // HR 17–24 of 2020-01-01
        assertThat(bars.getJsonObject(1).getInteger("count")).isEqualTo(16);  // HR 1–16 of 2020-01-02
    }

    /** INDIANA.HUB's LMP, MCC, MLC rows of the MISO file, by HE. */
    static double[][] misoHub(Path file) throws Exception {
        double[][] v = new double[3][24];
        for (String line : Files.readAllLines(file)) {
            String[] c = line.split(",");
            if (c.length == 27 && c[0].equals("INDIANA.HUB")) {
                int row = List.of("LMP", "MCC", "MLC").indexOf(c[2]);
                for (int h = 0; h < 24; h++) v[row][h] = Double.parseDouble(c[3 + h]);
            }
        }
        return v;
    }

    @Test
    @Order(3)
    void misoDayAheadFileGives24HourlyTicksWithDerivedEnergyAndACompleteDay() throws Exception {
        Path file = IsoFixtures.shared(MISO);
        JsonObject st = importFile("miso", Files.readAllBytes(file));
        assertThat(st.getString("status")).as(st.encodePrettily()).isEqualTo("done");
        assertThat(st.getString("dataset")).isEqualTo("lmp_da_expost");

        double[][] v = misoHub(file);
        JsonArray ticks = ticks("MISO", "DA_HOURLY", "INDIANA.HUB", "2011-07-16", "2011-07-17");
        assertThat(ticks).hasSize(24);
        for (int h = 0; h < 24; h++) {
            JsonObject t = ticks.getJsonObject(h);
            // hour-ending EST: HE h+1 ends at (h+1):00 EST = (h+6):00 UTC
            assertThat(t.getString("interval_start")).isEqualTo(java.time.Instant.parse("2011-07-16T05:00:00Z")
                    .plusSeconds(3600L * h).toString());
            assertThat(t.getDouble("lmp")).isEqualTo(v[0][h]);
            assertThat(t.getDouble("congestion")).isEqualTo(v[1][h]);
            assertThat(t.getDouble("loss")).isEqualTo(v[2][h]);
            assertThat(t.getDouble("energy")).isCloseTo(v[0][h] - v[1][h] - v[2][h], within(1e-9));
            assertThat(t.getJsonArray("derived").encode()).isEqualTo("[\"energy\"]");
        }
        JsonArray bars = bars("MISO", "DA_HOURLY", "INDIANA.HUB", "lmp", "1d", "2011-07-16", "2011-07-17");
        assertThat(bars).hasSize(1);
        JsonObject b = bars.getJsonObject(0);
        assertThat(b.getString("start")).isEqualTo("2011-07-16T05:00:00Z");
        assertThat(b.getInteger("count")).isEqualTo(24);
        assertThat(b.getInteger("expected")).isEqualTo(24);
        assertThat(b.getBoolean("complete")).isTrue();
        assertThat(b.getDouble("open")).isEqualTo(v[0][0]);
        assertThat(b.getDouble("close")).isEqualTo(v[0][23]);
        assertThat(b.getDouble("high")).isEqualTo(Arrays.stream(v[0]).max().orElseThrow());

        // 24x1h rolling LMP: the window ending with HE24 holds the whole day
        HttpResponse<Buffer> r = get("/api/v1/rolling?iso=MISO&market=DA_HOURLY&location=INDIANA.HUB&component=lmp"
                + "&window=24x1h&from=2011-07-16&to=2011-07-17T05:00:01Z");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonArray metrics = r.bodyAsJsonObject().getJsonArray("metrics");
        assertThat(metrics).hasSize(24);
        JsonObject day = metrics.getJsonObject(23);
        assertThat(day.getString("window_end")).isEqualTo("2011-07-17T05:00:00Z");
        assertThat(day.getString("window")).isEqualTo("24x1h");
        assertThat(day.getInteger("count")).isEqualTo(24);
        double mean = Arrays.stream(v[0]).average().orElseThrow();
        assertThat(day.getDouble("mean")).isCloseTo(mean, within(1e-9));
        assertThat(day.getDouble("stddev")).isCloseTo(Math.sqrt(Arrays.stream(v[0])
                .map(x -> (x - mean) * (x - mean)).sum() / 24), within(1e-9));
        assertThat(day.getDouble("min")).isEqualTo(Arrays.stream(v[0]).min().orElseThrow());
        assertThat(day.getDouble("max")).isEqualTo(Arrays.stream(v[0]).max().orElseThrow());
        assertThat(metrics.getJsonObject(0).getInteger("count")).isEqualTo(1);

        // curve pre-stage: 2011-07-16 is a Saturday → 2x16 (HE 7–22) and 7x8 (HE 1–6, 23–24), averaged by hand
        HttpResponse<Buffer> c = get("/api/v1/curves?iso=MISO&location=INDIANA.HUB&from=2011-07-16&to=2011-07-17");
        assertThat(c.statusCode()).as(c.bodyAsString()).isEqualTo(200);
        JsonArray points = c.bodyAsJsonObject().getJsonArray("points");
        assertThat(points).hasSize(2);
        double peak = 0, night = 0;
        for (int he = 1; he <= 24; he++) {
            if (he >= 7 && he <= 22) peak += v[0][he - 1];
            else night += v[0][he - 1];
        }
        JsonObject p2x16 = points.getJsonObject(0), p7x8 = points.getJsonObject(1);
        assertThat(p2x16.getString("date")).isEqualTo("2011-07-16");
        assertThat(p2x16.getString("block")).isEqualTo("2x16");
        assertThat(p2x16.getDouble("price")).isCloseTo(peak / 16, within(1e-9));
        assertThat(p2x16.getInteger("hours")).isEqualTo(16);
        assertThat(p2x16.getBoolean("complete")).isTrue();
        assertThat(p7x8.getString("block")).isEqualTo("7x8");
        assertThat(p7x8.getDouble("price")).isCloseTo(night / 8, within(1e-9));
        assertThat(p7x8.getInteger("hours")).isEqualTo(8);
        assertThat(p7x8.getBoolean("complete")).isTrue();
        assertThat(get("/metrics").bodyAsString()).contains("curve_updates_total");
    }

    @Test
    @Order(4)
    void postingTheSameFileAgainChangesNothing() throws Exception {
        Path file = IsoFixtures.shared(MISO);
        JsonArray ticksBefore = ticks("MISO", "DA_HOURLY", "INDIANA.HUB", "2011-07-16", "2011-07-17");
        JsonArray barsBefore = bars("MISO", "DA_HOURLY", "INDIANA.HUB", "lmp", "1d", "2011-07-16", "2011-07-17");
        JsonObject st = importFile("miso", Files.readAllBytes(file));
        assertThat(st.getString("status")).isEqualTo("done");
        assertThat(st.getInteger("duplicates")).isEqualTo(1);
        assertThat(st.getLong("records_in")).isZero();
        assertThat(ticks("MISO", "DA_HOURLY", "INDIANA.HUB", "2011-07-16", "2011-07-17")).isEqualTo(ticksBefore);
        assertThat(bars("MISO", "DA_HOURLY", "INDIANA.HUB", "lmp", "1d", "2011-07-16", "2011-07-17"))
                .isEqualTo(barsBefore);
    }

    static String caisoCsv(String badMw) {
        List<String> rows = new ArrayList<>();
        rows.add(IsoFixtures.CAISO_HEADER);
        String[][] hours = {{"2021-06-01T07:00:00-00:00", "2021-06-01T08:00:00-00:00", "1"},
                {"2021-06-01T08:00:00-00:00", "2021-06-01T09:00:00-00:00", "2"}};
        for (String node : List.of("TH_SP15_GEN-APND", "TH_NP15_GEN-APND")) {
            for (String[] h : hours) {
                rows.add(IsoFixtures.caisoRow(h[0], h[1], "2021-06-01", Integer.parseInt(h[2]), node, "LMP", "40.5"));
                rows.add(IsoFixtures.caisoRow(h[0], h[1], "2021-06-01", Integer.parseInt(h[2]), node, "MCE", "39"));
                rows.add(IsoFixtures.caisoRow(h[0], h[1], "2021-06-01", Integer.parseInt(h[2]), node, "MCC",
                        node.startsWith("TH_SP15") && h[2].equals("2") ? badMw : "1"));
                rows.add(IsoFixtures.caisoRow(h[0], h[1], "2021-06-01", Integer.parseInt(h[2]), node, "MCL", "0.5"));
            }
        }
        return String.join("\n", rows) + "\n";
    }

    @Test
    @Order(5)
    void badInputIsRejectedWithReasonsAndTheRestOfTheFileIsServed() throws Exception {
        // a row with a non-numeric price: that interval is rejected, the other three are served
        JsonObject nonNumeric = importFile("caiso", IsoFixtures.zip(
                "20210601_20210601_PRC_LMP_DAM_20210601_00_00_00_v1.csv", caisoCsv("abc")));
        assertThat(nonNumeric.getString("status")).as(nonNumeric.encodePrettily()).isEqualTo("done");
        assertThat(nonNumeric.getLong("records_in")).isEqualTo(4);
        assertThat(nonNumeric.getLong("ticks_out")).isEqualTo(3);
        assertThat(nonNumeric.getLong("rejected")).isEqualTo(1);
        assertThat(nonNumeric.getJsonArray("reasons").getJsonObject(0).getString("reason")).isEqualTo("non_numeric_value");
        assertThat(nonNumeric.getJsonArray("reasons").getJsonObject(0).getString("example")).contains("abc");
        assertThat(ticks("CAISO", "DA_HOURLY", "TH_SP15_GEN-APND", "2021-06-01", "2021-06-02")).hasSize(1);
        assertThat(ticks("CAISO", "DA_HOURLY", "TH_NP15_GEN-APND", "2021-06-01", "2021-06-02")).hasSize(2);
        JsonArray dlq = running.array("/api/v1/dlq?document=" + nonNumeric.getString("document_sha256"), "records");
        assertThat(dlq).hasSize(1);
        assertThat(dlq.getJsonObject(0).getString("stage")).isEqualTo("normalizer");
        assertThat(dlq.getJsonObject(0).getString("reason")).isEqualTo("non_numeric_value");
        assertThat(dlq.getJsonObject(0).getString("location")).isEqualTo("TH_SP15_GEN-APND");
        assertThat(dlq.getJsonObject(0).getLong("position")).as("the source line of the rejected row").isPositive();

        // a truncated zip: the document is rejected as a whole
        byte[] good = IsoFixtures.zip("20210602_20210602_PRC_LMP_DAM_20210602_00_00_00_v1.csv", caisoCsv("1"));
        JsonObject truncated = importFile("caiso", Arrays.copyOf(good, good.length * 2 / 3));
        assertThat(truncated.getString("status")).isEqualTo("failed");
        assertThat(truncated.getJsonArray("reasons").getJsonObject(0).getString("reason")).isEqualTo("truncated_document");
        assertThat(truncated.getString("error")).contains("truncated_document");

        // a MISO file whose header drifted
        String drifted = "Day-Ahead Market ExPost LMPs\n08/01/2021\n\n,,,All Hours-Ending are Eastern Standard Time (EST)\n"
                + "Node,Type,Value,HE1,HE2,HE3,HE4,HE5,HE6,HE7,HE8,HE9,HE10,HE11,HE12,HE13,HE14,HE15,HE16,HE17,HE18,"
                + "HE19,HE20,HE21,HE22,HE23,HE24\n"
                + "X.HUB,Hub,LMP," + "20,".repeat(23) + "20\n";
        JsonObject drift = importFile("miso", drifted.getBytes(StandardCharsets.UTF_8));
        assertThat(drift.getString("status")).isEqualTo("failed");
        assertThat(drift.getJsonArray("reasons").getJsonObject(0).getString("reason")).isEqualTo("header_drift");

        assertThat(get("/health/ready").statusCode()).as("the process stays healthy").isEqualTo(200);
        assertThat(get("/metrics").bodyAsString()).contains("dlq_records_total{reason=\"non_numeric_value\"");
    }

    @Test
    @Order(6)
    void badQueryParametersAreListedInOne400() throws Exception {
        HttpResponse<Buffer> r = get("/api/v1/bars?iso=ERCOTX&market=DA_HOURLY&component=price&resolution=1d&from=yesterday");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getJsonArray("problems").size()).isEqualTo(4);
        HttpResponse<Buffer> rolling = get("/api/v1/rolling?iso=MISO&market=DA_HOURLY&component=lmp&window=24h&to=x");
        assertThat(rolling.statusCode()).isEqualTo(400);
        assertThat(rolling.bodyAsJsonObject().getJsonArray("problems").encode())
                .contains("location: required", "window: '24h'", "to: 'x'");
        HttpResponse<Buffer> curves = get("/api/v1/curves?iso=MISOX&from=2011-07-16T00:00:00Z");
        assertThat(curves.statusCode()).isEqualTo(400);
        assertThat(curves.bodyAsJsonObject().getJsonArray("problems").size()).isEqualTo(3);
    }
}
