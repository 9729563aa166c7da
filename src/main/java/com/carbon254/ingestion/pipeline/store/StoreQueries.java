package com.carbon254.ingestion.pipeline.store;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import io.vertx.core.Future;

import java.util.List;

/** What the read API (and an import's status) asks the store. */
public interface StoreQueries {
    /** Latest value per interval, ordered by interval start. */
    Future<List<EnrichedTick>> queryTicks(TickQuery q);

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

    /** Rolling metrics whose {@code window_end} lies in {@code [from, to)}, ordered by window end. */
    Future<List<RollingMetric>> queryRolling(RollingQuery q);

    /** Curve points whose date lies in {@code [from, to)}, ordered by date, then block. */
    Future<List<CurvePoint>> queryCurves(CurveQuery q);

    /** A tenant's anomalies, oldest first. */
    Future<List<Anomaly>> queryAnomalies(String tenant);

    /** Anomalies matching {@code q}, newest first (see {@link AnomalyQuery}). */
    Future<List<Anomaly>> queryAnomalies(AnomalyQuery q);

    /** Records a stage rejected, newest first (what an operator reads after an import reports rejections). */
    Future<List<DlqRecord>> queryDlq(DlqQuery q);

    /** Silver ticks and DLQ counts attributable to the given documents (import status). */
    Future<DocumentCounts> countsForDocuments(String tenant, List<String> documentIds);
}
