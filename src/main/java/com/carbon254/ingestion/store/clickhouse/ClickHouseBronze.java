package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.pipeline.store.BronzeStore;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import com.carbon254.ingestion.store.Micros;
import com.carbon254.ingestion.store.Tables.BronzeCoverage;
import com.carbon254.ingestion.store.Tables.BronzeDocuments;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static com.carbon254.ingestion.store.clickhouse.ClickHouseSql.lit;

/**
 * Bronze in ClickHouse. A document is new per tenant: {@link #putDocumentIfAbsent} checks, then inserts; two
 * concurrent uploads of the same bytes may both answer {@code true}, and the table then holds one document after
 * {@code FINAL}/merge, which is the dedupe that matters (the records of both uploads are identical and collapse
 * downstream by natural key). Coverages are upserted and read with {@code FINAL}.
 */
final class ClickHouseBronze implements BronzeStore {
    private final ClickHouseHttp http;

    ClickHouseBronze(ClickHouseHttp http) {
        this.http = http;
    }

    @Override
    public Future<Boolean> putDocumentIfAbsent(RawDocument doc) {
        Objects.requireNonNull(doc.sha256(), "sha256");
        return http.query("SELECT count() FROM " + http.table(BronzeDocuments.TABLE) + " FINAL WHERE tenant = "
                        + lit(doc.tenant()) + " AND sha256 = " + lit(doc.sha256()))
                .compose(r -> {
                    r.nextRow();
                    if (r.int64() > 0) return Future.succeededFuture(false);
                    // no version: a document is never replaced
                    return http.insert(BronzeDocuments.TABLE, List.of(doc), 0).map(true);
                });
    }

    @Override
    public Future<Optional<RawDocument>> getDocument(String tenant, String sha256) {
        return http.select(BronzeDocuments.TABLE, " FINAL WHERE tenant = " + lit(tenant) + " AND sha256 = "
                + lit(sha256) + " LIMIT 1").map(docs -> docs.stream().findFirst());
    }

    @Override
    public Future<Void> putCoverage(DocumentCoverage c) {
        return http.insert(BronzeCoverage.TABLE, List.of(c), http.nextVersion());
    }

    @Override
    public Future<List<DocumentCoverage>> documentsCovering(String tenant, Instant from, Instant to, Set<String> isos) {
        List<String> isoList = isos == null ? List.of() : isos.stream().sorted().toList();
        // FINAL before the filters: a coverage rewritten out of the window must not match through its old row
        return http.select(BronzeCoverage.TABLE, " FINAL WHERE tenant = " + lit(tenant)
                + " AND isNotNull(first_interval_end) AND isNotNull(last_interval_end)"
                + (from == null ? "" : " AND last_interval_end > " + Micros.of(from))
                + (to == null ? "" : " AND first_interval_end <= " + Micros.of(to))
                + (isoList.isEmpty() ? "" : " AND iso IN " + ClickHouseSql.in(isoList))
                + " ORDER BY received_at NULLS LAST, document_id");
    }
}
