package com.carbon254.ingestion.connector;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest {
    static final CronSchedule EVERY_5 = CronSchedule.parse("*/5 * * * *");
    static final CronSchedule DAILY = CronSchedule.parse("30 19 * * *");

    static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void firstStartRunsTheLatestDueFiringAtOnce() {
        assertThat(Scheduler.due(DAILY, t("2026-11-27T20:41:00Z"), Optional.empty()))
                .contains(t("2026-11-27T19:30:00Z"));
    }

    @Test
    void aFiringIsHandledOnce() {
        Optional<Instant> handled = Optional.of(t("2026-11-27T10:55:00Z"));
        assertThat(Scheduler.due(EVERY_5, t("2026-11-27T10:55:30Z"), handled)).isEmpty();
        assertThat(Scheduler.due(EVERY_5, t("2026-11-27T10:59:59Z"), handled)).isEmpty();
        assertThat(Scheduler.due(EVERY_5, t("2026-11-27T11:00:00Z"), handled)).contains(t("2026-11-27T11:00:00Z"));
    }

    @Test
    void missedFiringsAreCaughtUpOnceNotOncePerMissedTick() {
        // down from 10:55 to 13:02: 25 five-minute firings missed, one run for the latest of them
        Optional<Instant> handled = Optional.of(t("2026-11-27T10:55:00Z"));
        Instant back = t("2026-11-27T13:02:00Z");
        Optional<Instant> fire = Scheduler.due(EVERY_5, back, handled);
        assertThat(fire).contains(t("2026-11-27T13:00:00Z"));
        assertThat(Scheduler.due(EVERY_5, back.plusSeconds(10), fire)).isEmpty();
        // a daily schedule missed for three days runs once
        assertThat(Scheduler.due(DAILY, t("2026-11-30T08:00:00Z"), Optional.of(t("2026-11-26T19:30:00Z"))))
                .contains(t("2026-11-29T19:30:00Z"));
    }
}
