package com.carbon254.ingestion.app.bench;

import com.carbon254.ingestion.aggregate.AggregationPolicy;
import com.carbon254.ingestion.aggregate.Aggregator;
import com.carbon254.ingestion.enrich.EnrichStep;
import com.carbon254.ingestion.enrich.Taxonomy;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.NormalizationRules;
import com.carbon254.ingestion.normalize.NormalizeStep;
import com.carbon254.ingestion.pipeline.PolicyFile;
import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.pipeline.StepResult;
import com.carbon254.ingestion.quality.QualityChecks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Each stage core on one thread, as its live shell runs it: the normalizer's step (dialect + data-quality checks),
 * the enricher's step, the aggregator's batch apply (bars, rolling metrics, curve blocks). Input: a document's raw
 * records, cut into the batches an import publishes; each repetition starts from fresh state, after warm-up passes
 * ({@link #WARMUP_NANOS}): the figure is the core's speed in a process that has been running, as a backfill's is.
 */
final class Cores {
    /** Ticks per second of each core: median over {@code runs} timed passes. */
    record Result(double normalizer, double enricher, double aggregator, int records, int ticks) {
    }

    private Cores() {
    }

    static Result measure(List<List<RawRecord>> batches, int warmup, int runs) {
        NormalizationRules rules = NormalizationRules.defaults();
        Taxonomy taxonomy = Taxonomy.from(PolicyFile.yaml(PolicyPaths.DEFAULTS.enrichmentTaxonomy()),
                PolicyPaths.DEFAULTS.enrichmentTaxonomy());
        AggregationPolicy policy = AggregationPolicy.from(PolicyFile.yaml(PolicyPaths.DEFAULTS.aggregationPolicies()),
                PolicyPaths.DEFAULTS.aggregationPolicies());
        Instant now = Instant.now();
        int records = batches.stream().mapToInt(List::size).sum();
        // the inputs of the later cores, made once
        NormalizeStep n0 = new NormalizeStep(() -> rules, Isos.all(), QualityChecks::new);
        List<List<Tick>> ticks = new ArrayList<>();
        for (List<RawRecord> b : batches) ticks.add(n0.apply(b, now).out());
        EnrichStep e0 = new EnrichStep(() -> taxonomy);
        List<List<EnrichedTick>> enriched = new ArrayList<>();
        for (List<Tick> b : ticks) enriched.add(e0.apply(b, now).out());
        int tickCount = ticks.stream().mapToInt(List::size).sum();

        double norm = rate(records, warmup, runs, () -> {
            NormalizeStep s = new NormalizeStep(() -> rules, Isos.all(), QualityChecks::new);
            return () -> {
                long n = 0;
                for (List<RawRecord> b : batches) {
                    StepResult<Tick> r = s.apply(b, now);
                    n += r.out().size();
                }
                return n;
            };
        });
        double enrich = rate(tickCount, warmup, runs, () -> {
            EnrichStep s = new EnrichStep(() -> taxonomy);
            return () -> {
                long n = 0;
                for (List<Tick> b : ticks) n += s.apply(b, now).out().size();
                return n;
            };
        });
        double agg = rate(tickCount, warmup, runs, () -> {
            Aggregator a = new Aggregator(policy);
            return () -> {
                long n = 0;
                for (List<EnrichedTick> b : enriched) n += a.applyAll(b).bars().size();
                return n;
            };
        });
        return new Result(norm, enrich, agg, records, tickCount);
    }

    /** How long each core is run before it is timed: the JIT has compiled its hot paths by then. */
    static final long WARMUP_NANOS = 3_000_000_000L;

    /**
     * Items per second: median of {@code runs} passes, each on a fresh core from {@code fresh}, after at least
     * {@code warmup} passes and {@link #WARMUP_NANOS} of them.
     */
    private static double rate(int items, int warmup, int runs, Supplier<Pass> fresh) {
        long sink = 0;
        long until = System.nanoTime() + WARMUP_NANOS;
        for (int i = 0; i < warmup || System.nanoTime() < until; i++) sink += fresh.get().run();
        List<Double> secs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Pass p = fresh.get();
            long t0 = System.nanoTime();
            sink += p.run();
            secs.add((System.nanoTime() - t0) / 1e9);
        }
        if (sink == Long.MIN_VALUE) System.out.print(""); // keep the work observable
        return items / Stats.median(secs);
    }

    @FunctionalInterface
    interface Pass {
        long run();
    }

}
