package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.pipeline.store.AnomalyQuery;
import com.carbon254.ingestion.pipeline.store.BarQuery;
import com.carbon254.ingestion.pipeline.store.CurveQuery;
import com.carbon254.ingestion.pipeline.store.DlqQuery;
import com.carbon254.ingestion.pipeline.store.DocumentCounts;
import com.carbon254.ingestion.pipeline.store.RollingQuery;
import com.carbon254.ingestion.pipeline.store.StoreQueries;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import com.carbon254.ingestion.store.Tables.Anomalies;
import com.carbon254.ingestion.store.Tables.Dlq;
import com.carbon254.ingestion.store.Tables.GoldBars;
import com.carbon254.ingestion.store.Tables.GoldCurves;
import com.carbon254.ingestion.store.Tables.GoldRolling;
import com.carbon254.ingestion.store.Tables.SilverTicks;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

import static com.carbon254.ingestion.store.clickhouse.ClickHouseSql.lit;
import static com.carbon254.ingestion.store.clickhouse.ClickHouseSql.window;

/** The read API's questions to ClickHouse (every table read with {@code FINAL}). */
final class ClickHouseQueries implements StoreQueries {
    private final ClickHouseHttp http;
    private final ClickHouseSilver silver;

    ClickHouseQueries(ClickHouseHttp http, ClickHouseSilver silver) {
        this.http = http;
        this.silver = silver;
    }

    @Override
    public Future<List<EnrichedTick>> queryTicks(TickQuery q) {
        return silver.latest(q);
    }

    @Override
    public Future<List<EnrichedTick>> queryTickRevisions(TickQuery q) {
        return silver.revisions(q);
    }

    @Override
    public Future<List<Bar>> queryBars(BarQuery q) {
        return http.select(GoldBars.TABLE, series(q.tenant(), q.iso(), q.market(), q.location(), q.component())
                + " AND resolution = " + lit(q.resolution()) + window("bar_start", q.from(), q.to())
                + " ORDER BY bar_start");
    }

    @Override
    public Future<List<RollingMetric>> queryRolling(RollingQuery q) {
        return http.select(GoldRolling.TABLE, series(q.tenant(), q.iso(), q.market(), q.location(), q.component())
                + " AND window = " + lit(q.window()) + window("window_end", q.from(), q.to()) + " ORDER BY window_end");
    }

    /** One component of one series: what bars and rolling metrics are read by. */
    private static String series(String tenant, String iso, String market, String location, Component component) {
        return " FINAL WHERE tenant = " + lit(tenant) + " AND iso = " + lit(iso) + " AND market = " + lit(market)
                + " AND location = " + lit(location) + " AND component = " + lit(component.id());
    }

    @Override
    public Future<List<CurvePoint>> queryCurves(CurveQuery q) {
        return http.select(GoldCurves.TABLE, " FINAL WHERE tenant = " + lit(q.tenant()) + " AND iso = " + lit(q.iso())
                + " AND location = " + lit(q.location())
                + (q.from() == null ? "" : " AND delivery_day >= " + q.from().toEpochDay())
                + (q.to() == null ? "" : " AND delivery_day < " + q.to().toEpochDay())
                + " ORDER BY delivery_day, block");
    }

    @Override
    public Future<List<Anomaly>> queryAnomalies(String tenant) {
        return http.select(Anomalies.TABLE, " FINAL WHERE tenant = " + lit(tenant) + " ORDER BY at");
    }

    @Override
    public Future<List<Anomaly>> queryAnomalies(AnomalyQuery q) {
        String time = "ifNull(interval_start, at)";
        return http.select(Anomalies.TABLE, " FINAL WHERE tenant = " + lit(q.tenant())
                + (q.iso() == null ? "" : " AND iso = " + lit(q.iso()))
                + (q.type() == null ? "" : " AND type = " + lit(q.type())) + window(time, q.from(), q.to())
                + " ORDER BY " + time + " DESC, at DESC, location LIMIT " + q.limit());
    }

    @Override
    public Future<List<DlqRecord>> queryDlq(DlqQuery q) {
        return http.select(Dlq.TABLE, " FINAL WHERE tenant = " + lit(q.tenant())
                + (q.documentId() == null ? "" : " AND document_id = " + lit(q.documentId()))
                + (q.stage() == null ? "" : " AND stage = " + lit(q.stage()))
                + (q.reason() == null ? "" : " AND reason = " + lit(q.reason()))
                + " ORDER BY at DESC, document_id, position LIMIT " + q.limit());
    }

    @Override
    public Future<DocumentCounts> countsForDocuments(String tenant, List<String> documentIds) {
        if (documentIds.isEmpty()) return Future.succeededFuture(new DocumentCounts(0, 0, List.of()));
        String in = ClickHouseSql.in(documentIds);
        // FINAL before the document filter: a tick whose key was later rewritten by another document counts for
        // that other document only (18.16 does not move WHERE into PREWHERE under FINAL, newer servers neither)
        Future<Long> ticks = http.query("SELECT count() FROM " + http.table(SilverTicks.TABLE)
                + " FINAL WHERE tenant = " + lit(tenant) + " AND document_id IN " + in).map(r -> {
                    r.nextRow();
                    return r.int64();
                });
        Future<List<DocumentCounts.ReasonCount>> reasons = http.query("SELECT reason, count() AS n, min(detail) FROM "
                + http.table(Dlq.TABLE) + " FINAL WHERE tenant = " + lit(tenant) + " AND document_id IN " + in
                + " GROUP BY reason ORDER BY n DESC, reason").map(r -> {
                    List<DocumentCounts.ReasonCount> out = new ArrayList<>();
                    while (r.nextRow()) out.add(new DocumentCounts.ReasonCount(r.string(), r.int64(), r.string()));
                    return out;
                });
        return Future.all(ticks, reasons).map(v -> new DocumentCounts(ticks.result(),
                reasons.result().stream().mapToLong(DocumentCounts.ReasonCount::count).sum(), reasons.result()));
    }
}
