package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.pipeline.store.CurveQuery;
import com.carbon254.ingestion.pipeline.store.RollingQuery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gold: bars, rolling metrics and curve points written through the gold port, each upserted on its natural key, read
 * back through the read API.
 */
public abstract class GoldStoreContract extends StoreContract {
    @Test
    void barsUpsertAndAreQueriedBySeriesAndHalfOpenWindow() throws Exception {
        List<Bar> bars = new ArrayList<>();
        for (int h = 0; h < 5; h++) {
            bars.add(bar(Component.LMP, "1h", T0.plus(HOUR.multipliedBy(h)), 30 + h, 12));
            bars.add(bar(Component.ENERGY, "1h", T0.plus(HOUR.multipliedBy(h)), 20 + h, 12));
        }
        bars.add(bar(Component.LMP, "1d", T0, 33, 24));
        await(gold().writeBars(bars));
        Bar revised = bar(Component.LMP, "1h", T0.plus(HOUR.multipliedBy(2)), 55, 11);
        await(gold().writeBars(List.of(revised)));

        assertThat(await(queries().queryBars(bars(Component.LMP, "1h", T0.plus(HOUR), T0.plus(HOUR.multipliedBy(4))))))
                .containsExactly(bars.get(2), revised, bars.get(6));
        assertThat(await(queries().queryBars(bars(Component.LMP, "1d", T0, T0.plus(Duration.ofDays(1))))))
                .containsExactly(bars.get(10));
        assertThat(await(queries().queryBars(bars(Component.ENERGY, "1h", T0, T0.plus(HOUR))))).containsExactly(bars.get(1));
    }

    @Test
    void sameBarKeyTwiceInOneBatchKeepsTheLastOne() throws Exception {
        Bar first = bar(Component.LMP, "1h", T0, 1, 12);
        Bar last = bar(Component.LMP, "1h", T0, 2, 12);

        await(gold().writeBars(List.of(first, last)));

        assertThat(await(queries().queryBars(bars(Component.LMP, "1h", T0, T0.plus(HOUR))))).containsExactly(last);
    }

    @Test
    void rollingMetricsUpsertOnTheirNaturalKeyAndAreQueriedByWindowEnd() throws Exception {
        List<RollingMetric> ms = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            ms.add(rolling(Component.LMP, "24x1h", T0.plus(HOUR.multipliedBy(h)), 10 + h));
            ms.add(rolling(Component.LMP, "12x1h", T0.plus(HOUR.multipliedBy(h)), 50 + h));
        }
        ms.add(rolling(Component.ENERGY, "24x1h", T0, 7));
        await(gold().writeRolling(ms));
        RollingMetric revised = rolling(Component.LMP, "24x1h", T0.plus(HOUR), 99);
        await(gold().writeRolling(List.of(rolling(Component.LMP, "24x1h", T0.plus(HOUR), 98), revised)));

        assertThat(await(queries().queryRolling(rollingQuery(Component.LMP, "24x1h", T0.plus(HOUR),
                T0.plus(HOUR.multipliedBy(3)))))).containsExactly(revised, ms.get(4));
        assertThat(await(queries().queryRolling(rollingQuery(Component.LMP, "12x1h", T0, T0.plus(HOUR)))))
                .containsExactly(ms.get(1));
        assertThat(await(queries().queryRolling(rollingQuery(Component.ENERGY, "24x1h", T0, T0.plus(HOUR)))))
                .containsExactly(ms.get(8));
        await(gold().writeRolling(List.of()));
    }

    RollingMetric rolling(Component component, String window, Instant end, double mean) {
        return new RollingMetric(tenant, "CAISO", "DAM", "NODE_A", component, window, end, 7, mean, 1.25,
                mean - 2, mean + 3);
    }

    RollingQuery rollingQuery(Component component, String window, Instant from, Instant to) {
        return new RollingQuery(tenant, "CAISO", "DAM", "NODE_A", component, window, from, to);
    }

    @Test
    void curvePointsUpsertOnDateAndBlockAndAreQueriedByHalfOpenDates() throws Exception {
        LocalDate d = LocalDate.of(2022, 12, 23);
        List<CurvePoint> ps = List.of(
                curve(d, CurvePoint.ON_PEAK, 50.25, 16), curve(d, CurvePoint.NIGHT, 30.5, 8),
                curve(d.plusDays(1), CurvePoint.WEEKEND_PEAK, 40, 15), curve(d.plusDays(1), CurvePoint.NIGHT, 31, 8),
                curve(d.plusDays(3), CurvePoint.WEEKEND_PEAK, 41, 16));
        await(gold().writeCurves(ps));
        CurvePoint revised = curve(d.plusDays(1), CurvePoint.WEEKEND_PEAK, 44.125, 16);
        await(gold().writeCurves(List.of(curve(d.plusDays(1), CurvePoint.WEEKEND_PEAK, 1, 1), revised)));

        assertThat(await(queries().queryCurves(new CurveQuery(tenant, "MISO", "INDIANA.HUB", d, d.plusDays(3)))))
                .containsExactly(ps.get(0), ps.get(1), revised, ps.get(3));
        assertThat(await(queries().queryCurves(new CurveQuery(tenant, "MISO", "INDIANA.HUB", d.plusDays(3), d.plusDays(4)))))
                .containsExactly(ps.get(4));
        assertThat(await(queries().queryCurves(new CurveQuery(tenant, "MISO", "MINN.HUB", d, d.plusDays(9))))).isEmpty();
        await(gold().writeCurves(List.of()));
    }

    CurvePoint curve(LocalDate d, String block, double price, int hours) {
        int expected = block.equals(CurvePoint.NIGHT) ? 8 : 16;
        return new CurvePoint(tenant, "MISO", "INDIANA.HUB", d, block, price, hours, hours == expected);
    }
}
