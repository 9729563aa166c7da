package com.carbon254.ingestion.aggregate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class NercCalendarTest {
    @ParameterizedTest(name = "{0}: holiday={1}, 5x16 day={2}")
    @CsvSource({
            // New Year's Day
            "2020-01-01, true, false", "2022-01-01, true, false", "2023-01-01, false, false", "2023-01-02, true, false",
            // Memorial Day: last Monday of May
            "2021-05-31, true, false", "2022-05-30, true, false", "2023-05-29, true, false", "2023-05-22, false, true",
            // Independence Day, incl. on a Tuesday, on a Sunday (→ Monday) and on a Saturday (not moved)
            "2023-07-04, true, false", "2021-07-04, false, false", "2021-07-05, true, false",
            "2020-07-04, true, false", "2020-07-03, false, true",
            // Labor Day: first Monday of September
            "2021-09-06, true, false", "2022-09-05, true, false", "2023-09-04, true, false", "2023-09-11, false, true",
            // Thanksgiving: fourth Thursday of November (not the last one in 2023? 23rd is the fourth)
            "2021-11-25, true, false", "2022-11-24, true, false", "2023-11-23, true, false", "2023-11-30, false, true",
            "2023-11-24, false, true",
            // Christmas, on a Sunday in 2022 → Monday Dec 26
            "2022-12-25, false, false", "2022-12-26, true, false", "2023-12-25, true, false", "2023-12-26, false, true",
            // ordinary days
            "2011-07-16, false, false", "2011-07-18, false, true", "2024-03-15, false, true", "2024-03-17, false, false"})
    void holidaysAndPeakDays(LocalDate day, boolean holiday, boolean peakWeekday) {
        assertThat(NercCalendar.isHoliday(day)).isEqualTo(holiday);
        assertThat(NercCalendar.isPeakWeekday(day)).isEqualTo(peakWeekday);
    }
}
