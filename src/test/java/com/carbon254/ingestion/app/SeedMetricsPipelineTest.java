package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The six metrics the original ingestion README names are exported by the all-in-one after an import, and
 * {@code enrichment_failures_total} counts the ticks the taxonomy could not classify.
 */
class SeedMetricsPipelineTest {
    static final List<String> SEED_METRICS = List.of("normalization_records_processed_total",
            "normalization_latency_seconds_bucket", "enrichment_failures_total",
            "aggregation_recompute_duration_seconds", "projection_cache_errors_total", "connector_runs_total");

    @TempDir
    Path dataDir;

    @Test
    void everySeedMetricIsExportedAndUnclassifiedTicksAreCounted() throws Exception {
        // the fixture with its generator renamed and retyped to something the taxonomy does not know
        byte[] miso = Files.readString(IsoSamples.projectRoot()
                        .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"))
                .replace("TEST.GEN_1,Gennode,", "ODD.NODE_1,Mystery,").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (RunningApp running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir))) {
            assertThat(running.get("/health").statusCode()).isEqualTo(200);
            assertThat(running.get("/health").bodyAsJsonObject().getBoolean("ready")).isTrue();
            assertThat(running.get("/health").bodyAsJsonObject().getJsonObject("checks").fieldNames())
                    .contains("deployment", "transport", "store");
            String before = running.get("/metrics").bodyAsString();
            assertThat(failures(before)).as("exported before any failure").isZero();
            JsonObject st = running.importFile("miso", miso);
            assertThat(st.getString("status")).isEqualTo("done");
            long unknown = running.ticks("MISO", "DA_HOURLY", "ODD.NODE_1", "2024-01-15", "2024-01-16").stream()
                    .map(JsonObject.class::cast).filter(t -> "unknown".equals(t.getString("location_type"))).count();
            String metrics = running.get("/metrics").bodyAsString();
            for (String m : SEED_METRICS) {
                assertThat(metrics).as(m).containsPattern("(?m)^" + m + "(_bucket|_count|_sum)?[{ ]");
            }
            assertThat(unknown).as("ODD.NODE_1 is not in the shipped taxonomy").isEqualTo(24);
            assertThat(failures(metrics)).as("its 24 ticks, and only those").isEqualTo(24);
        }
    }

    private static double failures(String metrics) {
        Matcher m = Pattern.compile("(?m)^enrichment_failures_total\\{[^}]*reason=\"unknown_location\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(m.find()).as("enrichment_failures_total{reason=\"unknown_location\"} in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
