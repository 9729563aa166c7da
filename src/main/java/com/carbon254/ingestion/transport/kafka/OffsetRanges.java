package com.carbon254.ingestion.transport.kafka;

import io.vertx.core.json.JsonArray;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set of Kafka records named by topic, partition and offset, kept as merged closed offset ranges: what a trace
 * published on a topic, or what a consumer group handled of it. Records of one batch sit next to each other in a
 * partition, so a batch of 20,000 is one range. Not thread-safe.
 */
final class OffsetRanges {
    /** Per partition: first offset of each range → last offset, ranges disjoint and not adjacent. */
    private final Map<TopicPartition, TreeMap<Long, Long>> ranges = new HashMap<>();

    /** Adds offsets {@code from..to} (inclusive) of {@code tp}, merging with ranges they touch. */
    void add(TopicPartition tp, long from, long to) {
        if (to < from) throw new IllegalArgumentException("empty range " + tp + " " + from + ".." + to);
        TreeMap<Long, Long> m = ranges.computeIfAbsent(tp, k -> new TreeMap<>());
        Map.Entry<Long, Long> before = m.floorEntry(from);
        if (before != null && before.getValue() >= from - 1) {
            if (before.getValue() >= to) return;
            from = before.getKey();
            m.remove(from);
        }
        Map.Entry<Long, Long> next = m.ceilingEntry(from);
        while (next != null && next.getKey() <= to + 1) {
            to = Math.max(to, next.getValue());
            m.remove(next.getKey());
            next = m.ceilingEntry(from);
        }
        m.put(from, to);
    }

    void addAll(OffsetRanges other) {
        other.ranges.forEach((tp, m) -> m.forEach((from, to) -> add(tp, from, to)));
    }

    boolean isEmpty() {
        return ranges.values().stream().allMatch(TreeMap::isEmpty);
    }

    /** The topics with at least one offset. */
    Set<String> topics() {
        Set<String> out = new java.util.TreeSet<>();
        ranges.forEach((tp, m) -> {
            if (!m.isEmpty()) out.add(tp.topic());
        });
        return out;
    }

    /** How many offsets of {@code topic} this set holds that {@code other} does not. */
    long missingFrom(String topic, OffsetRanges other) {
        long missing = 0;
        for (Map.Entry<TopicPartition, TreeMap<Long, Long>> e : ranges.entrySet()) {
            if (!e.getKey().topic().equals(topic)) continue;
            TreeMap<Long, Long> theirs = other == null ? null : other.ranges.get(e.getKey());
            for (Map.Entry<Long, Long> r : e.getValue().entrySet()) {
                missing += uncovered(r.getKey(), r.getValue(), theirs);
            }
        }
        return missing;
    }

    /** Offsets of {@code from..to} not in {@code m}. */
    private static long uncovered(long from, long to, TreeMap<Long, Long> m) {
        long missing = to - from + 1;
        if (m == null) return missing;
        Map.Entry<Long, Long> e = m.floorEntry(from);
        if (e == null || e.getValue() < from) e = m.higherEntry(from);
        while (e != null && e.getKey() <= to) {
            missing -= Math.min(to, e.getValue()) - Math.max(from, e.getKey()) + 1;
            e = m.higherEntry(e.getKey());
        }
        return missing;
    }

    /** {@code [[topic, partition, from, to], …]} */
    JsonArray toJson() {
        JsonArray out = new JsonArray();
        ranges.forEach((tp, m) -> m.forEach((from, to) -> out.add(new JsonArray().add(tp.topic())
                .add(tp.partition()).add(from).add(to))));
        return out;
    }

    /** Reads {@link #toJson()}; fails on anything else. */
    static OffsetRanges fromJson(JsonArray a) {
        OffsetRanges out = new OffsetRanges();
        if (a == null) return out;
        for (int i = 0; i < a.size(); i++) {
            JsonArray r = a.getJsonArray(i);
            out.add(new TopicPartition(r.getString(0), r.getInteger(1)), r.getLong(2), r.getLong(3));
        }
        return out;
    }

    @Override
    public String toString() {
        return toJson().encode();
    }
}
