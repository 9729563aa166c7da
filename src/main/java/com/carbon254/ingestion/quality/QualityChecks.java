package com.carbon254.ingestion.quality;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.NormalizationRules;
import com.carbon254.ingestion.pipeline.TickChecks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Data-quality checks over one normalized batch. Findings never reject a tick: the caller publishes every tick and
 * the anomalies next to them.
 *
 * <ul>
 *   <li>{@code component_mismatch}: {@code |lmp − (energy + congestion + loss [+ ghg])| > 0.01} when every term was
 *       published. A derived component (MISO energy without MEC, a CAISO LMP or MCE filled in by the normalizer)
 *       satisfies the identity by construction, so such ticks are not checked.</li>
 *   <li>{@code out_of_range}: lmp below the ISO's {@code price_floor} or above its {@code price_cap}
 *       ({@code conf/normalization_rules.yaml}).</li>
 *   <li>{@code missing_interval}: per (iso, market, location, operating day), one anomaly per interval absent from
 *       the expected grid. {@code DA_HOURLY}: the hours of the operating day in the ISO's zone (MISO fixed EST: 24;
 *       CAISO America/Los_Angeles: 23, 24 or 25) that the batch covers for any location — a document fetched for a
 *       UTC window holds parts of two operating days, and the parts it never covered are not missing — so a
 *       location lacking an hour its peers have is flagged. Other markets: only gaps between the first and the last
 *       interval present, at the market's interval length (a real-time day is still filling up).</li>
 *   <li>{@code conflicting_duplicate}: the same (iso, market, location, interval, revision) twice with different
 *       values.</li>
 * </ul>
 *
 * <p><b>Per batch.</b> Every check sees one batch only. The importer publishes a document's records grouped by
 * location (sorted) in batches of about 20,000 that never split a location, so a location's day arrives whole in one
 * batch; a day split across two batches (a location with more than 40,000 records in one document) may report hours
 * as missing that the neighbouring batch holds, and a duplicate across batches is not seen.
 *
 * <p>Pure and thread-safe: no I/O, no clock; the caller passes the detection time.
 */
public final class QualityChecks implements TickChecks {
    /** USD/MWh the component identity may be off by before it is a mismatch (published values carry 2–5 decimals). */
    public static final double TOLERANCE = 0.01;

    public static final String COMPONENT_MISMATCH = "component_mismatch";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String MISSING_INTERVAL = "missing_interval";
    public static final String CONFLICTING_DUPLICATE = "conflicting_duplicate";

    private static final int DERIVED_TERMS = Component.LMP.bit() | Component.ENERGY.bit()
            | Component.CONGESTION.bit() | Component.LOSS.bit();

    private final NormalizationRules rules;

    public QualityChecks(NormalizationRules rules) {
        this.rules = rules;
    }

    /** As {@link #check(List, Map, Instant)} without datasets (anomalies carry a null dataset). */
    public List<Anomaly> check(List<Tick> batch, Instant now) {
        return check(batch, Map.of(), now);
    }

