package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoFixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's data-quality acceptance on the all-in-one descriptor: a CAISO day-ahead file with one hour missing for a
 * node and one row whose LMP is off its components by 5 gives a {@code missing_interval} and a
 * {@code component_mismatch} anomaly, in the API and the metric, and every tick of the file is still served.
 */
class DataQualityPipelineTest {
    static final LocalDate DAY = LocalDate.of(2021, 6, 1);
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final String COMPLETE = "TH_SP15_GEN-APND";
    static final String GAPPY = "TH_NP15_GEN-APND";
    /** HE 3 (10:00–11:00 PDT) of the complete node: LMP 45.5 while MCE + MCC + MCL = 40.5. */
    static final int MISMATCH_HE = 3;
    /** HE 5 of the other node is not in the file. */
    static final int MISSING_HE = 5;
    static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'-00:00'")
            .withZone(ZoneOffset.UTC);

    @TempDir
    static Path dataDir;
    static RunningApp running;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (running != null) running.close();
    }

    static HttpResponse<Buffer> get(String uri) throws Exception {
        return running.get(uri);
    }

    static Instant hourStart(int he) {
        return DAY.atStartOfDay(LA).toInstant().plusSeconds((he - 1) * 3600L);
    }

    /** The day-ahead file: 24 hours of the complete node, 23 of the other. */
    static String csv() {
        List<String> rows = new ArrayList<>();
        rows.add(IsoFixtures.CAISO_HEADER);
        for (String node : List.of(COMPLETE, GAPPY)) {
            for (int he = 1; he <= 24; he++) {
                if (node.equals(GAPPY) && he == MISSING_HE) continue;
                String s = GMT.format(hourStart(he));
                String e = GMT.format(hourStart(he + 1));
                String lmp = node.equals(COMPLETE) && he == MISMATCH_HE ? "45.5" : "40.5";
                rows.add(IsoFixtures.caisoRow(s, e, DAY.toString(), he, node, "LMP", lmp));
                rows.add(IsoFixtures.caisoRow(s, e, DAY.toString(), he, node, "MCE", "39"));
                rows.add(IsoFixtures.caisoRow(s, e, DAY.toString(), he, node, "MCC", "1"));
                rows.add(IsoFixtures.caisoRow(s, e, DAY.toString(), he, node, "MCL", "0.5"));
            }
        }
        return String.join("\n", rows) + "\n";
    }

    static JsonObject importFile(byte[] body) throws Exception {
        return running.importFile("caiso", body);
    }

    static JsonArray anomalies(String query) throws Exception {
        return running.array("/api/v1/anomalies?" + query, "anomalies");
    }

    static JsonArray ticks(String node) throws Exception {
        return running.ticks("CAISO", "DA_HOURLY", node, "2021-06-01", "2021-06-02");
    }

    static double metric(String metrics, String type) {
        return metrics.lines().filter(l -> l.startsWith("data_quality_anomalies_total{") && l.contains("type=\"" + type + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void gapsAndMismatchesAreReportedAndTheRestOfTheFileIsServed() throws Exception {
        JsonObject st = importFile(IsoFixtures.zip("20210601_20210601_PRC_LMP_DAM_20210601_00_00_00_v1.csv", csv()));
        assertThat(st.getString("status")).as(st.encodePrettily()).isEqualTo("done");
        assertThat(st.getLong("rejected")).isZero();

        JsonArray missing = anomalies("type=missing_interval");
        assertThat(missing).hasSize(1);
        JsonObject m = missing.getJsonObject(0);
        assertThat(m.getString("iso")).isEqualTo("CAISO");
        assertThat(m.getString("location")).isEqualTo(GAPPY);
        assertThat(m.getString("interval")).isEqualTo("2021-06-01T11:00:00Z").isEqualTo(hourStart(MISSING_HE).toString());
        assertThat(m.getString("type")).isEqualTo("missing_interval");
        assertThat(m.getString("at")).endsWith("Z");

        JsonArray mismatch = anomalies("iso=CAISO&type=component_mismatch&from=2021-06-01&to=2021-06-02");
        assertThat(mismatch).hasSize(1);
        JsonObject c = mismatch.getJsonObject(0);
        assertThat(c.getString("location")).isEqualTo(COMPLETE);
        assertThat(c.getString("interval")).isEqualTo("2021-06-01T09:00:00Z").isEqualTo(hourStart(MISMATCH_HE).toString());
        assertThat(c.getString("detail")).contains("45.5", "40.5", "off by 5");

        // every anomaly of the file's day, and nothing else (no out_of_range, no duplicates)
        assertThat(anomalies("iso=CAISO&from=2021-06-01&to=2021-06-02")).hasSize(2);
        assertThat(anomalies("iso=MISO")).isEmpty();
        assertThat(get("/api/v1/anomalies?type=nonsense").statusCode()).isEqualTo(400);

        String metrics = get("/metrics").bodyAsString();
        assertThat(metric(metrics, "missing_interval")).isEqualTo(1.0);
        assertThat(metric(metrics, "component_mismatch")).isEqualTo(1.0);

        // findings, not rejections: every tick of the file is served, the mismatching one with its published LMP
        JsonArray complete = ticks(COMPLETE);
        assertThat(complete).hasSize(24);
        JsonObject bad = complete.stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("interval_start").equals("2021-06-01T09:00:00Z")).findFirst().orElseThrow();
        assertThat(bad.getDouble("lmp")).isEqualTo(45.5);
        JsonArray gappy = ticks(GAPPY);
        assertThat(gappy).hasSize(23);
        assertThat(gappy.stream().map(JsonObject.class::cast).map(t -> t.getString("interval_start")))
                .doesNotContain("2021-06-01T11:00:00Z");
    }

    /** A whole document refused by the connector is still a DLQ record and now also a data-quality finding. */
    @Test
    void driftedAndEmptyDocumentsAreAnomalies() throws Exception {
        JsonObject drift = importFile(IsoFixtures.zip("20210602_20210602_PRC_LMP_DAM_20210602_00_00_00_v1.csv",
                "INTERVALSTARTTIME_GMT,NODE,PRICE\n2021-06-02T07:00:00-00:00,N,1\n"));
        assertThat(drift.getString("status")).as(drift.encodePrettily()).isEqualTo("failed");
        JsonObject empty = importFile(IsoFixtures.zip("20210603_20210603_PRC_LMP_DAM_20210603_00_00_00_v1.csv", ""));
        assertThat(empty.getString("status")).as(empty.encodePrettily()).isEqualTo("failed");

        JsonArray schema = anomalies("iso=CAISO&type=schema_drift");
        assertThat(schema).hasSize(1);
        assertThat(schema.getJsonObject(0).getString("detail")).contains("missing column");
        assertThat(schema.getJsonObject(0).getString("interval")).isNull();
        assertThat(anomalies("iso=CAISO&type=empty_document")).hasSize(1);
        String metrics = get("/metrics").bodyAsString();
        assertThat(metric(metrics, "schema_drift")).isEqualTo(1.0);
        assertThat(metric(metrics, "empty_document")).isEqualTo(1.0);
    }
}
