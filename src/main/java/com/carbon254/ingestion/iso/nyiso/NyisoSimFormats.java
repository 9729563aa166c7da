package com.carbon254.ingestion.iso.nyiso;

import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Renders {@link PriceModel} prices as NYISO's MIS publishes its LBMP files (DOMAIN.md "Formats"), byte for byte as
 * the recorded {@code 20260923damlbmp_zone.csv} is shaped, so that {@link NyisoConnector} reads them unchanged: an
 * unquoted header, CRLF line ends, one row per (interval, name) in time order and names in alphabetical order within
 * an interval, prices with two decimals, congestion with NYISO's sign (the model's congestion negated). Day-ahead
 * stamps are the hour START as {@code MM/dd/yyyy HH:mm}, real-time stamps the interval END as
 * {@code MM/dd/yyyy HH:mm:ss}, both in Eastern prevailing time as the wall clock reads at that instant (so the
 * fall-back day repeats {@code 01:00} in the day-ahead file and {@code 01:00:00}..{@code 01:55:00} in the real-time
 * one, and the spring-forward day has no {@code 02:xx}). Monthly archives are zips of the daily files. Pure: no I/O,
 * no clock (callers say up to when real-time intervals exist), deterministic for a given model.
 */
public final class NyisoSimFormats {
    public static final String HEADER = String.join(",", NyisoConnector.HEADER);
    private static final String CRLF = "\r\n";
    private static final DateTimeFormatter DA_STAMP = DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm", Locale.ROOT);
    private static final DateTimeFormatter RT_STAMP = DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuuMM", Locale.ROOT);

    /** The two LBMP reports: their MIS directory, interval and model market. */
    public enum Report {
        /** Day-ahead hourly (P-2A zonal, P-2B generator): {@code csv/damlbmp}. */
        DAMLBMP("damlbmp", Duration.ofHours(1), Market.DAY_AHEAD),
        /** Real-time 5-minute (P-24A zonal, P-24B generator): {@code csv/realtime}. */
        REALTIME("realtime", Duration.ofMinutes(5), Market.REAL_TIME);

        private final String dir;
        private final Duration interval;
        private final Market market;

        Report(String dir, Duration interval, Market market) {
            this.dir = dir;
            this.interval = interval;
            this.market = market;
        }

        /** The directory below {@code csv/} and the file names' stem. */
        public String dir() {
            return dir;
        }

        public Duration interval() {
            return interval;
        }
    }

    /** Which names a file lists: the zonal files (11 zones and 4 proxies) or the generator files. */
    public enum Kind {
        ZONE("zone"), GEN("gen");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }

        /** The simulated nodes this kind of file lists, in the order NYISO writes them (alphabetical). */
        public List<Node> nodes() {
            List<Node> out = new ArrayList<>();
            for (Node n : NyisoSimulator.PRICES.nodes()) {
                boolean zonal = n.kind() == NodeKind.LOAD_ZONE || n.kind() == NodeKind.INTERFACE;
                if (zonal == (this == ZONE)) out.add(n);
            }
            out.sort(Comparator.comparing(Node::id));
            return out;
        }
    }

    private NyisoSimFormats() {
    }

    /** {@code 20251102damlbmp_zone.csv}. */
    public static String fileName(Report report, Kind kind, LocalDate day) {
        return DAY.format(day) + report.dir + "_" + kind.suffix + ".csv";
    }

    /** {@code 20251101damlbmp_zone_csv.zip}: the archive of a month, named after its first day. */
    public static String archiveName(Report report, Kind kind, YearMonth month) {
        return MONTH.format(month) + "01" + report.dir + "_" + kind.suffix + "_csv.zip";
    }

    /**
     * The intervals of operating day {@code day} (Eastern prevailing time) as their UTC starts: the day's 23, 24 or 25
     * hours, or its 5-minute intervals whose END is not after {@code upTo} (null: all of them).
     */
    public static List<Instant> intervals(Report report, LocalDate day, Instant upTo) {
        Instant from = day.atStartOfDay(Nyiso.EASTERN).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(Nyiso.EASTERN).toInstant();
        List<Instant> out = new ArrayList<>();
        for (Instant s = from; s.isBefore(to); s = s.plus(report.interval)) {
            if (upTo != null && s.plus(report.interval).isAfter(upTo)) break;
            out.add(s);
        }
        return out;
    }

    /** The {@code Time Stamp} NYISO writes for the interval starting at {@code start}. */
    public static String stamp(Report report, Instant start) {
        if (report == Report.DAMLBMP) return DA_STAMP.format(LocalDateTime.ofInstant(start, Nyiso.EASTERN));
        return RT_STAMP.format(LocalDateTime.ofInstant(start.plus(report.interval), Nyiso.EASTERN));
    }

    /**
     * The daily file of {@code day}: every interval of the day (real-time: those ending by {@code upTo}, null for
     * all) for every name of {@code kind}.
     */
    public static byte[] daily(PriceModel model, Report report, Kind kind, LocalDate day, Instant upTo) {
        List<Node> nodes = kind.nodes();
        List<Instant> intervals = intervals(report, day, upTo);
        StringBuilder sb = new StringBuilder(128 + intervals.size() * nodes.size() * 64);
        sb.append(HEADER).append(CRLF);
        for (Instant s : intervals) {
            String stamp = stamp(report, s);
            for (Node n : nodes) {
                Price p = model.price(NyisoSimulator.PRICES, report.market, n.id(), s, report.interval);
                sb.append(stamp).append(',').append(n.id()).append(',').append(NyisoSimulator.ptid(n.id()))
                        .append(',').append(cents(p.lmp())).append(',').append(cents(p.loss())).append(',')
                        .append(cents(p.congestion().negate())).append(CRLF);
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A monthly archive: one member per day of {@code days} (the days of the month that exist), each the daily file
     * as {@link #daily} renders it with {@code upTo}, stamped with the time the file was complete or is now.
     */
    public static byte[] archive(PriceModel model, Report report, Kind kind, List<LocalDate> days, Instant upTo) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        Map<String, LocalDateTime> times = new LinkedHashMap<>();
        for (LocalDate d : days) {
            String name = fileName(report, kind, d);
            members.put(name, daily(model, report, kind, d, upTo));
            Instant posted = report == Report.DAMLBMP
                    ? d.minusDays(1).atTime(NyisoSimulator.DA_POSTED).atZone(Nyiso.EASTERN).toInstant()
                    : min(d.plusDays(1).atStartOfDay(Nyiso.EASTERN).toInstant(), upTo);
            times.put(name, LocalDateTime.ofInstant(posted, Nyiso.EASTERN));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                ZipEntry e = new ZipEntry(m.getKey());
                e.setTimeLocal(times.get(m.getKey())); // DOS time is local: NYISO's, not the JVM's zone
                zip.putNextEntry(e);
                zip.write(m.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return bytes.toByteArray();
    }

    private static Instant min(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    /** NYISO's price style: always two decimals ({@code 34.97}, {@code 0.00}, {@code -2.68}). */
    public static String cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }
}
