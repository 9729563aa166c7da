package com.carbon254.ingestion.pipeline;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The hot-reloadable policy files of a process, one {@link PolicyFile} per path, shared by every verticle instance
 * and by reprocessing. Each file is read the first time something asks for it (a role without a normalizer never
 * parses the rules); once {@link #watch} runs, each is re-checked when its own interval has passed (the rules every
 * 10 s, the taxonomy every {@code ttl_seconds}); a reprocess re-reads them all before it replays anything
 * ({@link #refreshAll}), so a corrected rule or taxonomy is what the replay applies.
 */
public final class PolicyFiles {
    /** How often {@link #watch} looks for files that are due. */
    static final long TICK_MS = 1_000;
    private final Map<String, PolicyFile<?>> files = new LinkedHashMap<>();
    private final Map<String, Long> due = new ConcurrentHashMap<>();

    /**
     * The file at {@code path}, read and validated on first use (blocking then; throws on an invalid file). One parser
     * per path: a second caller gets the first caller's file.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> PolicyFile<T> get(String path, Function<String, T> parse, Function<T, Duration> checkEvery) {
        return (PolicyFile<T>) files.computeIfAbsent(path, p -> PolicyFile.load(p, parse, checkEvery));
    }

    /** Re-reads every file loaded so far (blocking: call on a worker); a broken edit keeps the previous value. */
    public void refreshAll() {
        for (PolicyFile<?> f : loaded()) f.refresh();
    }

    /**
     * Re-checks each loaded file on a worker whenever its interval has passed since it was last checked.
     *
     * @return the timer id
     */
    public long watch(Vertx vertx) {
        return vertx.setPeriodic(TICK_MS, id -> {
            long now = System.nanoTime();
            for (PolicyFile<?> f : loaded()) {
                Long at = due.get(f.path());
                if (at == null) {
                    due.put(f.path(), now + f.checkEvery().toNanos());
                } else if (now - at >= 0) {
                    due.put(f.path(), Long.MAX_VALUE); // not again while this check runs
                    vertx.executeBlocking(f::refresh, false)
                            .onComplete(ar -> due.put(f.path(), System.nanoTime() + f.checkEvery().toNanos()));
                }
            }
        });
    }

    private synchronized List<PolicyFile<?>> loaded() {
        return new ArrayList<>(files.values());
    }
}
