package com.carbon254.ingestion.pipeline.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * The served latest values: per tenant, the newest tick of every (iso, market, location) and the newest bar of every
 * (iso, market, location, component, resolution), as the JSON the read API answers with. Redis where the deployment
 * names one ({@code REDIS_URL}), an in-process map otherwise; both keep the same rule.
 *
 * <p><b>Newer wins, compared on write.</b> An entry replaces the stored one of its key only if its {@code at} (the
 * interval or bar start, epoch microseconds) is later, or equal with a {@code rank} (the ISO's revision order: ex-post
 * over ex-ante) at least as high — so an older interval or an older revision never overwrites a newer one, whatever
 * order the writes come in, and writers need no coordination; at an equal key the later write wins (a corrected
 * document, a recomputed bar).
 */
public interface LatestStore {
    /** The two kinds of latest value. */
    String TICK = "tick";
    String BAR = "bar";

    /**
     * One candidate latest value.
     *
     * @param kind  {@link #TICK} or {@link #BAR}
     * @param field {@code ""} for a tick; {@code <component>:<resolution>} for a bar
     * @param value the value as the read API serves it, made when asked for: the in-process store keeps the entry
     *              and serializes only what a read returns (most latest values are replaced before anyone reads them;
     *              serializing every bar of every batch was a third of the projector's time on a backfill), Redis
     *              asks for it on write
     */
    record Entry(String tenant, String kind, String iso, String market, String location, String field, long at,
                 int rank, Json value) {
        /** An entry whose JSON is already made. */
        public Entry(String tenant, String kind, String iso, String market, String location, String field, long at,
                     int rank, String json) {
            this(tenant, kind, iso, market, location, field, at, rank, new Text(json));
        }

        /** The value as the read API serves it, as text. */
        public String json() {
            return value.text();
        }

        /** Whether this entry may replace {@code current} of the same key. */
        public boolean replaces(Entry current) {
            return current == null || newer(at, rank, current.at, current.rank);
        }

        /** The rule (Redis applies it too, in its script): a later start, or the same start at a rank as high. */
        public static boolean newer(long at, int rank, long currentAt, int currentRank) {
            return at > currentAt || (at == currentAt && rank >= currentRank);
        }

        /** The key an entry is kept under. */
        public String key() {
            return tenant + '\u0000' + kind + '\u0000' + iso + '\u0000' + market + '\u0000' + location + '\u0000'
                    + field;
        }
    }

    /**
     * A latest value as the read API serves it, made when asked for (each time: a read asks once per entry it
     * returns): an object built in the process (served without a text round trip), or text kept by Redis.
     */
    @FunctionalInterface
    interface Json {
        /** A new object of the value (the caller may change it). */
        JsonObject object();

        default String text() {
            return object().encode();
        }
    }

    /** A value kept as text (what Redis stores and answers). */
    record Text(String text) implements Json {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public JsonObject object() {
            return new JsonObject(text);
        }
    }

    /** Applies the entries (newer wins per key); one round trip for the whole list where the backend is remote. */
    Future<Void> put(List<Entry> entries);

    /** The kept entries of {@code kind} for (tenant, iso, market), of one location or (null) every location. */
    Future<List<Entry>> get(String kind, String tenant, String iso, String market, String location);

    /** Answers when the backend is reachable (readiness). */
    Future<Void> ping();

    /** {@code memory} or {@code redis}. */
    String name();

    Future<Void> close();
}
