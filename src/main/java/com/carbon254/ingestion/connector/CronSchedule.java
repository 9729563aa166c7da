package com.carbon254.ingestion.connector;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A connector's 5-field cron schedule ({@code minute hour day-of-month month day-of-week}, in the zone of the instant
 * asked about; the scheduler asks in UTC): which minutes fire, and the last firing at or before an instant.
 *
 * <p>The plain form only, as Airflow and cron read it: {@code *}, numbers, ranges {@code a-b}, steps {@code * /n},
 * {@code a/n} and {@code a-b/n}, lists {@code a,b}; month and weekday names ({@code JAN}, {@code MON}); 0 and 7 are
 * both Sunday. No {@code ?}, {@code L}, {@code W}, {@code #} or {@code @daily} macros: the connectors index and the
 * Airflow DAG builder expect the plain form. Day-of-month and day-of-week follow cron: when both are restricted (not
 * {@code *}), either may match.
 *
 * <p>cron-utils (its UNIX definition) finds the firings. The text is checked here, item by item, because cron-utils
 * names neither the field nor the item it refuses, accepts what the plain form does not ({@code +5}, {@code FRI-SUN}),
 * reads {@code SUN} as 7 (so refuses {@code SUN-SAT}) and maps 7 to 0 even in a step (so refuses {@code 0-7/7}). It is
 * then given {@code *} as {@code *} and every other field as the list of values it fires on (weekdays 0..6), so which
 * minutes fire is decided here, exactly as before, and never by cron-utils' own reading of names and steps.
 * Immutable and thread-safe.
 */
public final class CronSchedule {
    private static final String[] FIELD = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final int[] MIN = {0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 23, 31, 12, 7};
    private static final int DOW = 4;
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** One list item, loosely: {@code *}, a value or a range {@code a-b}, then an optional step {@code /n}. */
    private static final Pattern ITEM = Pattern.compile("(?:\\*|([^-/]+)(?:-([^/]*))?)(?:/(.*))?");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,4}");
    /** Quartz's extensions, named in the message when an item uses one. */
    private static final Pattern QUARTZ = Pattern.compile("(?i)\\?|.*#.*|L|LW|L-\\d+|\\d+[LW]");
    /** Thread-safe (cron-utils 9.1.7+): one parser for every schedule. */
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /**
     * How far back {@link #lastFireAtOrBefore} reports a firing (about two months): a yearly schedule is not something
     * a connector runs on, and a first start should not catch up a firing from last winter.
     */
    private static final int SEARCH_MINUTES = 62 * 24 * 60;

    private final String expr;
    private final ExecutionTime execution;

    private CronSchedule(String expr, ExecutionTime execution) {
        this.expr = expr;
        this.execution = execution;
    }

    /** Every problem with {@code expr}, each naming the field and the item; empty when it is a valid schedule. */
    public static List<String> problems(String expr) {
        List<String> out = new ArrayList<>();
        compile(expr, out);
        return out;
    }

    /** @throws IllegalArgumentException listing {@link #problems} */
    public static CronSchedule parse(String expr) {
        List<String> problems = new ArrayList<>();
        CronSchedule schedule = compile(expr, problems);
        if (schedule == null) throw new IllegalArgumentException(String.join("; ", problems));
        return schedule;
    }

    /** The schedule, or null with every problem added to {@code problems}. */
    private static CronSchedule compile(String expr, List<String> problems) {
        if (expr == null || expr.isBlank()) {
            problems.add("empty cron expression");
            return null;
        }
        String[] fields = expr.strip().split("\\s+");
        if (fields.length != 5) {
            problems.add("'" + expr + "' has " + fields.length + " fields; expected 5 (minute hour day-of-month month"
                    + " day-of-week)" + (fields[0].startsWith("@") ? "; no @ macros (@daily is 0 0 * * *)" : ""));
            return null;
        }
        for (int f = 0; f < 5; f++) {
            for (String item : fields[f].split(",", -1)) {
                String p = itemProblem(item, f);
                if (p != null) problems.add(FIELD[f] + " '" + item + "': " + p);
            }
        }
        if (!problems.isEmpty()) return null;
        StringJoiner plain = new StringJoiner(" ");
        for (int f = 0; f < 5; f++) plain.add(fields[f].equals("*") ? "*" : values(fields[f], f));
        try {
            return new CronSchedule(expr, ExecutionTime.forCron(UNIX.parse(plain.toString())));
        } catch (IllegalArgumentException e) { // not expected after the checks above: says so rather than fail later
            problems.add("'" + expr + "' (as " + plain + "): " + e.getMessage());
            return null;
        }
    }

    public String expression() {
        return expr;
    }

    /** Whether the minute containing {@code t} (in its zone) fires. */
    public boolean matches(ZonedDateTime t) {
        return execution.isMatch(t.truncatedTo(ChronoUnit.MINUTES));
    }

    /** The latest firing minute at or before {@code t}, if there is one in about the last two months. */
    public Optional<ZonedDateTime> lastFireAtOrBefore(ZonedDateTime t) {
        ZonedDateTime minute = t.truncatedTo(ChronoUnit.MINUTES);
        // cron-utils' last execution is strictly before its argument: before the next minute is at or before this one
        return execution.lastExecution(minute.plusMinutes(1))
                .filter(fire -> fire.isAfter(minute.minusMinutes(SEARCH_MINUTES)));
    }

    private static String itemProblem(String item, int f) {
        if (item.isEmpty()) return "empty list item";
        Matcher m = ITEM.matcher(item);
        if (!m.matches()) return expected(item, f);
        int span = MAX[f] - MIN[f] + 1;
        if (m.group(3) != null && (number(m.group(3)) < 1 || number(m.group(3)) > span)) {
            return "step must be 1.." + span;
        }
        if (m.group(1) == null) return null; // *
        int a = value(m.group(1), f);
        if (m.group(2) == null) return a < 0 ? expected(item, f) : null;
        int b = value(m.group(2), f);
        if (a < 0 || b < 0) return "expected " + MIN[f] + ".." + MAX[f] + names(f);
        return a > b ? "range start is after its end" : null;
    }

    /** A checked field as the values it fires on, for cron-utils: {@code 0,15,30,45}; weekdays 0..6. */
    private static String values(String field, int f) {
        BitSet values = new BitSet();
        for (String item : field.split(",")) {
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) throw new IllegalStateException("unchecked item " + item);
            int top = f == DOW ? 6 : MAX[f]; // * and a/n run to Saturday (as before); 7/n is Sunday
            int lo = m.group(1) == null ? MIN[f] : value(m.group(1), f);
            int hi = m.group(2) != null ? value(m.group(2), f) : m.group(1) == null || m.group(3) != null
                    ? Math.max(lo, top) : lo;
            int step = m.group(3) == null ? 1 : number(m.group(3));
            for (int v = lo; v <= hi; v += step) values.set(f == DOW && v == 7 ? 0 : v);
        }
        return values.stream().mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    private static String expected(String item, int f) {
        return "expected *, a value " + MIN[f] + ".." + MAX[f] + names(f) + ", a range or a step"
                + (QUARTZ.matcher(item).matches() ? "; ?, L, W and # are Quartz's, not the plain 5-field form" : "");
    }

    private static int value(String s, int f) {
        int v = number(s);
        if (v < 0) {
            String u = s.toUpperCase(Locale.ROOT);
            if (f == 3 && MONTHS.contains(u)) return MONTHS.indexOf(u) + 1;
            if (f == DOW && DAYS.contains(u)) return DAYS.indexOf(u);
            return -1;
        }
        return v >= MIN[f] && v <= MAX[f] ? v : -1;
    }

    private static String names(int f) {
        return f == 3 ? " or JAN..DEC" : f == DOW ? " or SUN..SAT" : "";
    }

    /** A plain non-negative number of at most four digits, else -1. */
    private static int number(String s) {
        return NUMBER.matcher(s).matches() ? Integer.parseInt(s) : -1;
    }

    @Override
    public String toString() {
        return expr;
    }
}
