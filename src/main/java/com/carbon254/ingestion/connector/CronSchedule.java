package com.carbon254.ingestion.connector;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A 5-field cron expression ({@link Cron} validates the text) as a schedule: which minutes fire, and the last firing
 * at or before an instant. Day-of-month and day-of-week follow cron: when both are restricted, either may match.
 * Pure and immutable.
 */
public final class CronSchedule {
    private static final int[] MIN = {0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 23, 31, 12, 7};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far back {@link #lastFireAtOrBefore} looks: a yearly schedule is not something a connector runs on. */
    private static final int SEARCH_MINUTES = 62 * 24 * 60;

    private final String expr;
    private final BitSet[] fields = new BitSet[5];
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronSchedule(String expr) {
        this.expr = expr;
        String[] parts = expr.strip().split("\\s+");
        for (int f = 0; f < 5; f++) {
            BitSet b = new BitSet(MAX[f] + 1);
            for (String item : parts[f].split(",")) add(b, item, f);
            if (f == 4 && b.get(7)) {
                b.set(0); // 7 and 0 are both Sunday
            }
            fields[f] = b;
        }
        domRestricted = !parts[2].equals("*");
        dowRestricted = !parts[4].equals("*");
    }

    /** @throws IllegalArgumentException listing {@link Cron#problems} */
    public static CronSchedule parse(String expr) {
        List<String> problems = Cron.problems(expr);
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return new CronSchedule(expr);
    }

    public String expression() {
        return expr;
    }

    /** Whether the minute containing {@code t} (in its zone) fires. */
    public boolean matches(ZonedDateTime t) {
        if (!fields[0].get(t.getMinute()) || !fields[1].get(t.getHour()) || !fields[3].get(t.getMonthValue())) {
            return false;
        }
        boolean dom = fields[2].get(t.getDayOfMonth());
        int dowValue = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
        boolean dow = fields[4].get(dowValue);
        if (domRestricted && dowRestricted) return dom || dow;
        return dom && dow;
    }

    /** The latest firing minute at or before {@code t}, searching back about two months. */
    public Optional<ZonedDateTime> lastFireAtOrBefore(ZonedDateTime t) {
        ZonedDateTime m = t.truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < SEARCH_MINUTES; i++) {
            if (matches(m)) return Optional.of(m);
            m = m.minusMinutes(1);
        }
        return Optional.empty();
    }

    private static void add(BitSet b, String item, int f) {
        int step = 1;
        String base = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            step = Integer.parseInt(item.substring(slash + 1));
            base = item.substring(0, slash);
        }
        int lo;
        int hi;
        if (base.equals("*")) {
            lo = MIN[f];
            hi = f == 4 ? 6 : MAX[f];
        } else if (base.indexOf('-') > 0) {
            lo = value(base.substring(0, base.indexOf('-')), f);
            hi = value(base.substring(base.indexOf('-') + 1), f);
        } else {
            lo = value(base, f);
            hi = slash >= 0 ? (f == 4 ? 6 : MAX[f]) : lo;
        }
        for (int v = lo; v <= hi; v += step) b.set(v);
    }

    private static int value(String s, int f) {
        String u = s.toUpperCase(Locale.ROOT);
        if (f == 3 && MONTHS.contains(u)) return MONTHS.indexOf(u) + 1;
        if (f == 4 && DAYS.contains(u)) return DAYS.indexOf(u);
        return Integer.parseInt(s);
    }

    @Override
    public String toString() {
        return expr;
    }
}
