package com.carbon254.ingestion.connector.fetch;

import com.carbon254.ingestion.connector.ConnectorSpec;
import com.carbon254.ingestion.connector.ConnectorSpecs;
import com.carbon254.ingestion.connector.fetch.Windows.Window;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowsTest {
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final ZoneId EST = ZoneId.of("-05:00");

    /** As in connectors/caiso/connector.yaml, lmp_da_hourly. */
    static final ConnectorSpec.Window CAISO_DA = new ConnectorSpec.Window(Duration.ofDays(1), Duration.ofDays(31), LA,
            Duration.ofDays(1), Duration.ofDays(2));
    /** As in connectors/caiso/connector.yaml, lmp_rt_5min. */
    static final ConnectorSpec.Window CAISO_RT = new ConnectorSpec.Window(Duration.ofHours(1), Duration.ofHours(1), LA,
            Duration.ofHours(-1), Duration.ofHours(2));
    /** As in connectors/miso/connector.yaml, lmp_da_expost. */
    static final ConnectorSpec.Window MISO_DA = new ConnectorSpec.Window(Duration.ofDays(1), Duration.ofDays(1), EST,
            Duration.ofDays(1), Duration.ofDays(3));
    /** As in connectors/miso/connector.yaml, lmp_rt_5min. */
    static final ConnectorSpec.Window MISO_RT = new ConnectorSpec.Window(Duration.ofMinutes(5), Duration.ofMinutes(5),
            EST, Duration.ofMinutes(-5), Duration.ZERO);

    private static final Map<String, ConnectorSpec.Window> RULES = Map.of("CAISO_DA", CAISO_DA, "CAISO_RT", CAISO_RT,
            "MISO_DA", MISO_DA, "MISO_RT", MISO_RT);

    @Test
    void theRulesHereAreTheShippedOnes() {
        ConnectorSpecs specs = ConnectorSpecs.load(IsoSamples.projectRoot().resolve("connectors"));
        assertThat(specs.byName("caiso").orElseThrow().datasets()).extracting(ConnectorSpec.Dataset::window)
                .containsExactly(CAISO_DA, CAISO_RT);
        assertThat(specs.byName("miso").orElseThrow().datasets()).extracting(ConnectorSpec.Dataset::window)
                .containsExactly(MISO_DA, MISO_DA, MISO_RT);
    }

    @ParameterizedTest(name = "{0} [{1}, {2}) -> {3} windows, first {4} .. {5} ({6})")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // rules  | from       | to         | n   | first start          | first end            | first day
            "CAISO_DA | 2024-01-01 | 2024-02-10 | 2   | 2024-01-01T08:00:00Z | 2024-02-01T08:00:00Z | -",
            "CAISO_DA | 2024-01-15 | 2024-01-16 | 1   | 2024-01-15T08:00:00Z | 2024-01-16T08:00:00Z | 2024-01-15",
            "CAISO_DA | 2024-07-16 | 2024-07-17 | 1   | 2024-07-16T07:00:00Z | 2024-07-17T07:00:00Z | 2024-07-16",
            // fall-back day: 25 hours; spring-forward day: 23 hours
            "CAISO_DA | 2024-11-03 | 2024-11-04 | 1   | 2024-11-03T07:00:00Z | 2024-11-04T08:00:00Z | 2024-11-03",
            "CAISO_DA | 2024-03-10 | 2024-03-11 | 1   | 2024-03-10T08:00:00Z | 2024-03-11T07:00:00Z | 2024-03-10",
            // 31 days across the fall-back: one request, bounded by local midnights of different offsets
            "CAISO_DA | 2024-10-20 | 2024-11-20 | 1   | 2024-10-20T07:00:00Z | 2024-11-20T08:00:00Z | -",
            "CAISO_DA | 2024-10-20 | 2024-11-21 | 2   | 2024-10-20T07:00:00Z | 2024-11-20T08:00:00Z | -",
            "CAISO_DA | 2024-01-15 | 2024-01-15 | 0   | -                    | -                    | -",
            "CAISO_RT | 2024-11-03 | 2024-11-04 | 25  | 2024-11-03T07:00:00Z | 2024-11-03T08:00:00Z | 2024-11-03",
            "CAISO_RT | 2024-03-10 | 2024-03-11 | 23  | 2024-03-10T08:00:00Z | 2024-03-10T09:00:00Z | 2024-03-10",
            "CAISO_RT | 2024-07-16 | 2024-07-18 | 48  | 2024-07-16T07:00:00Z | 2024-07-16T08:00:00Z | 2024-07-16",
            // MISO is EST all year: no DST day is special
            "MISO_DA  | 2024-01-15 | 2024-01-18 | 3   | 2024-01-15T05:00:00Z | 2024-01-16T05:00:00Z | 2024-01-15",
            "MISO_DA  | 2024-03-10 | 2024-03-11 | 1   | 2024-03-10T05:00:00Z | 2024-03-11T05:00:00Z | 2024-03-10",
            "MISO_DA  | 2024-11-03 | 2024-11-04 | 1   | 2024-11-03T05:00:00Z | 2024-11-04T05:00:00Z | 2024-11-03",
            "MISO_RT  | 2024-11-03 | 2024-11-04 | 288 | 2024-11-03T05:00:00Z | 2024-11-03T05:05:00Z | 2024-11-03",
    })
    void splitsOperatingDaysIntoRequests(String rules, LocalDate from, LocalDate to, int n, Instant firstStart,
                                         Instant firstEnd, LocalDate firstDay) {
        ConnectorSpec.Window r = RULES.get(rules);
        List<Window> ws = Windows.split(r, from, to);

        assertThat(ws).hasSize(n);
        if (n == 0) return;
        assertThat(ws.get(0)).isEqualTo(new Window(firstStart, firstEnd, firstDay));
        // contiguous, from the first local midnight to the last, none longer than max_span allows
        assertThat(ws.get(0).start()).isEqualTo(from.atStartOfDay(r.align()).toInstant());
        assertThat(ws.get(n - 1).end()).isEqualTo(to.atStartOfDay(r.align()).toInstant());
        for (int i = 1; i < n; i++) assertThat(ws.get(i).start()).isEqualTo(ws.get(i - 1).end());
        long maxDays = Math.max(1, r.maxSpan().toDays());
        assertThat(ws).allSatisfy(w -> assertThat(w.length())
                .isLessThanOrEqualTo(r.maxSpan().compareTo(Duration.ofDays(1)) >= 0
                        ? Duration.ofDays(maxDays).plusHours(1) : r.maxSpan()));
    }

    @Test
    void fortyDaysOfCaisoDayAheadAreTwoRequestsOf31And9Days() {
        List<Window> ws = Windows.split(CAISO_DA, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 10));
        assertThat(ws).containsExactly(
                new Window(Instant.parse("2024-01-01T08:00:00Z"), Instant.parse("2024-02-01T08:00:00Z"), null),
                new Window(Instant.parse("2024-02-01T08:00:00Z"), Instant.parse("2024-02-10T08:00:00Z"), null));
        assertThat(ws).extracting(w -> w.length().toDays()).containsExactly(31L, 9L);
    }

    @Test
    void theLastHourOfTheFallBackDayEndsAtTheNextLocalMidnight() {
        List<Window> ws = Windows.split(CAISO_RT, LocalDate.of(2024, 11, 3), LocalDate.of(2024, 11, 4));
        assertThat(ws.get(24)).isEqualTo(new Window(Instant.parse("2024-11-04T07:00:00Z"),
                Instant.parse("2024-11-04T08:00:00Z"), LocalDate.of(2024, 11, 3)));
    }

    @Test
    void aPieceThatDoesNotDivideTheDayIsClippedAtMidnight() {
        ConnectorSpec.Window sevenHours = new ConnectorSpec.Window(Duration.ofHours(1), Duration.ofHours(7), EST,
                Duration.ZERO, Duration.ZERO);
        assertThat(Windows.split(sevenHours, LocalDate.of(2024, 1, 15), LocalDate.of(2024, 1, 16)))
                .extracting(w -> w.length().toHours()).containsExactly(7L, 7L, 7L, 3L);
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> Windows.split(MISO_DA, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends before it starts");
    }

    @ParameterizedTest(name = "{0} run at {1}")
    @CsvSource(delimiter = '|', value = {
            // 14:30 EST on 2024-01-15: tomorrow's day-ahead plus three days back
            "MISO_DA  | 2024-01-15T19:30:00Z | 2024-01-13T05:00:00Z | 2024-01-17T05:00:00Z | 4",
            // 13:15 PST on 2024-01-15: tomorrow's trade date plus two days back, in one request (max_span P31D)
            "CAISO_DA | 2024-01-15T21:15:00Z | 2024-01-14T08:00:00Z | 2024-01-17T08:00:00Z | 1",
            // 02:10 PDT: the hour that just ended (01:00-02:00) and two before it
            "CAISO_RT | 2024-07-16T09:10:00Z | 2024-07-16T06:00:00Z | 2024-07-16T09:00:00Z | 3",
            // 12:05:30 EST: the interval that just ended
            "MISO_RT  | 2024-01-15T17:05:30Z | 2024-01-15T17:00:00Z | 2024-01-15T17:05:00Z | 1",
    })
    void aRunFetchesItsAlignedWindowPlusTheLookback(String rules, Instant runAt, Instant start, Instant end, int n) {
        List<Window> ws = Windows.forRun(RULES.get(rules), runAt);
        assertThat(ws).hasSize(n);
        assertThat(ws.get(0).start()).isEqualTo(start);
        assertThat(ws.get(n - 1).end()).isEqualTo(end);
    }

    // ------------------------------------------------------------------ url

    private static final Window JAN15_PST = new Window(Instant.parse("2024-01-15T08:00:00Z"),
            Instant.parse("2024-01-16T08:00:00Z"), LocalDate.of(2024, 1, 15));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "${CAISO_OASIS_URL}/SingleZip?queryname=PRC_LMP&startdatetime={start}&enddatetime={end}"
                    + " | http://oasis.test/oasisapi/SingleZip?queryname=PRC_LMP&startdatetime=20240115T08:00-0000"
                    + "&enddatetime=20240116T08:00-0000",
            "${MISO_REPORTS_URL}/{yyyyMMdd}_da_expost_lmp.csv | https://reports.test/mr/20240115_da_expost_lmp.csv",
            "https://fixed.test/x?d={yyyyMMdd}&k=${KEY} | https://fixed.test/x?d=20240115&k=a$b\\c",
            "https://fixed.test/no/placeholders | https://fixed.test/no/placeholders",
    })
    void fillsTheEndpointTemplate(String template, String expected) {
        Map<String, String> env = Map.of("CAISO_OASIS_URL", "http://oasis.test/oasisapi",
                "MISO_REPORTS_URL", "https://reports.test/mr", "KEY", "a$b\\c");
        assertThat(Windows.url(template, JAN15_PST, env)).isEqualTo(expected);
    }

    @Test
    void oasisTimesAreUtcOnTheDstDay() {
        Window w = Windows.split(CAISO_DA, LocalDate.of(2024, 11, 3), LocalDate.of(2024, 11, 4)).get(0);
        assertThat(Windows.url("http://o/x?s={start}&e={end}", w, Map.of()))
                .isEqualTo("http://o/x?s=20241103T07:00-0000&e=20241104T08:00-0000");
    }

    @Test
    void aMissingVariableIsNamed() {
        assertThatThrownBy(() -> Windows.url("${MISO_API_URL}/x/{yyyyMMdd}", JAN15_PST, Map.of("OTHER", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MISO_API_URL");
    }

    @Test
    void anUnknownPlaceholderIsRefused() {
        assertThatThrownBy(() -> Windows.url("https://x/{date}", JAN15_PST, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown placeholder {date}");
    }

    @Test
    void aDailyFileNameNeedsAOneDayWindow() {
        Window month = Windows.split(CAISO_DA, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1)).get(0);
        assertThat(month.operatingDay()).isNull();
        assertThatThrownBy(() -> Windows.url("https://x/{yyyyMMdd}.csv", month, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one operating day");
    }

    /** PJM's inclusive ranges in prevailing Eastern time, ISO-NE's and ERCOT's days, SPP's local interval file names. */
    @Test
    void patternedPlaceholdersFormatTheWindowInItsZoneOrInUtc() {
        java.time.ZoneId ny = java.time.ZoneId.of("America/New_York");
        Window fallBack = new Window(java.time.Instant.parse("2024-11-03T04:00:00Z"),
                java.time.Instant.parse("2024-11-04T05:00:00Z"), LocalDate.of(2024, 11, 3));
        assertThat(Windows.url("https://api/da?ept={start:yyyy-MM-dd'T'HH:mm}to{last:yyyy-MM-dd'T'HH:mm}"
                + "&utc={start_utc:yyyy-MM-dd HH:mm}to{end_utc:HH:mm}&d={day:yyyyMMdd}&l={last_utc:HH:mm}",
                fallBack, ny, Map.of(), Map.of()))
                .isEqualTo("https://api/da?ept=2024-11-03T00:00to2024-11-03T23:59&utc=2024-11-03 04:00to05:00"
                        + "&d=20241103&l=04:59");
        java.time.ZoneId chicago = java.time.ZoneId.of("America/Chicago");
        Window fiveMin = new Window(java.time.Instant.parse("2025-03-31T13:35:00Z"),
                java.time.Instant.parse("2025-03-31T13:40:00Z"), null);
        assertThat(Windows.url("${SPP}/{end:yyyy}/{end:MM}/By_Interval/{end:dd}/RTBM-LMP-SL-{end:yyyyMMddHHmm}.csv",
                fiveMin, chicago, Map.of("SPP", "https://portal"), Map.of()))
                .isEqualTo("https://portal/2025/03/By_Interval/31/RTBM-LMP-SL-202503310840.csv");
        assertThat(Windows.url("${M}/mirDownload?doclookupId={doc}", fiveMin, chicago, Map.of("M", "https://e"),
                Map.of("doc", "1049861718"))).isEqualTo("https://e/mirDownload?doclookupId=1049861718");
    }

    /** SPP writes the fall-back hour's second pass as …0105d.csv: only the later of two equal local times gets it. */
    @Test
    void theRepeatTextMarksOnlyTheSecondPassThroughTheFallBackHour() {
        java.time.ZoneId chicago = java.time.ZoneId.of("America/Chicago");
        String t = "x/RTBM-LMP-SL-{end:yyyyMMddHHmm}{end_repeat:d}.csv";
        java.util.function.Function<String, String> end = utc -> Windows.url(t, new Window(
                java.time.Instant.parse(utc).minusSeconds(300), java.time.Instant.parse(utc), null), chicago,
                Map.of(), Map.of());
        assertThat(end.apply("2024-11-03T06:05:00Z")).isEqualTo("x/RTBM-LMP-SL-202411030105.csv");
        assertThat(end.apply("2024-11-03T07:05:00Z")).isEqualTo("x/RTBM-LMP-SL-202411030105d.csv");
        assertThat(end.apply("2024-11-03T07:00:00Z")).isEqualTo("x/RTBM-LMP-SL-202411030100d.csv");
        assertThat(end.apply("2024-11-03T08:00:00Z")).isEqualTo("x/RTBM-LMP-SL-202411030200.csv");
        assertThat(end.apply("2024-07-03T08:00:00Z")).isEqualTo("x/RTBM-LMP-SL-202407030300.csv");
        assertThat(Windows.placeholderProblem("end_repeat:d", java.util.Set.of())).isNull();
        assertThat(Windows.placeholderProblem("end_repeat:", java.util.Set.of())).contains("missing");
    }

    @Test
    void aBadPatternOrAnUnsuppliedPlaceholderIsNamed() {
        assertThat(Windows.placeholderProblem("day:yyyy-MM-dd", java.util.Set.of())).isNull();
        assertThat(Windows.placeholderProblem("start:HH:mm", java.util.Set.of())).isNull();
        assertThat(Windows.placeholderProblem("day:HH:mm", java.util.Set.of())).contains("not a date pattern");
        assertThat(Windows.placeholderProblem("start:qqqqqq", java.util.Set.of())).contains("not a date-time pattern");
        assertThat(Windows.placeholderProblem("when:yyyy", java.util.Set.of())).contains("unknown placeholder");
        assertThat(Windows.placeholderProblem("doc", java.util.Set.of())).contains("unknown placeholder {doc}");
        assertThat(Windows.placeholderProblem("doc", java.util.Set.of("doc"))).isNull();
        assertThatThrownBy(() -> Windows.url("https://x/{doc}", JAN15_PST, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown placeholder {doc}");
    }
}
