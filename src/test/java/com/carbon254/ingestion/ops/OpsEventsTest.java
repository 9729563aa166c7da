package com.carbon254.ingestion.ops;

import com.carbon254.ingestion.event.Anomaly;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The ops events: each names its tenant, DLQ counts are kept per tenant, nothing is built while no one listens. */
class OpsEventsTest {
    record Sent(String address, JsonObject body) {
    }

    static Anomaly anomaly(String tenant, String type) {
        return new Anomaly(tenant, "MISO", "lmp_da_expost", "AEC", null, type, "detail", null,
                Instant.parse("2024-07-16T07:00:00Z"));
    }

    @Test
    void dlqCountsAndAnomaliesAreKeptAndSentPerTenant() {
        OpsEvents events = new OpsEvents();
        List<Sent> sent = new ArrayList<>();
        events.attach((a, b) -> sent.add(new Sent(a, b)));

        events.dlq("a", "normalizer", "non_numeric", 2);
        events.dlq("b", "normalizer", "non_numeric", 5);
        events.dlq("a", "normalizer", "non_numeric", 1);
        events.dlq("a", "connectors", "header_drift", 1);
        assertThat(events.dlqCounts("a").getJsonObject("by_reason").getMap())
                .containsExactly(Map.entry("connectors/header_drift", 1L),
                        Map.entry("normalizer/non_numeric", 3L));
        assertThat(events.dlqCounts("a").getLong("total")).isEqualTo(4);
        assertThat(events.dlqCounts("b").getLong("total")).isEqualTo(5);
        assertThat(sent).extracting(Sent::address).containsOnly(OpsEvents.DLQ);
        assertThat(sent.get(sent.size() - 1).body().getString("tenant")).isEqualTo("a");

        sent.clear();
        events.anomalies(List.of(anomaly("a", "out_of_range"), anomaly("b", "schema_drift"), anomaly("a", "gap")));
        assertThat(sent).hasSize(2).allMatch(s -> s.address().equals(OpsEvents.ANOMALIES));
        assertThat(sent).filteredOn(s -> s.body().getString("tenant").equals("a")).singleElement()
                .satisfies(s -> assertThat(s.body().getJsonArray("anomalies")).hasSize(2));
        assertThat(sent).filteredOn(s -> s.body().getString("tenant").equals("b")).singleElement()
                .satisfies(s -> assertThat(s.body().getJsonArray("anomalies").getJsonObject(0).getString("type"))
                        .isEqualTo("schema_drift"));
    }

    @Test
    void progressIsBuiltOnlyWhileSomeoneListens() {
        OpsEvents events = new OpsEvents();
        AtomicInteger built = new AtomicInteger();
        events.progress(OpsEvents.Kind.IMPORT, "a", () -> {
            built.incrementAndGet();
            return new JsonObject().put("id", "1");
        });
        assertThat(built).hasValue(0);

        List<Sent> sent = new ArrayList<>();
        events.attach((a, b) -> sent.add(new Sent(a, b)));
        events.progress(OpsEvents.Kind.REPROCESS, "a", () -> {
            built.incrementAndGet();
            return new JsonObject().put("id", "2");
        });
        assertThat(built).hasValue(1);
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo(OpsEvents.PROGRESS);
            assertThat(s.body().getString("kind")).isEqualTo("reprocess");
            assertThat(s.body().getString("tenant")).isEqualTo("a");
            assertThat(s.body().getJsonObject("job").getString("id")).isEqualTo("2");
        });
    }
}
