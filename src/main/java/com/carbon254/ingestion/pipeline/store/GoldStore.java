package com.carbon254.ingestion.pipeline.store;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.RollingMetric;
import io.vertx.core.Future;

import java.util.List;

/** Gold: what the aggregator computes, each upserted on its natural key (a recomputed row replaces the stored one). */
public interface GoldStore {
    Future<Void> writeBars(List<Bar> bars);

    Future<Void> writeRolling(List<RollingMetric> metrics);

    /** Upserts curve block points on (tenant, iso, location, date, block). */
    Future<Void> writeCurves(List<CurvePoint> points);
}
