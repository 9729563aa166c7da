package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.testing.IsoFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stale_feed} on the all-in-one descriptor, checked every second: a CAISO day-ahead file of 2021 is long past
 * its allowance on the wall clock, so one anomaly appears in the API and the metric — and only one, however many checks
 * follow — and the registry's connector health says which dataset is stale. (The exact moment a feed turns stale, and
 * new episodes after fresh data, are in {@code StaleFeedMonitorTest} with a clock the test moves.)
 */
class StaleFeedPipelineTest {
    static final LocalDate DAY = LocalDate.of(2021, 6, 1);
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'-00:00'")
            .withZone(ZoneOffset.UTC);
    /** The end of the file's last hour: the trade date's end, midnight PDT. */
    static final Instant NEWEST_END = DAY.plusDays(1).atStartOfDay(LA).toInstant();

    @TempDir
    static Path dataDir;
    static RunningApp running;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir)
                .withStageConfig(Stage.CONNECTORS, "stale_check_seconds", 1));
    }

    @AfterAll
    static void shutdown() {
        if (running != null) running.close();
    }

    static String csv() {
        List<String> rows = new ArrayList<>();
        rows.add(IsoFixtures.CAISO_HEADER);
        for (int he = 1; he <= 24; he++) {
            Instant start = DAY.atStartOfDay(LA).toInstant().plusSeconds((he - 1) * 3600L);
            String s = GMT.format(start);
            String e = GMT.format(start.plusSeconds(3600));
            rows.add(IsoFixtures.caisoRow(s, e, DAY.toString(), he, "TH_NP15_GEN-APND", "LMP", "40.5"));
            rows.add(IsoFixtures.caisoRow(s, e, DAY.toString(), he, "TH_NP15_GEN-APND", "MCE", "39"));
            rows.add(IsoFixtures.caisoRow(s, e, DAY.toString(), he, "TH_NP15_GEN-APND", "MCC", "1"));
            rows.add(IsoFixtures.caisoRow(s, e, DAY.toString(), he, "TH_NP15_GEN-APND", "MCL", "0.5"));
        }
        return String.join("\n", rows) + "\n";
    }

    static JsonArray staleAnomalies() throws Exception {
        return running.array("/api/v1/anomalies?type=stale_feed", "anomalies");
    }

    static double counted() throws Exception {
        return metric("data_quality_anomalies_total{", "type=\"stale_feed\"");
    }

    /** Stale-feed checks that ran to their end so far ({@code connector_stale_checks_total}). */
    static double checks() throws Exception {
        return metric("connector_stale_checks_total", "");
    }

    static double metric(String prefix, String label) throws Exception {
        return running.get("/metrics").bodyAsString().lines()
                .filter(l -> l.startsWith(prefix) && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Waits until {@code n} more checks than {@code seen} ran: a counted event, not a sleep. */
    static void awaitChecks(double seen, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> checks() >= seen + n);
    }

    @Test
    void aFeedPastItsAllowanceIsReportedOnceAndShownInTheConnectorsHealth() throws Exception {
        // nothing stored yet: no feed to call stale, however many checks ran
        awaitChecks(checks(), 2);
        assertThat(staleAnomalies()).isEmpty();
        JsonObject before = running.get("/api/v1/connectors/caiso").bodyAsJsonObject();
        assertThat(before.getJsonObject("health").getJsonObject("datasets").getJsonObject("lmp_da_hourly")
                .getValue("stale")).isNull();

        JsonObject st = running.importFile("caiso",
                IsoFixtures.zip("20210601_20210601_PRC_LMP_DAM_20210601_00_00_00_v1.csv", csv()));
        assertThat(st.getString("status")).as(st.encodePrettily()).isEqualTo("done");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !staleAnomalies().isEmpty());
        awaitChecks(checks(), 3); // three more checks of the same episode
        JsonArray stale = staleAnomalies();
        assertThat(stale).hasSize(1);
        JsonObject a = stale.getJsonObject(0);
        assertThat(a.getString("iso")).isEqualTo("CAISO");
        assertThat(a.getString("dataset")).isEqualTo("lmp_da_hourly");
        assertThat(a.getString("location")).isNull();
        assertThat(a.getString("interval")).isEqualTo("2021-06-02T07:00:00Z").isEqualTo(NEWEST_END.toString());
        assertThat(a.getString("type")).isEqualTo("stale_feed");
        assertThat(a.getString("detail")).isEqualTo("no interval after 2021-06-02T07:00:00Z (allowance PT1H)");
        assertThat(counted()).isEqualTo(1.0);
        // the CAISO real-time market and every MISO market never had data: nothing
        assertThat(running.array("/api/v1/anomalies?iso=MISO", "anomalies")).isEmpty();

        JsonObject caiso = running.get("/api/v1/connectors/caiso").bodyAsJsonObject();
        assertThat(caiso.getJsonArray("datasets").getJsonObject(0).getString("stale_after")).isEqualTo("PT1H");
        JsonObject datasets = caiso.getJsonObject("health").getJsonObject("datasets");
        assertThat(datasets.getJsonObject("lmp_da_hourly").getMap()).containsEntry("market", "DA_HOURLY")
                .containsEntry("stale_after", "PT1H").containsEntry("stale", true);
        assertThat(datasets.getJsonObject("lmp_rt_5min").getMap()).containsEntry("stale_after", "PT1H30M")
                .containsEntry("stale", null);
        JsonArray all = running.array("/api/v1/connectors", "connectors");
        JsonObject miso = all.stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals("miso"))
                .findFirst().orElseThrow();
        assertThat(miso.getJsonObject("health").getJsonObject("datasets").fieldNames())
                .containsExactlyInAnyOrder("lmp_da_expost", "lmp_da_exante", "lmp_rt_5min");
    }
}
