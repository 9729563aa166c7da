package com.carbon254.ingestion.connector.fetch;

import com.carbon254.ingestion.connector.ConnectorSpec;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request windows of a dataset (its {@link ConnectorSpec.Window} rules from {@code connector.yaml}) and the URL of
 * each. Pure: no Vert.x, no I/O, no clock (the run time is a parameter); thread-safe.
 *
 * <p>Operating days are calendar days in the rules' {@code align} zone, so a window is bounded by local midnights:
 * a CAISO day ({@code America/Los_Angeles}) lasts 23 or 25 hours on DST days, a MISO day ({@code -05:00}) always
 * 24. Durations of whole days in the rules ({@code P1D}, {@code P31D}) therefore count calendar days, not 24-hour
 * blocks; shorter ones ({@code PT1H}, {@code PT5M}) are elapsed time counted from the local midnight.
 */
public final class Windows {
    private static final long DAY_SECONDS = 86_400;
    private static final DateTimeFormatter OASIS = DateTimeFormatter
            .ofPattern("uuuuMMdd'T'HH:mm'-0000'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    /** {@code ${ENV}} or {@code {placeholder}}. */
    private static final Pattern TOKEN = Pattern.compile("\\$\\{([^}]*)}|\\{([^}]*)}");

    private Windows() {
    }

    /**
     * One request's time range, half-open {@code [start, end)}.
     *
     * @param operatingDay the operating day when the window lies within exactly one (a one-day window or a piece of
     *                     a day), null when it spans several days
     */
    public record Window(Instant start, Instant end, LocalDate operatingDay) {
        public Window {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) throw new IllegalArgumentException("window end " + end + " is not after " + start);
        }

        public Duration length() {
            return Duration.between(start, end);
        }
    }

    /**
     * Cuts the operating days {@code [from, to)} into request windows no longer than {@code rules.maxSpan()}.
     * A {@code max_span} of whole days ({@code P31D}) gives windows of that many operating days, the last one
     * shorter (40 days at {@code P31D}: 31 + 9); a shorter {@code max_span} ({@code PT1H}) cuts each day from its
     * local midnight into pieces of that length (25 one-hour windows on a fall-back day, the last piece of a day
     * clipped at the next midnight when the day is not a multiple).
     *
     * @return the windows in time order; empty when {@code from == to}
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    public static List<Window> split(ConnectorSpec.Window rules, LocalDate from, LocalDate to) {
        Objects.requireNonNull(rules, "rules");
        if (from.isAfter(to)) throw new IllegalArgumentException("range [" + from + ", " + to + ") ends before it starts");
        ZoneId zone = rules.align();
        List<Window> out = new ArrayList<>();
        long daysPerWindow = wholeDays(rules.maxSpan());
        if (daysPerWindow > 0) {
            for (LocalDate d = from; d.isBefore(to); ) {
                LocalDate next = d.plusDays(daysPerWindow);
                if (next.isAfter(to)) next = to;
                out.add(new Window(midnight(d, zone), midnight(next, zone), next.equals(d.plusDays(1)) ? d : null));
                d = next;
            }
            return out;
        }
        Duration piece = rules.maxSpan();
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            Instant dayEnd = midnight(d.plusDays(1), zone);
            for (Instant s = midnight(d, zone); s.isBefore(dayEnd); ) {
                Instant e = s.plus(piece);
                if (e.isAfter(dayEnd)) e = dayEnd;
                out.add(new Window(s, e, d));
                s = e;
            }
        }
        return out;
    }

    /**
     * The windows one scheduled run at {@code runAt} fetches: the run time aligned down to a multiple of
     * {@code span} from the local midnight, moved by {@code offset}, extended back by {@code lookback}, then cut as
     * in {@link #split}. For a day span ({@code P1D}) offset and lookback count operating days (a part of a day in
     * the lookback counts as a whole one); e.g. MISO day-ahead (offset P1D, lookback P3D) run on 2024-01-15 EST
     * fetches 2024-01-13 .. 2024-01-16, CAISO real-time (span PT1H, offset -PT1H, lookback PT2H) run at 10:10 local
     * fetches 07:00-08:00, 08:00-09:00 and 09:00-10:00.
     */
    public static List<Window> forRun(ConnectorSpec.Window rules, Instant runAt) {
        ZoneId zone = rules.align();
        LocalDate today = runAt.atZone(zone).toLocalDate();
        long spanDays = wholeDays(rules.span());
        if (spanDays > 0) {
            long offsetDays = Math.floorDiv(rules.offset().getSeconds(), DAY_SECONDS);
            long lookbackDays = Math.floorDiv(rules.lookback().getSeconds() + DAY_SECONDS - 1, DAY_SECONDS);
            LocalDate first = today.plusDays(offsetDays - lookbackDays);
            return split(rules, first, today.plusDays(offsetDays + spanDays));
        }
        Instant midnight = midnight(today, zone);
        long spanNanos = rules.span().toNanos();
        long sinceMidnight = Duration.between(midnight, runAt).toNanos();
        Instant anchor = midnight.plusNanos(Math.floorDiv(sinceMidnight, spanNanos) * spanNanos);
        Instant from = anchor.plus(rules.offset()).minus(rules.lookback());
        Instant to = anchor.plus(rules.offset()).plus(rules.span());
        Duration piece = rules.maxSpan();
        List<Window> out = new ArrayList<>();
        for (Instant s = from; s.isBefore(to); ) {
            Instant e = s.plus(piece);
            if (e.isAfter(to)) e = to;
            out.add(new Window(s, e, s.atZone(zone).toLocalDate()));
            s = e;
        }
        return out;
    }

