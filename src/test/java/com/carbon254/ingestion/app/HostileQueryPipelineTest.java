package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile query values through the read API (issue 13): quotes, backslashes, NUL, SQL fragments, long and non-ASCII
 * strings in every parameter give 400 naming the problem (414 for a request line past 4 KiB) or an empty answer,
 * never a 500 or another row set (a NUL-suffixed name once matched the name without it); a
 * malformed JSON body gives 400 with the problem. The store-level half is {@code StoreQueriesContract}.
 */
class HostileQueryPipelineTest {
    static final List<String> HOSTILE = List.of("TEST.HUB' OR '1'='1", "TEST.HUB\\' OR 1=1 --", "\\", "'", "\"",
            "TEST.HUB\u0000", "\u0000", "TEST.HUB;DROP TABLE silver_ticks", "%", "TEST.%", "ñøðé 𝄞",
            "x".repeat(3000), "\r\n", "`", "{}", "\\N");

    @TempDir
    Path dataDir;

    @Test
    void hostileParametersGet400OrNothingNeverA500() throws Exception {
        byte[] miso = Files.readAllBytes(IsoSamples.projectRoot()
                .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"));
        try (RunningApp running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir))) {
            assertThat(running.importFile("miso", miso).getString("status")).isEqualTo("done");
            String good = "iso=MISO&market=DA_HOURLY&location=TEST.HUB&from=2024-01-15&to=2024-01-16";
            assertThat(running.array("/api/v1/ticks?" + good, "ticks")).hasSize(24);
            for (String h : HOSTILE) {
                String v = URLEncoder.encode(h, StandardCharsets.UTF_8);
                for (String q : List.of(good.replace("location=TEST.HUB", "location=" + v),
                        good.replace("iso=MISO", "iso=" + v), good.replace("market=DA_HOURLY", "market=" + v),
                        good.replace("from=2024-01-15", "from=" + v), good + "&revisions=" + v)) {
                    for (String path : List.of("/api/v1/ticks?", "/api/v1/bars?component=lmp&resolution=1d&",
                            "/api/v1/latest?", "/api/v1/dlq?reason=" + v + "&")) {
                        HttpResponse<Buffer> r = running.get(path + q);
                        String at = path + (q.length() > 120 ? q.substring(0, 120) + "…" : q);
                        // 414: the HTTP server refuses a request line over 4 KiB before any handler sees it
                        assertThat(r.statusCode()).as(at + " → " + r.bodyAsString()).isIn(200, 400, 414);
                        if (r.statusCode() == 400) {
                            assertThat(r.bodyAsJsonObject().encode()).as(at).contains("error");
                        } else if (!q.equals(good) && path.startsWith("/api/v1/ticks")) {
                            assertThat(r.bodyAsJsonObject().getJsonArray("ticks")).as(at).isEmpty();
                        }
                    }
                }
            }
            assertThat(running.array("/api/v1/ticks?" + good, "ticks")).as("the data is untouched").hasSize(24);
            HttpResponse<Buffer> bad = RunningApp.await(running.http.post("/reprocess")
                    .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"from\": \"2024-01-15\",")));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.bodyAsString()).contains("problem");
            HttpResponse<Buffer> badRun = RunningApp.await(running.http.post("/api/v1/connectors/miso/runs")
                    .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1, 2")));
            assertThat(badRun.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(badRun.bodyAsString()).getString("error")).isNotBlank();
        }
    }
}
