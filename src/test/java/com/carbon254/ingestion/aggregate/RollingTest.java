package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.pipeline.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.carbon254.ingestion.aggregate.AggregatorTest.POLICY;
import static com.carbon254.ingestion.aggregate.AggregatorTest.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RollingTest {
    static final Instant T = Instant.parse("2024-05-01T00:00:00Z");
    static final Duration M5 = Duration.ofMinutes(5);

    static EnrichedTick rt(int i, double lmp) {
        return tick("MISO", "RT_5MIN", "ALTW.WELLS1", T.plus(M5.multipliedBy(i)), M5, null, lmp);
    }

    static List<RollingMetric> lmp(List<RollingMetric> all) {
        return all.stream().filter(m -> m.component() == Component.LMP).toList();
    }

    static RollingMetric endingAt(List<RollingMetric> all, int i) {
        Instant end = T.plus(M5.multipliedBy(i + 1));
        List<RollingMetric> m = lmp(all).stream().filter(x -> x.windowEnd().equals(end)).toList();
        assertThat(m).hasSize(1);
        return m.get(0);
    }

    @Test
    void defaultPolicyHas12x5mAnd24x1h() {
        assertThat(POLICY.rollingWindows("RT_5MIN")).containsExactly(12);
        assertThat(POLICY.rollingWindows("RT_HOURLY")).containsExactly(24);
        assertThat(POLICY.rollingWindows("DA_HOURLY")).as("shipped off: see conf/aggregation_policies.yaml").isEmpty();
        assertThat(Rolling.windowName(12, 300)).isEqualTo("12x5m");
        assertThat(Rolling.windowName(24, 3600)).isEqualTo("24x1h");
    }

    @Test
    void windowStatisticsOverTheLast12IntervalsWithPopulationStddev() {
        Aggregator agg = new Aggregator(POLICY);
        List<EnrichedTick> in = new ArrayList<>();
        for (int i = 0; i < 14; i++) in.add(rt(i, i + 1)); // 1..14
        List<RollingMetric> out = agg.applyAll(in).rolling();
        assertThat(lmp(out)).hasSize(14).allMatch(m -> m.window().equals("12x5m"));
        RollingMetric first = endingAt(out, 0);
        assertThat(first.count()).isEqualTo(1);
        assertThat(first.stddev()).isEqualTo(0);
        RollingMetric last = endingAt(out, 13); // values 3..14
        assertThat(last.count()).isEqualTo(12);
        assertThat(last.windowEnd()).isEqualTo(T.plus(M5.multipliedBy(14)));
        assertThat(last.mean()).isCloseTo(8.5, within(1e-12));
        assertThat(last.min()).isEqualTo(3);
        assertThat(last.max()).isEqualTo(14);
        // population variance of 12 consecutive integers = (12² - 1) / 12
        assertThat(last.stddev()).isCloseTo(Math.sqrt((144 - 1) / 12.0), within(1e-12));
    }

    @Test
    void aRevisionRecomputesEveryWindowThatContainsItExactly() {
        Aggregator agg = new Aggregator(POLICY);
        List<EnrichedTick> in = new ArrayList<>();
        for (int i = 0; i < 20; i++) in.add(rt(i, 10));
        agg.applyAll(in);
        List<RollingMetric> out = agg.applyAll(List.of(rt(5, 70))).rolling();
        // windows ending at intervals 5..16 contain interval 5
        assertThat(lmp(out)).hasSize(12);
        for (int end = 5; end <= 16; end++) {
            RollingMetric m = endingAt(out, end);
            int n = Math.min(end + 1, 12);
            assertThat(m.count()).isEqualTo(n);
            assertThat(m.max()).isEqualTo(70);
            assertThat(m.mean()).isCloseTo((10.0 * (n - 1) + 70) / n, within(1e-12));
        }
        // the same result a clean single pass gives
        Aggregator clean = new Aggregator(POLICY);
        in.set(5, rt(5, 70));
        List<RollingMetric> all = clean.applyAll(in).rolling();
        assertThat(endingAt(all, 16)).isEqualTo(endingAt(out, 16));
    }

    @Test
    void lateIntervalAndGapsCountOnlyIntervalsPresent() {
        Aggregator agg = new Aggregator(POLICY);
        agg.applyAll(List.of(rt(0, 1), rt(2, 3)));
        List<RollingMetric> out = agg.applyAll(List.of(rt(1, 2))).rolling();
        assertThat(endingAt(out, 1).count()).isEqualTo(2);
        assertThat(endingAt(out, 2).count()).isEqualTo(3);
        assertThat(endingAt(out, 2).mean()).isCloseTo(2, within(1e-12));
        assertThat(lmp(out)).hasSize(2);
    }

    @Test
    void absentComponentsGiveNoMetric() {
        List<RollingMetric> out = new Aggregator(POLICY).applyAll(List.of(rt(0, 5))).rolling();
        assertThat(out).noneMatch(m -> m.component() == Component.GHG);
        assertThat(out).anyMatch(m -> m.component() == Component.ENERGY);
    }

    @Test
    void badRollingSectionIsRefusedWithFileAndKey() {
        Map<String, Object> y = Map.of("markets", Map.of("RT_5MIN", Map.of("interval", "5m", "resolutions", List.of("1h"))),
                "rolling", Map.of("RT_5MIN", List.of(0, "x"), "NOPE", List.of(3)));
        assertThatThrownBy(() -> AggregationPolicy.from(y, "p.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("p.yaml: rolling.RT_5MIN: window size '0'")
                .hasMessageContaining("p.yaml: rolling.RT_5MIN: window size 'x'")
                .hasMessageContaining("p.yaml: rolling.NOPE: market 'NOPE' is not under markets");
    }
}
