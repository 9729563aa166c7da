package com.carbon254.ingestion.app.bench;

import com.carbon254.ingestion.app.App;
import com.carbon254.ingestion.app.AppConfig;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.transport.BatchPublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A synthetic backfill through the whole in-process pipeline (event bus, DuckDB): CAISO real-time 5-minute raw
 * records for {@code locations} nodes, an hour of every node at a time (one "document"), published onto the raw topic
 * the way an import publishes (grouped by node, bounded in flight), normalized, checked, enriched, aggregated into
 * 1h/1d bars and 12x5m rolling metrics and stored. Records are made once per distinct value and shared, so the source
 * costs little beside the pipeline. Heap is sampled after the garbage collector's last pass at each quarter of the
 * run: flat means it does not grow with the backfill's length.
 */
final class Backfill {
    record Result(long ticks, double seconds, double ticksPerSecond, List<Long> heapAfterGcMb, long heapMaxMb) {
    }

    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'-00:00'",
            Locale.ROOT);
    private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    private Backfill() {
    }

    static Result run(long ticks, int locations) throws Exception {
        Path dir = Files.createTempDirectory("carbon-bench-backfill");
        AppConfig base = AppConfig.forRole("all-in-one", Map.of(), Map.of(), new AppConfig.Overrides(0, dir));
        AppConfig cfg = base.withStages(base.stages().stream()
                .filter(s -> s.stage() != Stage.SIMULATOR && s.stage() != Stage.CONNECTORS).toList());
        Vertx vertx = Vertx.vertx();
        try {
            App app = await(App.start(vertx, cfg, new Metrics(), false));
            List<String> nodes = new ArrayList<>(locations);
            for (int i = 0; i < locations; i++) nodes.add(String.format(Locale.ROOT, "BENCH_%05d_GEN-APND", i));
            List<Map<String, String>> prices = prices();
            long hours = Math.max(1, ticks / (12L * locations));
            Instant start = LocalDate.of(2024, 1, 8).atStartOfDay(PACIFIC).toInstant();
            long sent = 0;
            List<Long> heap = new ArrayList<>();
            long t0 = System.nanoTime();
            for (long h = 0; h < hours; h++) {
                List<RawRecord> doc = hour(start.plusSeconds(3600 * h), nodes, prices, "bench-doc-" + h);
                await(BatchPublisher.publish(app.transport(), Topics.raw("CAISO"), "bench-" + h, "bench", doc,
                        RawRecord::location, BatchPublisher.DEFAULT_BATCH_SIZE, 4));
                sent += doc.size();
                if ((h + 1) * 4 % hours < 4) heap.add(heapAfterGcMb());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20;
            await(app.stop());
            return new Result(sent, secs, sent / secs, heap, max);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            CaisoDay.deleteTree(dir);
        }
    }

    /** One hour of every node: 12 five-minute intervals, as CAISO's PRC_INTVL_LMP extraction gives them. */
    private static List<RawRecord> hour(Instant hourStart, List<String> nodes, List<Map<String, String>> prices,
                                        String doc) {
        List<Map<String, String>> attrs = new ArrayList<>(12);
        for (int k = 0; k < 12; k++) {
            Instant s = hourStart.plusSeconds(300L * k);
            ZonedDateTime local = s.atZone(PACIFIC);
            attrs.add(Map.of("interval_start_gmt", GMT.format(s.atZone(ZoneId.of("UTC"))),
                    "interval_end_gmt", GMT.format(s.plusSeconds(300).atZone(ZoneId.of("UTC"))),
                    "opr_dt", local.toLocalDate().toString(), "opr_hr", String.valueOf(local.getHour() + 1),
                    "opr_interval", String.valueOf(k + 1), "price_column", "VALUE"));
        }
        List<RawRecord> out = new ArrayList<>(nodes.size() * 12);
        long pos = 1;
        for (int n = 0; n < nodes.size(); n++) {
            for (int k = 0; k < 12; k++) {
                out.add(new RawRecord("bench", "CAISO", "lmp_rt_5min", "RT_5MIN", doc, pos++, nodes.get(n),
                        attrs.get(k), prices.get((int) ((n * 31L + k * 7L + hourStart.getEpochSecond() / 3600)
                        % prices.size()))));
            }
        }
        return out;
    }

    /** Component sets whose parts add up (no component_mismatch), as CAISO's strings. */
    private static List<Map<String, String>> prices() {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            long mce = 2_000_000 + i * 13_579L;      // 1e-5 USD/MWh
            long mcc = (i % 17 - 8) * 12_345L;
            long mcl = (i % 11) * 3_210L;
            long lmp = mce + mcc + mcl;
            out.add(Map.of("LMP", dec(lmp), "MCE", dec(mce), "MCC", dec(mcc), "MCL", dec(mcl)));
        }
        return out;
    }

    private static String dec(long v) {
        return java.math.BigDecimal.valueOf(v, 5).toPlainString();
    }

    private static long heapAfterGcMb() {
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) used += p.getCollectionUsage().getUsed();
        }
        return used >> 20;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(1, TimeUnit.HOURS);
    }
}
