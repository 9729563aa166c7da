package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.EventIds;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Every store port on ClickHouse through its HTTP interface (Vert.x {@link WebClient}; no JDBC, nothing blocks). SQL is
 * kept to what ClickHouse 18.16 accepts, so every newer server runs it too:
 * <ul>
 *   <li>instants are {@code Int64} microseconds since the epoch, UTC (18.16 has no DateTime64);</li>
 *   <li>silver ticks and gold bars are {@code ReplacingMergeTree(updated_at)} ordered by their natural key, where
 *   {@code updated_at} is a version that grows with every write of this store instance (wall clock micros, bumped
 *   to stay strictly increasing); reads use {@code FINAL}, so a replaced row never shows twice, even before the
 *   background merge;</li>
 *   <li>Bronze is a {@code ReplacingMergeTree} on {@code (tenant, sha256)}: a document is new per tenant. {@link #putDocumentIfAbsent} checks, then inserts:
 *   two concurrent uploads of the same bytes may both answer {@code true}; the table then holds one document
 *   after {@code FINAL}/merge, which is the dedupe that matters (the records of both uploads are identical and
 *   collapse downstream by natural key);</li>
 *   <li>dlq and anomalies are {@code ReplacingMergeTree(version)} on (tenant, deterministic event id), where
 *   {@code version} = {@link #FIRST_WINS} minus the write's version: the merge keeps the highest, so the FIRST write
 *   of an id stays (with its time), whatever replay or redelivery writes it again. Not partitioned by time: rows of
 *   one id collapse only within a partition, and a replay's {@code at} may fall in another month. Read with
 *   {@code FINAL};</li>
 *   <li>tick revisions are a {@code ReplacingMergeTree(updated_at)} on (tick key, revision, document) and document
 *   coverages one on (tenant, document_id), both read with {@code FINAL};</li>
 *   <li>writes are {@code INSERT ... FORMAT RowBinary}, one request per {@link #CHUNK_ROWS} rows (see
 *   {@link RowBinaryWriter} for why not TSV); reads are {@code FORMAT TabSeparated} ({@link TsvReader}).</li>
 * </ul>
 * 18.16 has no query parameters, so values in SQL are literals built by {@link #lit(String)}.
 *
 * <p>Failures: a future fails with {@link ClickHouseException} carrying the HTTP status and ClickHouse's error text.
 * A write batch larger than one chunk is several inserts: when one fails, the earlier chunks stay written, which is
 * harmless because a retry of the batch replaces them.
 */
public final class ClickHouseStore implements Store {
    /** Rows per insert request. */
    static final int CHUNK_ROWS = 100_000;
    private static final long REQUEST_TIMEOUT_MS = 120_000;
    private static final int MAX_ERROR_CHARS = 2_000;
    /** ClickHouse's default {@code max_query_size} (bytes of a query it parses). */
    private static final int DEFAULT_MAX_QUERY_SIZE = 256 * 1024;

    private static final String TICK_COLUMNS = "tenant, iso, market, location, interval_start, interval_end, "
            + "operating_day, local_label, lmp, energy, congestion, loss, ghg, derived, revision, document_id, "
            + "position, location_type, hub, zone, commodity, product";
    private static final String BAR_COLUMNS = "tenant, iso, market, location, component, resolution, bar_start, "
            + "bar_end, open, high, low, close, mean, count, expected, complete";
    private static final String ROLLING_COLUMNS = "tenant, iso, market, location, component, window, window_end, "
            + "count, mean, stddev, min, max";
    private static final String CURVE_COLUMNS = "tenant, iso, location, delivery_day, block, price, hours, complete";
    private static final String DLQ_COLUMNS = "tenant, trace_id, stage, input_topic, reason, detail, document_id, "
            + "position, location, at";
    private static final String ANOMALY_COLUMNS = "tenant, iso, dataset, location, interval_start, type, detail, "
            + "document_id, at";
    private static final String COVERAGE_COLUMNS = "tenant, document_id, connector, iso, dataset, first_interval_end, "
            + "last_interval_end, received_at";
    /** Version base of the first-write-wins tables (dlq, anomalies): a later write has a lower version. */
    static final long FIRST_WINS = Long.MAX_VALUE;
    /**
     * Columns, engine and partitioning shared by the serving tick table and the revisions table (they differ only in
     * their sorting key), so a column added to one is added to both.
     */
    private static final String TICK_TABLE = " (tenant String, iso String, market String, location String, "
            + "interval_start Int64, interval_end Nullable(Int64), operating_day Nullable(Date), "
            + "local_label Nullable(String), lmp Nullable(Float64), energy Nullable(Float64), "
            + "congestion Nullable(Float64), loss Nullable(Float64), ghg Nullable(Float64), derived Int32, "
            + "revision Nullable(String), document_id Nullable(String), position Int64, "
            + "location_type Nullable(String), hub Nullable(String), zone Nullable(String), "
            + "commodity Nullable(String), product Nullable(String), updated_at UInt64) "
            + "ENGINE = ReplacingMergeTree(updated_at) "
            + "PARTITION BY toYYYYMM(toDateTime(intDiv(interval_start, 1000000))) ";

    private static final String BRONZE_COLUMNS = "sha256, tenant, connector, dataset, name, size, received_at, "
            + "trace_id, content";

    private final ClickHouseStoreConfig cfg;
    private final String db;
    private final WebClient http;
    private final AtomicLong lastVersion = new AtomicLong();

    public ClickHouseStore(Vertx vertx, ClickHouseStoreConfig cfg) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.db = "`" + cfg.database() + "`";
        // idle connections are dropped before ClickHouse's own keep_alive_timeout (3 s by default) closes them,
        // so a request never goes out on a connection the server is closing
        this.http = WebClient.create(Objects.requireNonNull(vertx, "vertx"), new WebClientOptions()
                .setUserAgent("carbon-ingestion").setKeepAlive(true).setKeepAliveTimeout(2).setConnectTimeout(10_000));
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    /** The database this store writes to. */
    public String database() {
        return cfg.database();
    }

    @Override
    public Future<Void> init() {
        Future<Void> chain = exec("CREATE DATABASE IF NOT EXISTS " + db);
        for (String ddl : ddl()) chain = chain.compose(v -> exec(ddl));
        return chain.compose(v -> requireCurrentSchema());
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} leaves tables of an older version as they are: the append-only MergeTree
     * revisions, DLQ and anomaly tables would fail writes or {@code FINAL} reads, so start-up refuses them with what to
     * do (no migration: the project is young).
     */
    private Future<Void> requireCurrentSchema() {
        return query("SELECT name, engine FROM system.tables WHERE database = " + lit(cfg.database())
                + " AND name IN ('silver_tick_revisions', 'dlq', 'anomalies') AND engine != 'ReplacingMergeTree'"
                + " ORDER BY name").compose(r -> {
                    List<String> old = new ArrayList<>();
                    while (r.nextRow()) old.add(cfg.database() + "." + r.string() + " (" + r.string() + ")");
                    if (old.isEmpty()) return Future.succeededFuture();
                    return Future.failedFuture(new IllegalStateException("ClickHouse table(s) " + String.join(", ", old)
                            + " were created by an older carbon-ingestion (append-only); this version keeps one row per "
                            + "key in a ReplacingMergeTree: drop them (DROP TABLE) or use a new database"));
                });
    }

    private List<String> ddl() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + db + ".bronze_documents (sha256 String, tenant String, "
                        + "connector Nullable(String), dataset Nullable(String), name Nullable(String), size Int64, "
                        + "received_at Nullable(Int64), trace_id Nullable(String), content String) "
                        + "ENGINE = ReplacingMergeTree ORDER BY (tenant, sha256)",
                "CREATE TABLE IF NOT EXISTS " + db + ".bronze_coverage (tenant String, document_id String, "
                        + "connector Nullable(String), iso Nullable(String), dataset Nullable(String), "
                        + "first_interval_end Nullable(Int64), last_interval_end Nullable(Int64), "
                        + "received_at Nullable(Int64), updated_at UInt64) "
                        + "ENGINE = ReplacingMergeTree(updated_at) ORDER BY (tenant, document_id)",
                "CREATE TABLE IF NOT EXISTS " + db + ".silver_ticks" + TICK_TABLE
                        + "ORDER BY (tenant, iso, market, location, interval_start)",
                // every revision of a tick, for revisions=all: one row per (tick key, revision, document), a
                // rewrite (replay, redelivery) replacing it; 18.16 refuses Nullable sorting keys, hence ifNull
                "CREATE TABLE IF NOT EXISTS " + db + ".silver_tick_revisions" + TICK_TABLE
                        + "ORDER BY (tenant, iso, market, location, interval_start, ifNull(revision, ''), "
                        + "ifNull(document_id, ''))",
                "CREATE TABLE IF NOT EXISTS " + db + ".gold_bars (tenant String, iso String, market String, "
                        + "location String, component String, resolution String, bar_start Int64, bar_end Int64, "
                        + "open Float64, high Float64, low Float64, close Float64, mean Float64, count Int32, "
                        + "expected Int32, complete UInt8, updated_at UInt64) "
                        + "ENGINE = ReplacingMergeTree(updated_at) "
                        + "PARTITION BY toYYYYMM(toDateTime(intDiv(bar_start, 1000000))) "
                        + "ORDER BY (tenant, iso, market, location, component, resolution, bar_start)",
                "CREATE TABLE IF NOT EXISTS " + db + ".gold_rolling (tenant String, iso String, market String, "
                        + "location String, component String, window String, window_end Int64, count Int32, "
                        + "mean Float64, stddev Float64, min Float64, max Float64, updated_at UInt64) "
                        + "ENGINE = ReplacingMergeTree(updated_at) "
                        + "PARTITION BY toYYYYMM(toDateTime(intDiv(window_end, 1000000))) "
                        + "ORDER BY (tenant, iso, market, location, component, window, window_end)",
                // delivery_day: days since 1970-01-01 (Int32), so any date round-trips and ranges compare as ints
                "CREATE TABLE IF NOT EXISTS " + db + ".gold_curves (tenant String, iso String, location String, "
                        + "delivery_day Int32, block String, price Float64, hours Int32, complete UInt8, "
                        + "updated_at UInt64) ENGINE = ReplacingMergeTree(updated_at) "
                        + "ORDER BY (tenant, iso, location, delivery_day, block)",
                "CREATE TABLE IF NOT EXISTS " + db + ".dlq (tenant String, trace_id Nullable(String), "
                        + "stage Nullable(String), input_topic Nullable(String), reason String, "
                        + "detail Nullable(String), document_id Nullable(String), position Int64, "
                        + "location Nullable(String), at Int64, id String, version UInt64) "
                        + "ENGINE = ReplacingMergeTree(version) ORDER BY (tenant, id)",
                "CREATE TABLE IF NOT EXISTS " + db + ".anomalies (tenant String, iso Nullable(String), "
                        + "dataset Nullable(String), location Nullable(String), interval_start Nullable(Int64), "
                        + "type String, detail Nullable(String), document_id Nullable(String), at Int64, id String, "
                        + "version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY (tenant, id)");
    }

    @Override
    public Future<Boolean> putDocumentIfAbsent(RawDocument doc) {
        Objects.requireNonNull(doc.sha256(), "sha256");
        return query("SELECT count() FROM " + db + ".bronze_documents FINAL WHERE tenant = " + lit(doc.tenant())
                + " AND sha256 = " + lit(doc.sha256()))
                .compose(r -> {
                    r.nextRow();
                    if (r.int64() > 0) return Future.succeededFuture(false);
                    byte[] content = doc.content() == null ? new byte[0] : doc.content();
                    RowBinaryWriter w = new RowBinaryWriter(content.length + 256);
                    w.string("sha256", doc.sha256()).string("tenant", doc.tenant())
                            .nullableString(doc.connector()).nullableString(doc.dataset()).nullableString(doc.name())
                            .int64(content.length).nullableInt64(micros(doc.receivedAt()))
                            .nullableString(doc.traceId()).bytes(content);
                    return insert("bronze_documents", BRONZE_COLUMNS, w.buffer()).map(true);
                });
    }

    @Override
    public Future<Optional<RawDocument>> getDocument(String tenant, String sha256) {
        return query("SELECT tenant, connector, name, dataset, sha256, content, received_at, trace_id FROM " + db
                + ".bronze_documents FINAL WHERE tenant = " + lit(tenant) + " AND sha256 = " + lit(sha256) + " LIMIT 1")
                .map(r -> r.nextRow()
                        ? Optional.of(new RawDocument(r.string(), r.string(), r.string(), r.string(), r.string(),
                                r.bytes(), instant(r.nullableInt64()), r.string()))
                        : Optional.empty());
    }

    @Override
    public Future<Void> putCoverage(DocumentCoverage c) {
        long version = nextVersion();
        return insertChunked("bronze_coverage", COVERAGE_COLUMNS + ", updated_at", List.of(c), 200, (w, x) ->
                w.string("tenant", x.tenant()).string("document_id", x.documentId()).nullableString(x.connector())
                        .nullableString(x.iso()).nullableString(x.dataset())
                        .nullableInt64(micros(x.firstIntervalEnd())).nullableInt64(micros(x.lastIntervalEnd()))
                        .nullableInt64(micros(x.receivedAt())).uint64(version));
    }

    @Override
    public Future<List<DocumentCoverage>> documentsCovering(String tenant, Instant from, Instant to,
                                                            java.util.Set<String> isos) {
        StringBuilder in = new StringBuilder();
        if (isos != null) isos.stream().sorted().forEach(iso -> in.append(in.length() > 0 ? ", " : "").append(lit(iso)));
        // FINAL before the filters: a coverage rewritten out of the window must not match through its old row
        String sql = "SELECT " + COVERAGE_COLUMNS + " FROM " + db + ".bronze_coverage FINAL WHERE tenant = "
                + lit(tenant) + " AND isNotNull(first_interval_end) AND isNotNull(last_interval_end)"
                + (from == null ? "" : " AND last_interval_end > " + Micros.of(from))
                + (to == null ? "" : " AND first_interval_end <= " + Micros.of(to))
                + (in.length() == 0 ? "" : " AND iso IN (" + in + ")")
                + " ORDER BY received_at NULLS LAST, document_id";
        return query(sql).map(r -> {
            List<DocumentCoverage> out = new ArrayList<>();
            while (r.nextRow()) {
                out.add(new DocumentCoverage(r.string(), r.string(), r.string(), r.string(), r.string(),
                        instant(r.nullableInt64()), instant(r.nullableInt64()), instant(r.nullableInt64())));
            }
            return out;
        });
    }

    @Override
    public Future<Void> writeTicks(List<EnrichedTick> ticks) {
        if (ticks.isEmpty()) return Future.succeededFuture();
        long version = nextVersion();
        List<EnrichedTick> rows = LastWins.ticks(ticks);
        return insertTicks("silver_tick_revisions", rows, version)
                .compose(v -> insertTicks("silver_ticks", rows, version));
    }

    private Future<Void> insertTicks(String table, List<EnrichedTick> rows, long version) {
        return insertChunked(table, TICK_COLUMNS + ", updated_at", rows, 200,
                (w, e) -> {
                    Tick t = e.tick();
                    w.string("tenant", t.tenant()).string("iso", t.iso()).string("market", t.market())
                            .string("location", t.location()).int64(Micros.of(t.intervalStart()))
                            .nullableInt64(micros(t.intervalEnd())).nullableDate(t.operatingDay())
                            .nullableString(t.localLabel())
                            .nullableFloat64(t.lmp()).nullableFloat64(t.energy()).nullableFloat64(t.congestion())
                            .nullableFloat64(t.loss()).nullableFloat64(t.ghg())
                            .int32(t.derived()).nullableString(t.revision()).nullableString(t.documentId())
                            .int64(t.position()).nullableString(e.locationType()).nullableString(e.hub())
                            .nullableString(e.zone()).nullableString(e.commodity()).nullableString(e.product())
                            .uint64(version);
                });
    }

    @Override
    public Future<Void> writeBars(List<Bar> bars) {
        if (bars.isEmpty()) return Future.succeededFuture();
        long version = nextVersion();
        return insertChunked("gold_bars", BAR_COLUMNS + ", updated_at", LastWins.bars(bars), 160, (w, b) ->
                w.string("tenant", b.tenant()).string("iso", b.iso()).string("market", b.market())
                        .string("location", b.location()).string("component", b.component().id())
                        .string("resolution", b.resolution()).int64(Micros.of(b.start())).int64(Micros.of(b.end()))
                        .float64(b.open()).float64(b.high()).float64(b.low()).float64(b.close()).float64(b.mean())
                        .int32(b.count()).int32(b.expected()).bool(b.complete()).uint64(version));
    }

    @Override
    public Future<Void> writeRolling(List<RollingMetric> metrics) {
        if (metrics.isEmpty()) return Future.succeededFuture();
        long version = nextVersion();
        return insertChunked("gold_rolling", ROLLING_COLUMNS + ", updated_at", LastWins.rolling(metrics), 120,
                (w, m) -> w.string("tenant", m.tenant()).string("iso", m.iso()).string("market", m.market())
                        .string("location", m.location()).string("component", m.component().id())
                        .string("window", m.window()).int64(Micros.of(m.windowEnd())).int32(m.count())
                        .float64(m.mean()).float64(m.stddev()).float64(m.min()).float64(m.max()).uint64(version));
    }

    @Override
    public Future<List<RollingMetric>> queryRolling(RollingQuery q) {
        String sql = "SELECT " + ROLLING_COLUMNS + " FROM " + db + ".gold_rolling FINAL WHERE tenant = "
                + lit(q.tenant()) + " AND iso = " + lit(q.iso()) + " AND market = " + lit(q.market())
                + " AND location = " + lit(q.location()) + " AND component = " + lit(q.component().id())
                + " AND window = " + lit(q.window()) + window("window_end", q.from(), q.to())
                + " ORDER BY window_end";
        return query(sql).map(r -> {
            List<RollingMetric> out = new ArrayList<>();
            while (r.nextRow()) {
                out.add(new RollingMetric(r.string(), r.string(), r.string(), r.string(), Component.parse(r.string()),
                        r.string(), Micros.toInstant(r.int64()), r.int32(), r.float64(), r.float64(), r.float64(),
                        r.float64()));
            }
            return out;
        });
    }

    @Override
    public Future<Void> writeCurves(List<CurvePoint> points) {
        if (points.isEmpty()) return Future.succeededFuture();
        long version = nextVersion();
        return insertChunked("gold_curves", CURVE_COLUMNS + ", updated_at", LastWins.curves(points), 80,
                (w, p) -> w.string("tenant", p.tenant()).string("iso", p.iso()).string("location", p.location())
                        .int32(Math.toIntExact(p.date().toEpochDay())).string("block", p.block()).float64(p.price())
                        .int32(p.hours()).bool(p.complete()).uint64(version));
    }

    @Override
    public Future<List<CurvePoint>> queryCurves(CurveQuery q) {
        String sql = "SELECT " + CURVE_COLUMNS + " FROM " + db + ".gold_curves FINAL WHERE tenant = " + lit(q.tenant())
                + " AND iso = " + lit(q.iso()) + " AND location = " + lit(q.location())
                + (q.from() == null ? "" : " AND delivery_day >= " + q.from().toEpochDay())
                + (q.to() == null ? "" : " AND delivery_day < " + q.to().toEpochDay())
                + " ORDER BY delivery_day, block";
        return query(sql).map(r -> {
            List<CurvePoint> out = new ArrayList<>();
            while (r.nextRow()) {
                out.add(new CurvePoint(r.string(), r.string(), r.string(), java.time.LocalDate.ofEpochDay(r.int32()),
                        r.string(), r.float64(), r.int32(), r.bool()));
            }
            return out;
        });
    }

    @Override
    public Future<Void> writeDlq(List<DlqRecord> records) {
        if (records.isEmpty()) return Future.succeededFuture();
        long version = FIRST_WINS - nextVersion();
        List<Map.Entry<String, DlqRecord>> rows = new ArrayList<>(LastWins.firstById(records, EventIds::dlq).entrySet());
        return insertChunked("dlq", DLQ_COLUMNS + ", id, version", rows, 240, (w, row) -> {
            DlqRecord d = row.getValue();
            w.string("tenant", d.tenant()).nullableString(d.traceId()).nullableString(d.stage())
                    .nullableString(d.inputTopic()).string("reason", d.reason()).nullableString(d.detail())
                    .nullableString(d.documentId()).int64(d.position()).nullableString(d.location())
                    .int64(Micros.of(d.at())).string("id", row.getKey()).uint64(version);
        });
    }

    @Override
    public Future<Void> writeAnomalies(List<Anomaly> anomalies) {
        if (anomalies.isEmpty()) return Future.succeededFuture();
        long version = FIRST_WINS - nextVersion();
        List<Map.Entry<String, Anomaly>> rows =
                new ArrayList<>(LastWins.firstById(anomalies, EventIds::anomaly).entrySet());
        return insertChunked("anomalies", ANOMALY_COLUMNS + ", id, version", rows, 240, (w, row) -> {
            Anomaly a = row.getValue();
            w.string("tenant", a.tenant()).nullableString(a.iso()).nullableString(a.dataset())
                    .nullableString(a.location()).nullableInt64(micros(a.interval())).string("type", a.type())
                    .nullableString(a.detail()).nullableString(a.documentId()).int64(Micros.of(a.at()))
                    .string("id", row.getKey()).uint64(version);
        });
    }

    @Override
    public Future<List<Anomaly>> queryAnomalies(String tenant) {
        return query("SELECT " + ANOMALY_COLUMNS + " FROM " + db + ".anomalies FINAL WHERE tenant = " + lit(tenant)
                + " ORDER BY at").map(ClickHouseStore::anomalies);
    }

    @Override
    public Future<List<Anomaly>> queryAnomalies(AnomalyQuery q) {
        String time = "ifNull(interval_start, at)";
        String sql = "SELECT " + ANOMALY_COLUMNS + " FROM " + db + ".anomalies FINAL WHERE tenant = " + lit(q.tenant())
                + (q.iso() == null ? "" : " AND iso = " + lit(q.iso()))
                + (q.type() == null ? "" : " AND type = " + lit(q.type())) + window(time, q.from(), q.to())
                + " ORDER BY " + time + " DESC, at DESC, location LIMIT " + q.limit();
        return query(sql).map(ClickHouseStore::anomalies);
    }

    @Override
    public Future<List<DlqRecord>> queryDlq(DlqQuery q) {
        String sql = "SELECT " + DLQ_COLUMNS + " FROM " + db + ".dlq FINAL WHERE tenant = " + lit(q.tenant())
                + (q.documentId() == null ? "" : " AND document_id = " + lit(q.documentId()))
                + (q.stage() == null ? "" : " AND stage = " + lit(q.stage()))
                + (q.reason() == null ? "" : " AND reason = " + lit(q.reason()))
                + " ORDER BY at DESC, document_id, position LIMIT " + q.limit();
        return query(sql).map(r -> {
            List<DlqRecord> out = new ArrayList<>();
            while (r.nextRow()) {
                out.add(new DlqRecord(r.string(), r.string(), r.string(), r.string(), r.string(), r.string(),
                        r.string(), r.int64(), r.string(), Micros.toInstant(r.int64())));
            }
            return out;
        });
    }

    /** Rows of {@code ANOMALY_COLUMNS}, in order. */
    private static List<Anomaly> anomalies(TsvReader r) {
        List<Anomaly> out = new ArrayList<>();
        while (r.nextRow()) {
            out.add(new Anomaly(r.string(), r.string(), r.string(), r.string(), instant(r.nullableInt64()),
                    r.string(), r.string(), r.string(), Micros.toInstant(r.int64())));
        }
        return out;
    }

    @Override
    public Future<List<EnrichedTick>> queryTicks(TickQuery q) {
        return ticks("silver_ticks FINAL", "interval_start", q);
    }

    @Override
    public Future<List<EnrichedTick>> queryLatestTicks(String tenant, String iso, String market,
                                                       Collection<String> locations, Instant from, Instant to) {
        if (locations.isEmpty()) return Future.succeededFuture(List.of());
        return ticks("silver_ticks FINAL", "location, interval_start", tenant, iso, market, locations, from, to);
    }

    @Override
    public Future<List<EnrichedTick>> queryTickRevisions(TickQuery q) {
        return ticks("silver_tick_revisions FINAL", "interval_start, updated_at", q);
    }

    private Future<List<EnrichedTick>> ticks(String table, String orderBy, TickQuery q) {
        return ticks(table, orderBy, q.tenant(), q.iso(), q.market(), Collections.singletonList(q.location()),
                q.from(), q.to());
    }

    /**
     * Ticks of some locations of one series whose interval start lies in {@code [from, to)}; the locations are
     * {@link #lit} literals, in the request body ({@link #query} lets a long list past {@code max_query_size}).
     */
    private Future<List<EnrichedTick>> ticks(String table, String orderBy, String tenant, String iso, String market,
                                             Collection<String> locations, Instant from, Instant to) {
        String location = locations.size() == 1 ? " AND location = " + lit(locations.iterator().next())
                : locations.stream().map(ClickHouseStore::lit)
                        .collect(Collectors.joining(", ", " AND location IN (", ")"));
        String sql = "SELECT " + TICK_COLUMNS + " FROM " + db + "." + table + " WHERE tenant = " + lit(tenant)
                + " AND iso = " + lit(iso) + " AND market = " + lit(market) + location
                + window("interval_start", from, to) + " ORDER BY " + orderBy;
        return query(sql).map(ClickHouseStore::ticks);
    }

    /** Rows of {@code TICK_COLUMNS}, in order. */
    private static List<EnrichedTick> ticks(TsvReader r) {
        List<EnrichedTick> out = new ArrayList<>();
        while (r.nextRow()) {
            String tenant = r.string(), iso = r.string(), market = r.string(), location = r.string();
            Instant start = Micros.toInstant(r.int64());
            Instant end = instant(r.nullableInt64());
            LocalDate day = r.date();
            String label = r.string();
            double lmp = r.float64(), energy = r.float64(), congestion = r.float64(), loss = r.float64(),
                    ghg = r.float64();
            int derived = r.int32();
            String revision = r.string(), documentId = r.string();
            long position = r.int64();
            String locationType = r.string();
            Tick t = new Tick(tenant, iso, market, location, locationType, start, end, day, label, lmp, energy,
                    congestion, loss, ghg, derived, revision, documentId, position);
            out.add(new EnrichedTick(t, locationType, r.string(), r.string(), r.string(), r.string()));
        }
        return out;
    }

    @Override
    public Future<List<Bar>> queryBars(BarQuery q) {
        String sql = "SELECT " + BAR_COLUMNS + " FROM " + db + ".gold_bars FINAL WHERE tenant = " + lit(q.tenant())
                + " AND iso = " + lit(q.iso()) + " AND market = " + lit(q.market())
                + " AND location = " + lit(q.location()) + " AND component = " + lit(q.component().id())
                + " AND resolution = " + lit(q.resolution()) + window("bar_start", q.from(), q.to())
                + " ORDER BY bar_start";
        return query(sql).map(r -> {
            List<Bar> out = new ArrayList<>();
            while (r.nextRow()) {
                out.add(new Bar(r.string(), r.string(), r.string(), r.string(), Component.parse(r.string()),
                        r.string(), Micros.toInstant(r.int64()), Micros.toInstant(r.int64()), r.float64(),
                        r.float64(), r.float64(), r.float64(), r.float64(), r.int32(), r.int32(), r.bool()));
            }
            return out;
        });
    }

    @Override
    public Future<Optional<Instant>> newestInterval(String tenant, String iso, String market) {
        // max() over the plain table: a replaced row has the same key and so the same interval_end
        return query("SELECT count(), max(interval_end) FROM " + db + ".silver_ticks WHERE tenant = " + lit(tenant)
                + " AND iso = " + lit(iso) + " AND market = " + lit(market)).map(r -> {
                    r.nextRow();
                    long n = r.int64();
                    Long us = r.nullableInt64();
                    return n == 0 || us == null ? Optional.<Instant>empty() : Optional.of(Micros.toInstant(us));
                });
    }

    @Override
    public Future<DocumentCounts> countsForDocuments(String tenant, List<String> documentIds) {
        if (documentIds.isEmpty()) return Future.succeededFuture(new DocumentCounts(0, 0, List.of()));
        StringBuilder in = new StringBuilder("(");
        for (String id : documentIds) in.append(in.length() > 1 ? ", " : "").append(lit(id));
        in.append(')');
        // FINAL before the document filter: a tick whose key was later rewritten by another document counts for
        // that other document only (18.16 does not move WHERE into PREWHERE under FINAL, newer servers neither)
        Future<Long> ticks = query("SELECT count() FROM " + db + ".silver_ticks FINAL WHERE tenant = " + lit(tenant)
                + " AND document_id IN " + in).map(r -> {
                    r.nextRow();
                    return r.int64();
                });
        Future<List<DocumentCounts.ReasonCount>> reasons = query("SELECT reason, count() AS n, min(detail) FROM " + db
                + ".dlq FINAL WHERE tenant = " + lit(tenant) + " AND document_id IN " + in
                + " GROUP BY reason ORDER BY n DESC, reason").map(r -> {
                    List<DocumentCounts.ReasonCount> out = new ArrayList<>();
                    while (r.nextRow()) out.add(new DocumentCounts.ReasonCount(r.string(), r.int64(), r.string()));
                    return out;
                });
        return Future.all(ticks, reasons).map(v -> new DocumentCounts(ticks.result(),
                reasons.result().stream().mapToLong(DocumentCounts.ReasonCount::count).sum(), reasons.result()));
    }

    @Override
    public Future<Void> ping() {
        return exec("SELECT 1");
    }

    @Override
    public Future<Void> close() {
        http.close();
        return Future.succeededFuture();
    }

    /** Drops this store's database (test clean-up). */
    public Future<Void> dropDatabase() {
        return exec("DROP DATABASE IF EXISTS " + db);
    }

    // --- HTTP ---

    private Future<Void> exec(String sql) {
        return post(Map.of(), Buffer.buffer(sql), sql).mapEmpty();
    }

    private Future<TsvReader> query(String sql) {
        Buffer body = Buffer.buffer(sql + " FORMAT TabSeparated");
        // wait_end_of_query: ClickHouse buffers the answer, so an error after the first rows still becomes a
        // non-200 status instead of a truncated 200 body. The query travels in the body (no URL length limit), but
        // ClickHouse parses at most max_query_size bytes of it (256 KiB by default; "Max query size exceeded"): a
        // longer one (a long IN list) raises it for itself, and only then, as a readonly user may not change settings
        Map<String, String> params = body.length() < DEFAULT_MAX_QUERY_SIZE ? Map.of("wait_end_of_query", "1")
                : Map.of("wait_end_of_query", "1", "max_query_size", String.valueOf(body.length() + 1));
        return post(params, body, sql).map(answer -> new TsvReader(answer.getBytes()));
    }

    private <T> Future<Void> insertChunked(String table, String columns, List<T> rows, int bytesPerRow,
                                           BiConsumer<RowBinaryWriter, T> encode) {
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < rows.size(); from += CHUNK_ROWS) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK_ROWS));
            chain = chain.compose(v -> {
                RowBinaryWriter w = new RowBinaryWriter(chunk.size() * bytesPerRow);
                try {
                    for (T row : chunk) encode.accept(w, row);
                } catch (RuntimeException e) {
                    return Future.failedFuture(new IllegalArgumentException(
                            "cannot write to " + cfg.database() + "." + table + ": " + e.getMessage(), e));
                }
                return insert(table, columns, w.buffer());
            });
        }
        return chain;
    }

    private Future<Void> insert(String table, String columns, Buffer rowBinary) {
        String sql = "INSERT INTO " + db + "." + table + " (" + columns + ") FORMAT RowBinary";
        return post(Map.of("query", sql), rowBinary, sql).mapEmpty();
    }

    private Future<Buffer> post(Map<String, String> params, Buffer body, String sqlForErrors) {
        HttpRequest<Buffer> req = http.postAbs(cfg.url() + "/").timeout(REQUEST_TIMEOUT_MS);
        params.forEach(req::addQueryParam);
        req.basicAuthentication(cfg.user(), cfg.password());
        return req.sendBuffer(body).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(new ClickHouseException(0, "ClickHouse at " + cfg.url() + " did not answer ("
                        + ar.cause().getMessage() + ") to: " + abbreviate(sqlForErrors, 200), ar.cause()));
            }
            HttpResponse<Buffer> resp = ar.result();
            Buffer answer = resp.body() == null ? Buffer.buffer() : resp.body();
            if (resp.statusCode() != 200) {
                return Future.failedFuture(new ClickHouseException(resp.statusCode(), "ClickHouse HTTP "
                        + resp.statusCode() + ": " + abbreviate(answer.toString().strip(), MAX_ERROR_CHARS)
                        + " (query: " + abbreviate(sqlForErrors, 200) + ")", null));
            }
            return Future.succeededFuture(answer);
        });
    }

    // --- SQL text ---

    /** A ClickHouse string literal: backslash and quote escaped (18.16 has no query parameters). */
    static String lit(String s) {
        if (s == null) return "NULL";
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\0' -> b.append("\\0");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** {@code [from, to)} on a micros column; a null bound is open. */
    private static String window(String column, Instant from, Instant to) {
        return (from == null ? "" : " AND " + column + " >= " + Micros.of(from))
                + (to == null ? "" : " AND " + column + " < " + Micros.of(to));
    }

    private long nextVersion() {
        long now = Micros.of(Instant.now());
        return lastVersion.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    private static Long micros(Instant t) {
        return t == null ? null : Micros.of(t);
    }

    private static Instant instant(Long micros) {
        return micros == null ? null : Micros.toInstant(micros);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
