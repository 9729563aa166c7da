package com.carbon254.ingestion.iso.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Simulated time: {@code anchor + (real time elapsed since construction) x speed}. Speed 1 runs in step with the
 * wall clock from the anchor on; 60 makes one simulated hour pass per real minute.
 *
 * <p>Thread-safe (immutable; reads the real clock on every call).
 */
public final class SimClock {
    private final Instant anchor;
    private final double speed;
    private final Clock real;
    private final Instant realStart;

    /**
     * @param anchor simulated time at construction
     * @param speed  simulated seconds per real second, {@code > 0}
     * @param real   the wall clock elapsed time is read from
     */
    public SimClock(Instant anchor, double speed, Clock real) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive finite number, got " + speed);
        }
        this.anchor = anchor;
        this.speed = speed;
        this.real = real;
        this.realStart = real.instant();
    }

    /** Anchored at {@code anchor} now, on the system clock. */
    public SimClock(Instant anchor, double speed) {
        this(anchor, speed, Clock.systemUTC());
    }

    public Instant now() {
        Duration elapsed = Duration.between(realStart, real.instant());
        if (speed == 1) return anchor.plus(elapsed);
        double nanos = (elapsed.getSeconds() * 1e9 + elapsed.getNano()) * speed;
        long seconds = (long) Math.floor(nanos / 1e9);
        return anchor.plusSeconds(seconds).plusNanos((long) (nanos - seconds * 1e9));
    }

    /** The simulated date in {@code zone}. */
    public LocalDate today(ZoneId zone) {
        return LocalDate.ofInstant(now(), zone);
    }

    /** End of the latest {@code interval} (aligned on the epoch, i.e. on the UTC grid) that has ended by now. */
    public Instant latestEnded(Duration interval) {
        long step = interval.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now().getEpochSecond(), step) * step);
    }

    public Instant anchor() {
        return anchor;
    }

    public double speed() {
        return speed;
    }
}
