package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.pipeline.store.CurveQuery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which recomputed curve points are updates, and which must first be recalled from the store after a restart. */
class CurveChangesTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final LocalDate D = LocalDate.of(2024, 3, 13);

    static CurvePoint point(LocalDate day, String block, double price, int hours, boolean complete) {
        return new CurvePoint("t1", "CAISO", "TH_NP15_GEN-APND", day, block, price, hours, complete);
    }

    @Test
    void aPointIsAnUpdateWhenItsPriceHoursOrCompletenessChanged() {
        CurveChanges c = new CurveChanges();
        CurvePoint on = point(D, CurvePoint.ON_PEAK, 40, 16, true);
        CurvePoint night = point(D, CurvePoint.NIGHT, 20, 8, true);
        assertThat(c.changed(List.of(on, night))).as("never published").containsExactly(on, night);
        c.published(List.of(on, night));
        assertThat(c.changed(List.of(on, night))).isEmpty();
        CurvePoint dearer = point(D, CurvePoint.ON_PEAK, 41, 16, true);
        CurvePoint shorter = point(D, CurvePoint.NIGHT, 20, 7, true);
        CurvePoint partial = point(D, CurvePoint.NIGHT, 20, 8, false);
        assertThat(c.changed(List.of(dearer, shorter, partial))).containsExactly(dearer, shorter, partial);
    }

    @Test
    void onlyPointsOfDaysTheStoreMayHoldAreRecalledOneQueryPerLocation() {
        CurveChanges c = new CurveChanges();
        Instant horizon = D.plusDays(1).atStartOfDay(LA).toInstant(); // the store held day D whole
        Aggregator.StoredUntil until = (tenant, iso, market) -> market.equals("DA_HOURLY") ? horizon : null;
        List<CurvePoint> curves = List.of(point(D.minusDays(1), CurvePoint.ON_PEAK, 1, 16, true),
                point(D, CurvePoint.ON_PEAK, 1, 16, true), point(D.plusDays(1), CurvePoint.ON_PEAK, 1, 16, true));
        assertThat(c.toRecall(curves, until, iso -> LA)).containsExactly(
                new CurveQuery("t1", "CAISO", "TH_NP15_GEN-APND", D.minusDays(1), D.plusDays(1)));
        assertThat(c.toRecall(curves, (t, i, m) -> null, iso -> LA)).as("nothing stored: nothing to recall").isEmpty();

        CurvePoint stored = point(D, CurvePoint.ON_PEAK, 1, 16, true);
        c.recalled(List.of(stored));
        assertThat(c.changed(List.of(stored))).as("as published by an earlier process").isEmpty();
        assertThat(c.toRecall(List.of(stored), until, iso -> LA)).as("remembered now").isEmpty();
    }

    @Test
    void aRecalledValueNeverOverwritesOneThisProcessPublished() {
        CurveChanges c = new CurveChanges();
        CurvePoint mine = point(D, CurvePoint.ON_PEAK, 45, 16, true);
        c.published(List.of(mine));
        c.recalled(List.of(point(D, CurvePoint.ON_PEAK, 40, 16, true)));
        assertThat(c.changed(List.of(mine))).isEmpty();
    }
}
