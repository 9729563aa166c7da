package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.EnrichedTick;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static com.carbon254.ingestion.aggregate.AggregatorTest.LA;
import static com.carbon254.ingestion.aggregate.AggregatorTest.POLICY;
import static com.carbon254.ingestion.aggregate.AggregatorTest.caisoDay;
import static com.carbon254.ingestion.aggregate.AggregatorTest.only;
import static org.assertj.core.api.Assertions.assertThat;

/** The aggregator's state by operating day: what a batch needs reloaded, seeding it, and eviction. */
class AggregatorStateTest {
    static final LocalDate D = LocalDate.of(2024, 3, 13);
    /** A store that may hold any day: every day not whole here is to be loaded. */
    static final Aggregator.StoredUntil ANY_DAY = (tenant, iso, market) -> Instant.MAX;

    @Test
    void aRestartedAggregatorAsksForTheWholeDayAndItsLateRowThenGivesTheWholeDaysBar() {
        List<EnrichedTick> day = caisoDay(D);
        Aggregator before = new Aggregator(POLICY);
        Bar clean = only(before.apply(day), Component.LMP, "1d");

        Aggregator restarted = new Aggregator(POLICY);
        List<EnrichedTick> late = List.of(day.get(23));
        List<Aggregator.Load> loads = restarted.missing(late, ANY_DAY);
        assertThat(loads).hasSize(1);
        Aggregator.Load l = loads.get(0);
        assertThat(l.tenant()).isEqualTo("t1");
        assertThat(l.iso()).isEqualTo("CAISO");
        assertThat(l.market()).isEqualTo("DA_HOURLY");
        assertThat(l.days()).isEqualTo(Map.of("TH_NP15_GEN-APND", new java.util.TreeSet<>(List.of(D))));
        assertThat(l.from()).isEqualTo(D.atStartOfDay(LA).toInstant());
        assertThat(l.to()).isEqualTo(D.plusDays(1).atStartOfDay(LA).toInstant());

        restarted.seed(l, day.subList(0, 23)); // what the store holds: all but the late hour
        assertThat(restarted.missing(late, ANY_DAY)).as("the day is whole now").isEmpty();
        Bar rebuilt = only(restarted.apply(late), Component.LMP, "1d");
        assertThat(rebuilt).isEqualTo(clean);

        Aggregator unseeded = new Aggregator(POLICY);
        assertThat(only(unseeded.apply(late), Component.LMP, "1d").count()).as("what it did before: one hour")
                .isEqualTo(1);
    }

    @Test
    void seedingNeverOverwritesWhatThisInstanceApplied() {
        Aggregator agg = new Aggregator(POLICY);
        List<EnrichedTick> day = caisoDay(D);
        List<EnrichedTick> firstHour = List.of(AggregatorTest.tick("CAISO", "DA_HOURLY", "TH_NP15_GEN-APND",
                day.get(0).tick().intervalStart(), java.time.Duration.ofHours(1), D, 100));
        Aggregator.Load load = agg.missing(firstHour, ANY_DAY).get(0);
        agg.apply(firstHour); // applied while the load was in flight (a later batch cannot be; shown for the rule)
        agg.seed(load, day);
        Bar b = only(agg.apply(List.of(day.get(5))), Component.LMP, "1d");
        assertThat(b.open()).isEqualTo(100);
        assertThat(b.count()).isEqualTo(24);
    }

    @Test
    void daysBehindTheRetentionAreEvictedAndAskedForAgainWhenALateRowComes() {
        Aggregator agg = new Aggregator(POLICY); // state_retention_days: 3
        for (int i = 0; i < 5; i++) agg.apply(caisoDay(D.plusDays(i)));
        long perDay = 24;
        assertThat(agg.intervalsHeld()).as("the three newest days").isEqualTo(3 * perDay);
        List<EnrichedTick> lateForFirstDay = List.of(caisoDay(D).get(3));
        assertThat(agg.missing(lateForFirstDay, ANY_DAY)).hasSize(1);
        assertThat(agg.missing(List.of(caisoDay(D.plusDays(4)).get(3)), ANY_DAY)).isEmpty();
        assertThat(agg.missing(List.of(caisoDay(D.plusDays(2)).get(3)), ANY_DAY)).isEmpty();
        assertThat(agg.missing(List.of(caisoDay(D.plusDays(1)).get(3)), ANY_DAY)).as("evicted").hasSize(1);
        Instant first = caisoDay(D.plusDays(2)).get(0).tick().intervalStart();
        assertThat(first).isEqualTo(D.plusDays(2).atStartOfDay(LA).toInstant());
    }

    @Test
    void onlyDaysTheStoreMayHoldAreLoaded() {
        Aggregator agg = new Aggregator(POLICY);
        Instant dayStart = D.atStartOfDay(LA).toInstant();
        List<EnrichedTick> firstRow = List.of(caisoDay(D).get(0));
        assertThat(agg.missing(firstRow, (t, i, m) -> null)).as("an empty store: nothing to load").isEmpty();
        assertThat(agg.missing(firstRow, (t, i, m) -> dayStart)).as("stored up to the day's start: a new day")
                .isEmpty();
        assertThat(agg.missing(firstRow, (t, i, m) -> dayStart.plusSeconds(3600))).as("part of the day is stored")
                .hasSize(1);
        for (int i = 0; i < 5; i++) agg.apply(caisoDay(D.plusDays(i)));
        assertThat(agg.missing(firstRow, (t, i, m) -> null)).as("evicted here: stored by this very process")
                .hasSize(1);
    }

    @Test
    void retentionIsReadFromThePolicyFileAndValidated() {
        assertThat(POLICY.stateRetentionDays()).isEqualTo(3);
        Map<String, Object> y = new java.util.HashMap<>(com.carbon254.ingestion.pipeline.PolicyFile.yaml(
                "conf/aggregation_policies.yaml"));
        y.put("state_retention_days", 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AggregationPolicy.from(y, "a.yaml"))
                .hasMessageContaining("a.yaml: state_retention_days: expected a whole number of operating days 1..366,"
                        + " found '0'");
    }
}
