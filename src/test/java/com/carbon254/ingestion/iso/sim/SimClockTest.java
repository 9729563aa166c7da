package com.carbon254.ingestion.iso.sim;

import com.carbon254.ingestion.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimClockTest {
    @Test
    void simulatedTimeIsAnchorPlusElapsedTimesSpeed() {
        ManualClock wall = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        Instant anchor = Instant.parse("2024-11-03T06:00:00Z");
        SimClock sim = new SimClock(anchor, 60, wall);
        assertThat(sim.now()).isEqualTo(anchor);
        wall.advance(Duration.ofMinutes(1));
        assertThat(sim.now()).isEqualTo(anchor.plus(Duration.ofHours(1)));
        wall.advance(Duration.ofMillis(500));
        assertThat(sim.now()).isEqualTo(anchor.plus(Duration.ofHours(1)).plusSeconds(30));

        SimClock real = new SimClock(anchor, 1, wall);
        wall.advance(Duration.ofSeconds(7));
        assertThat(real.now()).isEqualTo(anchor.plusSeconds(7));
    }

    @Test
    void latestEndedIntervalAndLocalDates() {
        ManualClock wall = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        SimClock sim = new SimClock(Instant.parse("2024-11-03T20:04:59Z"), 1, wall);
        assertThat(sim.latestEnded(Duration.ofMinutes(5))).isEqualTo(Instant.parse("2024-11-03T20:00:00Z"));
        wall.advance(Duration.ofSeconds(1));
        assertThat(sim.latestEnded(Duration.ofMinutes(5))).isEqualTo(Instant.parse("2024-11-03T20:05:00Z"));
        SimClock late = new SimClock(Instant.parse("2024-11-04T04:30:00Z"), 1, wall);
        assertThat(late.today(ZoneOffset.ofHours(-5))).hasToString("2024-11-03");
        assertThat(late.today(ZoneId.of("America/Los_Angeles"))).hasToString("2024-11-03");
        assertThat(late.today(ZoneOffset.UTC)).hasToString("2024-11-04");
    }

    @Test
    void speedMustBePositive() {
        assertThatThrownBy(() -> new SimClock(Instant.EPOCH, 0)).hasMessageContaining("speed");
        assertThatThrownBy(() -> new SimClock(Instant.EPOCH, -2)).hasMessageContaining("speed");
    }
}
