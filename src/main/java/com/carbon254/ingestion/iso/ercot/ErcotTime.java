package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.iso.Markets;
import com.carbon254.ingestion.iso.Timestamps;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * ERCOT's time labels (DOMAIN.md "ERCOT"), read the same way by the connector ({@code intervalEnd}) and the dialect.
 * Stateless.
 *
 * <ul>
 *   <li>Hour-ending reports ({@code DeliveryDate}, {@code HourEnding}/{@code DeliveryHour} written {@code 01:00},
 *       {@code 1:00}, {@code 01}, {@code 1} or {@code 24:00}, and for 15-minute prices {@code DeliveryInterval} 1–4):
 *       the interval starts at the local wall time {@code date + (HE − 1) h + (interval − 1) × 15 min} in Central
 *       prevailing time and lasts the market's interval. On the fall-back day that wall time is ambiguous in HE 02:
 *       {@code DSTFlag} N/false is the first (CDT) pass, Y/true the repeated (CST) one; without a flag the record is
 *       refused. On the spring-forward day ERCOT omits HE 03 (its wall time does not exist: refused if present);
 *       HE 02 then runs from 01:00 CST to 03:00 CDT, one hour.</li>
 *   <li>A document that numbers its fall-back day's hours 1–25 (HE 25, no repeated HE 02; the connector marks its
 *       records {@value #ELAPSED}) counts hours from the local midnight: HE k starts {@code k − 1} hours after it.</li>
 *   <li>SCED reports: {@code SCEDTimestamp} ({@code MM/DD/YYYY HH:mm:ss} in the MIS CSV, ISO-8601 in the API) is
 *       the instant of the SCED run, {@code RepeatedHourFlag} N/Y telling CDT from CST in the repeated hour; the
 *       tick's interval is the 5-minute interval that contains it (on the UTC grid, which is Central's).</li>
 * </ul>
 */
final class ErcotTime {
    /** {@code hour_numbering} value of records from a document whose fall-back day has HE 1–25. */
    static final String ELAPSED = "elapsed";

    static final int FLAG_ABSENT = -1;
    static final int FLAG_INVALID = -2;

    private ErcotTime() {
    }

    /**
     * Where a record's labels put it: the interval, its operating day and the local label, or why they do not.
     *
     * @param reason null when the labels are readable; else a rejection reason code ({@code bad_timestamp},
     *               {@code unknown_market}) and {@code detail} says what and where
     */
    record Slot(Instant start, Instant end, LocalDate day, String label, String revision, String reason,
                String detail) {
        static Slot refused(String reason, String detail) {
            return new Slot(null, null, null, null, null, reason, detail);
        }

        boolean ok() {
            return reason == null;
        }
    }

    /** The interval of {@code r} with its labels read in {@code zone} (ERCOT's: {@code America/Chicago}). */
    static Slot slot(RawRecord r, ZoneId zone) {
        long seconds = Markets.intervalSeconds(r.market());
        if (seconds <= 0 || 3600 % seconds != 0) {
            return Slot.refused("unknown_market", "ERCOT market '" + r.market() + "' has no known interval length"
                    + " (expected DA_HOURLY, RT_15MIN or RT_5MIN)" + at(r));
        }
        String sced = r.attr(ErcotConnector.ATTR_SCED_TIMESTAMP);
        return sced != null ? scedSlot(r, sced, zone, seconds) : hourSlot(r, zone, seconds);
    }

