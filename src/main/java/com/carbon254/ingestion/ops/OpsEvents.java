package com.carbon254.ingestion.ops;

import com.carbon254.ingestion.event.Anomaly;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The live ops events of a process, what the event-bus bridge carries to ops tooling: job progress, new anomalies,
 * DLQ counts and connector health. Stages report here (through {@link Metrics#events()}) without knowing who listens;
 * until the process attaches a sink (the bridge) every event is dropped. Every event body names its {@code tenant},
 * the only tenant whose clients receive it. Thread-safe; never blocks.
 */
public final class OpsEvents {
    /** Stage throughput, each second: {@code {tenant, at, stages: {<stage>: {in, out, rejected, in_per_s, …}}}}. */
    public static final String THROUGHPUT = "ops.throughput";
    /** An import, run or reprocess changed: {@code {tenant, kind: import|run|reprocess, job: {…as its GET answers}}}. */
    public static final String PROGRESS = "ops.progress";
    /** New anomalies: {@code {tenant, anomalies: [{iso, dataset, location, interval, type, detail, at}]}}. */
    public static final String ANOMALIES = "ops.anomalies";
    /** DLQ counts since start, by stage and reason: {@code {tenant, total, by_reason: {"<stage>/<reason>": n}}}. */
    public static final String DLQ = "ops.dlq";
    /** A connector's health as {@code GET /api/v1/connectors} describes it: {@code {tenant, connector, health}}. */
    public static final String HEALTH = "ops.health";
    /** Inbound commands, the only addresses a bridge client may send to (with an {@code admin} token). */
    public static final String COMMAND_PREFIX = "ops.command.";

    /** What a progress event is about. */
    public enum Kind {
        IMPORT, RUN, REPROCESS;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final BiConsumer<String, JsonObject> DROP = (a, b) -> {
    };
    private volatile BiConsumer<String, JsonObject> sink = DROP;
    /** tenant → "stage/reason" → records; sorted so a published snapshot reads the same each time. */
    private final Map<String, Map<String, Long>> dlq = new ConcurrentHashMap<>();

    /** Sends every later event to {@code sink} (address, body); the bridge publishes them on the event bus. */
    public void attach(BiConsumer<String, JsonObject> sink) {
        this.sink = sink;
    }

    /** Whether anything listens (no event is built otherwise: the offline import and the benchmarks have no bridge). */
    public boolean attached() {
        return sink != DROP;
    }

    /** An import, run or reprocess of {@code tenant} changed; {@code job} is its snapshot as its GET answers it. */
    public void progress(Kind kind, String tenant, Supplier<JsonObject> job) {
        if (!attached()) return;
        sink.accept(PROGRESS, new JsonObject().put("tenant", tenant).put("kind", kind.id()).put("job", job.get()));
    }

    /** Anomalies just found (each carries its tenant; one event per tenant). */
    public void anomalies(List<Anomaly> found) {
        if (!attached()) return;
        Map<String, JsonArray> byTenant = new TreeMap<>();
        for (Anomaly a : found) {
            byTenant.computeIfAbsent(a.tenant(), t -> new JsonArray()).add(new JsonObject().put("iso", a.iso())
                    .put("dataset", a.dataset()).put("location", a.location())
                    .put("interval", a.interval() == null ? null : a.interval().toString()).put("type", a.type())
                    .put("detail", a.detail()).put("at", a.at() == null ? null : a.at().toString()));
        }
        byTenant.forEach((t, list) -> sink.accept(ANOMALIES, new JsonObject().put("tenant", t).put("anomalies", list)));
    }

    /** Records of {@code tenant} sent to a DLQ; the new counts go out at once. */
    public void dlq(String tenant, String stage, String reason, long n) {
        Map<String, Long> counts = dlq.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        counts.merge(stage + "/" + reason, n, Long::sum);
        if (attached()) sink.accept(DLQ, dlqCounts(tenant));
    }

    /** The DLQ counts of {@code tenant} since this process started, as an {@link #DLQ} event body. */
    public JsonObject dlqCounts(String tenant) {
        JsonObject by = new JsonObject();
        long total = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(dlq.getOrDefault(tenant, Map.of())).entrySet()) {
            by.put(e.getKey(), e.getValue());
            total += e.getValue();
        }
        return new JsonObject().put("tenant", tenant).put("total", total).put("by_reason", by);
    }

    /** Every tenant with DLQ counts (what the bridge republishes each second, so a new client sees them). */
    public List<String> dlqTenants() {
        return List.copyOf(dlq.keySet());
    }

    /** A connector's health and data lag, as described for {@code GET /api/v1/connectors}. */
    public void health(String tenant, String connector, JsonObject health) {
        if (!attached()) return;
        sink.accept(HEALTH, new JsonObject().put("tenant", tenant).put("connector", connector).put("health", health));
    }

    /** Publishes an event the bridge itself computes (throughput). */
    public void emit(String address, JsonObject body) {
        sink.accept(address, body);
    }
}
