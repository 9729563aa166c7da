package com.carbon254.ingestion.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The jobs a service answers {@code GET …/{id}} for (imports, connector runs, reprocesses): every job while it runs,
 * and the last {@code keepFinished} finished ones; older finished jobs are forgotten (their data is not). Thread-safe.
 *
 * @param <J> an immutable job snapshot, replaced as the job advances
 */
public final class JobTable<J> {
    private final int keepFinished;
    private final Predicate<J> finished;
    private final Map<String, J> jobs = new ConcurrentHashMap<>();
    private final Deque<String> finishedOrder = new ArrayDeque<>();
    private volatile Consumer<J> onChange = j -> {
    };

    public JobTable(int keepFinished, Predicate<J> finished) {
        this.keepFinished = keepFinished;
        this.finished = finished;
    }

    /** Calls {@code listener} with every snapshot put or updated (the ops events' progress), on the caller's thread. */
    public JobTable<J> onChange(Consumer<J> listener) {
        this.onChange = listener;
        return this;
    }

    public void put(String id, J job) {
        jobs.put(id, job);
        onChange.accept(job);
    }

    public Optional<J> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Every job still known. */
    public List<J> all() {
        return new ArrayList<>(jobs.values());
    }

    /**
     * Replaces a known job by {@code f} of it; a job that thereby finishes joins the finished ones (the oldest beyond
     * {@code keepFinished} are forgotten).
     *
     * @return the new snapshot, or null when the job is not known (any more)
     */
    public J update(String id, UnaryOperator<J> f) {
        boolean[] finishedNow = new boolean[1];
        J j = jobs.computeIfPresent(id, (k, old) -> {
            J next = f.apply(old);
            finishedNow[0] = !finished.test(old) && finished.test(next);
            return next;
        });
        if (finishedNow[0]) {
            synchronized (finishedOrder) {
                finishedOrder.add(id);
                while (finishedOrder.size() > keepFinished) jobs.remove(finishedOrder.poll());
            }
        }
        if (j != null) onChange.accept(j);
        return j;
    }
}
