package com.carbon254.ingestion.connector.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Responses queued to replace the normal answer of the next matching requests ({@code POST /sim/faults}). Each
 * queued fault is served once, to the first request whose path starts with its prefix, in queue order.
 *
 * <p>Thread-safe; bounded to {@link #MAX_QUEUED} entries.
 */
public final class FaultQueue {
    public static final int MAX_QUEUED = 1000;
    /** What every simulated ISO can get, by name; an ISO's own faults may not take these names. */
    static final List<String> SHARED = List.of("empty", "truncated", "reset");

    /** What a faulted request gets instead of normal service. */
    public enum Kind {
        /** HTTP {@link Fault#value()} with a small HTML body; 429 also carries {@code Retry-After: 5}. */
        STATUS,
        /** A fault an ISO declares, named by {@link Fault#spec()}: what that ISO answers for it. */
        ISO,
        /** HTTP 200 with a 0-byte body. */
        EMPTY,
        /** Normal service after {@link Fault#value()} milliseconds. */
        SLOW,
        /** HTTP 200 with the first half of the normal body (a download cut short). */
        TRUNCATED,
        /** The connection is closed without an answer. */
        RESET
    }

    /**
     * One fault as written in the API: {@code 429}, {@code 500} (any status 400..599), the name of a fault an ISO
     * declares, {@code empty}, {@code slow:<ms>}, {@code truncated}, {@code reset}.
     */
    public record Fault(Kind kind, int value, String spec) {
        public static final long MAX_SLOW_MS = 600_000;

        /**
         * Parses a fault spec.
         *
         * @param isoFaults the names of the faults the simulated ISOs declare
         * @throws IllegalArgumentException saying what is accepted
         */
        public static Fault parse(String spec, Collection<String> isoFaults) {
            if (spec == null) throw new IllegalArgumentException("fault is null; " + accepted(isoFaults));
            String s = spec.strip().toLowerCase(Locale.ROOT);
            if (isoFaults.contains(s)) return new Fault(Kind.ISO, 0, s);
            switch (s) {
                case "empty":
                    return new Fault(Kind.EMPTY, 0, s);
                case "truncated":
                    return new Fault(Kind.TRUNCATED, 0, s);
                case "reset":
                    return new Fault(Kind.RESET, 0, s);
                default:
                    break;
            }
            if (s.matches("\\d{3}")) {
                int status = Integer.parseInt(s);
                if (status >= 400 && status <= 599) return new Fault(Kind.STATUS, status, s);
            } else if (s.matches("slow:\\d{1,7}")) {
                long ms = Long.parseLong(s.substring(5));
                if (ms <= MAX_SLOW_MS) return new Fault(Kind.SLOW, (int) ms, s);
            }
            throw new IllegalArgumentException("unknown fault '" + spec + "'; " + accepted(isoFaults));
        }

        private static String accepted(Collection<String> isoFaults) {
            StringBuilder sb = new StringBuilder("accepted: an HTTP status 400..599 (e.g. 429, 500), ");
            for (String f : isoFaults) sb.append(f).append(", ");
            return sb.append("empty, slow:<ms> (<= ").append(MAX_SLOW_MS).append("), truncated, reset").toString();
        }
    }

    /** A queued fault and the path prefix it applies to. */
    public record Entry(String pathPrefix, Fault fault) {
    }

    private final LinkedList<Entry> queue = new LinkedList<>();
    private final List<String> isoFaults;

    /**
     * @param isoFaults the names of the faults the simulated ISOs declare, accepted besides the shared ones
     * @throws IllegalArgumentException when one is not lower case or takes a shared fault's name
     */
    public FaultQueue(Collection<String> isoFaults) {
        for (String f : isoFaults) {
            if (!f.matches("[a-z][a-z0-9_]*") || SHARED.contains(f)) {
                throw new IllegalArgumentException("an ISO fault must be named like error_zip and not " + SHARED
                        + ", found '" + f + "'");
            }
        }
        this.isoFaults = List.copyOf(new LinkedHashSet<>(isoFaults));
    }

    /** Parses a fault spec with this queue's ISO faults (see {@link Fault#parse}). */
    public Fault parse(String spec) {
        return Fault.parse(spec, isoFaults);
    }

    /**
     * Appends faults for {@code pathPrefix}, all or none.
     *
     * @throws IllegalArgumentException when a spec is invalid or the queue would exceed {@link #MAX_QUEUED}
     */
    public synchronized List<Entry> add(String pathPrefix, List<String> specs) {
        if (pathPrefix == null || !pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("path_prefix must start with '/', got " + pathPrefix);
        }
        List<Entry> add = new ArrayList<>(specs.size());
        for (String s : specs) add.add(new Entry(pathPrefix, parse(s)));
        if (queue.size() + add.size() > MAX_QUEUED) {
            throw new IllegalArgumentException("at most " + MAX_QUEUED + " faults may be queued; " + queue.size()
                    + " are, " + add.size() + " more asked");
        }
        queue.addAll(add);
        return List.copyOf(add);
    }

    /** Removes and returns the first fault whose prefix matches {@code path}. */
    public synchronized Optional<Fault> take(String path) {
        Iterator<Entry> it = queue.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (path.startsWith(e.pathPrefix())) {
                it.remove();
                return Optional.of(e.fault());
            }
        }
        return Optional.empty();
    }

    public synchronized List<Entry> list() {
        return List.copyOf(queue);
    }

    /** Empties the queue; returns how many faults were dropped. */
    public synchronized int clear() {
        int n = queue.size();
        queue.clear();
        return n;
    }
}
