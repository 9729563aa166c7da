package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoFixtures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conservation (DESIGN.md invariant 2) over a run that includes bad input: for every stage, records in = out +
 * rejected, read from the exported {@code stage_records_total{stage,outcome}}; and what a stage passes on is what the
 * next one takes in.
 */
class ConservationTest {
    @TempDir
    Path dataDir;

    static final Pattern SERIES = Pattern.compile(
            "^stage_records_total\\{outcome=\"(\\w+)\",stage=\"(\\w+)\"} ([0-9.E]+)$", Pattern.MULTILINE);

    @Test
    void everyStageAccountsForEveryRecord() throws Exception {
        try (RunningApp running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir))) {
            // a good CAISO file with one non-numeric price (normalizer rejects one interval) and one ragged row
            // (the connector rejects it before grouping), then a MISO file whose header drifted (whole document)
            String csv = AllInOnePipelineTest.caisoCsv("abc") + "2021-06-01T07:00:00-00:00,ragged\n";
            JsonObject a = running.importFile("caiso", IsoFixtures.zip(
                    "20210601_20210601_PRC_LMP_DAM_20210601_00_00_00_v1.csv", csv));
            assertThat(a.getString("status")).as(a.encode()).isEqualTo("done");
            String drifted = "Day-Ahead Market ExPost LMPs\n08/01/2021\n\n,,,All Hours-Ending are Eastern Standard "
                    + "Time (EST)\nNode,Type,Value,HE1\nX.HUB,Hub,LMP,20\n";
            assertThat(running.importFile("miso", drifted.getBytes(StandardCharsets.UTF_8)).getString("status"))
                    .isEqualTo("failed");

            Map<String, Double> c = new HashMap<>();
            Matcher m = SERIES.matcher(running.get("/metrics").bodyAsString());
            while (m.find()) c.put(m.group(2) + "." + m.group(1), Double.parseDouble(m.group(3)));
            for (String stage : new String[]{"connectors", "normalizer", "enricher", "aggregator", "projector"}) {
                assertThat(c.get(stage + ".in")).as(stage + " in = out + rejected: " + c)
                        .isEqualTo(c.get(stage + ".out") + c.get(stage + ".rejected"));
            }
            assertThat(c.get("connectors.rejected")).as("ragged row + drifted document").isEqualTo(2);
            assertThat(c.get("normalizer.rejected")).as("the non-numeric price").isEqualTo(1);
            assertThat(c.get("normalizer.in")).isEqualTo(c.get("connectors.out"));
            assertThat(c.get("enricher.in")).isEqualTo(c.get("normalizer.out"));
            assertThat(c.get("aggregator.in")).isEqualTo(c.get("enricher.out"));
            assertThat(c.get("normalizer.out")).isEqualTo(3);
        }
    }
}
