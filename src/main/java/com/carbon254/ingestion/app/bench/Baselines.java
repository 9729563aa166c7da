package com.carbon254.ingestion.app.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What a user could do instead, on the same file in the same run: DuckDB's {@code read_csv} + {@code GROUP BY} into
 * the day's OHLC per (node, component, operating day), and a plain single-threaded Java parse-and-aggregate doing the
 * same. Both count their bars, which must equal the project's daily bars of the file.
 */
final class Baselines {
    /** Median seconds per pass and the bars the pass made. */
    record Timing(double seconds, long bars) {
    }

    private Baselines() {
    }

    /** The zip's one CSV member, written to a file (not timed: DuckDB reads the file, as a user would). */
    static Path unzipCsv(byte[] zip, Path dir) throws IOException {
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e = z.getNextEntry();
            if (e == null) throw new IOException("empty zip");
            Path out = dir.resolve("caiso-day.csv");
            Files.copy(z, out);
            return out;
        }
    }

    /** DuckDB (in-memory, one connection, warm): {@code read_csv} of the CSV and the daily OHLC per node and type. */
    static Timing duckdb(Path csv, int warmup, int runs) throws Exception {
        String sql = "SELECT NODE, LMP_TYPE, OPR_DT, arg_min(MW, INTERVALSTARTTIME_GMT) AS open, max(MW) AS high,"
                + " min(MW) AS low, arg_max(MW, INTERVALSTARTTIME_GMT) AS close, avg(MW) AS mean, count(*) AS n"
                + " FROM read_csv('" + csv.toAbsolutePath().toString().replace("'", "''") + "', header = true)"
                + " GROUP BY NODE, LMP_TYPE, OPR_DT";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            List<Double> secs = new ArrayList<>();
            long bars = 0;
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                long n = 0;
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) n++;
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (i >= warmup) secs.add(s);
                bars = n;
            }
            return new Timing(Stats.median(secs), bars);
        }
    }

    /**
     * The floor: one thread, from the zip's bytes (inflating included) to the day's OHLC per (node, type, operating
     * day) in a hash map, each line split by hand and each price parsed with {@link Double#parseDouble}.
     */
    static Timing floor(byte[] zip, int warmup, int runs) throws IOException {
        List<Double> secs = new ArrayList<>();
        long bars = 0;
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            long n = floorOnce(zip);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i >= warmup) secs.add(s);
            bars = n;
        }
        return new Timing(Stats.median(secs), bars);
    }

    private static final class Ohlc {
        String openAt;
        String closeAt;
        double open;
        double close;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double sum;
        int count;
    }

    private static long floorOnce(byte[] zip) throws IOException {
        Map<String, Ohlc> bars = new HashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            if (z.getNextEntry() == null) throw new IOException("empty zip");
            BufferedReader r = new BufferedReader(new InputStreamReader(nonClosing(z), StandardCharsets.UTF_8),
                    1 << 16);
            String header = r.readLine();
            List<String> cols = List.of(header.split(","));
            int start = cols.indexOf("INTERVALSTARTTIME_GMT");
            int day = cols.indexOf("OPR_DT");
            int node = cols.indexOf("NODE");
            int type = cols.indexOf("LMP_TYPE");
            int mw = cols.indexOf("MW");
            String[] f = new String[cols.size()];
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int k = 0;
                int from = 0;
                for (int at = line.indexOf(','); k < f.length - 1 && at >= 0; at = line.indexOf(',', from)) {
                    f[k++] = line.substring(from, at);
                    from = at + 1;
                }
                f[k] = line.substring(from);
                double v = Double.parseDouble(f[mw]);
                Ohlc o = bars.computeIfAbsent(f[node] + '|' + f[type] + '|' + f[day], x -> new Ohlc());
                String at = f[start];
                if (o.count == 0 || at.compareTo(o.openAt) < 0) {
                    o.openAt = at;
                    o.open = v;
                }
                if (o.count == 0 || at.compareTo(o.closeAt) > 0) {
                    o.closeAt = at;
                    o.close = v;
                }
                o.high = Math.max(o.high, v);
                o.low = Math.min(o.low, v);
                o.sum += v;
                o.count++;
            }
        }
        return bars.size();
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
