package com.carbon254.ingestion.aggregate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * NERC holidays (DOMAIN.md trading calendar): New Year's Day, Memorial Day (last Monday of May), Independence Day,
 * Labor Day (first Monday of September), Thanksgiving (fourth Thursday of November) and Christmas. A fixed-date
 * holiday falling on a Sunday is observed on the Monday after; one falling on a Saturday is not moved (the day is
 * off-peak anyway).
 */
public final class NercCalendar {
    private NercCalendar() {
    }

    public static boolean isHoliday(LocalDate d) {
        if (d.getDayOfWeek() == DayOfWeek.SUNDAY) return false; // a Sunday is off-peak; its holiday moves to Monday
        int y = d.getYear();
        for (LocalDate fixed : new LocalDate[]{LocalDate.of(y, 1, 1), LocalDate.of(y, 7, 4), LocalDate.of(y, 12, 25)}) {
            LocalDate observed = fixed.getDayOfWeek() == DayOfWeek.SUNDAY ? fixed.plusDays(1) : fixed;
            if (d.equals(observed)) return true;
        }
        return d.equals(LocalDate.of(y, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
                || d.equals(LocalDate.of(y, Month.SEPTEMBER, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)))
                || d.equals(LocalDate.of(y, Month.NOVEMBER, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)));
    }

    /** Monday–Friday and not a NERC holiday: the day's peak hours are {@code 5x16}, otherwise {@code 2x16}. */
    public static boolean isPeakWeekday(LocalDate d) {
        DayOfWeek w = d.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && !isHoliday(d);
    }
}
