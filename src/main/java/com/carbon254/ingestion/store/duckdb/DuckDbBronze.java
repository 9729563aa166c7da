package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.pipeline.store.BronzeStore;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import com.carbon254.ingestion.store.Micros;
import com.carbon254.ingestion.store.Tables.BronzeCoverage;
import com.carbon254.ingestion.store.Tables.BronzeDocuments;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Bronze documents and their coverage in DuckDB: a document is inserted only when new, a coverage upserted. */
final class DuckDbBronze implements BronzeStore {
    private final DuckDbEngine db;

    DuckDbBronze(DuckDbEngine db) {
        this.db = db;
    }

    @Override
    public Future<Boolean> putDocumentIfAbsent(RawDocument doc) {
        return db.insertIfAbsent(BronzeDocuments.TABLE, doc);
    }

    @Override
    public Future<Optional<RawDocument>> getDocument(String tenant, String sha256) {
        return db.select(BronzeDocuments.TABLE, " WHERE tenant = ? AND sha256 = ?",
                ps -> DuckDbSql.bind(ps, tenant, sha256), null).map(docs -> docs.stream().findFirst());
    }

    @Override
    public Future<Void> putCoverage(DocumentCoverage c) {
        return db.upsert(BronzeCoverage.TABLE, List.of(c), Micros.of(Instant.now()));
    }

    @Override
    public Future<List<DocumentCoverage>> documentsCovering(String tenant, Instant from, Instant to, Set<String> isos) {
        List<String> isoList = isos == null ? List.of() : isos.stream().sorted().toList();
        String where = " WHERE tenant = ? AND first_interval_end IS NOT NULL AND last_interval_end IS NOT NULL"
                + (from == null ? "" : " AND last_interval_end > make_timestamp(?)")
                + (to == null ? "" : " AND first_interval_end <= make_timestamp(?)")
                + (isoList.isEmpty() ? "" : " AND iso IN " + DuckDbSql.marks(isoList.size()))
                + " ORDER BY received_at NULLS LAST, document_id";
        return db.select(BronzeCoverage.TABLE, where, ps -> {
            int i = DuckDbSql.bind(ps, tenant);
            if (from != null) ps.setLong(i++, Micros.of(from));
            if (to != null) ps.setLong(i++, Micros.of(to));
            for (String iso : isoList) ps.setString(i++, iso);
        }, null);
    }
}
