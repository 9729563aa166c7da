package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.app.AppConfig;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.PolicyFiles;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.BatchHandler;
import com.carbon254.ingestion.transport.Subscription;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell's outputs: bars, rolling metrics, every recomputed curve point, and updates only for changed points. */
class AggregatorVerticleTest {
    @TempDir
    Path dir;

    /** Records what is published, per topic. */
    static final class Recorder implements Transport {
        final Map<String, List<Object>> published = new LinkedHashMap<>();

        @Override
        public <T> Future<Void> publish(String topic, Batch<T> batch) {
            published.computeIfAbsent(topic, k -> new ArrayList<>()).addAll(batch.records());
            return Future.succeededFuture();
        }

        @Override
        public <T> Future<Subscription> subscribe(String topic, String group, BatchHandler<T> handler) {
            return Future.succeededFuture();
        }

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public Future<Void> ping() {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }

    @Test
    void curveUpdatesOnlyForPointsWhoseValuesChanged() {
        Recorder t = new Recorder();
        AppConfig cfg = AppConfig.forRole("all-in-one", Map.of(), Map.of(), new AppConfig.Overrides(0, dir));
        AggregatorVerticle v = new AggregatorVerticle(new StageContext(cfg.settings(), null, t, null, new Metrics(),
                null, Clock.systemUTC(), null, new PolicyFiles(), null));
        v.start();
        List<EnrichedTick> day = AggregatorTest.caisoDay(LocalDate.of(2024, 3, 13));
        assertThat(v.handle(new Batch<>("tr", "t1", day)).succeeded()).isTrue();
        assertThat(t.published).containsKeys(Topics.OHLC_BARS, Topics.CURVE_PRESTAGE, Topics.CURVE_UPDATES);
        assertThat(t.published).as("day-ahead rolling metrics ship switched off").doesNotContainKey(Topics.ROLLING_METRICS);
        assertThat(t.published.get(Topics.CURVE_PRESTAGE)).hasSize(2);
        assertThat(t.published.get(Topics.CURVE_UPDATES)).hasSize(2);

        // the same night hour again: both blocks are recomputed, neither changed
        t.published.clear();
        v.handle(new Batch<>("tr", "t1", List.of(day.get(0))));
        assertThat(t.published.get(Topics.CURVE_PRESTAGE)).hasSize(2);
        assertThat(t.published).doesNotContainKey(Topics.CURVE_UPDATES);

        // a revised peak hour: only the 5x16 point is an update
        t.published.clear();
        EnrichedTick h12 = day.get(11);
        EnrichedTick revised = AggregatorTest.tick("CAISO", "DA_HOURLY", h12.tick().location(),
                h12.tick().intervalStart(), java.time.Duration.ofHours(1), h12.tick().operatingDay(), 1000);
        v.handle(new Batch<>("tr", "t1", List.of(revised)));
        assertThat(t.published.get(Topics.CURVE_UPDATES)).hasSize(1)
                .allMatch(p -> ((CurvePoint) p).block().equals(CurvePoint.ON_PEAK));
    }
}
