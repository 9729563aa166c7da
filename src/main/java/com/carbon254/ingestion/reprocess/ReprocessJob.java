package com.carbon254.ingestion.reprocess;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One reprocess as {@code GET /reprocess/{id}} shows it; immutable, replaced as the job advances.
 *
 * @param status   {@code queued}, {@code running}, {@code done}, {@code failed} or {@code cancelled}
 * @param records  records published into the first replayed stage so far
 * @param skipped  documents of the window not replayed, each with why (kept to the first {@link #KEEP_SKIPPED})
 */
public record ReprocessJob(String id, String status, ReprocessRequest request, int documentsTotal,
                           int documentsDone, int documentsSkipped, long records, Instant submittedAt,
                           Instant startedAt, Instant finishedAt, String error, List<String> skipped) {
    static final int KEEP_SKIPPED = 20;

    public ReprocessJob {
        skipped = List.copyOf(skipped);
    }

    static ReprocessJob queued(String id, ReprocessRequest request, Instant now) {
        return new ReprocessJob(id, "queued", request, 0, 0, 0, 0, now, null, null, null, List.of());
    }

    public boolean finished() {
        return switch (status) {
            case "done", "failed", "cancelled" -> true;
            default -> false;
        };
    }

    ReprocessJob running(int total, Instant now) {
        return new ReprocessJob(id, "running", request, total, 0, 0, 0, submittedAt, now, null, null, skipped);
    }

    /** One more document finished: replayed ({@code why == null}, adding its records) or skipped with a reason. */
    ReprocessJob documentDone(long published, String why) {
        List<String> s = skipped;
        if (why != null && s.size() < KEEP_SKIPPED) {
            s = new ArrayList<>(skipped);
            s.add(why);
        }
        return new ReprocessJob(id, status, request, documentsTotal, documentsDone + 1,
                documentsSkipped + (why == null ? 0 : 1), records + published, submittedAt, startedAt, null, null, s);
    }

    ReprocessJob finish(String finalStatus, String why, Instant now) {
        return new ReprocessJob(id, finalStatus, request, documentsTotal, documentsDone, documentsSkipped, records,
                submittedAt, startedAt == null ? now : startedAt, now, why, skipped);
    }

    /**
     * Seconds left at the pace so far ({@code elapsed / done × remaining}, rounded up); null before the first
     * document finished, 0 once the job ended.
     */
    Long etaSeconds(Instant now) {
        if (finished()) return 0L;
        if (startedAt == null || documentsDone == 0) return null;
        long elapsedMs = Duration.between(startedAt, now).toMillis();
        long remaining = documentsTotal - documentsDone;
        return (elapsedMs * remaining + documentsDone * 1000L - 1) / (documentsDone * 1000L);
    }

    public JsonObject toJson(Instant now) {
        JsonObject o = new JsonObject().put("id", id).put("status", status)
                .put("documents_done", documentsDone).put("documents_total", documentsTotal)
                .put("documents_skipped", documentsSkipped).put("records", records)
                .put("eta_seconds", etaSeconds(now)).put("request", request.toJson())
                .put("submitted_at", submittedAt.toString())
                .put("started_at", startedAt == null ? null : startedAt.toString())
                .put("finished_at", finishedAt == null ? null : finishedAt.toString());
        if (error != null) o.put("error", error);
        if (!skipped.isEmpty()) o.put("skipped", new JsonArray(new ArrayList<>(skipped)));
        return o;
    }
}
