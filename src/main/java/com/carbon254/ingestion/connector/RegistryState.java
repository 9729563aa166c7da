package com.carbon254.ingestion.connector;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's state that must survive a restart: connectors enabled or disabled at run time (over the spec's
 * {@code enabled}), each connector's health, and per dataset the last scheduled firing handled (so a missed firing is
 * caught up once after a restart, not once per missed tick) and the stale-feed episode last reported (so a restart does
 * not report it again). Kept as one JSON file in the data dir, rewritten
 * atomically (temp file + move) after every change.
 */
public final class RegistryState {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);
    private final Vertx vertx;
    private final Path file;
    private final Map<String, Boolean> enabled = new ConcurrentHashMap<>();
    private final Map<String, ConnectorHealth> health = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastFire = new ConcurrentHashMap<>();
    /** Streaming datasets: the end of the newest interval already emitted, per connector/dataset. */
    private final Map<String, Instant> cursor = new ConcurrentHashMap<>();
    /** Per connector/dataset: the newest interval end of the last {@code stale_feed} episode reported. */
    private final Map<String, Instant> staleReported = new ConcurrentHashMap<>();
    /** Uploads stored in Bronze whose records may not all have gone through yet, by sha256 (see {@link Unfinished}). */
    private final Map<String, Unfinished> unfinished = new ConcurrentHashMap<>();
    private Future<Void> writing = Future.succeededFuture();

    private RegistryState(Vertx vertx, Path file) {
        this.vertx = vertx;
        this.file = file;
    }

    /** Loads the file if it exists; a corrupt file is logged and replaced, never a reason not to start. */
    public static Future<RegistryState> load(Vertx vertx, Path file) {
        RegistryState s = new RegistryState(vertx, file);
        return vertx.fileSystem().exists(file.toString()).compose(exists -> !exists ? Future.succeededFuture(s)
                : vertx.fileSystem().readFile(file.toString()).map(b -> {
                    try {
                        s.read(b.toJsonObject());
                    } catch (RuntimeException e) {
                        LOG.error("registry state {} unreadable, starting from the connector specs: {}", file, e.toString());
                    }
                    return s;
                }));
    }

    private void read(JsonObject j) {
        j.getJsonObject("enabled", new JsonObject()).forEach(e -> enabled.put(e.getKey(), (Boolean) e.getValue()));
        j.getJsonObject("health", new JsonObject()).forEach(e ->
                health.put(e.getKey(), ConnectorHealth.fromJson((JsonObject) e.getValue())));
        readInstants(j, "last_fire", lastFire);
        readInstants(j, "cursor", cursor);
        readInstants(j, "stale_reported", staleReported);
        j.getJsonObject("unfinished_imports", new JsonObject()).forEach(e -> {
            JsonObject u = (JsonObject) e.getValue();
            unfinished.put(e.getKey(), new Unfinished(u.getString("id"), u.getString("connector"), u.getString("file"),
                    u.getString("tenant"), e.getKey()));
        });
    }

    /**
     * An upload between "its document is in Bronze" and "everything it produced is stored": if the process dies, or
     * publishing fails, in between, Bronze would answer "duplicate" to the same file for ever while some of its
     * records never went through. Kept in this file, so a restarted registry takes it up again under the same id.
     */
    public record Unfinished(String id, String connector, String fileName, String tenant, String sha256) {
    }

    /** Notes an upload as started (before its document goes to Bronze); saved before it completes. */
    public Future<Void> importStarted(Unfinished u) {
        unfinished.put(u.sha256(), u);
        return save();
    }

    /** The upload of {@code sha256} went through (or there was nothing to publish); no write when none was open. */
    public Future<Void> importFinished(String sha256) {
        return unfinished.remove(sha256) == null ? Future.succeededFuture() : save();
    }

    public java.util.Optional<Unfinished> unfinished(String sha256) {
        return java.util.Optional.ofNullable(unfinished.get(sha256));
    }

    /** Every unfinished upload, in no particular order. */
    public java.util.List<Unfinished> unfinishedImports() {
        return java.util.List.copyOf(unfinished.values());
    }

    /** A per-dataset map of instants, as {@link #instants} writes it. */
    private static void readInstants(JsonObject j, String field, Map<String, Instant> into) {
        j.getJsonObject(field, new JsonObject()).forEach(e -> into.put(e.getKey(), Instant.parse((String) e.getValue())));
    }

    private static JsonObject instants(Map<String, Instant> map) {
        JsonObject o = new JsonObject();
        map.forEach((k, v) -> o.put(k, v.toString()));
        return o;
    }

    /** The key of a dataset's entries in the per-dataset maps. */
    private static String key(String connector, String dataset) {
        return connector + "/" + dataset;
    }

    public boolean enabled(ConnectorSpec spec) {
        return enabled.getOrDefault(spec.name(), spec.enabled());
    }

    public Future<Void> setEnabled(String connector, boolean on) {
        enabled.put(connector, on);
        return save();
    }

    public ConnectorHealth health(String connector) {
        return health.getOrDefault(connector, ConnectorHealth.NONE);
    }

    public Future<Void> recordRun(String connector, Instant at, String error) {
        health.compute(connector, (k, h) -> {
            ConnectorHealth cur = h == null ? ConnectorHealth.NONE : h;
            return error == null ? cur.succeeded(at) : cur.failed(at, error);
        });
        return save();
    }

    public Optional<Instant> lastFire(String connector, String dataset) {
        return Optional.ofNullable(lastFire.get(key(connector, dataset)));
    }

    public Future<Void> setLastFire(String connector, String dataset, Instant at) {
        lastFire.put(key(connector, dataset), at);
        return save();
    }

    public Optional<Instant> cursor(String connector, String dataset) {
        return Optional.ofNullable(cursor.get(key(connector, dataset)));
    }

    public Future<Void> setCursor(String connector, String dataset, Instant at) {
        cursor.merge(key(connector, dataset), at, (a, b) -> a.isAfter(b) ? a : b);
        return save();
    }

    /** The newest interval end of the last stale-feed episode reported for this dataset, if any. */
    public Optional<Instant> staleReported(String connector, String dataset) {
        return Optional.ofNullable(staleReported.get(key(connector, dataset)));
    }

    public Future<Void> setStaleReported(String connector, String dataset, Instant newestEnd) {
        staleReported.put(key(connector, dataset), newestEnd);
        return save();
    }

    /** Closes the dataset's stale-feed episode (fresh data arrived); no write when none was open. */
    public Future<Void> clearStaleReported(String connector, String dataset) {
        return staleReported.remove(key(connector, dataset)) == null ? Future.succeededFuture() : save();
    }

    private JsonObject toJson() {
        JsonObject e = new JsonObject();
        enabled.forEach(e::put);
        JsonObject h = new JsonObject();
        health.forEach((k, v) -> h.put(k, v.toJson()));
        JsonObject u = new JsonObject();
        unfinished.forEach((sha, x) -> u.put(sha, new JsonObject().put("id", x.id()).put("connector", x.connector())
                .put("file", x.fileName()).put("tenant", x.tenant())));
        return new JsonObject().put("enabled", e).put("health", h).put("last_fire", instants(lastFire))
                .put("cursor", instants(cursor)).put("stale_reported", instants(staleReported))
                .put("unfinished_imports", u);
    }

    /** Writes are chained so they land in order; each writes a temp file and moves it over the old one. */
    private synchronized Future<Void> save() {
        String tmp = file + ".tmp";
        writing = writing.recover(x -> Future.succeededFuture()).compose(v -> {
            Buffer b = toJson().toBuffer();
            return vertx.fileSystem().mkdirs(file.toAbsolutePath().getParent().toString())
                    .compose(x -> vertx.fileSystem().writeFile(tmp, b))
                    .compose(x -> vertx.fileSystem().move(tmp, file.toString(),
                            new io.vertx.core.file.CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
        });
        return writing.onFailure(e -> LOG.error("cannot save registry state {}: {}", file, e.toString()));
    }
}
