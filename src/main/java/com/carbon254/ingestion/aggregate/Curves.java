package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Pure core of the curve pre-stage: daily block averages of a hub's day-ahead hourly LMP (DOMAIN.md trading calendar).
 *
 * <p>An hour {@code [start, end)} has hour-ending HE = the local hour of {@code end} in the operating-day zone (24 for
 * midnight). HE 7–22 are the day's peak hours: {@code 5x16} on Monday–Friday that are not NERC holidays, {@code 2x16}
 * otherwise; HE 1–6 and 23–24 are {@code 7x8} every day (7 or 9 hours on DST days, as the day has). Each point has the
 * hours present and {@code complete = hours == the block's hours that day}; a block with no hour present has no point.
 */
public final class Curves {
    /** Curves are built from day-ahead hourly prices. */
    public static final String MARKET = "DA_HOURLY";
    private static final int LMP = Component.LMP.ordinal();
    private static final long HOUR = 3600;

    private Curves() {
    }

    /** The block an hour ending at {@code end} belongs to on operating day {@code day}. */
    public static String block(LocalDate day, Instant end, ZoneId zone) {
        int he = he(end, zone);
        if (he >= 7 && he <= 22) return NercCalendar.isPeakWeekday(day) ? CurvePoint.ON_PEAK : CurvePoint.WEEKEND_PEAK;
        return CurvePoint.NIGHT;
    }

    /** Hour-ending in local time: the local hour of {@code end}, 24 for midnight. */
    public static int he(Instant end, ZoneId zone) {
        int h = end.atZone(zone).getHour();
        return h == 0 ? 24 : h;
    }

    /**
     * Block points of one operating day.
     *
     * @param points interval start (epoch seconds) → values by component ordinal; hourly intervals
     */
    public static List<CurvePoint> day(String tenant, String iso, String location, LocalDate day, ZoneId zone,
                                       NavigableMap<Long, double[]> points) {
        long start = day.atStartOfDay(zone).toEpochSecond();
        long end = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
        Map<String, int[]> expected = new java.util.LinkedHashMap<>();
        Map<String, double[]> sum = new java.util.LinkedHashMap<>(); // {sum, hours}
        for (long s = start; s < end; s += HOUR) {
            String b = block(day, Instant.ofEpochSecond(s + HOUR), zone);
            expected.computeIfAbsent(b, k -> new int[1])[0]++;
        }
        for (Map.Entry<Long, double[]> e : points.subMap(start, true, end, false).entrySet()) {
            double v = e.getValue()[LMP];
            if (Double.isNaN(v)) continue;
            double[] acc = sum.computeIfAbsent(block(day, Instant.ofEpochSecond(e.getKey() + HOUR), zone),
                    k -> new double[2]);
            acc[0] += v;
            acc[1]++;
        }
        List<CurvePoint> out = new ArrayList<>(3);
        for (String b : List.of(CurvePoint.ON_PEAK, CurvePoint.WEEKEND_PEAK, CurvePoint.NIGHT)) {
            double[] acc = sum.get(b);
            if (acc == null) continue;
            int hours = (int) acc[1];
            out.add(new CurvePoint(tenant, iso, location, day, b, acc[0] / hours, hours,
                    hours == expected.getOrDefault(b, new int[1])[0]));
        }
        return out;
    }
}
