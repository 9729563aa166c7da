package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.store.LastWins;
import com.carbon254.ingestion.store.Micros;
import com.carbon254.ingestion.store.Row;
import com.carbon254.ingestion.store.Table;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One ClickHouse database over its HTTP interface (Vert.x {@link WebClient}; no JDBC, nothing blocks), shared by the
 * role classes of {@link ClickHouseStores}: statements, queries answered as {@link TsvReader}, chunked RowBinary
 * inserts, and the write versions.
 *
 * <p>Failures: a future fails with {@link ClickHouseException} carrying the HTTP status and ClickHouse's error text.
 * A write batch larger than one chunk is several inserts: when one fails, the earlier chunks stay written, which is
 * harmless because a retry of the batch replaces them.
 */
final class ClickHouseHttp {
    /** Rows per insert request. */
    static final int CHUNK_ROWS = 100_000;
    private static final long REQUEST_TIMEOUT_MS = 120_000;
    private static final int MAX_ERROR_CHARS = 2_000;
    /** ClickHouse's default {@code max_query_size} (bytes of a query it parses). */
    private static final int DEFAULT_MAX_QUERY_SIZE = 256 * 1024;

    private final ClickHouseStoreConfig cfg;
    private final String db;
    private final WebClient http;
    private final AtomicLong lastVersion = new AtomicLong();

    ClickHouseHttp(Vertx vertx, ClickHouseStoreConfig cfg) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.db = "`" + cfg.database() + "`";
        // idle connections are dropped before ClickHouse's own keep_alive_timeout (3 s by default) closes them,
        // so a request never goes out on a connection the server is closing
        this.http = WebClient.create(Objects.requireNonNull(vertx, "vertx"), options(cfg));
    }

    /**
     * The client's options. Over {@code https://} the server's certificate and host name are verified (never trust
     * all), against {@link ClickHouseStoreConfig#caPath} when set.
     */
    static WebClientOptions options(ClickHouseStoreConfig cfg) {
        WebClientOptions o = new WebClientOptions().setUserAgent("carbon-ingestion").setKeepAlive(true)
                .setKeepAliveTimeout(2).setConnectTimeout(10_000);
        if (cfg.tls()) {
            o.setSsl(true).setVerifyHost(true).setTrustAll(false);
            if (cfg.caPath() != null) o.setTrustOptions(new PemTrustOptions().addCertPath(cfg.caPath()));
        }
        return o;
    }

    ClickHouseStoreConfig config() {
        return cfg;
    }

    /** The database, quoted for SQL. */
    String db() {
        return db;
    }

    /** {@code db.table}, for SQL. */
    String table(Table<?> t) {
        return db + "." + t.name();
    }

    /**
     * A version that grows with every write of this store instance: wall clock micros, bumped to stay strictly
     * increasing, so a later write replaces an earlier one in a ReplacingMergeTree.
     */
    long nextVersion() {
        long now = Micros.of(Instant.now());
        return lastVersion.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    Future<Void> exec(String sql) {
        return post(Map.of(), Buffer.buffer(sql), sql).mapEmpty();
    }

    Future<TsvReader> query(String sql) {
        Buffer body = Buffer.buffer(sql + " FORMAT TabSeparated");
        // wait_end_of_query: ClickHouse buffers the answer, so an error after the first rows still becomes a
        // non-200 status instead of a truncated 200 body. The query travels in the body (no URL length limit), but
        // ClickHouse parses at most max_query_size bytes of it (256 KiB by default; "Max query size exceeded"): a
        // longer one (a long IN list) raises it for itself, and only then, as a readonly user may not change settings
        Map<String, String> params = body.length() < DEFAULT_MAX_QUERY_SIZE ? Map.of("wait_end_of_query", "1")
                : Map.of("wait_end_of_query", "1", "max_query_size", String.valueOf(body.length() + 1));
        return post(params, body, sql).map(answer -> new TsvReader(answer.getBytes()));
    }

    /** Writes rows of a versioned table ({@link LastWins#perKey} first), all with {@code version}. */
    <T> Future<Void> insert(Table<T> t, List<T> rows, long version) {
        return insertChunked(t, rows, (w, row) -> ClickHouseSql.write(w, t, row, null, version));
    }

    /**
     * Writes records of a first-write-wins table, one per event id (the first occurrence in the batch); the table
     * keeps the first write of an id over every later one.
     */
    <T> Future<Void> insertNew(Table<T> t, List<T> records) {
        if (records.isEmpty()) return Future.succeededFuture();
        long version = nextVersion();
        List<Map.Entry<String, T>> rows = new ArrayList<>(LastWins.firstById(t, records).entrySet());
        return insertChunked(t, rows, (w, row) -> ClickHouseSql.write(w, t, row.getValue(), row.getKey(), version));
    }

    /** Rows of {@code t}, {@code SELECT <its record columns> FROM db.<table><rest>}, decoded into records. */
    <T> Future<List<T>> select(Table<T> t, String rest) {
        return query("SELECT " + ClickHouseSql.selectList(t) + " FROM " + table(t) + rest).compose(r -> {
            Row row = ClickHouseSql.row(r);
            List<T> out = new ArrayList<>();
            try {
                while (r.nextRow()) out.add(t.decode(row));
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
            return Future.succeededFuture(out);
        });
    }

    /** Inserts rows of {@code t}'s columns, {@link #CHUNK_ROWS} per request, one after the other. */
    private <R> Future<Void> insertChunked(Table<?> t, List<R> rows, BiConsumer<RowBinaryWriter, R> encode) {
        String sql = "INSERT INTO " + table(t) + " (" + ClickHouseSql.insertColumns(t) + ") FORMAT RowBinary";
        int bytesPerRow = ClickHouseSql.bytesPerRow(t);
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < rows.size(); from += CHUNK_ROWS) {
            List<R> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK_ROWS));
            chain = chain.compose(v -> {
                RowBinaryWriter w = new RowBinaryWriter(chunk.size() * bytesPerRow);
                try {
                    for (R row : chunk) encode.accept(w, row);
                } catch (RuntimeException e) {
                    return Future.failedFuture(new IllegalArgumentException(
                            "cannot write to " + cfg.database() + "." + t.name() + ": " + e.getMessage(), e));
                }
                return post(Map.of("query", sql), w.buffer(), sql).mapEmpty();
            });
        }
        return chain;
    }

    Future<Void> close() {
        http.close();
        return Future.succeededFuture();
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

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
