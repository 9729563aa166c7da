package com.carbon254.ingestion.iso;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-read shapes agree with java.time's reading of the same text, and refuse what it refuses. */
class TimestampsTest {
    @Test
    void offsetDateTimesWithAndWithoutMillisecondsAreTheInstantsTheyName() {
        assertThat(Timestamps.offsetInstant("2020-01-02T05:00:00-00:00")).isEqualTo(Instant.parse("2020-01-02T05:00:00Z"));
        // ISO-NE's BeginDate on the fall-back day: the same wall time, one hour apart
        assertThat(Timestamps.offsetInstant("2024-11-03T01:00:00.000-04:00")).isEqualTo(Instant.parse("2024-11-03T05:00:00Z"));
        assertThat(Timestamps.offsetInstant("2024-11-03T01:00:00.000-05:00")).isEqualTo(Instant.parse("2024-11-03T06:00:00Z"));
        assertThat(Timestamps.offsetInstant("2026-07-27T17:25:00.250+02:00")).isEqualTo(Instant.parse("2026-07-27T15:25:00.250Z"));
        assertThat(Timestamps.offsetInstant("2026-07-27T17:25:00Z")).as("other shapes: java.time")
                .isEqualTo(Instant.parse("2026-07-27T17:25:00Z"));
        assertThat(Timestamps.offsetInstant("2024-02-30T01:00:00.000-05:00")).isNull();
        assertThat(Timestamps.offsetInstant("2024-11-03T01:00:00.0x0-05:00")).isNull();
        assertThat(Timestamps.offsetInstant("2024-11-03T24:00:00-05:00")).isNull();
    }

    @Test
    void usDatesAndDigits() {
        assertThat(Timestamps.usDate("03/19/2025")).isEqualTo(LocalDate.of(2025, 3, 19));
        assertThat(Timestamps.usDate("02/30/2025")).isNull();
        assertThat(Timestamps.usDate("2025-03-19")).isNull();
        assertThat(Timestamps.digits("a123b", 1, 4)).isEqualTo(123);
        assertThat(Timestamps.digits("a1x3b", 1, 4)).isEqualTo(-1);
    }
}
