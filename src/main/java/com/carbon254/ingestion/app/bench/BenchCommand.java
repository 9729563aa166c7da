package com.carbon254.ingestion.app.bench;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.transport.BatchPublisher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ingestion bench [--json]}: the project's measurements beside the baselines a user would pick instead, on the
 * same data, in one run on one machine, so every figure is also a ratio:
 * <ul>
 *   <li>stage cores, one thread each ({@link Cores});</li>
 *   <li>the whole in-process pipeline on a synthetic backfill of 5-minute ticks ({@link Backfill});</li>
 *   <li>the real CAISO day-ahead file through fresh processes of the jar, cold and warm, and its reprocess
 *       ({@link CaisoDay});</li>
 *   <li>DuckDB's {@code read_csv} + {@code GROUP BY} of the same file and a plain Java parse-and-aggregate
 *       ({@link Baselines}).</li>
 * </ul>
 * Every figure is a median of several runs after warm-up runs; the JVM flags are this command's own, passed on to the
 * processes it starts. {@code make bench} runs it with {@code -Xmx512m}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the stage cores, the in-process pipeline and the CAISO day-ahead import against"
                + " DuckDB and a plain Java floor, in one run; --json prints one object.")
public final class BenchCommand implements Callable<Integer> {
    static final String SAMPLE = "../shared/iso-samples/caiso/"
            + "caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip";
    static final Set<String> PARTS = Set.of("cores", "pipeline", "caiso", "baselines");

    @Option(names = "--json", description = "print one JSON object instead of the table")
    boolean json;

    @Option(names = "--sample", paramLabel = "ZIP", description = "the CAISO day-ahead file (default " + SAMPLE + ")")
    Path sample = Path.of(SAMPLE);

    @Option(names = "--only", paramLabel = "PART", split = ",",
            description = "some of cores,pipeline,caiso,baselines (default: all)")
    List<String> only;

    @Option(names = "--runs", paramLabel = "N", description = "timed runs per figure (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--processes", paramLabel = "N",
            description = "fresh processes for the CAISO day, one cold import each (default ${DEFAULT-VALUE})")
    int processes = 3;

    @Option(names = "--backfill-ticks", paramLabel = "N",
            description = "ticks of the synthetic backfill (default ${DEFAULT-VALUE})")
    long backfillTicks = 5_000_000;

    @Option(names = "--backfill-locations", paramLabel = "N", description = "its nodes (default ${DEFAULT-VALUE})")
    int backfillLocations = 2_000;

    @Override
    public Integer call() throws Exception {
        List<String> parts = only == null ? List.of("cores", "pipeline", "caiso", "baselines") : only;
        for (String p : parts) {
            if (!PARTS.contains(p)) {
                System.err.println("--only: unknown part '" + p + "' (expected cores, pipeline, caiso, baselines)");
                return 2;
            }
        }
        boolean haveSample = Files.isRegularFile(sample);
        if (!haveSample && (parts.contains("caiso") || parts.contains("baselines") || parts.contains("cores"))) {
            System.err.println("bench: " + sample + " not found (the shared iso-samples folder); the CAISO day, the"
                    + " baselines and the cores are skipped");
        }
        byte[] zip = haveSample ? Files.readAllBytes(sample) : null;
        JsonObject out = new JsonObject().put("machine", machine());
        PrintStream log = System.err;

        if (haveSample && parts.contains("cores")) {
            log.println("bench: stage cores ...");
            Cores.Result c = Cores.measure(caisoBatches(zip), Math.max(3, runs), runs);
            out.put("cores", new JsonObject().put("normalizer", Math.round(c.normalizer()))
                    .put("enricher", Math.round(c.enricher())).put("aggregator", Math.round(c.aggregator())));
        }
        if (parts.contains("pipeline")) {
            log.printf("bench: in-process pipeline, %,d synthetic ticks over %,d nodes ...%n", backfillTicks,
                    backfillLocations);
            Backfill.Result b = Backfill.run(backfillTicks, backfillLocations);
            out.put("pipeline_ticks_per_s", Math.round(b.ticksPerSecond()));
            out.put("pipeline", new JsonObject().put("ticks", b.ticks()).put("seconds", round3(b.seconds()))
                    .put("heap_after_gc_mb_by_quarter", new JsonArray(new ArrayList<>(b.heapAfterGcMb()))));
            out.put("heap_max_mb", b.heapMaxMb());
        }
        if (haveSample && parts.contains("caiso")) {
            log.printf("bench: CAISO day-ahead file through %d fresh processes ...%n", processes);
            CaisoDay.Result d = CaisoDay.measure(jar(), zip, processes, runs);
            JsonObject day = out.getJsonObject("caiso_day", new JsonObject());
            day.put("cold_s", round3(d.coldSeconds())).put("warm_s", round3(d.warmSeconds()))
                    .put("ready_s", round3(d.readySeconds())).put("records", d.rows()).put("ticks", d.ticks());
            out.put("caiso_day", day);
            out.put("reprocess_records_per_s", Math.round(d.reprocessRecordsPerSecond()));
        }
        if (haveSample && parts.contains("baselines")) {
            log.println("bench: baselines (DuckDB read_csv + GROUP BY, plain Java) ...");
            Path dir = Files.createTempDirectory("carbon-bench-csv");
            try {
                Baselines.Timing duck = Baselines.duckdb(Baselines.unzipCsv(zip, dir), 2, runs);
                Baselines.Timing floor = Baselines.floor(zip, 3, runs);
                JsonObject day = out.getJsonObject("caiso_day", new JsonObject());
                day.put("duckdb_s", round3(duck.seconds())).put("duckdb_bars", duck.bars())
                        .put("floor_s", round3(floor.seconds())).put("floor_bars", floor.bars());
                out.put("caiso_day", day);
            } finally {
                CaisoDay.deleteTree(dir);
            }
        }
        if (json) {
            System.out.println(out.encode());
        } else {
            table(System.out, out);
        }
        return 0;
    }

