package com.carbon254.ingestion.project;

import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.pipeline.store.DlqQuery;
import com.carbon254.ingestion.pipeline.store.StoreQueries;
import com.carbon254.ingestion.ops.auth.Callers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/dlq?document=&stage=&reason=&limit=} → {@code {"records": [{"stage", "input_topic", "reason",
 * "detail", "document_sha256", "position", "location", "trace_id", "at"}]}}: what the stages rejected, as stored,
 * newest first (limit default 1,000, at most {@value DlqQuery#MAX_LIMIT}). An import's status names the reasons; this
 * lists the records, with the source line each came from.
 */
public final class DlqApi {
    private final StoreQueries store;
    private final String tenant;

    public DlqApi(StoreQueries store, String tenant) {
        this.store = store;
        this.tenant = tenant;
    }

    public void mount(Router router) {
        router.get("/api/v1/dlq").handler(this::dlq);
    }

    private void dlq(RoutingContext rc) {
        List<String> problems = new ArrayList<>();
        int limit = 1000;
        String l = rc.request().getParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l.trim());
                if (limit < 1 || limit > DlqQuery.MAX_LIMIT) problems.add("limit: must be 1.." + DlqQuery.MAX_LIMIT);
            } catch (NumberFormatException e) {
                problems.add("limit: '" + l + "' is not a number");
            }
        }
        if (!problems.isEmpty()) {
            QueryApi.badRequest(rc, problems);
            return;
        }
        DlqQuery q = new DlqQuery(Callers.tenant(rc, tenant), param(rc, "document"), param(rc, "stage"), param(rc, "reason"), limit);
        QueryApi.respond(rc, store.queryDlq(q).map(list -> new JsonObject().put("records",
                new JsonArray(list.stream().map(DlqApi::json).toList()))));
    }

    private static String param(RoutingContext rc, String name) {
        String v = rc.request().getParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static JsonObject json(DlqRecord d) {
        return new JsonObject().put("stage", d.stage()).put("input_topic", d.inputTopic()).put("reason", d.reason())
                .put("detail", d.detail()).put("document_sha256", d.documentId()).put("position", d.position())
                .put("location", d.location()).put("trace_id", d.traceId())
                .put("at", d.at() == null ? null : d.at().toString());
    }
}
