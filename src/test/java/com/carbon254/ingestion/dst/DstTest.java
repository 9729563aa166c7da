package com.carbon254.ingestion.dst;

import com.carbon254.ingestion.aggregate.AggregationPolicy;
import com.carbon254.ingestion.aggregate.Aggregator;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.caiso.CaisoConnector;
import com.carbon254.ingestion.iso.miso.MisoConnector;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.pipeline.PolicyFile;
import com.carbon254.ingestion.testing.DstFixtures;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.carbon254.ingestion.testing.DstFixtures.CAISO_NODES;
import static com.carbon254.ingestion.testing.DstFixtures.FALL_BACK;
import static com.carbon254.ingestion.testing.DstFixtures.MISO_NODES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * DST days through the pure cores (connector → normalizer → aggregator), on files written from DOMAIN.md
 * ({@link DstFixtures}): CAISO's 25-hour fall-back day with OPR_HR 25 between 2 and 3, its 23-hour spring-forward
 * day without OPR_HR 3, the 5-minute prices of the repeated hour, and MISO's fixed-EST 24-hour days on both dates.
 */
class DstTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final AggregationPolicy POLICY = AggregationPolicy.from(PolicyFile.yaml("conf/aggregation_policies.yaml"),
            "conf/aggregation_policies.yaml");

    static List<Tick> run(Connector c, String name, byte[] content) throws Exception {
        Extraction x = c.extract(IsoSamples.document(c.name(), name, content));
        assertThat(x.rejections()).isEmpty();
        NormalizeResult r = new Normalizer().normalize(x.records());
        assertThat(r.rejected()).isEmpty();
        return r.ticks();
    }

    static List<Tick> caisoDam(LocalDate day, Set<Integer> skip) throws Exception {
        return run(new CaisoConnector(), "dst.zip", DstFixtures.caisoDamZip(day, CAISO_NODES, skip));
    }

    static List<Tick> of(List<Tick> ticks, String node) {
        return ticks.stream().filter(t -> t.location().equals(node))
                .sorted(Comparator.comparing(Tick::intervalStart)).toList();
    }

    static List<Bar> aggregate(List<Tick> ticks) {
        Aggregator agg = new Aggregator(POLICY);
        return agg.apply(ticks.stream().map(t -> new EnrichedTick(t, "hub", null, null, "power", "p")).toList());
    }

    static Bar bar(List<Bar> bars, String node, String resolution, Instant start) {
        List<Bar> m = bars.stream().filter(b -> b.location().equals(node) && b.component() == Component.LMP
                && b.resolution().equals(resolution) && b.start().equals(start)).toList();
        assertThat(m).as(node + " " + resolution + " " + start).hasSize(1);
        return m.get(0);
    }

    /** OPR_HR of a CAISO tick from its audit label ({@code 2024-11-03 HR 25}). */
    static int oprHr(Tick t) {
        String l = t.localLabel();
        String after = l.substring(l.indexOf("HR ") + 3);
        int sp = after.indexOf(' ');
        return Integer.parseInt(sp < 0 ? after : after.substring(0, sp));
    }

    @Test
    void fixturesGmtColumnsAgreeWithTheTzDatabase() {
        // the fixture's hand-written GMT hours tile exactly the local operating day, whatever java.time says
        for (LocalDate day : List.of(FALL_BACK, DstFixtures.SPRING_FORWARD)) {
            List<DstFixtures.CaisoHour> hours = DstFixtures.caisoHours(day);
            assertThat(hours.get(0).start()).isEqualTo(day.atStartOfDay(LA).toInstant());
            assertThat(hours.get(hours.size() - 1).end()).isEqualTo(day.plusDays(1).atStartOfDay(LA).toInstant());
        }
        assertThat(DstFixtures.caisoHours(FALL_BACK).get(0).start()).isEqualTo(Instant.parse("2024-11-03T07:00:00Z"));
        assertThat(DstFixtures.caisoHours(FALL_BACK).get(24).end()).isEqualTo(Instant.parse("2024-11-04T08:00:00Z"));
        assertThat(DstFixtures.caisoHours(DstFixtures.SPRING_FORWARD).get(22).end())
                .isEqualTo(Instant.parse("2024-03-11T07:00:00Z"));
    }

    @ParameterizedTest(name = "CAISO DAM {0}: {1} hours, OPR_HRs in time order {2}")
    @CsvSource(delimiter = '|', value = {
            "2024-11-03 | 25 | 1 2 25 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24",
            "2024-03-10 | 23 | 1 2 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24"})
    void caisoTicksTileTheOperatingDayHourByHour(LocalDate day, int hours, String order) throws Exception {
        List<Tick> ticks = caisoDam(day, Set.of());
        assertThat(ticks).hasSize(CAISO_NODES.size() * hours);
        Instant dayStart = day.atStartOfDay(LA).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(LA).toInstant();
        List<Integer> expectedOrder = java.util.Arrays.stream(order.split(" ")).map(Integer::valueOf).toList();
        for (int n = 0; n < CAISO_NODES.size(); n++) {
            List<Tick> ts = of(ticks, CAISO_NODES.get(n));
            assertThat(ts).hasSize(hours);
            assertThat(ts.get(0).intervalStart()).isEqualTo(dayStart);
            assertThat(ts.get(hours - 1).intervalEnd()).isEqualTo(dayEnd);
            for (int i = 0; i < hours; i++) {
                Tick t = ts.get(i);
                assertThat(Duration.between(t.intervalStart(), t.intervalEnd())).as(t.localLabel())
                        .isEqualTo(Duration.ofHours(1));
                assertThat(t.operatingDay()).as(t.localLabel()).isEqualTo(day);
                if (i > 0) {
                    // strictly increasing, and each hour starts where the previous ended: no gap, no overlap
                    assertThat(t.intervalStart()).as(t.localLabel()).isEqualTo(ts.get(i - 1).intervalEnd());
                }
                assertThat(t.lmp()).as(t.localLabel()).isEqualTo(DstFixtures.caisoDamLmp(n, oprHr(t)));
                assertThat(t.lmp()).isCloseTo(t.energy() + t.congestion() + t.loss(), within(0.01));
            }
            assertThat(ts.stream().map(DstTest::oprHr).toList()).isEqualTo(expectedOrder);
            assertThat(ts.stream().map(Tick::intervalStart).collect(Collectors.toSet())).hasSize(hours);
        }
    }

    @Test
    void theRepeatedOneAmHourIsTwoDistinctInstants() throws Exception {
        List<Tick> ts = of(caisoDam(FALL_BACK, Set.of()), CAISO_NODES.get(0));
        Tick first = ts.stream().filter(t -> oprHr(t) == 2).findFirst().orElseThrow();
        Tick repeat = ts.stream().filter(t -> oprHr(t) == 25).findFirst().orElseThrow();
        Tick three = ts.stream().filter(t -> oprHr(t) == 3).findFirst().orElseThrow();
        assertThat(first.intervalStart()).isEqualTo(Instant.parse("2024-11-03T08:00:00Z")); // 01:00 PDT
        assertThat(repeat.intervalStart()).isEqualTo(Instant.parse("2024-11-03T09:00:00Z")); // 01:00 PST
        assertThat(three.intervalStart()).isEqualTo(Instant.parse("2024-11-03T10:00:00Z")); // 02:00 PST
        assertThat(first.intervalStart().atZone(LA).toLocalTime())
                .isEqualTo(repeat.intervalStart().atZone(LA).toLocalTime());
        assertThat(first.intervalStart()).isNotEqualTo(repeat.intervalStart());
        assertThat(repeat.localLabel()).isEqualTo("2024-11-03 HR 25");
        assertThat(first.lmp()).isNotEqualTo(repeat.lmp());
    }

    @Test
    void springForwardHasNoHourThree() throws Exception {
        List<Tick> ts = of(caisoDam(DstFixtures.SPRING_FORWARD, Set.of()), CAISO_NODES.get(1));
        assertThat(ts).noneMatch(t -> oprHr(t) == 3);
        Tick two = ts.stream().filter(t -> oprHr(t) == 2).findFirst().orElseThrow();
        Tick four = ts.stream().filter(t -> oprHr(t) == 4).findFirst().orElseThrow();
        assertThat(two.intervalStart()).isEqualTo(Instant.parse("2024-03-10T09:00:00Z"));  // 01:00 PST
        assertThat(four.intervalStart()).isEqualTo(Instant.parse("2024-03-10T10:00:00Z")); // 03:00 PDT
    }

    @ParameterizedTest(name = "CAISO {0} without OPR_HR {2}: 1d bar expected {1}, complete only when whole")
    @CsvSource({"2024-11-03, 25, 0", "2024-11-03, 25, 25", "2024-11-03, 25, 2", "2024-11-03, 25, 24",
            "2024-03-10, 23, 0", "2024-03-10, 23, 4", "2024-03-10, 23, 1"})
    void caisoDailyBarCountsTheDaysRealHours(LocalDate day, int hours, int missing) throws Exception {
        List<Tick> ticks = caisoDam(day, missing == 0 ? Set.of() : Set.of(missing));
        List<Bar> bars = aggregate(ticks);
        Instant start = day.atStartOfDay(LA).toInstant();
        for (int n = 0; n < CAISO_NODES.size(); n++) {
            Bar b = bar(bars, CAISO_NODES.get(n), "1d", start);
            assertThat(b.end()).isEqualTo(day.plusDays(1).atStartOfDay(LA).toInstant());
            assertThat(b.expected()).isEqualTo(hours);
            assertThat(b.count()).isEqualTo(missing == 0 ? hours : hours - 1);
            assertThat(b.complete()).isEqualTo(missing == 0);
            int nn = n;
            List<Integer> present = DstFixtures.caisoHours(day).stream().map(DstFixtures.CaisoHour::oprHr)
                    .filter(h -> h != missing).toList();
            double mean = present.stream().mapToDouble(h -> DstFixtures.caisoDamLmp(nn, h)).average().orElseThrow();
            assertThat(b.mean()).isCloseTo(mean, within(1e-9));
            assertThat(b.open()).isEqualTo(DstFixtures.caisoDamLmp(n, present.get(0)));
            assertThat(b.close()).isEqualTo(DstFixtures.caisoDamLmp(n, present.get(present.size() - 1)));
        }
        assertThat(bars).noneMatch(b -> b.resolution().equals("1d") && !b.start().equals(start));
    }

    @Test
    void realTimeFiveMinutePricesOfTheRepeatedHourAreTwentyFourDistinctIntervals() throws Exception {
        List<Tick> ticks = run(new CaisoConnector(), "rtm.zip", DstFixtures.caisoRtmZip());
        assertThat(ticks).hasSize(CAISO_NODES.size() * 24);
        for (int n = 0; n < CAISO_NODES.size(); n++) {
            List<Tick> ts = of(ticks, CAISO_NODES.get(n));
            assertThat(ts).hasSize(24);
            assertThat(ts.get(0).intervalStart()).isEqualTo(Instant.parse("2024-11-03T08:00:00Z"));
            assertThat(ts.get(23).intervalEnd()).isEqualTo(Instant.parse("2024-11-03T10:00:00Z"));
            for (int i = 0; i < 24; i++) {
                Tick t = ts.get(i);
                int hr = i < 12 ? 2 : 25;
                int k = i % 12 + 1;
                assertThat(t.market()).isEqualTo("RT_5MIN");
                assertThat(t.localLabel()).isEqualTo("2024-11-03 HR " + hr + " INT " + k);
                assertThat(t.intervalStart()).isEqualTo(DstFixtures.rtmStart(hr, k));
                assertThat(Duration.between(t.intervalStart(), t.intervalEnd())).isEqualTo(Duration.ofMinutes(5));
                assertThat(t.operatingDay()).isEqualTo(FALL_BACK);
                assertThat(t.lmp()).isEqualTo(DstFixtures.caisoRtmLmp(n, hr, k));
                if (i > 0) assertThat(t.intervalStart()).isEqualTo(ts.get(i - 1).intervalEnd());
            }
        }
        List<Bar> bars = aggregate(ticks);
        for (String node : CAISO_NODES) {
            for (String h : List.of("2024-11-03T08:00:00Z", "2024-11-03T09:00:00Z")) {
                Bar b = bar(bars, node, "1h", Instant.parse(h));
                assertThat(b.expected()).isEqualTo(12);
                assertThat(b.count()).isEqualTo(12);
                assertThat(b.complete()).isTrue();
            }
            // the RT operating day is the 25-hour local day: 300 five-minute intervals, 24 of them present
            Bar d = bar(bars, node, "1d", FALL_BACK.atStartOfDay(LA).toInstant());
            assertThat(d.expected()).isEqualTo(300);
            assertThat(d.count()).isEqualTo(24);
            assertThat(d.complete()).isFalse();
        }
    }

    @ParameterizedTest(name = "MISO {0}: 24 hours in fixed EST")
    @CsvSource({"2024-11-03", "2024-03-10"})
    void misoDaysAreAlways24EstHours(LocalDate day) throws Exception {
        byte[] csv = DstFixtures.misoDaCsv(day).getBytes(StandardCharsets.UTF_8);
        List<Tick> ticks = run(new MisoConnector(), day.toString().replace("-", "") + "_da_expost_lmp.csv", csv);
        assertThat(ticks).hasSize(MISO_NODES.size() * 24);
        Instant estMidnight = Instant.parse(day + "T05:00:00Z");
        List<Bar> bars = aggregate(ticks);
        for (int n = 0; n < MISO_NODES.size(); n++) {
            List<Tick> ts = of(ticks, MISO_NODES.get(n));
            assertThat(ts).hasSize(24);
            for (int he = 1; he <= 24; he++) {
                Tick t = ts.get(he - 1);
                assertThat(t.intervalStart()).isEqualTo(estMidnight.plusSeconds(3600L * (he - 1)));
                assertThat(t.intervalEnd()).isEqualTo(estMidnight.plusSeconds(3600L * he));
                assertThat(t.operatingDay()).isEqualTo(day);
                assertThat(t.localLabel()).isEqualTo(day + " HE " + he);
                assertThat(t.lmp()).isEqualTo(DstFixtures.misoLmp(n, he));
            }
            Bar b = bar(bars, MISO_NODES.get(n), "1d", estMidnight);
            assertThat(b.end()).isEqualTo(estMidnight.plus(Duration.ofDays(1)));
            assertThat(b.expected()).isEqualTo(24);
            assertThat(b.count()).isEqualTo(24);
            assertThat(b.complete()).isTrue();
        }
        if (day.equals(FALL_BACK)) {
            Tick he1 = of(ticks, MISO_NODES.get(0)).get(0);
            assertThat(he1.intervalStart()).isEqualTo(Instant.parse("2024-11-03T05:00:00Z"));
            assertThat(he1.intervalEnd()).isEqualTo(Instant.parse("2024-11-03T06:00:00Z"));
        }
    }
}
