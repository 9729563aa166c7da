package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.project.Store;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the deployment hands every stage verticle: its config, the transport and store the descriptor chose, the
 * process's metrics and HTTP router. Stages never construct these themselves, so they cannot tell which transport or
 * store they got.
 *
 * @param store       null when no stage of this process needs one
 * @param policyFiles the process's hot-reloadable policy files, shared by every stage
 */
public record StageContext(AppConfig config, AppConfig.StageSpec spec, Transport transport, Store store,
                           Metrics metrics, Router router, Clock clock, Catalog catalog, PolicyFiles policyFiles) {

    /**
     * Publishes rejections as {@link DlqRecord}s on {@code <inputTopic>.dlq.v1} and counts them. Completes when the
     * DLQ consumer acknowledged (event bus) or the broker did (Kafka).
     */
    public Future<Void> reject(String stage, String inputTopic, String traceId, String tenant, String documentId,
                               List<Rejection> rejections) {
        if (rejections.isEmpty()) return Future.succeededFuture();
        List<DlqRecord> out = new ArrayList<>(rejections.size());
        Map<String, Integer> byReason = new HashMap<>();
        for (Rejection r : rejections) {
            out.add(new DlqRecord(tenant, traceId, stage, inputTopic, r.reason(), r.detail(), documentId,
                    r.position(), r.location(), clock.instant()));
            byReason.merge(r.reason(), 1, Integer::sum);
        }
        byReason.forEach((reason, n) -> metrics.dlq(stage, reason, n));
        return transport.publish(Topics.dlq(inputTopic), new Batch<>(traceId, tenant, out));
    }
}
