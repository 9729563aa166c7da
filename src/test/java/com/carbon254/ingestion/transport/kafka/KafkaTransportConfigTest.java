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

        // batches of thousands per poll (issue 10: per-batch costs dominated at 500), several polls in flight
        assertThat(c.maxInFlightRecords()).isEqualTo(60_000);
        assertThat(c.lowWaterMark()).isEqualTo(30_000);
        assertThat(c.withMaxInFlight(100).lowWaterMark()).isEqualTo(50);
        assertThat(c.consumerConfig("g", "normalizer-g-1"))
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("group.id", "g")
                .containsEntry("max.poll.records", "20000")
                .containsEntry("client.id", "normalizer-g-1")
                .doesNotContainKey("group.instance.id");
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
                Duration.ofSeconds(1), null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers")
                .hasMessageContaining("clientId")
                .hasMessageContaining("maxInFlightRecords")
                .hasMessageContaining("lowWaterMark")
                .hasMessageContaining("maxPollRecords")
                .hasMessageContaining("pollTimeout");
    }

    @Test
    void producerAndConsumerPropertiesComeFromConfigAndStaticMembershipKeepsAMembersId() {
        KafkaTransportConfig c = KafkaTransportConfig.of("k:9092", "p").withOverrides(
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"),
                Map.of("compression.type", "lz4", "linger.ms", "20"),
                Map.of("session.timeout.ms", "10000", "max.partition.fetch.bytes", "1048576"))
                .withGroupInstanceId("aggregator-host-8512");
        assertThat(c.producerConfig()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("compression.type", "lz4").containsEntry("linger.ms", "20")
                .doesNotContainKey("session.timeout.ms");
        assertThat(c.consumerConfig("aggregator", "m", 2)).containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("session.timeout.ms", "10000").containsEntry("max.partition.fetch.bytes", "1048576")
                .containsEntry("group.instance.id", "aggregator-host-8512-aggregator-2")
                .doesNotContainKey("compression.type");
        assertThat(c.consumerConfig("g", "m", 1)).as("the next member of the same process")
                .containsEntry("group.instance.id", "aggregator-host-8512-g-1");
        assertThatThrownBy(() -> c.withGroupInstanceId("aggregator@host:8512"))
                .hasMessageContaining("groupInstanceId").hasMessageContaining("aggregator@host:8512");
        assertThat(c.withMaxPollRecords(100_000).maxInFlightRecords()).as("never below one poll")
                .isGreaterThan(100_000);
    }
}
