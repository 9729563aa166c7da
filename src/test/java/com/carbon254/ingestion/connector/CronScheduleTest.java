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
            // both day fields restricted: either matches; one of them *: the other alone decides
            "0 0 1 * MON,      2026-12-01T00:00:00, true",   // the 1st, a Tuesday: day-of-month matches
            "0 0 1 * MON,      2026-11-30T00:00:00, true",   // a Monday: day-of-week matches
            "0 0 1 * MON,      2026-11-29T00:00:00, false",  // neither
            "0 0 1 * *,        2026-11-30T00:00:00, false",  // day-of-week not restricted: the 1st only
            "0 0 * * MON,      2026-12-01T00:00:00, false",  // day-of-month not restricted: Mondays only
            "0 0 */2 * MON,    2026-11-30T00:00:00, true",   // a step restricts: the 30th is not odd, but a Monday
            "0 0 1-31 * MON,   2026-12-01T00:00:00, true",   // so does a range covering every day: either matches
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

    @ParameterizedTest(name = "at {0} → {1}")
    @CsvSource({
            "2026-11-27T21:15:00,          2026-11-27T21:15:00", // exactly at a firing: that firing, not the one before
            "2026-11-27T21:15:59.999999,   2026-11-27T21:15:00",
            "2026-11-27T21:14:59.999999,   2026-11-26T21:15:00",
            "2026-11-28T00:00:00,          2026-11-27T21:15:00",
    })
    void lastFireIsAtOrBeforeTheInstant(String at, String fire) {
        assertThat(CronSchedule.parse("15 21 * * *").lastFireAtOrBefore(utc(at))).contains(utc(fire));
    }

    @Test
    void lastFireFollowsTheDayOfMonthOrDayOfWeekRule() {
        CronSchedule s = CronSchedule.parse("0 12 1 * FRI");
        assertThat(s.lastFireAtOrBefore(utc("2026-12-03T00:00:00"))).contains(utc("2026-12-01T12:00:00"));
        assertThat(s.lastFireAtOrBefore(utc("2026-11-30T23:59:00"))).contains(utc("2026-11-27T12:00:00"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0 0 * * 7", "0 0 * * 0", "0 0 * * sun", "0 0 * * 5-7", "'0 0 * * FRI-SAT,7'", "0 0 * * 0-7/7"})
    void sundayIsBoth0And7(String expr) {
        CronSchedule s = CronSchedule.parse(expr);
        assertThat(s.matches(utc("2026-11-29T00:00:00"))).as("Sunday").isTrue();
        assertThat(s.matches(utc("2026-11-26T00:00:00"))).as("Thursday").isFalse();
        assertThat(s.lastFireAtOrBefore(utc("2026-11-26T10:00:00"))).contains(utc("2026-11-22T00:00:00"));
    }

    @Test
    void whatCronUtilsAloneRefusesOrReadsOtherwiseRunsAsBefore() {
        CronSchedule everyDay = CronSchedule.parse("0 0 * * SUN-SAT"); // cron-utils reads SUN as 7: 7-6
        assertThat(everyDay.matches(utc("2026-11-29T00:00:00"))).isTrue();
        assertThat(everyDay.matches(utc("2026-11-28T00:00:00"))).isTrue();
        CronSchedule sundays = CronSchedule.parse("0 0 * * 0-7/7"); // cron-utils maps the step 7 to 0
        assertThat(sundays.lastFireAtOrBefore(utc("2026-12-02T10:00:00"))).contains(utc("2026-11-29T00:00:00"));
        CronSchedule monWedFri = CronSchedule.parse("0 0 * * 1/2"); // cron-utils runs it on to 7 = Sunday
        assertThat(monWedFri.matches(utc("2026-11-25T00:00:00"))).isTrue();
        assertThat(monWedFri.matches(utc("2026-11-29T00:00:00"))).isFalse();
        CronSchedule hourly = CronSchedule.parse("*/60 * * * *"); // cron-utils refuses a step of 60
        assertThat(hourly.matches(utc("2026-11-27T10:00:00"))).isTrue();
        assertThat(hourly.lastFireAtOrBefore(utc("2026-11-27T10:59:00"))).contains(utc("2026-11-27T10:00:00"));
    }

    @Test
    void nothingOlderThanAboutTwoMonthsIsReported() {
        assertThat(CronSchedule.parse("0 0 1 JAN *").lastFireAtOrBefore(utc("2026-11-27T00:00:00"))).isEmpty();
        assertThat(CronSchedule.parse("0 0 1 JAN *").lastFireAtOrBefore(utc("2027-02-15T00:00:00")))
                .contains(utc("2027-01-01T00:00:00"));
        assertThat(CronSchedule.parse("0 0 31 2 *").lastFireAtOrBefore(utc("2026-11-27T00:00:00"))).isEmpty();
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "@daily        | '@daily' has 1 fields; expected 5 (minute hour day-of-month month day-of-week); no @"
                    + " macros (@daily is 0 0 * * *)",
            "@hourly       | '@hourly' has 1 fields; expected 5 (minute hour day-of-month month day-of-week); no @"
                    + " macros (@daily is 0 0 * * *)",
            "0 0 12 * * ?  | '0 0 12 * * ?' has 6 fields; expected 5 (minute hour day-of-month month day-of-week)",
            "0 0 ? * MON   | day-of-month '?': expected *, a value 1..31, a range or a step; ?, L, W and # are"
                    + " Quartz's, not the plain 5-field form",
            "0 0 L * *     | day-of-month 'L': expected *, a value 1..31, a range or a step; ?, L, W and # are"
                    + " Quartz's, not the plain 5-field form",
            "0 0 15W * *   | day-of-month '15W': expected *, a value 1..31, a range or a step; ?, L, W and # are"
                    + " Quartz's, not the plain 5-field form",
            "0 0 * * 5L    | day-of-week '5L': expected *, a value 0..7 or SUN..SAT, a range or a step; ?, L, W and #"
                    + " are Quartz's, not the plain 5-field form",
            "0 0 * * MON#2 | day-of-week 'MON#2': expected *, a value 0..7 or SUN..SAT, a range or a step; ?, L, W"
                    + " and # are Quartz's, not the plain 5-field form",
            "+5 * * * *    | minute '+5': expected *, a value 0..59, a range or a step",      // cron-utils alone: 5
            "0 0 * * FRI-SUN | day-of-week 'FRI-SUN': range start is after its end",         // cron-utils alone: 5-7
            "0 0 * JUL-MON * | month 'JUL-MON': expected 1..12 or JAN..DEC",
    })
    void refusedNamingTheFieldTheItemAndWhatIsExpected(String expr, String problem) {
        assertThat(CronSchedule.problems(expr)).containsExactly(problem);
        assertThatThrownBy(() -> CronSchedule.parse(expr)).hasMessage(problem);
    }
}