    /**
     * @param batch             normalized ticks of one batch, as published
     * @param datasetByDocument dataset id per Bronze document id, for the anomalies' {@code dataset}; may miss keys
     * @param now               the anomalies' {@code at}
     * @return findings in a deterministic order: per-tick findings in batch order, then missing intervals per group
     *         in time order
     */
    @Override
    public List<Anomaly> check(List<Tick> batch, Map<String, String> datasetByDocument, Instant now) {
        List<Anomaly> out = new ArrayList<>(0);
        Map<DupKey, Tick> byKey = new HashMap<>(batch.size() * 2);
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        // a batch comes grouped by location and document: its dataset and its group change rarely, looked up then
        Tick previous = null;
        Group group = null;
        String dataset = null;
        for (Tick t : batch) {
            if (previous == null || !Objects.equals(previous.documentId(), t.documentId())) {
                dataset = datasetByDocument.get(t.documentId());
            }
            mismatch(t, dataset, now, out);
            range(t, dataset, now, out);
            Tick first = byKey.putIfAbsent(new DupKey(t.iso(), t.market(), t.location(), t.intervalStart(),
                    t.revision()), t);
            if (first != null && !sameValues(first, t)) {
                out.add(anomaly(t, dataset, t.intervalStart(), CONFLICTING_DUPLICATE, "revision " + t.revision()
                        + " of " + where(t) + " appears twice with different values: " + values(first)
                        + " (position " + first.position() + ") vs " + values(t) + " (position " + t.position()
                        + ")", now));
            }
            if (t.operatingDay() != null && t.intervalStart() != null && t.intervalEnd() != null) {
                if (group == null || !sameGroup(previous, t)) {
                    String ds = dataset;
                    group = groups.computeIfAbsent(new GroupKey(t.iso(), t.market(), t.location(), t.operatingDay()),
                            k -> new Group(t, ds));
                }
                group.add(t.intervalStart());
            } else {
                group = null;
            }
            previous = t;
        }
        groups.values().forEach(Group::seal);
        // the intervals the batch covers per (iso, market, day), over all its locations: a document fetched for a UTC
        // window holds part of two operating days, and those absent parts are not missing data
        Map<String, Instant[]> covered = new HashMap<>();
        groups.forEach((k, g) -> covered.merge(k.iso + '|' + k.market + '|' + k.day,
                new Instant[]{g.first(), g.last()},
                (a, b) -> new Instant[]{a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]}));
        groups.forEach((k, g) -> missing(k, g, covered.get(k.iso + '|' + k.market + '|' + k.day), now, out));
        return out;
    }

    private static void mismatch(Tick t, String dataset, Instant now, List<Anomaly> out) {
        if ((t.derived() & DERIVED_TERMS) != 0) return;
        if (!Double.isFinite(t.lmp()) || !Double.isFinite(t.energy()) || !Double.isFinite(t.congestion())
                || !Double.isFinite(t.loss())) {
            return;
        }
        boolean ghg = Double.isFinite(t.ghg());
        double sum = t.energy() + t.congestion() + t.loss() + (ghg ? t.ghg() : 0);
        double off = t.lmp() - sum;
        // a hair above the tolerance so binary noise in an exact 0.01 difference does not fire
        if (Math.abs(off) <= TOLERANCE + 1e-9) return;
        String terms = "energy " + num(t.energy()) + " + congestion " + num(t.congestion()) + " + loss "
                + num(t.loss()) + (ghg ? " + ghg " + num(t.ghg()) : "");
        out.add(anomaly(t, dataset, t.intervalStart(), COMPONENT_MISMATCH, "lmp " + num(t.lmp()) + " ≠ " + terms
                + " = " + num(round6(sum)) + ", off by " + num(round6(off)) + " (tolerance " + TOLERANCE + ") at "
                + where(t), now));
    }

    private void range(Tick t, String dataset, Instant now, List<Anomaly> out) {
        IsoRules r = rules.forIso(t.iso()).orElse(null);
        if (r == null || !Double.isFinite(t.lmp())) return;
        String bound = null;
        if (t.lmp() < r.priceFloor()) bound = "below the floor " + num(r.priceFloor());
        else if (t.lmp() > r.priceCap()) bound = "above the cap " + num(r.priceCap());
        if (bound == null) return;
        out.add(anomaly(t, dataset, t.intervalStart(), OUT_OF_RANGE, "lmp " + num(t.lmp()) + " is " + bound
                + " USD/MWh of " + t.iso() + " at " + where(t), now));
    }

    private void missing(GroupKey k, Group g, Instant[] covered, Instant now, List<Anomaly> out) {
        long step = g.seconds;
        if (step <= 0) return;
        Instant from;
        Instant to;
        String grid;
        if ("DA_HOURLY".equals(k.market)) {
            IsoRules r = rules.forIso(k.iso).orElse(null);
            if (r == null) return;
            ZoneId zone = r.zone();
            Instant dayStart = k.day.atStartOfDay(zone).toInstant();
            Instant dayEnd = k.day.plusDays(1).atStartOfDay(zone).toInstant();
            from = covered[0].isAfter(dayStart) ? covered[0] : dayStart;
            Instant lastEnd = covered[1].plusSeconds(step);
            to = lastEnd.isBefore(dayEnd) ? lastEnd : dayEnd;
            long dayHours = (dayEnd.getEpochSecond() - dayStart.getEpochSecond()) / step;
            grid = from.equals(dayStart) && to.equals(dayEnd)
                    ? dayHours + " hours of operating day " + k.day + " in " + zone
                    : "the hours " + from + " to " + to + " of operating day " + k.day + " that this document covers";
        } else {
            from = g.first();
            to = g.last().plusSeconds(step);
            grid = "the " + step / 60 + "-minute intervals between " + g.first() + " and " + g.last();
        }
        int expected = (int) ((to.getEpochSecond() - from.getEpochSecond()) / step);
        int present = 0;
        for (Instant s = from; s.isBefore(to); s = s.plusSeconds(step)) if (g.contains(s)) present++;
        for (Instant s = from; s.isBefore(to); s = s.plusSeconds(step)) {
            if (g.contains(s)) continue;
            out.add(new Anomaly(g.sample.tenant(), k.iso, g.dataset, k.location, s, MISSING_INTERVAL,
                    k.iso + " " + k.market + " " + k.location + ": no interval starting " + s + " (" + present
                            + " of " + expected + " expected: " + grid + ")",
                    g.sample.documentId(), now));
        }
    }

    /** The identity of a tick's value within one revision (no string building per tick: this runs on every tick). */
    private record DupKey(String iso, String market, String location, Instant start, String revision) {
    }

    private record GroupKey(String iso, String market, String location, LocalDate day) {
    }

    /** Whether two ticks fall in the same (iso, market, location, operating day). */
    private static boolean sameGroup(Tick a, Tick b) {
        return a.location().equals(b.location()) && a.operatingDay().equals(b.operatingDay())
                && a.market().equals(b.market()) && a.iso().equals(b.iso());
    }

    /** The interval starts one (iso, market, location, operating day) has in the batch. */
    private static final class Group {
        final Tick sample;
        final String dataset;
        final long seconds;
        private final ArrayList<Instant> starts = new ArrayList<>(32);

        Group(Tick sample, String dataset) {
            this.sample = sample;
            this.dataset = dataset;
            this.seconds = sample.intervalEnd().getEpochSecond() - sample.intervalStart().getEpochSecond();
        }

        void add(Instant start) {
            starts.add(start);
        }

        /** Sorts the starts and drops repeats: what {@link #first}, {@link #last} and {@link #contains} read. */
        void seal() {
            starts.sort(null);
            int w = 0;
            for (int r = 0; r < starts.size(); r++) {
                if (w == 0 || !starts.get(r).equals(starts.get(w - 1))) starts.set(w++, starts.get(r));
            }
            starts.subList(w, starts.size()).clear();
        }

        Instant first() {
            return starts.get(0);
        }

        Instant last() {
            return starts.get(starts.size() - 1);
        }

        boolean contains(Instant s) {
            return Collections.binarySearch(starts, s) >= 0;
        }
    }

    private static Anomaly anomaly(Tick t, String dataset, Instant interval, String type, String detail, Instant now) {
        return new Anomaly(t.tenant(), t.iso(), dataset, t.location(), interval, type, detail, t.documentId(), now);
    }

    private static boolean sameValues(Tick a, Tick b) {
        return Double.compare(a.lmp(), b.lmp()) == 0 && Double.compare(a.energy(), b.energy()) == 0
                && Double.compare(a.congestion(), b.congestion()) == 0 && Double.compare(a.loss(), b.loss()) == 0
                && Double.compare(a.ghg(), b.ghg()) == 0;
    }

    private static String values(Tick t) {
        return "lmp " + num(t.lmp()) + ", energy " + num(t.energy()) + ", congestion " + num(t.congestion())
                + ", loss " + num(t.loss()) + (Double.isNaN(t.ghg()) ? "" : ", ghg " + num(t.ghg()));
    }

    private static String where(Tick t) {
        return t.iso() + " " + t.market() + " " + t.location() + " " + t.intervalStart()
                + (t.localLabel() != null ? " (" + t.localLabel() + ")" : "");
    }

    private static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return String.format(Locale.ROOT, "%s", round6(d));
    }

    private static double round6(double d) {
        return Math.round(d * 1e6) / 1e6;
    }
}
