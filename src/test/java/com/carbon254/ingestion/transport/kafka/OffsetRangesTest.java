package com.carbon254.ingestion.transport.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetRangesTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);

    @Test
    void rangesMergeWhenTheyTouchOrOverlapAndStayApartOtherwise() {
        OffsetRanges r = new OffsetRanges();
        r.add(A0, 10, 19);
        r.add(A0, 30, 39);
        r.add(A0, 20, 20);
        r.add(A0, 25, 29);
        assertThat(r.toJson().encode()).isEqualTo("[[\"a\",0,10,20],[\"a\",0,25,39]]");
        r.add(A0, 5, 50);
        assertThat(r.toJson().encode()).isEqualTo("[[\"a\",0,5,50]]");
        r.add(A0, 7, 9);
        assertThat(r.toJson().encode()).as("inside: unchanged").isEqualTo("[[\"a\",0,5,50]]");
    }

    @Test
    void missingCountsWhatOneSetHoldsAndTheOtherDoesNotPerTopic() {
        OffsetRanges published = new OffsetRanges();
        published.add(A0, 0, 99);
        published.add(A1, 0, 9);
        published.add(B0, 0, 4);
        OffsetRanges handled = new OffsetRanges();
        assertThat(published.missingFrom("a", handled)).isEqualTo(110);
        assertThat(published.missingFrom("a", null)).isEqualTo(110);
        handled.add(A0, 0, 49);
        handled.add(A0, 60, 200);
        handled.add(A1, 0, 9);
        assertThat(published.missingFrom("a", handled)).isEqualTo(10);
        // a batch handled twice (redelivered after a crash) counts once
        handled.add(A0, 0, 49);
        handled.add(A0, 50, 59);
        assertThat(published.missingFrom("a", handled)).isZero();
        assertThat(published.missingFrom("b", handled)).isEqualTo(5);
        assertThat(published.topics()).containsExactly("a", "b");
    }

    @Test
    void jsonRoundTrips() {
        OffsetRanges r = new OffsetRanges();
        r.add(A0, 1, 3);
        r.add(B0, 7, 7);
        OffsetRanges back = OffsetRanges.fromJson(r.toJson());
        assertThat(back.missingFrom("a", r)).isZero();
        assertThat(r.missingFrom("a", back)).isZero();
        assertThat(r.missingFrom("b", back)).isZero();
        assertThat(OffsetRanges.fromJson(null).isEmpty()).isTrue();
    }
}