    /** {@link #url(String, Window, ZoneId, Map, Map)} with local placeholders in UTC and no {@code {doc}}. */
    public static String url(String template, Window w, Map<String, String> env) {
        return url(template, w, ZoneOffset.UTC, env, Map.of());
    }

    /**
     * Fills an endpoint template. Values are inserted as they are (the base URL comes from the environment), not
     * URL-encoded.
     * <ul>
     *   <li>{@code ${VAR}} from {@code env};</li>
     *   <li>{@code {start}} and {@code {end}}: the window's bounds in UTC, {@code yyyyMMdd'T'HH:mm-0000} (OASIS's
     *       form); {@code {yyyyMMdd}}: its operating day;</li>
     *   <li>{@code {day:PATTERN}}: the operating day the window starts in ({@code zone}) formatted with a
     *       {@link DateTimeFormatter} pattern ({@code {day:yyyy-MM-dd}}); {@code {start:PATTERN}}, {@code {end:PATTERN}}
     *       and {@code {last:PATTERN}}: the window's start, end and end minus one minute (for APIs whose ranges are
     *       inclusive) as local date-times in {@code zone}; {@code {start_utc:PATTERN}}, {@code {end_utc:PATTERN}},
     *       {@code {last_utc:PATTERN}}: the same in UTC; {@code {start_repeat:TEXT}} / {@code {end_repeat:TEXT}}:
     *       {@code TEXT} when the window's start / end is the second pass through a fall-back hour's local times (the
     *       later offset of an overlap), else nothing — SPP names those files {@code …0105d.csv};</li>
     *   <li>any other {@code {name}} from {@code extra} (a listed document's {@code {doc}}).</li>
     * </ul>
     *
     * @param zone the dataset's operating-day zone ({@code window.align})
     * @throws IllegalArgumentException naming the variable when one is missing from {@code env}, naming the
     *                                  placeholder when it is unknown or its pattern invalid, or for
     *                                  {@code {yyyyMMdd}} in a window of several days (one file per day: fetching only
     *                                  the first would lose the rest)
     */
    public static String url(String template, Window w, ZoneId zone, Map<String, String> env,
                             Map<String, String> extra) {
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String value;
            if (m.group(1) != null) {
                String name = m.group(1);
                value = env.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("environment variable " + name + " is not set (needed by "
                            + "endpoint " + template + ")");
                }
            } else {
                value = placeholder(m.group(2), template, w, zone, extra);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The placeholders without a pattern. */
    private static final java.util.Set<String> PLAIN = java.util.Set.of("yyyyMMdd", "start", "end");
    /** The names {@code {name:PATTERN}} takes. */
    public static final java.util.Set<String> PATTERNED = java.util.Set.of("day", "start", "end", "last", "start_utc",
            "end_utc", "last_utc");

    /**
     * Why a placeholder of an endpoint template is not one {@link #url} fills, or null when it is; {@code extra} are
     * the names the caller supplies ({@code doc}).
     */
    public static String placeholderProblem(String placeholder, java.util.Set<String> extra) {
        int colon = placeholder.indexOf(':');
        if (colon < 0) {
            if (PLAIN.contains(placeholder) || extra.contains(placeholder)) return null;
            return "unknown placeholder {" + placeholder + "} (known: {yyyyMMdd}, {start}, {end}, {day:PATTERN}, "
                    + "{start:PATTERN}, {end:PATTERN}, {last:PATTERN}, their _utc forms" + (extra.isEmpty() ? ""
                    : ", " + extra.stream().sorted().map(e -> "{" + e + "}").toList()) + ")";
        }
        String name = placeholder.substring(0, colon);
        if (name.equals("start_repeat") || name.equals("end_repeat")) {
            return placeholder.length() > colon + 1 ? null : "{" + placeholder + "}: the text to write is missing";
        }
        if (!PATTERNED.contains(name)) {
            return "unknown placeholder {" + placeholder + "} (a pattern goes with day, start, end, last, start_utc, "
                    + "end_utc or last_utc)";
        }
        try {
            DateTimeFormatter f = DateTimeFormatter.ofPattern(placeholder.substring(colon + 1), Locale.ROOT);
            if (name.equals("day")) f.format(LocalDate.of(2024, 1, 1));
            else f.format(java.time.LocalDateTime.of(2024, 1, 1, 0, 0));
            return null;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return "{" + placeholder + "}: '" + placeholder.substring(colon + 1) + "' is not a date"
                    + (name.equals("day") ? "" : "-time") + " pattern: " + e.getMessage();
        }
    }

    private static String placeholder(String p, String template, Window w, ZoneId zone, Map<String, String> extra) {
        int colon = p.indexOf(':');
        if (colon < 0) {
            return switch (p) {
                case "start" -> OASIS.format(w.start());
                case "end" -> OASIS.format(w.end());
                case "yyyyMMdd" -> {
                    if (w.operatingDay() == null) {
                        throw new IllegalArgumentException("{yyyyMMdd} needs a window of one operating day, but "
                                + w.start() + " .. " + w.end() + " spans several; set max_span to P1D");
                    }
                    yield DAY.format(w.operatingDay());
                }
                default -> {
                    String v = extra.get(p);
                    if (v == null) throw new IllegalArgumentException(placeholderProblem(p, extra.keySet())
                            + " in endpoint " + template);
                    yield v;
                }
            };
        }
        String name = p.substring(0, colon);
        if (name.equals("start_repeat") || name.equals("end_repeat")) {
            // the text, only when the local time is the second pass through a fall-back overlap (SPP's "…0105d.csv")
            java.time.ZonedDateTime z = (name.startsWith("start") ? w.start() : w.end()).atZone(zone);
            boolean repeated = !z.withEarlierOffsetAtOverlap().equals(z);
            return repeated ? p.substring(colon + 1) : "";
        }
        String problem = placeholderProblem(p, extra.keySet());
        if (problem != null) throw new IllegalArgumentException(problem + " in endpoint " + template);
        DateTimeFormatter f = DateTimeFormatter.ofPattern(p.substring(colon + 1), Locale.ROOT);
        Instant at = switch (name) {
            case "start", "start_utc", "day" -> w.start();
            case "end", "end_utc" -> w.end();
            default -> w.end().minusSeconds(60);
        };
        if (name.equals("day")) {
            return f.format(w.operatingDay() != null ? w.operatingDay() : at.atZone(zone).toLocalDate());
        }
        ZoneId z = name.endsWith("_utc") ? ZoneOffset.UTC : zone;
        return f.format(at.atZone(z).toLocalDateTime());
    }

    /** Local midnight starting {@code day} in {@code zone} (the first instant of the day if a gap hides midnight). */
    static Instant midnight(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** Whole days in {@code d} (rounded down), or 0 when it is shorter than one day. */
    private static long wholeDays(Duration d) {
        return d.getSeconds() >= DAY_SECONDS ? d.getSeconds() / DAY_SECONDS : 0;
    }
}
