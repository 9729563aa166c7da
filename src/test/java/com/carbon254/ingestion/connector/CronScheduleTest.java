package com.carbon254.ingestion.connector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {
    static ZonedDateTime utc(String s) {
        return ZonedDateTime.parse(s + "Z").withZoneSameInstant(ZoneOffset.UTC);
    }

    @ParameterizedTest(name = "{0} at {1} → {2}")
    @CsvSource({
            "30 19 * * *,      2026-11-27T19:30:00, true",
            "30 19 * * *,      2026-11-27T19:31:00, false",
            "*/5 * * * *,      2026-11-27T10:55:00, true",
            "*/5 * * * *,      2026-11-27T10:56:00, false",
            "0 9 * * MON-FRI,  2026-11-27T09:00:00, true",   // a Friday
            "0 9 * * MON-FRI,  2026-11-28T09:00:00, false",  // Saturday
            "0 0 1 * 0,        2026-11-29T00:00:00, true",   // Sunday, not the 1st: either restricted field matches
            "0 0 1 * 7,        2026-11-29T00:00:00, true",   // 7 is Sunday too
            "0 0 1 JAN *,      2027-01-01T00:00:00, true",
            "10-20/5 * * * *,  2026-11-27T10:15:00, true",
            "10-20/5 * * * *,  2026-11-27T10:25:00, false",
    })
    void matches(String expr, String at, boolean fires) {
        assertThat(CronSchedule.parse(expr).matches(utc(at))).isEqualTo(fires);
    }

    @Test
    void lastFireIsTheMostRecentDueMinuteNotEveryMissedOne() {
        CronSchedule s = CronSchedule.parse("15 21 * * *");
        assertThat(s.lastFireAtOrBefore(utc("2026-11-27T21:14:59"))).contains(utc("2026-11-26T21:15:00"));
        assertThat(s.lastFireAtOrBefore(utc("2026-11-27T21:15:30"))).contains(utc("2026-11-27T21:15:00"));
        assertThat(CronSchedule.parse("*/5 * * * *").lastFireAtOrBefore(utc("2026-11-27T10:59:59")))
                .contains(utc("2026-11-27T10:55:00"));
    }

    @Test
    void invalidExpressionNamesTheField() {
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("minute '61'");
    }
}
