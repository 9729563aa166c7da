package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.pipeline.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connectors stage's config: typed, defaulted, and every problem named with its key (not a ClassCastException). */
class ConnectorsConfigTest {
    @Test
    void defaultsWhenTheDescriptorSaysNothing() {
        ConnectorsConfig c = ConnectorsConfig.from(Map.of(), "d.yaml");
        assertThat(c.batchSize()).isEqualTo(20_000);
        assertThat(c.schedulerPeriod()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.streaming()).isTrue();
        assertThat(c.pollEvery()).as("each dataset's own interval").isNull();
        assertThat(c.staleCheck()).isEqualTo(60);
        assertThat(c.endpoints()).isEmpty();
    }

    @Test
    void theShippedShapeReadsAsWritten() {
        ConnectorsConfig c = ConnectorsConfig.from(Map.of("batch_size", 5000,
                "scheduler", Map.of("enabled", true, "period_ms", 10_000),
                "streaming", Map.of("enabled", false), "stale_check_seconds", 0,
                "endpoints", Map.of("MISO_API_URL", "sim:/miso/api")), "d.yaml");
        assertThat(c.batchSize()).isEqualTo(5000);
        assertThat(c.schedulerPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.streaming()).isFalse();
        assertThat(c.staleCheck()).isZero();
        assertThat(c.endpoints()).containsEntry("MISO_API_URL", "sim:/miso/api");
        assertThat(ConnectorsConfig.from(Map.of("scheduler", Map.of("enabled", false)), "d.yaml").schedulerPeriod())
                .as("off").isNull();
    }

    @Test
    void everyProblemIsListedWithItsKey() {
        assertThatThrownBy(() -> ConnectorsConfig.from(Map.of("batch_size", "x", "scheduler", Map.of("enabled", "yes",
                "period", 5), "streaming", List.of(), "endpoints", Map.of("A", Map.of()), "bogus", 1), "d.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "d.yaml: verticles[connectors].config.bogus: unknown key (expected batch_size, endpoints,"
                                + " scheduler, stale_check_seconds, streaming)",
                        "d.yaml: verticles[connectors].config.batch_size: expected a whole number of records"
                                + " 1..1000000, found 'x'",
                        "d.yaml: verticles[connectors].config.scheduler.period: unknown key (expected enabled,"
                                + " period_ms)",
                        "d.yaml: verticles[connectors].config.scheduler.enabled: expected true or false, found 'yes'",
                        "d.yaml: verticles[connectors].config.streaming: expected a mapping with enabled, poll_ms,"
                                + " found a list",
                        "d.yaml: verticles[connectors].config.endpoints.A: expected a URL or sim:/path, found a"
                                + " mapping"));
    }
}
