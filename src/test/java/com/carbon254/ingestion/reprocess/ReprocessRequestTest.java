package com.carbon254.ingestion.reprocess;

import com.carbon254.ingestion.event.Stage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReprocessRequestTest {
    static final Set<String> ISOS = Set.of("MISO", "CAISO");
    static final Map<String, ZoneId> ZONES = Map.of("MISO", ZoneId.of("-05:00"), "CAISO",
            ZoneId.of("America/Los_Angeles"));

    static ReprocessRequest parse(JsonObject body) {
        return ReprocessRequest.parse(body, ISOS, Stage.NORMALIZER, "default", ZONES::get);
    }

    @Test
    void aDateIsTheStartOfEachIsosOwnOperatingDay() {
        ReprocessRequest r = parse(new JsonObject().put("from", "2024-03-10").put("to", "2024-03-11"));
        assertThat(r.stage()).isEqualTo(Stage.NORMALIZER);
        assertThat(r.tenant()).isEqualTo("default");
        assertThat(r.windows()).containsOnlyKeys("CAISO", "MISO");
        assertThat(r.windows().get("MISO").from()).isEqualTo(Instant.parse("2024-03-10T05:00:00Z"));
        assertThat(r.windows().get("CAISO").from()).isEqualTo(Instant.parse("2024-03-10T08:00:00Z"));
        assertThat(r.windows().get("CAISO").to()).as("spring-forward day: 23 hours")
                .isEqualTo(Instant.parse("2024-03-11T07:00:00Z"));
    }

    @Test
    void theWindowHoldsIntervalsWhoseEndLiesInFromExclusiveToInclusive() {
        ReprocessRequest r = parse(new JsonObject().put("from", "2024-01-15T05:00:00Z")
                .put("to", "2024-01-16T05:00:00Z").put("isos", new JsonArray().add("miso")).put("stage", "Enricher")
                .put("tenant", "desk"));
        assertThat(r.isos()).containsExactly("MISO");
        assertThat(r.stage()).isEqualTo(Stage.ENRICHER);
        assertThat(r.tenant()).isEqualTo("desk");
        assertThat(r.inWindow("MISO", Instant.parse("2024-01-15T05:00:00Z"))).as("HE 24 of the day before").isFalse();
        assertThat(r.inWindow("MISO", Instant.parse("2024-01-15T06:00:00Z"))).as("HE 1").isTrue();
        assertThat(r.inWindow("MISO", Instant.parse("2024-01-16T05:00:00Z"))).as("HE 24").isTrue();
        assertThat(r.inWindow("CAISO", Instant.parse("2024-01-15T12:00:00Z"))).as("ISO not asked for").isFalse();
        assertThat(r.toJson().getJsonArray("isos").stream().map(String::valueOf).toList()).containsExactly("MISO");
    }

    @Test
    void everyProblemIsListed() {
        assertThatThrownBy(() -> parse(new JsonObject().put("to", 5).put("isos", "PJM").put("stage", "projector")
                .put("since", "x")))
                .isInstanceOfSatisfying(ReprocessRequest.Invalid.class, e -> assertThat(e.problems())
                        .containsExactly("since: unknown field (expected from, to, isos, stage, tenant)",
                                "from: required", "to: expected a non-empty string",
                                "isos: 'PJM' is not one of CAISO|MISO",
                                "stage: 'projector' is not one of normalizer|enricher|aggregator"));
        assertThatThrownBy(() -> parse(new JsonObject().put("from", "2024-01-16").put("to", "2024-01-15")))
                .hasMessageContaining("to: must be after from");
        assertThatThrownBy(() -> ReprocessRequest.parse(null, ISOS, Stage.NORMALIZER, "t", ZONES::get))
                .hasMessageContaining("body: required");
    }
}
