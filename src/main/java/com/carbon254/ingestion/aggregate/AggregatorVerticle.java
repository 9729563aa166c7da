package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.app.Policies;
import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.project.CurveQuery;
import com.carbon254.ingestion.transport.Batch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shell of the aggregation stage: enriched ticks in, recomputed OHLC bars ({@code aggregation.ohlc.bars.v1}) and
 * rolling metrics ({@code aggregation.rolling.metrics.v1}) and curve block points out: every recomputed point on
 * {@code aggregation.curve.prestage.v1}, and those whose price, hours or completeness differ from the last published
 * on {@code pricing.curve.updates.v1}. A batch is acknowledged once every output is.
 *
 * <p>With a store (every shipped deployment), the operating days a batch touches that the aggregator does not hold
 * whole are first reloaded from the silver ticks ({@link Aggregator#missing}): after a restart, or for a day evicted
 * behind {@code state_retention_days}, a late row recomputes its bars from the whole day, not from what this process
 * happened to see.
 */
public final class AggregatorVerticle extends VerticleBase {
    public static final String GROUP = "aggregator";
    private final StageContext ctx;
    private Aggregator aggregator;
    /** Last published value per (tenant, iso, location, date, block), recalled from the store after a restart. */
    private final Map<List<Object>, CurvePoint> lastCurves = new java.util.concurrent.ConcurrentHashMap<>();
    /** Completes when the previous batch was applied ({@link #loadAndApply}). */
    private Future<Void> inOrder = Future.succeededFuture();
    /** How far the store held each (tenant, iso, market) when this verticle first met it. */
    private final Map<List<String>, java.util.Optional<java.time.Instant>> storedUntil =
            new java.util.concurrent.ConcurrentHashMap<>();
    private io.micrometer.core.instrument.Counter reloaded;

    public AggregatorVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        String file = ctx.config().policies().aggregationPolicies();
        aggregator = new Aggregator(AggregationPolicy.from(Policies.load(file), file));
        Gauge.builder("aggregation.state.intervals", aggregator, Aggregator::intervalsHeld)
                .description("intervals held as bar state").register(ctx.metrics().registry());
        reloaded = io.micrometer.core.instrument.Counter.builder("aggregation.state.reloaded.ticks")
                .description("stored ticks reloaded into bar state (after a restart, or for a day evicted before)")
                .register(ctx.metrics().registry());
        return knownMarkets().compose(v -> ctx.transport().<EnrichedTick>subscribe(Topics.ENRICHED_TICKS, GROUP,
                this::handle));
    }

    /**
     * How far the store holds every market of the deployment's tenant, asked before the first batch: asked later, the
     * answer could already include rows this process's own projector stored, which would cost needless reloads.
     * Other tenants are asked when first met.
     */
    private Future<Void> knownMarkets() {
        if (ctx.store() == null || ctx.catalog() == null) return Future.succeededFuture();
        String tenant = ctx.config().tenant();
        List<Future<?>> asks = new ArrayList<>();
        for (String iso : ctx.catalog().isos()) {
            for (String market : aggregator.policy().markets().keySet()) {
                List<String> k = List.of(tenant, iso, market);
                asks.add(ctx.store().newestInterval(tenant, iso, market).onSuccess(n -> storedUntil.put(k, n)));
            }
        }
        return Future.all(asks).mapEmpty();
    }

    /**
     * Loads the days the batch needs from the store, then applies it. Batches go through this one at a time, in the
     * order they arrived: a load is asynchronous, and a later batch must never be applied before an earlier one.
     */
    private Future<Aggregator.Output> loadAndApply(Batch<EnrichedTick> batch) {
        Promise<Aggregator.Output> done = Promise.promise();
        Future<Void> prev = inOrder;
        inOrder = done.future().<Void>mapEmpty().recover(e -> Future.succeededFuture());
        prev.compose(ignored -> storedUntil(batch)).onComplete(known -> {
            if (known.failed()) {
                done.fail(new IllegalStateException("aggregator: asking the store how far it holds each market failed"
                        + " (the batch is retried): " + known.cause().getMessage(), known.cause()));
                return;
            }
            List<Aggregator.Load> loads = ctx.store() == null ? List.of()
                    : aggregator.missing(batch.records(), (tenant, iso, market) ->
                    storedUntil.get(List.of(tenant, iso, market)).orElse(null));
            List<Future<List<EnrichedTick>>> reads = new ArrayList<>(loads.size());
            for (Aggregator.Load l : loads) {
                reads.add(ctx.store().queryLatestTicks(l.tenant(), l.iso(), l.market(), l.locations(), l.from(),
                        l.to()));
            }
            Future.all(reads).onComplete(ar -> {
                if (ar.failed()) {
                    done.fail(new IllegalStateException("aggregator: reloading stored days before a batch failed"
                            + " (the batch is retried): " + ar.cause().getMessage(), ar.cause()));
                    return;
                }
                long seeded = 0;
                for (int i = 0; i < loads.size(); i++) {
                    List<EnrichedTick> stored = ar.result().resultAt(i);
                    aggregator.seed(loads.get(i), stored);
                    seeded += stored.size();
                }
                if (seeded > 0) reloaded.increment(seeded);
                Timer.Sample sample = Timer.start();
                Aggregator.Output out = aggregator.applyAll(batch.records());
                sample.stop(ctx.metrics().aggregationRecompute());
                done.complete(out);
            });
        });
        return done.future();
    }

    /**
     * Learns, once per (tenant, iso, market) and process, how far the store held it ({@link Aggregator.StoredUntil}):
     * in steady state a new day needs no store read at all.
     */
    private Future<Void> storedUntil(Batch<EnrichedTick> batch) {
        if (ctx.store() == null) return Future.succeededFuture();
        java.util.Set<List<String>> unknown = new java.util.LinkedHashSet<>();
        String tenant = null;
        String iso = null;
        String market = null;
        for (EnrichedTick et : batch.records()) {
            Tick t = et.tick();
            // a batch is one or a few series: look a key up only when it changes, not once per tick
            if (t.tenant().equals(tenant) && t.iso().equals(iso) && t.market().equals(market)) continue;
            tenant = t.tenant();
            iso = t.iso();
            market = t.market();
            List<String> k = List.of(tenant, iso, market);
            if (!storedUntil.containsKey(k)) unknown.add(k);
        }
        List<Future<?>> asks = new ArrayList<>();
        for (List<String> k : unknown) {
            asks.add(ctx.store().newestInterval(k.get(0), k.get(1), k.get(2))
                    .onSuccess(newest -> storedUntil.put(k, newest)));
        }
        return Future.all(asks).mapEmpty();
    }

    Future<Void> handle(Batch<EnrichedTick> batch) {
        return loadAndApply(batch).compose(out -> publish(batch, out));
    }

    private Future<Void> publish(Batch<EnrichedTick> batch, Aggregator.Output out) {
        ctx.metrics().stageCounts(GROUP, batch.size(), batch.size(), 0);
        List<Bar> bars = out.bars();
        List<RollingMetric> rolling = out.rolling();
        Future<Void> b = bars.isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.OHLC_BARS, batch.with(bars));
        Future<Void> r = rolling.isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.ROLLING_METRICS, batch.with(rolling));
        List<CurvePoint> curves = out.curves();
        Future<Void> c = curves.isEmpty() ? Future.succeededFuture()
                : knownCurves(curves).compose(v -> publishCurves(batch, curves));
        return Future.all(b, r, c).mapEmpty();
    }

    /**
     * Recalls the stored value of curve points this process has not published yet but an earlier one may have (their
     * day starts before how far the store held day-ahead prices at start): without it, every point recomputed after a
     * restart would go out on {@code pricing.curve.updates.v1} as if it had changed.
     */
    private Future<Void> knownCurves(List<CurvePoint> curves) {
        if (ctx.store() == null) return Future.succeededFuture();
        Map<List<String>, java.util.TreeSet<java.time.LocalDate>> ask = new java.util.LinkedHashMap<>();
        for (CurvePoint p : curves) {
            if (lastCurves.containsKey(curveKey(p))) continue;
            java.time.Instant until = storedUntil.getOrDefault(List.of(p.tenant(), p.iso(), Curves.MARKET),
                    java.util.Optional.empty()).orElse(null);
            java.time.Instant dayStart = p.date().atStartOfDay(aggregator.policy().zone(p.iso())).toInstant();
            if (until == null || !dayStart.isBefore(until)) continue;
            ask.computeIfAbsent(List.of(p.tenant(), p.iso(), p.location()), k -> new java.util.TreeSet<>())
                    .add(p.date());
        }
        List<Future<?>> reads = new ArrayList<>();
        ask.forEach((k, days) -> reads.add(ctx.store().queryCurves(new CurveQuery(k.get(0), k.get(1), k.get(2),
                days.first(), days.last().plusDays(1))).onSuccess(stored -> stored.forEach(p ->
                lastCurves.putIfAbsent(curveKey(p), p)))));
        return Future.all(reads).mapEmpty();
    }

    /** All recomputed points on the pre-stage topic; those that differ from the last published as updates. */
    private Future<Void> publishCurves(Batch<EnrichedTick> batch, List<CurvePoint> curves) {
        List<CurvePoint> changed = new ArrayList<>();
        for (CurvePoint p : curves) {
            CurvePoint prev = lastCurves.get(curveKey(p));
            if (prev == null || prev.price() != p.price() || prev.hours() != p.hours()
                    || prev.complete() != p.complete()) {
                changed.add(p);
            }
        }
        Future<Void> c = ctx.transport().publish(Topics.CURVE_PRESTAGE, batch.with(curves));
        if (changed.isEmpty()) return c;
        // remembered only once published, so a failed batch is redelivered and publishes its updates again
        return c.compose(v -> ctx.transport().publish(Topics.CURVE_UPDATES, batch.with(changed)))
                .onSuccess(v -> changed.forEach(p -> lastCurves.put(curveKey(p), p)));
    }

    private static List<Object> curveKey(CurvePoint p) {
        return List.of(p.tenant(), p.iso(), p.location(), p.date(), p.block());
    }
}
