package com.carbon254.ingestion.app;

import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reprocessing on the all-in-one process: an edited normalization rule or taxonomy applied to history by replaying
 * the window's Bronze documents — silver and gold rows replaced (same count, new values), the later revision still
 * served, nothing duplicated, and a second identical replay changes nothing.
 */
class ReprocessPipelineTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path confDir;

    private static final String DAY = "&from=2024-01-15&to=2024-01-16";

    @Test
    void anEditedRuleAppliedByReprocessReplacesSilverAndGoldRowsAndASecondReplayChangesNothing() throws Exception {
        Path rules = copy("conf/normalization_rules.yaml");
        try (RunningApp running = RunningApp.start(withEditablePolicies(rules, copy("conf/enrichment_taxonomy.yaml")))) {
            String original = Files.readString(IsoSamples.projectRoot()
                    .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"), StandardCharsets.UTF_8);
            String corrected = original.replaceFirst("(TEST\\.HUB,Hub,LMP,25\\.75,26\\.5,27\\.25,28,)28\\.75",
                    "$1128.75");
            assertThat(running.importFile("miso", original.getBytes(StandardCharsets.UTF_8)).getString("status"))
                    .isEqualTo("done");
            assertThat(running.importFile("miso", corrected.getBytes(StandardCharsets.UTF_8)).getString("status"))
                    .isEqualTo("done");
            Snapshot before = Snapshot.of(running);
            assertThat(before.ticks).hasSize(24);
            assertThat(before.revisions).hasSize(48);
            assertThat(before.ticks.getJsonObject(0).getDouble("congestion")).isEqualTo(0.05);

            // the desk learns MISO's congestion must be read with the opposite sign
            Files.writeString(rules, Files.readString(rules).replaceFirst("    price_cap: 10000\n",
                    "    price_cap: 10000\n    congestion_sign: -1\n")); // MISO's entry comes first
            JsonObject job = reprocess(running, new JsonObject().put("from", "2024-01-15").put("to", "2024-01-16")
                    .put("isos", new JsonArray().add("MISO")));
            assertThat(job.getString("status")).isEqualTo("done");
            assertThat(job.getInteger("documents_total")).isEqualTo(2);
            assertThat(job.getInteger("documents_done")).isEqualTo(2);
            assertThat(job.getInteger("documents_skipped")).isZero();
            assertThat(job.getLong("records")).as("2 nodes × 24 hours, per document").isEqualTo(96);
            assertThat(job.getLong("eta_seconds")).isZero();
            assertThat(running.get("/metrics").bodyAsString())
                    .containsPattern("reprocess_documents_total\\{outcome=\"replayed\",stage=\"normalizer\",?} 2\\.0")
                    .containsPattern("reprocess_records_total\\{stage=\"normalizer\",?} 96\\.0");

            Snapshot after = Snapshot.of(running);
            assertThat(after.ticks).hasSize(24);
            assertThat(after.revisions).as("a replayed revision replaces itself").hasSize(48);
            for (int h = 0; h < 24; h++) {
                JsonObject b = before.ticks.getJsonObject(h);
                JsonObject a = after.ticks.getJsonObject(h);
                assertThat(a.getDouble("lmp")).isEqualTo(b.getDouble("lmp"));
                assertThat(a.getDouble("congestion")).isEqualTo(-b.getDouble("congestion"));
                assertThat(a.getDouble("energy")).isCloseTo(a.getDouble("lmp") - a.getDouble("congestion")
                        - a.getDouble("loss"), within(1e-9));
                assertThat(a.getString("document_sha256")).isEqualTo(b.getString("document_sha256"));
            }
            assertThat(after.ticks.getJsonObject(4).getDouble("lmp")).as("the corrected document is still the latest")
                    .isEqualTo(128.75);
            List<Double> he5 = new ArrayList<>();
            after.revisions.stream().map(JsonObject.class::cast)
                    .filter(t -> t.getString("interval_start").equals("2024-01-15T09:00:00Z"))
                    .forEach(t -> he5.add(t.getDouble("lmp")));
            assertThat(he5).as("both revisions, in the order they arrived").containsExactly(28.75, 128.75);

            for (String f : List.of("open", "close")) {
                assertThat(after.congestionDay.getDouble(f)).isEqualTo(-before.congestionDay.getDouble(f));
            }
            assertThat(after.congestionDay.getDouble("high")).isEqualTo(-before.congestionDay.getDouble("low"));
            assertThat(after.congestionDay.getDouble("mean")).isCloseTo(-before.congestionDay.getDouble("mean"),
                    within(1e-9));
            assertThat(after.congestionDay.getInteger("count")).isEqualTo(24);
            assertThat(after.lmpDay.encode()).as("lmp does not depend on the sign").isEqualTo(before.lmpDay.encode());
            assertThat(after.energyDay.getDouble("mean")).isNotEqualTo(before.energyDay.getDouble("mean"));
            assertThat(after.anomalies).isEqualTo(before.anomalies);
            assertThat(after.dlq).isEqualTo(before.dlq);

            JsonObject again = reprocess(running, new JsonObject().put("from", "2024-01-15").put("to", "2024-01-16"));
            assertThat(again.getString("status")).isEqualTo("done");
            assertThat(again.getInteger("documents_total")).as("every ISO: MISO's two documents").isEqualTo(2);
            assertThat(Snapshot.of(running)).as("a second identical replay changes nothing").isEqualTo(after);
        }
    }

    @Test
    void aTaxonomyEditReachesHistoryByReplayingFromTheEnricher() throws Exception {
        Path taxonomy = copy("conf/enrichment_taxonomy.yaml");
        try (RunningApp running = RunningApp.start(withEditablePolicies(copy("conf/normalization_rules.yaml"),
                taxonomy))) {
            byte[] file = Files.readAllBytes(IsoSamples.projectRoot()
                    .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"));
            assertThat(running.importFile("miso", file).getString("status")).isEqualTo("done");
            JsonObject tick = running.ticks("MISO", "DA_HOURLY", "TEST.HUB", "2024-01-15", "2024-01-16")
                    .getJsonObject(0);
            assertThat(tick.getString("zone")).isNull();

            Files.writeString(taxonomy, Files.readString(taxonomy).replace("    MS.HUB: {type: hub, hub: MS.HUB, zone: MISO-SOUTH}\n",
                    "    MS.HUB: {type: hub, hub: MS.HUB, zone: MISO-SOUTH}\n"
                            + "    TEST.HUB: {type: hub, hub: TEST.HUB, zone: MISO-TEST}\n"));
            JsonObject job = reprocess(running, new JsonObject().put("from", "2024-01-15").put("to", "2024-01-16")
                    .put("stage", "enricher"));
            assertThat(job.getString("status")).isEqualTo("done");
            assertThat(job.getLong("records")).as("ticks published into the enricher").isEqualTo(48);
            JsonArray ticks = running.ticks("MISO", "DA_HOURLY", "TEST.HUB", "2024-01-15", "2024-01-16");
            assertThat(ticks).hasSize(24).allSatisfy(t -> {
                assertThat(((JsonObject) t).getString("zone")).isEqualTo("MISO-TEST");
                assertThat(((JsonObject) t).getString("hub")).isEqualTo("TEST.HUB");
            });
            JsonArray revisions = running.array("/api/v1/ticks?iso=MISO&market=DA_HOURLY&location=TEST.HUB"
                    + DAY + "&revisions=all", "ticks");
            assertThat(revisions).hasSize(24);
        }
    }

    @Test
    void badRequestsAreRefusedWithEveryProblemAndTheCommandShowsProgress() throws Exception {
        try (RunningApp running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir))) {
            HttpResponse<Buffer> bad = post(running, new JsonObject().put("from", "2024-13-01").put("to", "x")
                    .put("isos", new JsonArray().add("ERCOTT")).put("stage", "projector").put("extra", 1));
            assertThat(bad.statusCode()).isEqualTo(400);
            List<String> problems = bad.bodyAsJsonObject().getJsonArray("problems").stream().map(String::valueOf)
                    .toList();
            assertThat(problems).hasSize(5)
                    .anySatisfy(m -> assertThat(m).startsWith("extra: unknown field"))
                    .anySatisfy(m -> assertThat(m).startsWith("isos: 'ERCOTT' is not one of"))
                    .anySatisfy(m -> assertThat(m).startsWith("stage: 'projector' is not one of"))
                    .anySatisfy(m -> assertThat(m).startsWith("from: '2024-13-01' is neither"))
                    .anySatisfy(m -> assertThat(m).startsWith("to: 'x' is neither"));
            HttpResponse<Buffer> backwards = post(running, new JsonObject().put("from", "2024-01-16")
                    .put("to", "2024-01-16"));
            assertThat(backwards.bodyAsJsonObject().getJsonArray("problems").getString(0))
                    .startsWith("to: must be after from");
            assertThat(running.get("/reprocess/no-such-job").statusCode()).isEqualTo(404);

            byte[] file = Files.readAllBytes(IsoSamples.projectRoot()
                    .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"));
            assertThat(running.importFile("miso", file).getString("status")).isEqualTo("done");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ReprocessCommand cmd = new ReprocessCommand();
            cmd.from = "2024-01-15";
            cmd.to = "2024-01-16";
            cmd.isos = List.of("miso");
            cmd.url = "http://127.0.0.1:" + running.app.httpPort() + "/";
            cmd.pollMs = 20;
            cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
            cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
            cmd.terminal = false;
            assertThat(cmd.call()).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("submitted to")
                    .contains("[##############################] 1/1 documents  48 records  eta 0s  done");
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .startsWith("reprocess ").contains(": done, 1 of 1 documents replayed, 0 skipped, 48 records");

            cmd.stage = "projector";
            err.reset();
            assertThat(cmd.call()).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("reprocess refused (HTTP 400)")
                    .contains("stage: 'projector' is not one of normalizer|enricher|aggregator");
        }
    }

    /** The isolated all-in-one reading its rules and taxonomy from files the test edits. */
    private AppConfig withEditablePolicies(Path rules, Path taxonomy) {
        AppConfig base = RunningApp.isolatedAllInOne(dataDir);
        PolicyPaths p = base.policies();
        return base.withPolicies(new PolicyPaths(rules.toString(), taxonomy.toString(),
                p.aggregationPolicies(), p.connectorsDir()));
    }

    private Path copy(String file) throws Exception {
        Path to = confDir.resolve(Path.of(file).getFileName());
        Files.copy(IsoSamples.projectRoot().resolve(file), to);
        return to;
    }

    private static HttpResponse<Buffer> post(RunningApp running, JsonObject body) throws Exception {
        return RunningApp.await(running.http.post("/reprocess").sendJsonObject(body));
    }

    /** Submits a reprocess and follows it to its end; every answer on the way must be a well-formed status. */
    static JsonObject reprocess(RunningApp running, JsonObject body) throws Exception {
        HttpResponse<Buffer> r = post(running, body);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = r.bodyAsJsonObject().getString("id");
        assertThat(r.getHeader("location")).isEqualTo("/reprocess/" + id);
        Set<String> seen = new LinkedHashSet<>();
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
            HttpResponse<Buffer> g = running.get("/reprocess/" + id);
            assertThat(g.statusCode()).isEqualTo(200);
            JsonObject j = g.bodyAsJsonObject();
            assertThat(j.fieldNames()).contains("status", "documents_done", "documents_total", "records",
                    "eta_seconds");
            assertThat(j.getInteger("documents_done")).isLessThanOrEqualTo(j.getInteger("documents_total"));
            seen.add(j.getString("status"));
            last[0] = j;
            return !Set.of("queued", "running").contains(j.getString("status"));
        });
        assertThat(seen).isSubsetOf("queued", "running", "done", "failed", "cancelled");
        return last[0];
    }

    /** What a desk reads for TEST.HUB on the day: served ticks, every revision, bars, anomalies, DLQ. */
    record Snapshot(JsonArray ticks, JsonArray revisions, JsonObject congestionDay,
                    JsonObject energyDay, JsonObject lmpDay, JsonArray anomalies, JsonArray dlq) {
        static Snapshot of(RunningApp r) throws Exception {
            String loc = "/api/v1/ticks?iso=MISO&market=DA_HOURLY&location=TEST.HUB" + DAY;
            return new Snapshot(r.array(loc, "ticks"), r.array(loc + "&revisions=all", "ticks"),
                    day(r, "congestion"), day(r, "energy"), day(r, "lmp"),
                    r.array("/api/v1/anomalies?iso=MISO", "anomalies"), r.array("/api/v1/dlq", "records"));
        }

        private static JsonObject day(RunningApp r, String component) throws Exception {
            JsonArray bars = r.bars("MISO", "DA_HOURLY", "TEST.HUB", component, "1d", "2024-01-15", "2024-01-16");
            assertThat(bars).hasSize(1);
            JsonObject b = bars.getJsonObject(0);
            b.remove("updated_at");
            return b;
        }
    }
}