    private static Slot hourSlot(RawRecord r, ZoneId zone, long seconds) {
        String dateText = r.attr(ErcotConnector.ATTR_DELIVERY_DATE);
        LocalDate date = date(dateText);
        if (date == null) {
            return Slot.refused("bad_timestamp", "DeliveryDate '" + dateText + "' is neither MM/DD/YYYY nor"
                    + " yyyy-MM-dd" + at(r));
        }
        String heText = r.attr(ErcotConnector.ATTR_HOUR_ENDING);
        int he = hourEnding(heText);
        if (he < 1 || he > 25) {
            return Slot.refused("bad_timestamp", "hour ending '" + heText + "' is not an hour 1..24 (or 25)"
                    + at(r));
        }
        int k = 1;
        int perHour = (int) (3600 / seconds);
        String intervalText = r.attr(ErcotConnector.ATTR_DELIVERY_INTERVAL);
        if (perHour > 1) {
            k = Timestamps.smallInt(intervalText);
            if (k < 1 || k > perHour) {
                return Slot.refused("bad_timestamp", "DeliveryInterval '" + intervalText + "' is outside 1.."
                        + perHour + at(r));
            }
        }
        String flagText = r.attr(ErcotConnector.ATTR_DST_FLAG);
        int flag = flag(flagText);
        if (flag == FLAG_INVALID) {
            return Slot.refused("bad_timestamp", "DSTFlag '" + flagText + "' is neither N/false nor Y/true" + at(r));
        }
        String label = date + " HE " + two(he)
                + (perHour > 1 ? " INT " + k : "") + (flag == 1 ? " DSTFlag Y" : "");
        long offsetInHour = (k - 1) * seconds;
        Instant start;
        if (he == 25 || ErcotTime.ELAPSED.equals(r.attr(ErcotConnector.ATTR_HOUR_NUMBERING))) {
            Instant dayStart = date.atStartOfDay(zone).toInstant();
            long hours = (date.plusDays(1).atStartOfDay(zone).toInstant().getEpochSecond()
                    - dayStart.getEpochSecond()) / 3600;
            if (he > hours) {
                return Slot.refused("bad_timestamp", "hour ending " + he + " on " + date + ", a day of " + hours
                        + " hours in " + zone + at(r));
            }
            start = dayStart.plusSeconds((he - 1) * 3600L + offsetInHour);
        } else {
            LocalDateTime local = date.atStartOfDay().plusHours(he - 1).plusSeconds(offsetInHour);
            ZoneRules rules = zone.getRules();
            ZoneOffsetTransition t = rules.getTransition(local);
            ZoneOffset offset;
            if (t == null) {
                offset = rules.getOffset(local);
            } else if (t.isGap()) {
                return Slot.refused("bad_timestamp", "hour ending " + heText + (perHour > 1 ? " interval " + k : "")
                        + " does not exist on " + date + ": clocks in " + zone + " jump from "
                        + t.getDateTimeBefore().toLocalTime() + " to " + t.getDateTimeAfter().toLocalTime() + at(r));
            } else if (flag == FLAG_ABSENT) {
                return Slot.refused("bad_timestamp", "hour ending " + heText + " on " + date + " is the repeated"
                        + " fall-back hour, and no DSTFlag says which pass it is" + at(r));
            } else {
                offset = flag == 1 ? t.getOffsetAfter() : t.getOffsetBefore();
            }
            start = local.toInstant(offset);
        }
        Instant end = start.plusSeconds(seconds);
        return new Slot(start, end, LocalDate.ofInstant(start, zone), label, "final", null, null);
    }

    private static Slot scedSlot(RawRecord r, String text, ZoneId zone, long seconds) {
        LocalDateTime local = scedTimestamp(text);
        if (local == null) {
            return Slot.refused("bad_timestamp", "SCEDTimestamp '" + text + "' is neither MM/DD/YYYY HH:mm:ss nor"
                    + " yyyy-MM-ddTHH:mm:ss" + at(r));
        }
        String flagText = r.attr(ErcotConnector.ATTR_REPEATED_HOUR_FLAG);
        int flag = flag(flagText);
        if (flag == FLAG_INVALID) {
            return Slot.refused("bad_timestamp", "RepeatedHourFlag '" + flagText + "' is neither N/false nor Y/true"
                    + at(r));
        }
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition t = rules.getTransition(local);
        ZoneOffset offset;
        if (t == null) {
            offset = rules.getOffset(local);
        } else if (t.isGap()) {
            return Slot.refused("bad_timestamp", "SCEDTimestamp '" + text + "' does not exist: clocks in " + zone
                    + " jump from " + t.getDateTimeBefore().toLocalTime() + " to "
                    + t.getDateTimeAfter().toLocalTime() + at(r));
        } else if (flag == FLAG_ABSENT) {
            return Slot.refused("bad_timestamp", "SCEDTimestamp '" + text + "' falls in the repeated fall-back hour,"
                    + " and no RepeatedHourFlag says which pass it is" + at(r));
        } else {
            offset = flag == 1 ? t.getOffsetAfter() : t.getOffsetBefore();
        }
        Instant run = local.toInstant(offset);
        Instant start = Instant.ofEpochSecond(Math.floorDiv(run.getEpochSecond(), seconds) * seconds);
        String label = local.toLocalDate() + " SCED " + two(local.getHour()) + ":" + two(local.getMinute()) + ":"
                + two(local.getSecond()) + (flag == 1 ? " RepeatedHourFlag Y" : "");
        return new Slot(start, start.plusSeconds(seconds), LocalDate.ofInstant(start, zone), label,
                scedRevision(run), null, null);
    }

