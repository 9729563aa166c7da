package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.store.AnomalyQuery;
import com.carbon254.ingestion.pipeline.store.BarQuery;
import com.carbon254.ingestion.pipeline.store.CurveQuery;
import com.carbon254.ingestion.pipeline.store.DlqQuery;
import com.carbon254.ingestion.pipeline.store.DocumentCounts;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import com.carbon254.ingestion.pipeline.store.RollingQuery;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Store} promises, run against each engine by a subclass. One store per class; every test works
 * in its own tenant (and its own document ids), so tests never see each other's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
    /** 2024-03-10 07:05:00.123456 UTC: non-zero microseconds, so truncation to millis would show. */
    static final Instant T0 = Instant.parse("2024-03-10T07:05:00.123456Z");
    static final Duration HOUR = Duration.ofHours(1);

    Vertx vertx;
    Store store;
    String tenant;

    /** A new, not yet initialised store. May skip the class with an assumption. */
    abstract Store openStore(Vertx vertx) throws Exception;

    /** Removes what {@link #openStore} created (after the store is closed). */
    void cleanUp() throws Exception {
    }

    @BeforeAll
    void startStore() throws Exception {
        vertx = Vertx.vertx();
        store = openStore(vertx);
        await(store.init());
        await(store.init()); // idempotent: a restarted process runs it again
    }

    @AfterAll
    void stopStore() throws Exception {
        try {
            if (store != null) await(store.close());
            cleanUp();
        } finally {
            if (vertx != null) await(vertx.close());
        }
    }

    @BeforeEach
    void freshTenant() {
        tenant = "t_" + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- Bronze ---

    @Test
    void secondDocumentWithSameShaIsNotStoredAgain() throws Exception {
        byte[] content = new byte[256];
        for (int i = 0; i < content.length; i++) content[i] = (byte) i; // every byte, \0 \t \n \\ included
        String sha = sha();
        RawDocument first = new RawDocument(tenant, "caiso", "PRC_LMP_DAM_20240310.csv", "caiso.lmp.dam", sha,
                content, T0, "trace-1");

        assertThat(await(store.putDocumentIfAbsent(first))).isTrue();
        assertThat(await(store.putDocumentIfAbsent(new RawDocument(tenant, "caiso", "again.csv", null, sha,
                content, T0.plusSeconds(60), "trace-2")))).isFalse();
        assertThat(await(store.putDocumentIfAbsent(new RawDocument(tenant + "-other", "caiso", "same-bytes.csv", null,
                sha, content, T0.plusSeconds(90), "trace-3")))).as("another tenant's copy is its own document").isTrue();

        Optional<RawDocument> stored = await(reads().getDocument(tenant, sha));
        assertThat(stored).isPresent();
        assertThat(stored.get().content()).isEqualTo(content);
        assertThat(stored.get()).usingRecursiveComparison().ignoringFields("content").isEqualTo(first);
        assertThat(await(reads().getDocument(tenant, sha()))).isEmpty();
    }

    // --- Bronze coverage (what reprocessing replays) ---

    @Test
    void documentsCoveringAWindowHaveAnIntervalEndInItAndComeInArrivalOrder() throws Exception {
        Instant from = T0;
        Instant to = T0.plus(Duration.ofDays(1));
        DocumentCoverage endsAtFrom = coverage("doc-ends-at-from", "CAISO", from.minus(HOUR.multipliedBy(23)), from,
                T0.plusSeconds(1));
        DocumentCoverage oneEndInside = coverage("doc-one-end-inside", "CAISO", from.minus(HOUR.multipliedBy(23)),
                from.plus(HOUR), T0.plusSeconds(40));
        DocumentCoverage firstEndAtTo = coverage("doc-first-end-at-to", "MISO", to, to.plus(HOUR.multipliedBy(23)),
                T0.plusSeconds(20));
        DocumentCoverage afterTo = coverage("doc-after-to", "MISO", to.plus(HOUR), to.plus(Duration.ofDays(1)),
                T0.plusSeconds(2));
        DocumentCoverage insideB = coverage("doc-inside-b", "MISO", from.plus(HOUR), to.minus(HOUR), T0.plusSeconds(30));
        // same arrival as insideB: the document id orders them
        DocumentCoverage insideA = coverage("doc-inside-a", "CAISO", from.plus(HOUR), from.plus(HOUR),
                T0.plusSeconds(30));
        DocumentCoverage spanning = new DocumentCoverage(tenant, "doc-spanning", null, "CAISO", null,
                from.minus(Duration.ofDays(2)), to.plus(Duration.ofDays(2)), T0.plusSeconds(10));
        DocumentCoverage otherTenants = new DocumentCoverage(tenant + "_other", "doc-inside-b", "miso", "MISO",
                "miso.da", from.plus(HOUR), to, T0);
        for (DocumentCoverage c : List.of(endsAtFrom, oneEndInside, firstEndAtTo, afterTo, insideB, insideA, spanning,
                otherTenants)) {
            await(store.putCoverage(c));
        }

        assertThat(await(reads().documentsCovering(tenant, from, to, Set.of())))
                .containsExactly(spanning, firstEndAtTo, insideA, insideB, oneEndInside);
        assertThat(await(reads().documentsCovering(tenant, from, to, Set.of("MISO"))))
                .containsExactly(firstEndAtTo, insideB);
        assertThat(await(reads().documentsCovering(tenant, from, to, Set.of("CAISO", "MISO"))))
                .containsExactly(spanning, firstEndAtTo, insideA, insideB, oneEndInside);
        assertThat(await(reads().documentsCovering(tenant, from, to, Set.of("ERCOT")))).isEmpty();
        assertThat(await(reads().documentsCovering(tenant + "_other", from, to, Set.of())))
                .containsExactly(otherTenants);
        assertThat(await(reads().documentsCovering(tenant + "_none", from, to, Set.of()))).isEmpty();
    }

    @Test
    void writingACoverageAgainReplacesIt() throws Exception {
        Instant from = T0;
        Instant to = T0.plus(Duration.ofDays(1));
        await(store.putCoverage(coverage("doc-1", "CAISO", from.plus(HOUR), from.plus(HOUR.multipliedBy(2)), T0)));
        DocumentCoverage replayed = new DocumentCoverage(tenant, "doc-1", "caiso-v2", "CAISO", "caiso.lmp.dam.v2",
                from.plus(HOUR), to, T0.plusSeconds(5));
        await(store.putCoverage(replayed));

        assertThat(await(reads().documentsCovering(tenant, from, to, Set.of()))).containsExactly(replayed);

        // moved out of the window: what it held before must not match any more
        DocumentCoverage moved = coverage("doc-1", "MISO", to.plus(HOUR), to.plus(HOUR.multipliedBy(2)),
                T0.plusSeconds(6));
        await(store.putCoverage(moved));
        assertThat(await(reads().documentsCovering(tenant, from, to, Set.of()))).isEmpty();
        assertThat(await(reads().documentsCovering(tenant, to, to.plus(Duration.ofDays(1)), Set.of("MISO"))))
                .containsExactly(moved);
    }

    DocumentCoverage coverage(String documentId, String iso, Instant first, Instant last, Instant receivedAt) {
        String lower = iso.toLowerCase(java.util.Locale.ROOT);
        return new DocumentCoverage(tenant, documentId, lower, iso, lower + ".lmp.dam", first, last, receivedAt);
    }

    // --- silver ticks ---

    @Test
    void writingTheSameTickKeyAgainReplacesTheRow() throws Exception {
        EnrichedTick exante = tick("NODE_A", T0, 31.5, "exante", "doc-1");
        EnrichedTick expost = new EnrichedTick(new Tick(tenant, "CAISO", "DAM", "NODE_A", "node", T0,
                T0.plus(HOUR), LocalDate.of(2024, 3, 9), "2024-03-09 HE 24 (revised)", 42.25, 40.0, 1.5, 0.75,
                Double.NaN, Component.LMP.bit(), "expost", "doc-2", 17), "node", "TH_NP15", "NP15", "power", "lmp");

        await(store.writeTicks(List.of(exante)));
        await(store.writeTicks(List.of(expost)));

        assertThat(await(store.queryTicks(window("NODE_A", T0, T0.plus(HOUR))))).containsExactly(expost);
    }

    @Test
    void sameKeyTwiceInOneBatchKeepsTheLastOne() throws Exception {
        EnrichedTick first = tick("NODE_A", T0, 10, "exante", "doc-1");
        EnrichedTick other = tick("NODE_A", T0.plus(HOUR), 11, "exante", "doc-1");
        EnrichedTick last = tick("NODE_A", T0, 12, "expost", "doc-2");

        await(store.writeTicks(List.of(first, other, last)));

        assertThat(await(store.queryTicks(window("NODE_A", T0, T0.plus(HOUR.multipliedBy(2))))))
                .containsExactly(last, other);
    }

    @Test
    void absentComponentsComeBackAsNaNAndTheDerivedMaskSurvives() throws Exception {
        int derived = Component.CONGESTION.bit() | Component.LOSS.bit();
        EnrichedTick t = new EnrichedTick(new Tick(tenant, "MISO", "RT", "HUB.X", "hub", T0, T0.plusSeconds(300),
                LocalDate.of(2024, 3, 10), "HE 3 INT 2", 25.0, Double.NaN, -3.25, 0.0, Double.NaN, derived,
                "prelim", "doc-1", 3), "hub", null, null, "power", "lmp");

        await(store.writeTicks(List.of(t)));

        List<EnrichedTick> back = await(store.queryTicks(new TickQuery(tenant, "MISO", "RT", "HUB.X", T0, T0.plus(HOUR))));
        assertThat(back).containsExactly(t);
        Tick r = back.get(0).tick();
        assertThat(r.energy()).isNaN();
        assertThat(r.ghg()).isNaN();
        assertThat(r.loss()).isZero();
        assertThat(r.isDerived(Component.CONGESTION)).isTrue();
        assertThat(r.isDerived(Component.LMP)).isFalse();
    }

    @Test
    void instantsRoundTripAtMicrosecondPrecision() throws Exception {
        Instant start = Instant.parse("2023-11-05T08:59:59.999999Z");
        Instant end = Instant.parse("2023-11-05T09:00:00.000001Z");
        EnrichedTick t = new EnrichedTick(new Tick(tenant, "CAISO", "RTM", "NODE_US", "node", start, end,
                LocalDate.of(2023, 11, 5), "label", 1, 1, 0, 0, 0, 0, "r", "doc-us", 1), "node", "h", "z", "c", "p");
        Instant at = Instant.parse("1999-12-31T23:59:59.000007Z");
        Anomaly a = new Anomaly(tenant, "CAISO", "caiso.lmp.rtm", "NODE_US", start, "price_spike", "x", "doc-us", at);

        await(store.writeTicks(List.of(t)));
        await(store.writeAnomalies(List.of(a)));

        List<EnrichedTick> back = await(store.queryTicks(new TickQuery(tenant, "CAISO", "RTM", "NODE_US", start, end)));
        assertThat(back).containsExactly(t);
        assertThat(back.get(0).tick().intervalStart()).isEqualTo(start);
        assertThat(back.get(0).tick().intervalEnd()).isEqualTo(end);
        assertThat(await(reads().queryAnomalies(tenant))).containsExactly(a);
    }

    @Test
    void anomaliesFilterByIsoTypeAndWindowNewestFirst() throws Exception {
        Instant h1 = Instant.parse("2021-06-01T07:00:00Z");
        Instant h2 = Instant.parse("2021-06-01T08:00:00Z");
        Instant at = Instant.parse("2021-06-02T00:00:00Z");
        Anomaly miss = new Anomaly(tenant, "CAISO", "ds", "N1", h1, "missing_interval", "m", "d1", at);
        Anomaly mismatch = new Anomaly(tenant, "CAISO", "ds", "N2", h2, "component_mismatch", "c", "d1", at);
        Anomaly miso = new Anomaly(tenant, "MISO", "ds", "H", h2, "missing_interval", "m", "d2", at);
        // a rejected document has no interval: its detection time places it
        Anomaly drift = new Anomaly(tenant, "CAISO", null, null, null, "schema_drift", "s", "d3", at);
        await(store.writeAnomalies(List.of(miss, mismatch, miso, drift)));

        assertThat(await(reads().queryAnomalies(new AnomalyQuery(tenant, null, null, null, null, 10))))
                .containsExactly(drift, miso, mismatch, miss);
        assertThat(await(reads().queryAnomalies(new AnomalyQuery(tenant, "CAISO", "missing_interval", null, null, 10))))
                .containsExactly(miss);
        assertThat(await(reads().queryAnomalies(new AnomalyQuery(tenant, "CAISO", null, h2, at, 10))))
                .containsExactly(mismatch);
        assertThat(await(reads().queryAnomalies(new AnomalyQuery(tenant, null, null, h1, null, 1))))
                .containsExactly(drift);
    }

    @Test
    void nanosecondsAreTruncatedToMicroseconds() throws Exception {
        await(store.writeTicks(List.of(tick("NODE_NS", Instant.parse("2024-01-01T00:00:00.123456789Z"), 1, "r", "d"))));

        assertThat(await(store.queryTicks(window("NODE_NS", T0.minus(Duration.ofDays(365)), T0))).get(0).tick()
                .intervalStart()).isEqualTo(Instant.parse("2024-01-01T00:00:00.123456Z"));
    }

    @Test
    void everyRevisionStaysQueryableWhileTheLatestIsServed() throws Exception {
        EnrichedTick exante = tick("NODE_R", T0, 31.5, "exante", "doc-1");
        EnrichedTick expost = tick("NODE_R", T0, 33.25, "expost", "doc-2");
        EnrichedTick other = tick("NODE_R", T0.plus(HOUR), 30, "exante", "doc-1");
        await(store.writeTicks(List.of(exante, other)));
        await(store.writeTicks(List.of(expost)));
        assertThat(await(store.queryTicks(window("NODE_R", T0, T0.plus(HOUR.multipliedBy(2))))))
                .containsExactly(expost, other);
        assertThat(await(store.queryTickRevisions(window("NODE_R", T0, T0.plus(HOUR.multipliedBy(2))))))
                .containsExactly(exante, expost, other);
    }

    @Test
    void rewritingTheSameRevisionOfADocumentReplacesItsRevisionRow() throws Exception {
        TickQuery both = window("NODE_RR", T0, T0.plus(HOUR.multipliedBy(2)));
        EnrichedTick exante = tick("NODE_RR", T0, 31.5, "exante", "doc-1");
        EnrichedTick other = tick("NODE_RR", T0.plus(HOUR), 30, "exante", "doc-1");
        EnrichedTick expost = tick("NODE_RR", T0, 33.25, "expost", "doc-2");
        await(store.writeTicks(List.of(exante, other)));
        await(store.writeTicks(List.of(expost)));

        // a replay of both documents in their arrival order, after a rule change that alters doc-1's values
        EnrichedTick exanteAgain = tick("NODE_RR", T0, 31.75, "exante", "doc-1");
        EnrichedTick otherAgain = tick("NODE_RR", T0.plus(HOUR), 30.5, "exante", "doc-1");
        await(store.writeTicks(List.of(exanteAgain, otherAgain)));
        await(store.writeTicks(List.of(expost)));

        assertThat(await(store.queryTickRevisions(both))).as("one row per (interval, revision, document)")
                .containsExactly(exanteAgain, expost, otherAgain);
        assertThat(await(store.queryTicks(both))).containsExactly(expost, otherAgain);

        // the same revision label from another document is another revision row
        EnrichedTick corrected = tick("NODE_RR", T0, 34, "expost", "doc-3");
        await(store.writeTicks(List.of(corrected)));
        assertThat(await(store.queryTickRevisions(both))).containsExactly(exanteAgain, expost, corrected, otherAgain);
        assertThat(await(store.queryTicks(both))).containsExactly(corrected, otherAgain);
    }

    @Test
    void aTickWithoutRevisionOrDocumentIsStillOneRevisionRow() throws Exception {
        TickQuery hour = window("NODE_NULL", T0, T0.plus(HOUR));
        await(store.writeTicks(List.of(tick("NODE_NULL", T0, 1, null, null))));
        EnrichedTick again = tick("NODE_NULL", T0, 2, null, null);
        await(store.writeTicks(List.of(again)));

        assertThat(await(store.queryTickRevisions(hour))).containsExactly(again);
        assertThat(await(store.queryTicks(hour))).containsExactly(again);
    }

    // --- latest ticks of several locations (the aggregator's reload) ---

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
        await(store.writeTicks(List.of(bExante, aAtTo, quote, aInside, aBefore, bFirst, aAtFrom, notAsked,
                otherTenant, otherMarket, otherIso)));
        EnrichedTick bExpost = tick("NODE_B", from.plus(HOUR.multipliedBy(2)), 5.5, "expost", "doc-2");
        await(store.writeTicks(List.of(bExpost)));

        List<String> locations = List.of("NODE_B", quoted, "NODE_NO_TICKS", "NODE_A");
        List<EnrichedTick> latest = await(store.queryLatestTicks(tenant, "CAISO", "DAM", locations, from, to));

        assertThat(latest).containsExactly(aAtFrom, aInside, bFirst, bExpost, quote);
        List<EnrichedTick> perLocation = new ArrayList<>();
        for (String l : locations.stream().sorted().toList()) {
            perLocation.addAll(await(store.queryTicks(window(l, from, to))));
        }
        assertThat(latest).as("what queryTicks answers, location by location").isEqualTo(perLocation);
        assertThat(await(store.queryLatestTicks(tenant, "CAISO", "DAM", Set.of(quoted), from, to)))
                .containsExactly(quote);
        assertThat(await(store.queryLatestTicks(tenant, "CAISO", "DAM", Set.of("NODE_NO_TICKS"), from, to))).isEmpty();
        assertThat(await(store.queryLatestTicks(tenant + "_other", "CAISO", "DAM", locations, from, to)))
                .containsExactly(otherTenant);
        assertThat(await(store.queryLatestTicks(tenant, "CAISO", "RTM", locations, from, to)))
                .containsExactly(otherMarket);
    }

    @Test
    void latestTicksOfNoLocationIsAnEmptyList() throws Exception {
        await(store.writeTicks(List.of(tick("NODE_A", T0, 1, "r", "doc-1"))));

        assertThat(await(store.queryLatestTicks(tenant, "CAISO", "DAM", List.of(), T0, T0.plus(HOUR)))).isEmpty();
        assertThat(await(store.queryLatestTicks(tenant, "CAISO", "DAM", Set.of(), null, null))).isEmpty();
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
        await(store.writeTicks(written));

        assertThat(await(store.queryLatestTicks(tenant, "CAISO", "DAM", locations, T0, T0.plus(HOUR))))
                .containsExactlyElementsOf(written);
    }

    @Test
    void dlqRecordsAreListedNewestFirstAndFiltered() throws Exception {
        DlqRecord older = new DlqRecord(tenant, "tr", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "MW 'abc' at line 7", "doc-a", 7, "NODE_A", T0);
        DlqRecord newer = new DlqRecord(tenant, "tr", "connectors", "ingestion.caiso.raw.v1", "truncated_document",
                "zip ends early", "doc-b", 0, null, T0.plusSeconds(60));
        await(store.writeDlq(List.of(older, newer)));
        Store r = reads();
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, null, null, 10)))).containsExactly(newer, older);
        assertThat(await(r.queryDlq(new DlqQuery(tenant, "doc-a", null, null, 10)))).containsExactly(older);
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, "connectors", null, 10)))).containsExactly(newer);
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, null, "non_numeric_value", 1)))).containsExactly(older);
        assertThat(await(r.queryDlq(new DlqQuery(tenant + "x", null, null, null, 10)))).isEmpty();
    }

    @Test
    void newestIntervalIsTheLatestEndOfThatSeriesOnly() throws Exception {
        assertThat(await(store.newestInterval(tenant, "CAISO", "DAM"))).isEmpty();
        await(store.writeTicks(List.of(tick("NODE_A", T0, 1, "r", "d"), tick("NODE_B", T0.plus(HOUR), 2, "r", "d"),
                tick("NODE_A", T0.minus(HOUR), 3, "r", "d"))));
        assertThat(await(store.newestInterval(tenant, "CAISO", "DAM"))).contains(T0.plus(HOUR).plus(HOUR));
        assertThat(await(store.newestInterval(tenant, "CAISO", "RTM"))).isEmpty();
        assertThat(await(store.newestInterval(tenant + "x", "CAISO", "DAM"))).isEmpty();
    }

    @Test
    void tickQueryIsHalfOpenOrderedAndLimitedToItsSeries() throws Exception {
        List<EnrichedTick> hours = new ArrayList<>();
        for (int h = 0; h < 12; h++) hours.add(tick("NODE_A", T0.plus(HOUR.multipliedBy(h)), h, "r", "doc-1"));
        List<EnrichedTick> shuffled = new ArrayList<>(hours);
        Collections.shuffle(shuffled, new Random(4));
        shuffled.add(tick("NODE_B", T0.plus(HOUR.multipliedBy(4)), 99, "r", "doc-1"));
        await(store.writeTicks(shuffled));

        assertThat(await(store.queryTicks(window("NODE_A", T0.plus(HOUR.multipliedBy(3)),
                T0.plus(HOUR.multipliedBy(7)))))).containsExactlyElementsOf(hours.subList(3, 7));
        assertThat(await(store.queryTicks(new TickQuery(tenant, "CAISO", "RTM", "NODE_A", T0, T0.plus(HOUR)))))
                .as("other market").isEmpty();
        assertThat(await(store.queryTicks(window("NODE_A", T0.plus(HOUR), T0.plus(HOUR))))).as("empty window").isEmpty();
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

        await(store.writeTicks(ticks));

        assertThat(await(store.countsForDocuments(tenant, List.of("doc-bulk"))).ticks()).isEqualTo(160_000);
        List<EnrichedTick> node42 = await(store.queryTicks(new TickQuery(tenant, "CAISO", "RTM", "NODE_42", T0,
                T0.plus(Duration.ofDays(30)))));
        assertThat(node42).hasSize(intervals);
        assertThat(node42).isEqualTo(ticks.subList(42 * intervals, 43 * intervals));
    }

    @Test
    void awkwardStringsRoundTrip() throws Exception {
        String location = "N'ODE\\\"X\t€";
        String label = "line1\nline2\r\n\ttabbed \\N not null \\t literal 'q' \"dq\" 𝄞 ñ \u0000 end";
        EnrichedTick t = new EnrichedTick(new Tick(tenant, "ISO\\NE", "DA'M", location, "node", T0,
                T0.plus(HOUR), LocalDate.of(2024, 3, 10), label, 1, 2, 3, 4, 5, 0, "\\N", "doc\t1", 1), "node",
                "", null, "pøwer", "\\");
        String sha = sha();
        RawDocument doc = new RawDocument(tenant, "c\tonn", label, "ds\n", sha, label.getBytes(java.nio.charset.StandardCharsets.UTF_8), T0, "tr'ace");
        DlqRecord dlq = new DlqRecord(tenant, "tr\\ace", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                label, "doc\t1", 4, location, T0);
        Anomaly anomaly = new Anomaly(tenant, "ISO\\NE", "d'ataset", location, null, "ty\npe", label, "doc\t1", T0);

        await(store.writeTicks(List.of(t)));
        await(store.putDocumentIfAbsent(doc));
        await(store.writeDlq(List.of(dlq)));
        await(store.writeAnomalies(List.of(anomaly)));

        assertThat(await(store.queryTicks(new TickQuery(tenant, "ISO\\NE", "DA'M", location, T0, T0.plus(HOUR)))))
                .containsExactly(t);
        RawDocument back = await(reads().getDocument(tenant, sha)).orElseThrow();
        assertThat(back).usingRecursiveComparison().ignoringFields("content").isEqualTo(doc);
        assertThat(back.content()).isEqualTo(doc.content());
        assertThat(await(store.countsForDocuments(tenant, List.of("doc\t1"))).reasons())
                .containsExactly(new DocumentCounts.ReasonCount("non_numeric_value", 1, label));
        assertThat(await(reads().queryAnomalies(tenant))).containsExactly(anomaly);
    }

    // --- gold bars ---

    @Test
    void barsUpsertAndAreQueriedBySeriesAndHalfOpenWindow() throws Exception {
        List<Bar> bars = new ArrayList<>();
        for (int h = 0; h < 5; h++) {
            bars.add(bar(Component.LMP, "1h", T0.plus(HOUR.multipliedBy(h)), 30 + h, 12));
            bars.add(bar(Component.ENERGY, "1h", T0.plus(HOUR.multipliedBy(h)), 20 + h, 12));
        }
        bars.add(bar(Component.LMP, "1d", T0, 33, 24));
        await(store.writeBars(bars));
        Bar revised = bar(Component.LMP, "1h", T0.plus(HOUR.multipliedBy(2)), 55, 11);
        await(store.writeBars(List.of(revised)));

        assertThat(await(store.queryBars(bars(Component.LMP, "1h", T0.plus(HOUR), T0.plus(HOUR.multipliedBy(4))))))
                .containsExactly(bars.get(2), revised, bars.get(6));
        assertThat(await(store.queryBars(bars(Component.LMP, "1d", T0, T0.plus(Duration.ofDays(1))))))
                .containsExactly(bars.get(10));
        assertThat(await(store.queryBars(bars(Component.ENERGY, "1h", T0, T0.plus(HOUR))))).containsExactly(bars.get(1));
    }

    @Test
    void sameBarKeyTwiceInOneBatchKeepsTheLastOne() throws Exception {
        Bar first = bar(Component.LMP, "1h", T0, 1, 12);
        Bar last = bar(Component.LMP, "1h", T0, 2, 12);

        await(store.writeBars(List.of(first, last)));

        assertThat(await(store.queryBars(bars(Component.LMP, "1h", T0, T0.plus(HOUR))))).containsExactly(last);
    }

    // --- rolling metrics ---

    @Test
    void rollingMetricsUpsertOnTheirNaturalKeyAndAreQueriedByWindowEnd() throws Exception {
        List<RollingMetric> ms = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            ms.add(rolling(Component.LMP, "24x1h", T0.plus(HOUR.multipliedBy(h)), 10 + h));
            ms.add(rolling(Component.LMP, "12x1h", T0.plus(HOUR.multipliedBy(h)), 50 + h));
        }
        ms.add(rolling(Component.ENERGY, "24x1h", T0, 7));
        await(store.writeRolling(ms));
        RollingMetric revised = rolling(Component.LMP, "24x1h", T0.plus(HOUR), 99);
        await(store.writeRolling(List.of(rolling(Component.LMP, "24x1h", T0.plus(HOUR), 98), revised)));

        assertThat(await(store.queryRolling(rollingQuery(Component.LMP, "24x1h", T0.plus(HOUR),
                T0.plus(HOUR.multipliedBy(3)))))).containsExactly(revised, ms.get(4));
        assertThat(await(store.queryRolling(rollingQuery(Component.LMP, "12x1h", T0, T0.plus(HOUR)))))
                .containsExactly(ms.get(1));
        assertThat(await(store.queryRolling(rollingQuery(Component.ENERGY, "24x1h", T0, T0.plus(HOUR)))))
                .containsExactly(ms.get(8));
        await(store.writeRolling(List.of()));
    }

    RollingMetric rolling(Component component, String window, Instant end, double mean) {
        return new RollingMetric(tenant, "CAISO", "DAM", "NODE_A", component, window, end, 7, mean, 1.25,
                mean - 2, mean + 3);
    }

    RollingQuery rollingQuery(Component component, String window, Instant from, Instant to) {
        return new RollingQuery(tenant, "CAISO", "DAM", "NODE_A", component, window, from, to);
    }

    // --- curve points ---

    @Test
    void curvePointsUpsertOnDateAndBlockAndAreQueriedByHalfOpenDates() throws Exception {
        LocalDate d = LocalDate.of(2022, 12, 23);
        List<CurvePoint> ps = List.of(
                curve(d, CurvePoint.ON_PEAK, 50.25, 16), curve(d, CurvePoint.NIGHT, 30.5, 8),
                curve(d.plusDays(1), CurvePoint.WEEKEND_PEAK, 40, 15), curve(d.plusDays(1), CurvePoint.NIGHT, 31, 8),
                curve(d.plusDays(3), CurvePoint.WEEKEND_PEAK, 41, 16));
        await(store.writeCurves(ps));
        CurvePoint revised = curve(d.plusDays(1), CurvePoint.WEEKEND_PEAK, 44.125, 16);
        await(store.writeCurves(List.of(curve(d.plusDays(1), CurvePoint.WEEKEND_PEAK, 1, 1), revised)));

        assertThat(await(store.queryCurves(new CurveQuery(tenant, "MISO", "INDIANA.HUB", d, d.plusDays(3)))))
                .containsExactly(ps.get(0), ps.get(1), revised, ps.get(3));
        assertThat(await(store.queryCurves(new CurveQuery(tenant, "MISO", "INDIANA.HUB", d.plusDays(3), d.plusDays(4)))))
                .containsExactly(ps.get(4));
        assertThat(await(store.queryCurves(new CurveQuery(tenant, "MISO", "MINN.HUB", d, d.plusDays(9))))).isEmpty();
        await(store.writeCurves(List.of()));
    }

    CurvePoint curve(LocalDate d, String block, double price, int hours) {
        int expected = block.equals(CurvePoint.NIGHT) ? 8 : 16;
        return new CurvePoint(tenant, "MISO", "INDIANA.HUB", d, block, price, hours, hours == expected);
    }

    // --- DLQ and document counts ---

    @Test
    void documentCountsGroupRejectionsByReasonMostFrequentFirst() throws Exception {
        await(store.writeDlq(List.of(
                dlq("doc-a", 4, "non_numeric_value", "line 4: LMP 'n/a' is not a number"),
                dlq("doc-a", 9, "non_numeric_value", "line 9: MCC '' is not a number"),
                dlq("doc-b", 2, "non_numeric_value", "line 2: LMP '-' is not a number"),
                dlq("doc-a", 1, "header_drift", "column 7 is 'MW', expected 'LMP'"),
                // distinct positions: one position is one record (writing the same record again stores it once)
                dlq("doc-c", 11, "truncated_document", "ends inside a row"),
                dlq("doc-c", 12, "truncated_document", "ends inside a row"),
                dlq("doc-c", 13, "truncated_document", "ends inside a row"),
                dlq("doc-c", 14, "truncated_document", "ends inside a row"))));
        await(store.writeTicks(List.of(
                tick("NODE_A", T0, 1, "r", "doc-a"),
                tick("NODE_A", T0.plus(HOUR), 1, "r", "doc-a"),
                tick("NODE_B", T0, 1, "r", "doc-b"),
                tick("NODE_C", T0, 1, "r", "doc-c"))));
        // a later document revises one of doc-a's intervals: it no longer counts for doc-a
        await(store.writeTicks(List.of(tick("NODE_A", T0.plus(HOUR), 2, "r2", "doc-c"))));

        DocumentCounts ab = await(store.countsForDocuments(tenant, List.of("doc-a", "doc-b")));
        assertThat(ab.ticks()).isEqualTo(2);
        assertThat(ab.rejected()).isEqualTo(4);
        assertThat(ab.reasons()).extracting(DocumentCounts.ReasonCount::reason, DocumentCounts.ReasonCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("non_numeric_value", 3L),
                        org.assertj.core.groups.Tuple.tuple("header_drift", 1L));
        assertThat(ab.reasons().get(0).example()).isIn("line 4: LMP 'n/a' is not a number",
                "line 9: MCC '' is not a number", "line 2: LMP '-' is not a number");
        assertThat(ab.reasons().get(1).example()).isEqualTo("column 7 is 'MW', expected 'LMP'");

        DocumentCounts c = await(store.countsForDocuments(tenant, List.of("doc-c")));
        assertThat(c).isEqualTo(new DocumentCounts(2, 4,
                List.of(new DocumentCounts.ReasonCount("truncated_document", 4, "ends inside a row"))));
        assertThat(await(store.countsForDocuments(tenant, List.of("doc-unknown"))))
                .isEqualTo(new DocumentCounts(0, 0, List.of()));
        assertThat(await(store.countsForDocuments(tenant, List.of()))).isEqualTo(new DocumentCounts(0, 0, List.of()));
    }

    @Test
    void writingTheSameDlqRecordsAgainStoresAndCountsThemOnce() throws Exception {
        DlqRecord bad = new DlqRecord(tenant, "tr-1", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "line 7: LMP 'abc'", "doc-a", 7, "NODE_A", T0);
        DlqRecord whole = new DlqRecord(tenant, "tr-1", "connectors", "ingestion.caiso.raw.v1", "truncated_document",
                "zip ends early", "doc-a", 0, null, T0.plusSeconds(1));
        await(store.writeDlq(List.of(bad, whole)));

        // a replay an hour later (new trace, same rejection), redelivered twice in one batch
        DlqRecord badAgain = new DlqRecord(tenant, "tr-2", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "line 7: LMP 'abc'", "doc-a", 7, "NODE_A", T0.plusSeconds(3600));
        DlqRecord wholeAgain = new DlqRecord(tenant, "tr-2", "connectors", "ingestion.caiso.raw.v1",
                "truncated_document", "zip ends early", "doc-a", 0, null, T0.plusSeconds(3601));
        await(store.writeDlq(List.of(badAgain, wholeAgain, badAgain)));

        Store r = reads();
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, null, null, 10)))).as("first write kept, its time too")
                .containsExactly(whole, bad);
        assertThat(await(store.countsForDocuments(tenant, List.of("doc-a")))).isEqualTo(new DocumentCounts(0, 2, List.of(
                new DocumentCounts.ReasonCount("non_numeric_value", 1, "line 7: LMP 'abc'"),
                new DocumentCounts.ReasonCount("truncated_document", 1, "zip ends early"))));

        // a new record twice in one batch: one row, the first occurrence
        DlqRecord other = new DlqRecord(tenant, "tr-3", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "line 9: MCC ''", "doc-a", 9, "NODE_B", T0.plusSeconds(2));
        DlqRecord otherLater = new DlqRecord(tenant, "tr-4", "normalizer", "ingestion.caiso.raw.v1",
                "non_numeric_value", "line 9: MCC ''", "doc-a", 9, "NODE_B", T0.plusSeconds(5));
        // the same line and node, another hour (one MISO line holds 24): a rejection of its own
        DlqRecord otherHour = new DlqRecord(tenant, "tr-3", "normalizer", "ingestion.caiso.raw.v1",
                "non_numeric_value", "line 9: MCC '' (HE 2)", "doc-a", 9, "NODE_B", T0.plusSeconds(2));
        await(store.writeDlq(List.of(other, otherLater, otherHour)));
        assertThat(await(r.queryDlq(new DlqQuery(tenant, "doc-a", null, null, 10))))
                .containsExactlyInAnyOrder(other, otherHour, whole, bad);
        assertThat(await(store.countsForDocuments(tenant, List.of("doc-a"))).rejected()).isEqualTo(4);
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, null, "non_numeric_value", 10))))
                .containsExactlyInAnyOrder(other, otherHour, bad);
    }

    @Test
    void writingTheSameAnomaliesAgainKeepsOneRowWithTheFirstTime() throws Exception {
        Instant h1 = Instant.parse("2021-06-01T07:00:00Z");
        Anomaly spike = new Anomaly(tenant, "CAISO", "ds", "N1", h1, "price_spike", "lmp 9000 > cap", "doc-1", T0);
        Anomaly drift = new Anomaly(tenant, "CAISO", null, null, null, "schema_drift", "column 7", "doc-2",
                T0.plusSeconds(1));
        await(store.writeAnomalies(List.of(spike, drift)));

        // found again by a replay an hour later, and redelivered twice in one batch
        Anomaly spikeAgain = new Anomaly(tenant, "CAISO", "ds", "N1", h1, "price_spike", "lmp 9000 > cap", "doc-1",
                T0.plusSeconds(3600));
        Anomaly driftAgain = new Anomaly(tenant, "CAISO", null, null, null, "schema_drift", "column 7", "doc-2",
                T0.plusSeconds(3601));
        await(store.writeAnomalies(List.of(spikeAgain, driftAgain, spikeAgain)));

        assertThat(await(reads().queryAnomalies(tenant))).containsExactly(spike, drift);
        assertThat(await(reads().queryAnomalies(new AnomalyQuery(tenant, null, null, null, null, 10))))
                .containsExactly(drift, spike);
        assertThat(await(reads().queryAnomalies(new AnomalyQuery(tenant, "CAISO", "price_spike", null, null, 10))))
                .containsExactly(spike);

        // a new anomaly twice in one batch: one row, the first occurrence; another detail is another anomaly
        Anomaly gap = new Anomaly(tenant, "CAISO", "ds", "N2", h1, "missing_interval", "HE 1", "doc-1",
                T0.plusSeconds(2));
        Anomaly gapLater = new Anomaly(tenant, "CAISO", "ds", "N2", h1, "missing_interval", "HE 1", "doc-1",
                T0.plusSeconds(5));
        Anomaly otherSpike = new Anomaly(tenant, "CAISO", "ds", "N1", h1, "price_spike", "lmp 9100 > cap", "doc-1",
                T0.plusSeconds(3));
        await(store.writeAnomalies(List.of(gap, gapLater, otherSpike)));
        assertThat(await(reads().queryAnomalies(tenant))).containsExactly(spike, drift, gap, otherSpike);
    }

    // --- tenants ---

    @Test
    void aTenantNeverSeesAnotherTenantsRows() throws Exception {
        String other = tenant + "_other";
        EnrichedTick mine = tick("NODE_A", T0, 10, "r", "doc-shared");
        EnrichedTick theirs = new EnrichedTick(new Tick(other, "CAISO", "DAM", "NODE_A", "node", T0, T0.plus(HOUR),
                LocalDate.of(2024, 3, 10), "HE 1", 99, 99, 0, 0, 0, 0, "r", "doc-shared", 1), "node", null, null,
                "power", "lmp");
        Bar myBar = bar(Component.LMP, "1h", T0, 10, 12);
        Bar theirBar = new Bar(other, "CAISO", "DAM", "NODE_A", Component.LMP, "1h", T0, T0.plus(HOUR), 99, 99, 99,
                99, 99, 12, 12, true);

        await(store.writeTicks(List.of(mine)));
        await(store.writeTicks(List.of(theirs))); // same natural key except the tenant: must not replace mine
        await(store.writeBars(List.of(myBar, theirBar)));
        await(store.writeDlq(List.of(new DlqRecord(other, "tr", "normalizer", "in", "header_drift", "d",
                "doc-shared", 0, null, T0))));

        assertThat(await(store.queryTicks(window("NODE_A", T0, T0.plus(HOUR))))).containsExactly(mine);
        assertThat(await(store.queryBars(bars(Component.LMP, "1h", T0, T0.plus(HOUR))))).containsExactly(myBar);
        assertThat(await(store.countsForDocuments(tenant, List.of("doc-shared"))))
                .isEqualTo(new DocumentCounts(1, 0, List.of()));
        assertThat(await(store.countsForDocuments(other, List.of("doc-shared"))).rejected()).isEqualTo(1);
    }

    // --- misc ---

    @Test
    void emptyBatchesAreNoOpsAndPingAnswers() throws Exception {
        await(store.writeTicks(List.of()));
        await(store.writeBars(List.of()));
        await(store.writeDlq(List.of()));
        await(store.writeAnomalies(List.of()));
        await(store.ping());
        assertThat(store.name()).isIn("duckdb", "clickhouse");
    }

    // --- helpers ---

    Store reads() {
        return store;
    }

    static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    static String sha() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    EnrichedTick tick(String location, Instant start, double lmp, String revision, String documentId) {
        return tick(tenant, "CAISO", "DAM", location, start, lmp, revision, documentId);
    }

    static EnrichedTick tick(String tenant, String iso, String market, String location, Instant start, double lmp,
                             String revision, String documentId) {
        return new EnrichedTick(new Tick(tenant, iso, market, location, "node", start, start.plus(HOUR),
                LocalDate.of(2024, 3, 10), "HE " + start, lmp, lmp - 1, 0.5, 0.5, Double.NaN, 0, revision,
                documentId, 2), "node", "TH_NP15", "NP15", "power", "lmp");
    }

    TickQuery window(String location, Instant from, Instant to) {
        return new TickQuery(tenant, "CAISO", "DAM", location, from, to);
    }

    Bar bar(Component component, String resolution, Instant start, double close, int count) {
        Duration length = resolution.equals("1d") ? Duration.ofDays(1) : HOUR;
        return new Bar(tenant, "CAISO", "DAM", "NODE_A", component, resolution, start, start.plus(length),
                close - 1, close + 2, close - 3, close, close - 0.5, count, 12, count == 12);
    }

    BarQuery bars(Component component, String resolution, Instant from, Instant to) {
        return new BarQuery(tenant, "CAISO", "DAM", "NODE_A", component, resolution, from, to);
    }

    DlqRecord dlq(String documentId, long position, String reason, String detail) {
        return new DlqRecord(tenant, "trace", "normalizer", "ingestion.caiso.raw.v1", reason, detail, documentId,
                position, "NODE_A", T0);
    }
}
