package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Silver ticks: written through the silver port, read back through it (the aggregator's reload, the data lag) and
 * the read API (latest and every revision).
 */
public abstract class SilverStoreContract extends StoreContract {
    @Test
    void writingTheSameTickKeyAgainReplacesTheRow() throws Exception {
        EnrichedTick exante = tick("NODE_A", T0, 31.5, "exante", "doc-1");
        EnrichedTick expost = new EnrichedTick(new Tick(tenant, "CAISO", "DAM", "NODE_A", "node", T0,
                T0.plus(HOUR), LocalDate.of(2024, 3, 9), "2024-03-09 HE 24 (revised)", 42.25, 40.0, 1.5, 0.75,
                Double.NaN, Component.LMP.bit(), "expost", "doc-2", 17), "node", "TH_NP15", "NP15", "power", "lmp");

        await(silver().writeTicks(List.of(exante)));
        await(silver().writeTicks(List.of(expost)));

        assertThat(await(queries().queryTicks(window("NODE_A", T0, T0.plus(HOUR))))).containsExactly(expost);
    }

    @Test
    void sameKeyTwiceInOneBatchKeepsTheLastOne() throws Exception {
        EnrichedTick first = tick("NODE_A", T0, 10, "exante", "doc-1");
        EnrichedTick other = tick("NODE_A", T0.plus(HOUR), 11, "exante", "doc-1");
        EnrichedTick last = tick("NODE_A", T0, 12, "expost", "doc-2");

        await(silver().writeTicks(List.of(first, other, last)));

        assertThat(await(queries().queryTicks(window("NODE_A", T0, T0.plus(HOUR.multipliedBy(2))))))
                .containsExactly(last, other);
    }

    @Test
    void absentComponentsComeBackAsNaNAndTheDerivedMaskSurvives() throws Exception {
        int derived = Component.CONGESTION.bit() | Component.LOSS.bit();
        EnrichedTick t = new EnrichedTick(new Tick(tenant, "MISO", "RT", "HUB.X", "hub", T0, T0.plusSeconds(300),
                LocalDate.of(2024, 3, 10), "HE 3 INT 2", 25.0, Double.NaN, -3.25, 0.0, Double.NaN, derived,
                "prelim", "doc-1", 3), "hub", null, null, "power", "lmp");

        await(silver().writeTicks(List.of(t)));

        List<EnrichedTick> back = await(queries().queryTicks(new TickQuery(tenant, "MISO", "RT", "HUB.X", T0, T0.plus(HOUR))));
        assertThat(back).containsExactly(t);
        Tick r = back.get(0).tick();
        assertThat(r.energy()).isNaN();
        assertThat(r.ghg()).isNaN();
        assertThat(r.loss()).isZero();
        assertThat(r.isDerived(Component.CONGESTION)).isTrue();
        assertThat(r.isDerived(Component.LMP)).isFalse();
    }

    /** PJM's pnode_id, NYISO's PTID, ISO-NE's LocId: kept beside the name, in the latest and in every revision. */
    @Test
    void theIsosNumericLocationIdComesBackBesideTheName() throws Exception {
        EnrichedTick t = new EnrichedTick(new Tick(tenant, "PJM", "DA_HOURLY", "WESTERN HUB", "hub", T0, T0.plus(HOUR),
                LocalDate.of(2024, 3, 9), "2024-03-09 HB 19", 42.25, 40.0, 1.5, 0.75, Double.NaN, 0, "v1", "doc-1",
                4, "51288"), "hub", "WESTERN HUB", null, "power", "lmp");
        EnrichedTick none = tick("NODE_NOID", T0, 1, "r", "d");

        await(silver().writeTicks(List.of(t, none)));

        assertThat(await(queries().queryTicks(new TickQuery(tenant, "PJM", "DA_HOURLY", "WESTERN HUB", T0,
                T0.plus(HOUR))))).containsExactly(t);
        assertThat(await(queries().queryTickRevisions(new TickQuery(tenant, "PJM", "DA_HOURLY", "WESTERN HUB", T0,
                T0.plus(HOUR))))).extracting(e -> e.tick().locationId()).containsExactly("51288");
        assertThat(await(queries().queryTicks(window("NODE_NOID", T0, T0.plus(HOUR)))).get(0).tick().locationId())
                .isNull();
    }

    @Test
    void nanosecondsAreTruncatedToMicroseconds() throws Exception {
        await(silver().writeTicks(List.of(tick("NODE_NS", Instant.parse("2024-01-01T00:00:00.123456789Z"), 1, "r", "d"))));

        assertThat(await(queries().queryTicks(window("NODE_NS", T0.minus(Duration.ofDays(365)), T0))).get(0).tick()
                .intervalStart()).isEqualTo(Instant.parse("2024-01-01T00:00:00.123456Z"));
    }

    @Test
    void everyRevisionStaysQueryableWhileTheLatestIsServed() throws Exception {
        EnrichedTick exante = tick("NODE_R", T0, 31.5, "exante", "doc-1");
        EnrichedTick expost = tick("NODE_R", T0, 33.25, "expost", "doc-2");
        EnrichedTick other = tick("NODE_R", T0.plus(HOUR), 30, "exante", "doc-1");
        await(silver().writeTicks(List.of(exante, other)));
        await(silver().writeTicks(List.of(expost)));
        assertThat(await(queries().queryTicks(window("NODE_R", T0, T0.plus(HOUR.multipliedBy(2))))))
                .containsExactly(expost, other);
        assertThat(await(queries().queryTickRevisions(window("NODE_R", T0, T0.plus(HOUR.multipliedBy(2))))))
                .containsExactly(exante, expost, other);
    }

    @Test
    void rewritingTheSameRevisionOfADocumentReplacesItsRevisionRow() throws Exception {
        TickQuery both = window("NODE_RR", T0, T0.plus(HOUR.multipliedBy(2)));
        EnrichedTick exante = tick("NODE_RR", T0, 31.5, "exante", "doc-1");
        EnrichedTick other = tick("NODE_RR", T0.plus(HOUR), 30, "exante", "doc-1");
        EnrichedTick expost = tick("NODE_RR", T0, 33.25, "expost", "doc-2");
        await(silver().writeTicks(List.of(exante, other)));
        await(silver().writeTicks(List.of(expost)));

        // a replay of both documents in their arrival order, after a rule change that alters doc-1's values
        EnrichedTick exanteAgain = tick("NODE_RR", T0, 31.75, "exante", "doc-1");
        EnrichedTick otherAgain = tick("NODE_RR", T0.plus(HOUR), 30.5, "exante", "doc-1");
        await(silver().writeTicks(List.of(exanteAgain, otherAgain)));
        await(silver().writeTicks(List.of(expost)));

        assertThat(await(queries().queryTickRevisions(both))).as("one row per (interval, revision, document)")
                .containsExactly(exanteAgain, expost, otherAgain);
        assertThat(await(queries().queryTicks(both))).containsExactly(expost, otherAgain);

        // the same revision label from another document is another revision row
        EnrichedTick corrected = tick("NODE_RR", T0, 34, "expost", "doc-3");
        await(silver().writeTicks(List.of(corrected)));
        assertThat(await(queries().queryTickRevisions(both))).containsExactly(exanteAgain, expost, corrected, otherAgain);
        assertThat(await(queries().queryTicks(both))).containsExactly(corrected, otherAgain);
    }

    @Test
    void aTickWithoutRevisionOrDocumentIsStillOneRevisionRow() throws Exception {
        TickQuery hour = window("NODE_NULL", T0, T0.plus(HOUR));
        await(silver().writeTicks(List.of(tick("NODE_NULL", T0, 1, null, null))));
        EnrichedTick again = tick("NODE_NULL", T0, 2, null, null);
        await(silver().writeTicks(List.of(again)));

        assertThat(await(queries().queryTickRevisions(hour))).containsExactly(again);
        assertThat(await(queries().queryTicks(hour))).containsExactly(again);
    }

    @Test
    void latestTicksOfSeveralLocationsAreThoseOfTheWindowByLocationThenInterval() throws Exception {
        Instant from = T0;
        Instant to = T0.plus(HOUR.multipliedBy(3));
        String quoted = "NODE_O'BRIEN";
        EnrichedTick aBefore = tick("NODE_A", from.minus(HOUR), 1, "r", "doc-1");
        EnrichedTick aAtFrom = tick("NODE_A", from, 2, "r", "doc-1");
        EnrichedTick aInside = tick("NODE_A", from.plus(HOUR), 3, "r", "doc-1");
        EnrichedTick aAtTo = tick("NODE_A", to, 4, "r", "doc-1");
        EnrichedTick bExante = tick("NODE_B", from.plus(HOUR.multipliedBy(2)), 5, "exante", "doc-1");
        EnrichedTick bFirst = tick("NODE_B", from, 6, "r", "doc-1");
        EnrichedTick quote = tick(quoted, from.plus(HOUR), 7, "r", "doc-1");
        EnrichedTick notAsked = tick("NODE_C", from, 8, "r", "doc-1");
        EnrichedTick otherTenant = tick(tenant + "_other", "CAISO", "DAM", "NODE_A", from.plus(HOUR), 90, "r", "doc-1");
        EnrichedTick otherMarket = tick(tenant, "CAISO", "RTM", "NODE_A", from.plus(HOUR), 91, "r", "doc-1");
        EnrichedTick otherIso = tick(tenant, "MISO", "DAM", "NODE_A", from.plus(HOUR), 92, "r", "doc-1");
        // written out of interval order, then one interval written again by a later document
        await(silver().writeTicks(List.of(bExante, aAtTo, quote, aInside, aBefore, bFirst, aAtFrom, notAsked,
                otherTenant, otherMarket, otherIso)));
        EnrichedTick bExpost = tick("NODE_B", from.plus(HOUR.multipliedBy(2)), 5.5, "expost", "doc-2");
        await(silver().writeTicks(List.of(bExpost)));

        List<String> locations = List.of("NODE_B", quoted, "NODE_NO_TICKS", "NODE_A");
        List<EnrichedTick> latest = await(silver().queryLatestTicks(tenant, "CAISO", "DAM", locations, from, to));

        assertThat(latest).containsExactly(aAtFrom, aInside, bFirst, bExpost, quote);
        List<EnrichedTick> perLocation = new ArrayList<>();
        for (String l : locations.stream().sorted().toList()) {
            perLocation.addAll(await(queries().queryTicks(window(l, from, to))));
        }
        assertThat(latest).as("what queryTicks answers, location by location").isEqualTo(perLocation);
        assertThat(await(silver().queryLatestTicks(tenant, "CAISO", "DAM", Set.of(quoted), from, to)))
                .containsExactly(quote);
        assertThat(await(silver().queryLatestTicks(tenant, "CAISO", "DAM", Set.of("NODE_NO_TICKS"), from, to))).isEmpty();
        assertThat(await(silver().queryLatestTicks(tenant + "_other", "CAISO", "DAM", locations, from, to)))
                .containsExactly(otherTenant);
        assertThat(await(silver().queryLatestTicks(tenant, "CAISO", "RTM", locations, from, to)))
                .containsExactly(otherMarket);
    }

    @Test
    void latestTicksOfNoLocationIsAnEmptyList() throws Exception {
        await(silver().writeTicks(List.of(tick("NODE_A", T0, 1, "r", "doc-1"))));

        assertThat(await(silver().queryLatestTicks(tenant, "CAISO", "DAM", List.of(), T0, T0.plus(HOUR)))).isEmpty();
        assertThat(await(silver().queryLatestTicks(tenant, "CAISO", "DAM", Set.of(), null, null))).isEmpty();
    }

    @Test
    void latestTicksOfThousandsOfLocationsInOneQuery() throws Exception {
        // a CAISO batch (~1,700 nodes), with names long enough that the query text passes 256 KiB (ClickHouse's
        // default max_query_size)
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) locations.add(String.format("NODE_%04d_%s", i, "X".repeat(130)));
        Collections.shuffle(locations, new Random(7));
        List<String> sorted = locations.stream().sorted().toList();
        List<EnrichedTick> written = List.of(tick(sorted.get(0), T0, 1, "r", "doc-1"),
                tick(sorted.get(1_000), T0, 2, "r", "doc-1"), tick(sorted.get(1_999), T0, 3, "r", "doc-1"));
        await(silver().writeTicks(written));

        assertThat(await(silver().queryLatestTicks(tenant, "CAISO", "DAM", locations, T0, T0.plus(HOUR))))
                .containsExactlyElementsOf(written);
    }

    @Test
    void newestIntervalIsTheLatestEndOfThatSeriesOnly() throws Exception {
        assertThat(await(silver().newestInterval(tenant, "CAISO", "DAM"))).isEmpty();
        await(silver().writeTicks(List.of(tick("NODE_A", T0, 1, "r", "d"), tick("NODE_B", T0.plus(HOUR), 2, "r", "d"),
                tick("NODE_A", T0.minus(HOUR), 3, "r", "d"))));
        assertThat(await(silver().newestInterval(tenant, "CAISO", "DAM"))).contains(T0.plus(HOUR).plus(HOUR));
        assertThat(await(silver().newestInterval(tenant, "CAISO", "RTM"))).isEmpty();
        assertThat(await(silver().newestInterval(tenant + "x", "CAISO", "DAM"))).isEmpty();
    }

    @Test
    void tickQueryIsHalfOpenOrderedAndLimitedToItsSeries() throws Exception {
        List<EnrichedTick> hours = new ArrayList<>();
        for (int h = 0; h < 12; h++) hours.add(tick("NODE_A", T0.plus(HOUR.multipliedBy(h)), h, "r", "doc-1"));
        List<EnrichedTick> shuffled = new ArrayList<>(hours);
        Collections.shuffle(shuffled, new Random(4));
        shuffled.add(tick("NODE_B", T0.plus(HOUR.multipliedBy(4)), 99, "r", "doc-1"));
        await(silver().writeTicks(shuffled));

        assertThat(await(queries().queryTicks(window("NODE_A", T0.plus(HOUR.multipliedBy(3)),
                T0.plus(HOUR.multipliedBy(7)))))).containsExactlyElementsOf(hours.subList(3, 7));
        assertThat(await(queries().queryTicks(new TickQuery(tenant, "CAISO", "RTM", "NODE_A", T0, T0.plus(HOUR)))))
                .as("other market").isEmpty();
        assertThat(await(queries().queryTicks(window("NODE_A", T0.plus(HOUR), T0.plus(HOUR))))).as("empty window").isEmpty();
    }

    @Test
    void bulkWriteOf160kTicksIsCompleteAndQueryable() throws Exception {
        int locations = 100;
        int intervals = 1_600;
        List<EnrichedTick> ticks = new ArrayList<>(locations * intervals);
        for (int l = 0; l < locations; l++) {
            for (int i = 0; i < intervals; i++) {
                Instant start = T0.plus(Duration.ofMinutes(5L * i));
                ticks.add(new EnrichedTick(new Tick(tenant, "CAISO", "RTM", "NODE_" + l, "node", start,
                        start.plusSeconds(300), LocalDate.of(2024, 3, 10), "INT " + i, l + i / 100.0, l, i / 7.0,
                        -i / 13.0, i % 5 == 0 ? Double.NaN : 0.5, i % 3, "rtpd", "doc-bulk", i + 2L), "node",
                        "TH_SP15", "SP15", "power", "lmp"));
            }
        }

        await(silver().writeTicks(ticks));

        assertThat(await(queries().countsForDocuments(tenant, List.of("doc-bulk"))).ticks()).isEqualTo(160_000);
        List<EnrichedTick> node42 = await(queries().queryTicks(new TickQuery(tenant, "CAISO", "RTM", "NODE_42", T0,
                T0.plus(Duration.ofDays(30)))));
        assertThat(node42).hasSize(intervals);
        assertThat(node42).isEqualTo(ticks.subList(42 * intervals, 43 * intervals));
    }
}
