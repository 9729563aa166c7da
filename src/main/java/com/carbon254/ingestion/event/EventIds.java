package com.carbon254.ingestion.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based (type 3) UUID over a canonical {@code kind|part|part|...} string of the
 * record's natural key, identical to {@link UUID#nameUUIDFromBytes} over the UTF-8 bytes of that string. Same input,
 * same id, on every machine and in every replay; that is what lets gold tables collapse duplicates.
 *
 * <p>Canonical string: parts joined by {@code |}; {@code |} and {@code \} inside a part are escaped with {@code \};
 * null is the empty string; instants are epoch microseconds, dates ISO-8601. Changing any of this changes every id:
 * treat it as a released format.
 *
 * <p>Thread-safe; the digest is kept per thread so an id costs one MD5 of a short string and no lookups.
 */
public final class EventIds {
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    });

    private EventIds() {
    }

    /** Tick: {@code tick|tenant|iso|market|location|interval_start_micros|revision}. */
    public static String tick(Tick t) {
        return tickKey("tick", t);
    }

    /** Enriched tick: the tick's key under kind {@code enriched_tick}, so it differs from the tick it came from. */
    public static String enrichedTick(EnrichedTick e) {
        return tickKey("enriched_tick", e.tick());
    }

    /** Bar: {@code bar|tenant|iso|market|location|component|resolution|start_micros}; a recomputed bar keeps its id. */
    public static String bar(Bar b) {
        return of("bar", b.tenant(), b.iso(), b.market(), b.location(), b.component().id(), b.resolution(),
                micros(b.start()));
    }

    /** Rolling metric: {@code rolling_metric|tenant|iso|market|location|component|window|window_end_micros}. */
    public static String rollingMetric(RollingMetric m) {
        return of("rolling_metric", m.tenant(), m.iso(), m.market(), m.location(), m.component().id(), m.window(),
                micros(m.windowEnd()));
    }

    /** Curve point: {@code <kind>|tenant|iso|location|date|block}; kind tells pre-stage from published points. */
    public static String curvePoint(String kind, CurvePoint p) {
        return of(kind, p.tenant(), p.iso(), p.location(), date(p.date()), p.block());
    }

    /** Anomaly: {@code anomaly|tenant|iso|dataset|location|interval_micros|type|document|detail} (not its time). */
    public static String anomaly(Anomaly a) {
        return of("anomaly", a.tenant(), a.iso(), a.dataset(), a.location(), micros(a.interval()), a.type(),
                a.documentId(), a.detail());
    }

    /** Raw record: {@code raw|tenant|document|position|location}. */
    public static String raw(RawRecord r) {
        // a source line can feed several records (MISO: one row per node holds 24 hours), so the record's own labels
        // (hour, interval) are part of its identity, in a fixed order
        return of("raw", r.tenant(), r.documentId(), Long.toString(r.position()), r.location(), labels(r));
    }

    /** The attributes as a sorted map prints them ({@code {a=1, b=2}}): the released form, without building one. */
    static String labels(RawRecord r) {
        java.util.Map<String, String> attrs = r.attributes();
        String[] keys = attrs.keySet().toArray(new String[0]);
        java.util.Arrays.sort(keys);
        StringBuilder sb = new StringBuilder(16 + 24 * keys.length).append('{');
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(keys[i]).append('=').append(attrs.get(keys[i]));
        }
        return sb.append('}').toString();
    }

    /**
     * DLQ record: {@code dlq|tenant|stage|input_topic|document|position|location|reason|detail} (not its time). The
     * detail is part of it because one source line can hold several records (MISO: 24 hours of a node), and two bad
     * hours on that line are two rejections; details name what and where, never when.
     */
    public static String dlq(DlqRecord d) {
        return of("dlq", d.tenant(), d.stage(), d.inputTopic(), d.documentId(), Long.toString(d.position()),
                d.location(), d.reason(), d.detail());
    }

    /** The id of {@code kind|parts...} (see the class comment for the canonical form). */
    public static String of(String kind, String... parts) {
        StringBuilder sb = new StringBuilder(96);
        append(sb, kind);
        for (String p : parts) {
            sb.append('|');
            append(sb, p);
        }
        return uuid(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String tickKey(String kind, Tick t) {
        return of(kind, t.tenant(), t.iso(), t.market(), t.location(), micros(t.intervalStart()), t.revision());
    }

    private static String micros(Instant i) {
        if (i == null) return null;
        return Long.toString(Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000));
    }

    private static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    private static void append(StringBuilder sb, String s) {
        if (s == null) return;
        if (s.indexOf('|') < 0 && s.indexOf('\\') < 0) {
            sb.append(s);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '|' || c == '\\') sb.append('\\');
            sb.append(c);
        }
    }

    /** Same bits as {@link UUID#nameUUIDFromBytes}, without a provider lookup per call. */
    private static UUID uuid(byte[] name) {
        MessageDigest md = MD5.get();
        md.reset();
        byte[] h = md.digest(name);
        h[6] &= 0x0f;
        h[6] |= 0x30;
        h[8] &= 0x3f;
        h[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) msb = (msb << 8) | (h[i] & 0xff);
        for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (h[i] & 0xff);
        return new UUID(msb, lsb);
    }
}
