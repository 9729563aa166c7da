package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
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

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The read API's questions to DuckDB; ticks are read the way {@link DuckDbSilver} reads them. */
final class DuckDbQueries implements StoreQueries {
    /** One component of one series: what bars and rolling metrics are read by. */
    private static final String SERIES = " WHERE tenant = ? AND iso = ? AND market = ? AND location = ? "
            + "AND component = ?";

    private final DuckDbEngine db;
    private final DuckDbSilver silver;

    DuckDbQueries(DuckDbEngine db, DuckDbSilver silver) {
        this.db = db;
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
        String where = SERIES + " AND resolution = ?" + DuckDbSql.window("bar_start", q.from(), q.to())
                + " ORDER BY bar_start";
        return db.select(GoldBars.TABLE, where, ps -> DuckDbSql.bindWindow(ps, DuckDbSql.bind(ps, q.tenant(), q.iso(),
                q.market(), q.location(), q.component().id(), q.resolution()), q.from(), q.to()), null);
    }

    @Override
    public Future<List<RollingMetric>> queryRolling(RollingQuery q) {
        String where = SERIES + " AND \"window\" = ?" + DuckDbSql.window("window_end", q.from(), q.to())
                + " QUALIFY row_number() OVER (PARTITION BY window_end ORDER BY version DESC) = 1 ORDER BY window_end";
        return db.select(GoldRolling.TABLE, where, ps -> DuckDbSql.bindWindow(ps, DuckDbSql.bind(ps, q.tenant(),
                q.iso(), q.market(), q.location(), q.component().id(), q.window()), q.from(), q.to()), null);
    }

    @Override
    public Future<List<CurvePoint>> queryCurves(CurveQuery q) {
        return db.select(GoldCurves.TABLE, " WHERE tenant = ? AND iso = ? AND location = ?"
                + (q.from() == null ? "" : " AND delivery_date >= ?") + (q.to() == null ? "" : " AND delivery_date < ?")
                + " ORDER BY delivery_date, block", ps -> {
                    int i = DuckDbSql.bind(ps, q.tenant(), q.iso(), q.location());
                    if (q.from() != null) ps.setObject(i++, q.from());
                    if (q.to() != null) ps.setObject(i, q.to());
                }, null);
    }

    @Override
    public Future<List<Anomaly>> queryAnomalies(String tenant) {
        return db.select(Anomalies.TABLE, " WHERE tenant = ? ORDER BY \"at\"", ps -> DuckDbSql.bind(ps, tenant), null);
    }

    @Override
    public Future<List<Anomaly>> queryAnomalies(AnomalyQuery q) {
        String time = "coalesce(interval_start, \"at\")";
        List<String> values = new ArrayList<>(List.of(q.tenant()));
        if (q.iso() != null) values.add(q.iso());
        if (q.type() != null) values.add(q.type());
        return db.select(Anomalies.TABLE, " WHERE tenant = ?" + (q.iso() == null ? "" : " AND iso = ?")
                + (q.type() == null ? "" : " AND type = ?") + DuckDbSql.window(time, q.from(), q.to())
                + " ORDER BY " + time + " DESC, \"at\" DESC, location LIMIT " + q.limit(),
                ps -> DuckDbSql.bindWindow(ps, DuckDbSql.bind(ps, values.toArray(String[]::new)), q.from(), q.to()),
                null);
    }

    @Override
    public Future<List<DlqRecord>> queryDlq(DlqQuery q) {
        List<String> values = new ArrayList<>(List.of(q.tenant()));
        if (q.documentId() != null) values.add(q.documentId());
        if (q.stage() != null) values.add(q.stage());
        if (q.reason() != null) values.add(q.reason());
        return db.select(Dlq.TABLE, " WHERE tenant = ?" + (q.documentId() == null ? "" : " AND document_id = ?")
                + (q.stage() == null ? "" : " AND stage = ?") + (q.reason() == null ? "" : " AND reason = ?")
                + " ORDER BY \"at\" DESC, document_id, position LIMIT " + q.limit(),
                ps -> DuckDbSql.bind(ps, values.toArray(String[]::new)), null);
    }

    @Override
    public Future<DocumentCounts> countsForDocuments(String tenant, List<String> documentIds) {
        if (documentIds.isEmpty()) return Future.succeededFuture(new DocumentCounts(0, 0, List.of()));
        String in = DuckDbSql.marks(documentIds.size());
        String[] params = new String[documentIds.size() + 1];
        params[0] = tenant;
        for (int i = 0; i < documentIds.size(); i++) params[i + 1] = documentIds.get(i);
        return db.onWorker(() -> {
            long ticks;
            // the latest tick of each key the documents wrote, counted when it came from one of them
            String revisions = SilverTicks.REVISIONS.name();
            try (PreparedStatement ps = db.conn().prepareStatement("SELECT count(*) FROM (SELECT r.document_id FROM "
                    + revisions + " r SEMI JOIN (SELECT iso, market, location, interval_start FROM " + revisions
                    + " WHERE tenant = ? AND document_id IN " + in + ") k USING (iso, market, location, "
                    + "interval_start) WHERE r.tenant = ?" + DuckDbSql.newestPerKey(SilverTicks.TABLE)
                    + ") WHERE document_id IN " + in)) {
                int i = DuckDbSql.bind(ps, params);
                ps.setString(i++, tenant);
                for (String d : documentIds) ps.setString(i++, d);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ticks = rs.getLong(1);
                }
            }
            List<DocumentCounts.ReasonCount> reasons = new ArrayList<>();
            long rejected = 0;
            try (PreparedStatement ps = db.conn().prepareStatement("SELECT reason, count(*) AS n, min(detail) FROM dlq "
                    + "WHERE tenant = ? AND document_id IN " + in + " GROUP BY reason ORDER BY n DESC, reason")) {
                DuckDbSql.bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reasons.add(new DocumentCounts.ReasonCount(rs.getString(1), rs.getLong(2), rs.getString(3)));
                        rejected += rs.getLong(2);
                    }
                }
            }
            return new DocumentCounts(ticks, rejected, reasons);
        });
    }
}