    /** {@code SCED 2026-06-25T05:40:18Z}: the revision of a SCED run's prices, the run's UTC instant. */
    static String scedRevision(Instant run) {
        return "SCED " + run;
    }

    /**
     * How a SCED revision ranks against another of the same 5-minute interval: 1 + its UTC second of the day (a later
     * run of the interval ranks higher; an interval never spans a UTC midnight); 0 for every other label.
     */
    static int revisionRank(String revision) {
        if (revision == null || revision.length() < 24 || !revision.startsWith("SCED ")
                || revision.charAt(15) != 'T') {
            return 0;
        }
        int h = Timestamps.smallInt(revision.substring(16, 18));
        int m = Timestamps.smallInt(revision.substring(19, 21));
        int s = Timestamps.smallInt(revision.substring(22, 24));
        if (h < 0 || m < 0 || s < 0) return 0;
        return 1 + h * 3600 + m * 60 + s;
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String at(RawRecord r) {
        return " at " + (ErcotConnector.SOURCE_API.equals(r.attr(ErcotConnector.ATTR_SOURCE)) ? "row " : "line ")
                + r.position()
                + " (settlement point " + r.location() + ")";
    }

    // ---------------------------------------------------------------- label readers (null / -1 when unreadable)

    /** {@code yyyy-MM-dd} (API) or {@code MM/DD/YYYY} (MIS CSV; {@code M/D/YYYY} accepted); null otherwise. */
    static LocalDate date(String s) {
        if (s == null) return null;
        String t = s.strip();
        if (t.length() == 10 && t.charAt(4) == '-') return Timestamps.isoDate(t);
        int a = t.indexOf('/');
        int b = a < 0 ? -1 : t.indexOf('/', a + 1);
        if (a < 1 || a > 2 || b != a + 2 && b != a + 3 || t.length() != b + 5) return null;
        int m = Timestamps.smallInt(t.substring(0, a));
        int d = Timestamps.smallInt(t.substring(a + 1, b));
        int y = Timestamps.smallInt(t.substring(b + 1));
        if (m < 0 || d < 0 || y < 0) return null;
        try {
            return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code 01:00}, {@code 1:00}, {@code 01}, {@code 1}, {@code 24:00}, {@code 25} → the hour; -1 otherwise. */
    static int hourEnding(String s) {
        if (s == null) return -1;
        String t = s.strip();
        int colon = t.indexOf(':');
        if (colon >= 0) {
            if (!t.substring(colon + 1).equals("00")) return -1;
            t = t.substring(0, colon);
        }
        if (t.isEmpty() || t.length() > 2) return -1;
        return Timestamps.smallInt(t);
    }

    /** N/false/0 → 0, Y/true/1 → 1 (any case); null or blank → {@link #FLAG_ABSENT}; else {@link #FLAG_INVALID}. */
    static int flag(String s) {
        if (s == null) return FLAG_ABSENT;
        String t = s.strip();
        if (t.isEmpty()) return FLAG_ABSENT;
        if (t.equalsIgnoreCase("N") || t.equalsIgnoreCase("false") || t.equals("0")) return 0;
        if (t.equalsIgnoreCase("Y") || t.equalsIgnoreCase("true") || t.equals("1")) return 1;
        return FLAG_INVALID;
    }

    /** {@code MM/DD/YYYY HH:mm:ss} or {@code yyyy-MM-ddTHH:mm:ss} (a space for the T accepted); null otherwise. */
    static LocalDateTime scedTimestamp(String s) {
        if (s == null) return null;
        String t = s.strip();
        int space = t.indexOf(' ');
        if (space > 0 && t.indexOf('/') > 0 && t.indexOf('/') < space) {
            LocalDate d = date(t.substring(0, space));
            if (d == null) return null;
            return Timestamps.localDateTime(d + "T" + t.substring(space + 1).strip());
        }
        return Timestamps.localDateTime(t);
    }
}
