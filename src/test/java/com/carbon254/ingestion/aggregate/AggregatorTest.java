package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.PolicyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AggregatorTest {
    static final AggregationPolicy POLICY = AggregationPolicy.from(PolicyFile.yaml("conf/aggregation_policies.yaml"),
            "conf/aggregation_policies.yaml");
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    static EnrichedTick tick(String iso, String market, String loc, Instant start, Duration len, LocalDate opDay,
                             double lmp) {
        Tick t = new Tick("t1", iso, market, loc, null, start, start.plus(len), opDay, "label", lmp, lmp - 1, 0.5, 0.5,
                Double.NaN, 0, "v1", "doc", 1);
        return new EnrichedTick(t, "hub", null, null, "power", "p");
    }

    /** Every hour of a CAISO operating day (local midnight to local midnight), values 1, 2, 3, … */
    static List<EnrichedTick> caisoDay(LocalDate day) {
        List<EnrichedTick> out = new ArrayList<>();
        Instant s = day.atStartOfDay(LA).toInstant();
        Instant e = day.plusDays(1).atStartOfDay(LA).toInstant();
        int i = 1;
        for (Instant t = s; t.isBefore(e); t = t.plus(Duration.ofHours(1))) {
            out.add(tick("CAISO", "DA_HOURLY", "TH_NP15_GEN-APND", t, Duration.ofHours(1), day, i++));
        }
        return out;
    }

    static Bar only(List<Bar> bars, Component c, String res) {
        List<Bar> m = bars.stream().filter(b -> b.component() == c && b.resolution().equals(res)).toList();
        assertThat(m).hasSize(1);
        return m.get(0);
    }

    @ParameterizedTest(name = "CAISO {0}: {1} hours")
    @CsvSource({"2020-01-02, 24", "2021-11-07, 25", "2021-03-14, 23"})
    void caisoOperatingDayHasItsRealHourCount(LocalDate day, int hours) {
        Aggregator agg = new Aggregator(POLICY);
        Bar b = only(agg.apply(caisoDay(day)), Component.LMP, "1d");
        assertThat(b.start()).isEqualTo(day.atStartOfDay(LA).toInstant());
        assertThat(b.end()).isEqualTo(day.plusDays(1).atStartOfDay(LA).toInstant());
        assertThat(b.expected()).isEqualTo(hours);
        assertThat(b.count()).isEqualTo(hours);
        assertThat(b.complete()).isTrue();
        assertThat(b.open()).isEqualTo(1);
        assertThat(b.close()).isEqualTo(hours);
        assertThat(b.high()).isEqualTo(hours);
        assertThat(b.low()).isEqualTo(1);
        assertThat(b.mean()).isCloseTo((hours + 1) / 2.0, within(1e-9));
    }

    @Test
    void misoDayIsFixedEstEvenOnDstDates() {
        Aggregator agg = new Aggregator(POLICY);
        LocalDate day = LocalDate.of(2021, 11, 7); // US fall-back: MISO's EST day still has 24 hours
        List<EnrichedTick> ticks = new ArrayList<>();
        for (int he = 1; he <= 24; he++) {
            Instant end = day.atStartOfDay(ZoneOffset.ofHours(-5)).toInstant().plus(Duration.ofHours(he));
            ticks.add(tick("MISO", "DA_HOURLY", "INDIANA.HUB", end.minus(Duration.ofHours(1)), Duration.ofHours(1), day, he));
        }
        Bar b = only(agg.apply(ticks), Component.LMP, "1d");
        assertThat(b.start()).isEqualTo(Instant.parse("2021-11-07T05:00:00Z"));
        assertThat(b.expected()).isEqualTo(24);
        assertThat(b.complete()).isTrue();
    }

    @Test
    void missingHourMakesTheBarIncompleteAndALateRowCompletesItExactly() {
        Aggregator agg = new Aggregator(POLICY);
        List<EnrichedTick> day = caisoDay(LocalDate.of(2020, 1, 2));
        EnrichedTick late = day.remove(5);
        Bar partial = only(agg.apply(day), Component.LMP, "1d");
        assertThat(partial.count()).isEqualTo(23);
        assertThat(partial.complete()).isFalse();

        Bar full = only(agg.apply(List.of(late)), Component.LMP, "1d");
        Bar clean = only(new Aggregator(POLICY).apply(caisoDay(LocalDate.of(2020, 1, 2))), Component.LMP, "1d");
        assertThat(full).isEqualTo(clean);
    }

    @Test
    void reImportAndRevisionsRecomputeInsteadOfDoubleCounting() {
        Aggregator agg = new Aggregator(POLICY);
        List<EnrichedTick> day = caisoDay(LocalDate.of(2020, 1, 2));
        agg.apply(day);
        Bar again = only(agg.apply(day), Component.LMP, "1d");
        assertThat(again.count()).isEqualTo(24);
        assertThat(again.mean()).isCloseTo(12.5, within(1e-9));

        EnrichedTick first = day.get(0);
        EnrichedTick corrected = tick("CAISO", "DA_HOURLY", "TH_NP15_GEN-APND", first.tick().intervalStart(),
                Duration.ofHours(1), first.tick().operatingDay(), 100);
        Bar revised = only(agg.apply(List.of(corrected)), Component.LMP, "1d");
        assertThat(revised.open()).isEqualTo(100);
        assertThat(revised.high()).isEqualTo(100);
        assertThat(revised.count()).isEqualTo(24);
        assertThat(revised.mean()).isCloseTo((300 - 1 + 100) / 24.0, within(1e-9));
    }

    @Test
    void realTimeFiveMinuteTicksMakeHourlyAndDailyBars() {
        Aggregator agg = new Aggregator(POLICY);
        LocalDate day = LocalDate.of(2020, 1, 2);
        Instant h = Instant.parse("2020-01-02T10:00:00Z");
        List<EnrichedTick> ticks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ticks.add(tick("CAISO", "RT_5MIN", "X", h.plus(Duration.ofMinutes(5L * i)), Duration.ofMinutes(5), day, i));
        }
        List<Bar> bars = agg.apply(ticks);
        Bar hour = only(bars, Component.LMP, "1h");
        assertThat(hour.start()).isEqualTo(h);
        assertThat(hour.expected()).isEqualTo(12);
        assertThat(hour.complete()).isTrue();
        assertThat(hour.close()).isEqualTo(11);
        Bar d = only(bars, Component.LMP, "1d");
        assertThat(d.expected()).isEqualTo(288);
        assertThat(d.count()).isEqualTo(12);
        assertThat(d.complete()).isFalse();
    }

    @Test
    void componentsAllAbsentMakeNoBar() {
        List<Bar> bars = new Aggregator(POLICY).apply(caisoDay(LocalDate.of(2020, 1, 2)));
        assertThat(bars).extracting(Bar::component)
                .containsExactlyInAnyOrder(Component.LMP, Component.ENERGY, Component.CONGESTION, Component.LOSS);
    }
}
