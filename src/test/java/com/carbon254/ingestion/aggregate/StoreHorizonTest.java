package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.EnrichedTick;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How far the store held each market when the aggregator met it: asked once per market, the first answer kept. */
class StoreHorizonTest {
    static final Instant T = Instant.parse("2024-03-13T07:00:00Z");

    @Test
    void aBatchAsksOnlyForTheMarketsNotYetKnownOncePerMarket() {
        StoreHorizon h = new StoreHorizon();
        List<EnrichedTick> batch = new ArrayList<>(AggregatorTest.caisoDay(LocalDate.of(2024, 3, 13)));
        batch.add(AggregatorTest.tick("MISO", "DA_HOURLY", "X.HUB", T, Duration.ofHours(1), null, 1));
        batch.add(AggregatorTest.tick("CAISO", "RT_5MIN", "N", T, Duration.ofMinutes(5), null, 1));
        assertThat(h.unknown(batch)).containsExactly(new StoreHorizon.Market("t1", "CAISO", "DA_HOURLY"),
                new StoreHorizon.Market("t1", "MISO", "DA_HOURLY"), new StoreHorizon.Market("t1", "CAISO", "RT_5MIN"));

        h.learn(new StoreHorizon.Market("t1", "CAISO", "DA_HOURLY"), Optional.of(T));
        h.learn(new StoreHorizon.Market("t1", "MISO", "DA_HOURLY"), Optional.empty());
        assertThat(h.unknown(batch)).containsExactly(new StoreHorizon.Market("t1", "CAISO", "RT_5MIN"));
        assertThat(h.of("t1", "CAISO", "DA_HOURLY")).isEqualTo(T);
        assertThat(h.of("t1", "MISO", "DA_HOURLY")).as("nothing stored").isNull();
        assertThat(h.of("t2", "CAISO", "DA_HOURLY")).as("another tenant is its own market").isNull();
    }

    @Test
    void theFirstAnswerStaysLaterOnesIncludeThisProcesssOwnWrites() {
        StoreHorizon h = new StoreHorizon();
        StoreHorizon.Market m = new StoreHorizon.Market("t1", "CAISO", "DA_HOURLY");
        h.learn(m, Optional.of(T));
        h.learn(m, Optional.of(T.plusSeconds(86_400)));
        assertThat(h.of("t1", "CAISO", "DA_HOURLY")).isEqualTo(T);
    }
}