    /** The human-readable table: times, rates and the ratio to each baseline. */
    static void table(PrintStream o, JsonObject r) {
        o.println("carbon-ingestion bench — " + r.getString("machine"));
        JsonObject c = r.getJsonObject("cores");
        if (c != null) {
            o.println("stage cores, one thread, the CAISO day's records (target >= 1,000,000 ticks/s each)");
            for (String k : List.of("normalizer", "enricher", "aggregator")) {
                o.printf(Locale.ROOT, "  %-12s %,12d ticks/s%n", k, c.getLong(k));
            }
        }
        if (r.containsKey("pipeline_ticks_per_s")) {
            JsonObject p = r.getJsonObject("pipeline");
            o.printf(Locale.ROOT, "in-process pipeline (event bus, DuckDB), synthetic 5-minute backfill: %,d ticks in"
                    + " %.1f s = %,d ticks/s (target >= 500,000); heap after GC by quarter %s MB of %d MB%n",
                    p.getLong("ticks"), p.getDouble("seconds"), r.getLong("pipeline_ticks_per_s"),
                    p.getJsonArray("heap_after_gc_mb_by_quarter").encode(), r.getLong("heap_max_mb"));
        }
        JsonObject d = r.getJsonObject("caiso_day");
        if (d != null) {
            o.println("CAISO day-ahead file (162,848 CSV rows -> 40,712 ticks, 13,584 daily bars)");
            Double duck = d.getDouble("duckdb_s");
            Double floor = d.getDouble("floor_s");
            if (d.containsKey("cold_s")) {
                o.printf(Locale.ROOT, "  %-38s %7.3f s  %s%n", "jar start -> ready", d.getDouble("ready_s"), "");
                for (String[] k : new String[][]{{"cold_s", "POST -> done, cold (fresh process)"},
                        {"warm_s", "POST -> done, warm"}}) {
                    double s = d.getDouble(k[0]);
                    o.printf(Locale.ROOT, "  %-38s %7.3f s  %,9.0f rows/s%s%s%n", k[1], s, 162_848 / s,
                            duck == null ? "" : String.format(Locale.ROOT, "  %5.2f x DuckDB", s / duck),
                            floor == null ? "" : String.format(Locale.ROOT, "  %5.2f x floor", s / floor));
                }
            }
            if (duck != null) {
                o.printf(Locale.ROOT, "  %-38s %7.3f s  %,9.0f rows/s  (%d bars)%n", "DuckDB read_csv + GROUP BY", duck,
                        162_848 / duck, d.getLong("duckdb_bars"));
                o.printf(Locale.ROOT, "  %-38s %7.3f s  %,9.0f rows/s  (%d bars)%n", "plain Java parse + aggregate",
                        floor, 162_848 / floor, d.getLong("floor_bars"));
            }
        }
        if (r.containsKey("reprocess_records_per_s")) {
            o.printf(Locale.ROOT, "reprocess of the file's days: %,d records/s (target >= 500,000)%n",
                    r.getLong("reprocess_records_per_s"));
        }
    }

    /** The document's raw records as an import publishes them: grouped by location, in batches of the default size. */
    static List<List<RawRecord>> caisoBatches(byte[] zip) throws Exception {
        Connector caiso = Isos.byCode("CAISO").orElseThrow().connector();
        List<RawRecord> records = new ArrayList<>(caiso.extract(new RawDocument("bench", caiso.name(), "bench.zip",
                null, "bench-doc", zip, Instant.EPOCH, "bench")).records());
        records.sort(Comparator.comparing(RawRecord::location));
        List<Integer> cuts = BatchPublisher.cuts(records, BatchPublisher.DEFAULT_BATCH_SIZE, RawRecord::location);
        List<List<RawRecord>> out = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) out.add(records.subList(cuts.get(i), cuts.get(i + 1)));
        return out;
    }

    private static Path jar() throws Exception {
        return Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, Java %s, %s, heap max %d MB", rt.availableProcessors(),
                System.getProperty("java.version"), String.join(" ",
                        ManagementFactory.getRuntimeMXBean().getInputArguments()), rt.maxMemory() >> 20);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
