package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.connector.fetch.Windows;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires connector runs on their cron (UTC; a dataset's own {@code schedule} over its connector's). On each tick it
 * asks, per enabled connector and dataset, for the latest firing due at or before now; if that firing was not handled
 * yet, one run is queued for the windows that firing covers ({@link Windows#forRun}: the next operating day for
 * day-ahead data, the intervals just ended plus the look-back for real-time data). So a firing missed while the
 * process was down, or while the connector was busy, is caught up exactly once — not once per missed tick — and the
 * handled firing is persisted in {@link RegistryState}. One run at a time per connector: a busy connector is asked
 * again on the next tick.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private final RunService runs;
    private final RegistryState state;
    private final Map<String, ConnectorSpec> specs;
    private final Clock clock;

    public Scheduler(RunService runs, RegistryState state, Map<String, ConnectorSpec> specs, Clock clock) {
        this.runs = runs;
        this.state = state;
        this.specs = specs;
        this.clock = clock;
    }

    /**
     * The firing to run now, if any: the latest one due at or before {@code now}, unless it was handled already.
     * However many firings were missed, only the latest is returned — one catch-up run, not one per missed tick.
     * With nothing handled yet (first start) the latest due firing runs, so a fresh deployment has data at once.
     */
    static Optional<Instant> due(CronSchedule cron, Instant now, Optional<Instant> lastHandled) {
        Optional<Instant> latest = cron.lastFireAtOrBefore(now.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
        if (latest.isEmpty()) return Optional.empty();
        if (lastHandled.isPresent() && !lastHandled.get().isBefore(latest.get())) return Optional.empty();
        return latest;
    }

    /** Checks every {@code periodMs} on the caller's context; returns the timer id. */
    public long start(Vertx vertx, long periodMs) {
        vertx.setTimer(10, id -> tick());
        return vertx.setPeriodic(periodMs, id -> tick());
    }

    /** One pass over every dataset; returns the runs it queued (for tests and logs). */
    public List<ConnectorRun> tick() {
        Instant now = clock.instant();
        List<ConnectorRun> queued = new java.util.ArrayList<>();
        for (ConnectorSpec spec : specs.values()) {
            if (!state.enabled(spec) || runs.busy(spec.name())) continue;
            for (ConnectorSpec.Dataset ds : spec.datasets()) {
                if (!ds.enabled() || StreamingPoller.polled(spec, ds) || !runs.scheduled(spec, ds)) continue;
                String cron = ds.schedule() != null ? ds.schedule() : spec.schedule();
                Optional<Instant> due = due(CronSchedule.parse(cron), now, state.lastFire(spec.name(), ds.id()));
                if (due.isEmpty()) continue;
                Instant fire = due.get();
                try {
                    List<Windows.Window> windows = Windows.forRun(ds.window(), fire);
                    queued.add(runs.submitWindows(spec.name(), ds.id(), windows, "schedule " + cron + " @ " + fire));
                } catch (IllegalArgumentException e) {
                    LOG.error("scheduled run of {}/{} not queued: {}", spec.name(), ds.id(), e.getMessage());
                }
                state.setLastFire(spec.name(), ds.id(), fire);
            }
        }
        return queued;
    }
}
