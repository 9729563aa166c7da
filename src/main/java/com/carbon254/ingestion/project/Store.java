package com.carbon254.ingestion.project;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.RawDocument;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;

/**
 * Bronze documents, silver ticks, gold bars, plus the DLQ and anomaly streams, behind one interface: DuckDB (embedded
 * default) and ClickHouse (cluster, over HTTP). Chosen by the descriptor.
 *
 * <p>Idempotency: ticks are keyed by (tenant, iso, market, location, interval_start) and bars by (tenant, iso,
 * market, location, component, resolution, start), rolling metrics by (tenant, iso, market, location, component,
 * window, window_end), curve points by (tenant, iso, location, date, block); writing the same key again replaces the row (upsert in DuckDB,
 * ReplacingMergeTree + FINAL in ClickHouse), so replays never duplicate. Tick revisions are kept one per (tick key,
 * revision, document), the latest write winning. DLQ records and anomalies are keyed by their deterministic event id
 * ({@link com.carbon254.ingestion.event.EventIds#dlq}, {@link com.carbon254.ingestion.event.EventIds#anomaly}, which
 * leave out the time): writing one again — a replay, a Kafka redelivery, a repeat inside one batch — keeps the FIRST
 * write, so the time an operator first saw it stays. Document coverages are upserted on (tenant, document). Every
 * method is non-blocking; blocking drivers run on worker threads.
 */
public interface Store {
    /**
     * Creates tables if missing (idempotent); fails, naming the tables to drop, on tables an older version created
     * with an append-only layout (dlq, anomalies; in ClickHouse also the tick revisions). No migration.
     */
    Future<Void> init();

    /**
     * Stores a Bronze document; completes with {@code false} when this tenant already stored a document with the same
     * sha256 (another tenant's identical bytes are that tenant's own document).
     */
    Future<Boolean> putDocumentIfAbsent(RawDocument doc);

    /**
     * Records which intervals a Bronze document holds (written when it is extracted), upserted on (tenant,
     * documentId): writing it again, as a replay does, replaces it. See {@link StoreReads#documentsCovering}.
     */
    Future<Void> putCoverage(DocumentCoverage c);

    Future<Void> writeTicks(List<EnrichedTick> ticks);

    Future<Void> writeBars(List<Bar> bars);

    /** Stores records a stage rejected; one already stored (same event id) keeps its first write. */
    Future<Void> writeDlq(List<DlqRecord> records);

    /** Stores data-quality findings; one already stored (same event id) keeps its first write. */
    Future<Void> writeAnomalies(List<Anomaly> anomalies);

    /** Latest value per interval, ordered by interval start. */
    Future<List<EnrichedTick>> queryTicks(TickQuery q);

    /**
     * The latest tick per interval of several locations of one (tenant, iso, market) whose interval start lies in
     * {@code [from, to)}, ordered by location, then interval start — what the aggregator reloads after a restart
     * (one query per batch, not one per location).
     */
    Future<List<EnrichedTick>> queryLatestTicks(String tenant, String iso, String market,
                                                java.util.Collection<String> locations, Instant from, Instant to);

    /**
     * Every revision stored for the intervals of the window (ex-ante then ex-post, prelim then final, a corrected
     * document re-imported), ordered by interval start, then arrival. One row per (tick key, revision, document):
     * writing the same revision of the same document again (a replay, a redelivery) replaces that row's values and
     * its arrival becomes that latest write, so a replay in the original arrival order leaves the order unchanged.
     * A null revision or document counts as the empty string.
     */
    Future<List<EnrichedTick>> queryTickRevisions(TickQuery q);

    /** Bars whose start lies in {@code [from, to)}, ordered by start. */
    Future<List<Bar>> queryBars(BarQuery q);

    /** Upserts rolling metrics on their natural key (a recomputed window replaces the stored one). */
    Future<Void> writeRolling(List<RollingMetric> metrics);

    /** Rolling metrics whose {@code window_end} lies in {@code [from, to)}, ordered by window end. */
    Future<List<RollingMetric>> queryRolling(RollingQuery q);

    /** Upserts curve block points on (tenant, iso, location, date, block). */
    Future<Void> writeCurves(List<CurvePoint> points);

    /** Curve points whose date lies in {@code [from, to)}, ordered by date, then block. */
    Future<List<CurvePoint>> queryCurves(CurveQuery q);

    /** Silver ticks and DLQ counts attributable to the given documents (import status). */
    Future<DocumentCounts> countsForDocuments(String tenant, List<String> documentIds);

    /**
     * The end of the newest interval stored for a series of ticks (the data-lag and the "intervals since the newest
     * one ingested" of scheduled real-time runs); empty when none is stored.
     */
    Future<java.util.Optional<java.time.Instant>> newestInterval(String tenant, String iso, String market);

    /** Answers when the engine answers (readiness). */
    Future<Void> ping();

    /** Engine name as in descriptors ({@code duckdb}, {@code clickhouse}). */
    String name();

    Future<Void> close();
}
