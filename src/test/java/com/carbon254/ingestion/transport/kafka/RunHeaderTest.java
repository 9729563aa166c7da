package com.carbon254.ingestion.transport.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code run: k/n} header a consumer reads to keep a key's run of a batch whole. */
class RunHeaderTest {
    static ConsumerRecord<String, byte[]> record(String run) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("t", 0, 0, "k", new byte[0]);
        if (run != null) r.headers().add(KafkaTransport.RUN_HEADER, run.getBytes(StandardCharsets.US_ASCII));
        return r;
    }

    @Test
    void aRunEndsAtItsLastRecordAndARecordWithoutAHeaderIsARunOfItsOwn() {
        assertThat(KafkaSubscription.endsRun(record("3/3"))).isTrue();
        assertThat(KafkaSubscription.endsRun(record("2/3"))).isFalse();
        assertThat(KafkaSubscription.endsRun(record("20000/20000"))).isTrue();
        assertThat(KafkaSubscription.endsRun(record(null))).isTrue();
        assertThat(KafkaSubscription.run(record("2/3"))).isEqualTo(2L << 32 | 3);
    }

    @Test
    void anUnreadableHeaderCountsAsNoRun() {
        for (String bad : new String[]{"x/3", "/3", "3/", "3", "", "99999999999/1", "1/3a"}) {
            assertThat(KafkaSubscription.run(record(bad))).as(bad).isEqualTo(KafkaSubscription.NO_RUN);
            assertThat(KafkaSubscription.endsRun(record(bad))).as(bad).isTrue();
        }
    }
}
