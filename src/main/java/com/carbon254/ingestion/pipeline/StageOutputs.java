package com.carbon254.ingestion.pipeline;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a stage's side outputs leave it, the same for a live stage and for a reprocess running that stage's step:
 * rejections to the DLQ of the input topic, anomalies to {@code data.quality.anomalies.v1}, each counted.
 */
public record StageOutputs(Transport transport, Metrics metrics, Clock clock) {

    /**
     * Publishes what a step produced besides its output: its rejections as {@link DlqRecord}s on
     * {@code <inputTopic>.dlq.v1} (one DLQ batch per Bronze document) and its anomalies, and counts the batch in
     * {@code stage_records_total}. Completes when every one of those was acknowledged.
     */
    public Future<Void> sideOutputs(Stage stage, String inputTopic, Batch<?> batch, StepResult<?> r) {
        metrics.stageCounts(stage.id(), batch.size(), r.out().size(), r.rejected().size());
        List<Future<?>> all = new ArrayList<>();
        all.add(anomalies(batch, r.anomalies()));
        if (!r.rejected().isEmpty()) {
            // one batch's rejections come from several documents only in theory; grouped to keep document ids exact
            Map<String, List<Rejection>> byDoc = new LinkedHashMap<>();
            for (StepResult.Rejected rj : r.rejected()) {
                byDoc.computeIfAbsent(rj.documentId(), k -> new ArrayList<>()).add(rj.rejection());
            }
            byDoc.forEach((doc, rs) -> all.add(reject(stage, inputTopic, batch.traceId(), batch.traceparent(),
                    batch.tenantId(), doc, rs)));
        }
        return Future.all(all).mapEmpty();
    }

    /** Counts anomalies by type ({@code data_quality_anomalies_total}) and publishes them with the batch's trace. */
    public Future<Void> anomalies(Batch<?> batch, List<Anomaly> found) {
        if (found.isEmpty()) return Future.succeededFuture();
        Map<String, Long> byType = new TreeMap<>();
        for (Anomaly a : found) byType.merge(a.type(), 1L, Long::sum);
        byType.forEach((type, n) -> metrics.anomaly(type, n));
        metrics.events().anomalies(found);
        return transport.publish(Topics.ANOMALIES, batch.with(found));
    }

    /**
     * Publishes rejections as {@link DlqRecord}s on {@code <inputTopic>.dlq.v1} and counts them. Completes when the
     * DLQ consumer acknowledged (event bus) or the broker did (Kafka).
     */
    public Future<Void> reject(Stage stage, String inputTopic, String traceId, String tenant, String documentId,
                               List<Rejection> rejections) {
        return reject(stage, inputTopic, traceId, null, tenant, documentId, rejections);
    }

    /** As above, the DLQ batch a child of the span {@code traceparent} names (null: untraced). */
    public Future<Void> reject(Stage stage, String inputTopic, String traceId, String traceparent, String tenant,
                               String documentId, List<Rejection> rejections) {
        if (rejections.isEmpty()) return Future.succeededFuture();
        List<DlqRecord> out = new ArrayList<>(rejections.size());
        Map<String, Integer> byReason = new HashMap<>();
        for (Rejection r : rejections) {
            out.add(new DlqRecord(tenant, traceId, stage.id(), inputTopic, r.reason(), r.detail(), documentId,
                    r.position(), r.location(), clock.instant()));
            byReason.merge(r.reason(), 1, Integer::sum);
        }
        byReason.forEach((reason, n) -> {
            metrics.dlq(stage.id(), reason, n);
            metrics.events().dlq(tenant, stage.id(), reason, n);
        });
        return transport.publish(Topics.dlq(inputTopic), new Batch<>(traceId, tenant, out, traceparent));
    }
}
