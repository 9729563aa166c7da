package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Tick;

/**
 * Per-record scratch a {@link Dialect} writes its refusal into (one per batch and thread; not thread-safe). Reason
 * codes: {@code non_numeric_value}, {@code non_finite_value}, {@code missing_component}, {@code bad_timestamp},
 * {@code unknown_market}, {@code unknown_iso}.
 */
public final class Rejections {
    private Rejection rejection;

    /** Records why {@code r} is refused; returns null so a dialect can {@code return out.reject(...)}. */
    public Tick reject(RawRecord r, String reason, String detail) {
        rejection = new Rejection(reason, detail, r.position(), r.location());
        return null;
    }

    /** Whether the record in hand was refused (a dialect checks after each value it reads). */
    public boolean rejected() {
        return rejection != null;
    }

    /** The refusal of the record in hand, clearing it for the next record. */
    public Rejection take() {
        Rejection r = rejection;
        rejection = null;
        return r;
    }

    /**
     * The record's interval length in seconds ({@link Markets#intervalSeconds}), or 0 after refusing the record
     * {@code unknown_market}: "{@code <iso> market '<market>' has no known interval length (expected <expected>)}".
     */
    public long intervalSeconds(RawRecord r, String iso, String expected) {
        long seconds = Markets.intervalSeconds(r.market());
        if (seconds > 0) return seconds;
        reject(r, "unknown_market", iso + " market '" + r.market() + "' has no known interval length (expected "
                + expected + ")");
        return 0;
    }

    /**
     * A component value as published: the number, NaN when the record does not carry {@code key} — or NaN after
     * rejecting the record ({@code non_numeric_value}, {@code non_finite_value}) with {@code what} and {@code where}
     * in the detail.
     *
     * @param what  how the value is named in the detail ({@code LMP 'abc'}), given the raw text
     * @param where where it was ({@code " at line 7 (node X, HE 3)"})
     */
    public double value(RawRecord r, String key, java.util.function.Function<String, String> what,
                        java.util.function.Supplier<String> where) {
        String s = r.values().get(key);
        if (s == null) return Double.NaN;
        double d = Numbers.parse(s);
        if (Double.isFinite(d)) return d;
        if (Double.isNaN(d) && !Numbers.isNonFiniteLiteral(s)) {
            reject(r, "non_numeric_value", what.apply(s) + " is not a number" + where.get());
        } else {
            reject(r, "non_finite_value", what.apply(s) + " is not a finite number" + where.get());
        }
        return Double.NaN;
    }
}
