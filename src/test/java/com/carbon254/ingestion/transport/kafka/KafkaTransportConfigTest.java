package com.carbon254.ingestion.transport.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaTransportConfigTest {
    @Test
    void defaultsFollowTheDesign() {
        KafkaTransportConfig c = KafkaTransportConfig.of("k:9092", "normalizer");

        assertThat(c.maxInFlightRecords()).isEqualTo(5000);
        assertThat(c.lowWaterMark()).isEqualTo(2500);
        assertThat(c.withMaxInFlight(100).lowWaterMark()).isEqualTo(50);
        assertThat(c.consumerConfig("g", "normalizer-g-1"))
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("group.id", "g")
                .containsEntry("max.poll.records", "500")
                .containsEntry("client.id", "normalizer-g-1");
    }

    @Test
    void overridesCannotWeakenTheDeliveryGuarantees() {
        KafkaTransportConfig c = KafkaTransportConfig.of("k:9092", "p").withClientOverrides(Map.of(
                "acks", "1", "enable.idempotence", "false", "enable.auto.commit", "true",
                "max.in.flight.requests.per.connection", "50", "compression.type", "lz4"));

        assertThat(c.producerConfig())
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("max.in.flight.requests.per.connection", "5")
                .containsEntry("compression.type", "lz4");
        assertThat(c.consumerConfig("g", "m")).containsEntry("enable.auto.commit", "false");
    }

    @Test
    void invalidSettingsAreAllNamedInOneMessage() {
        assertThatThrownBy(() -> new KafkaTransportConfig(" ", "", 0, 5, 0, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers")
                .hasMessageContaining("clientId")
                .hasMessageContaining("maxInFlightRecords")
                .hasMessageContaining("lowWaterMark")
                .hasMessageContaining("maxPollRecords")
                .hasMessageContaining("pollTimeout");
    }
}
