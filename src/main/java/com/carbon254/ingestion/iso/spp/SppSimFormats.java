package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.iso.sim.PriceModel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@link PriceModel} prices as the SPP portal serves them (DOMAIN.md "Formats"), byte for byte the way the
 * real files are shaped, so that {@link SppConnector} reads them unchanged: the day-ahead file
 * {@code DA-LMP-SL-<yyyyMMdd>0100.csv} of an operating day and the real-time file
 * {@code RTBM-LMP-SL-<yyyyMMddHHmm>[d].csv} of one 5-minute interval, both with the 2026 header
 * {@value #HEADER}; timestamps {@code MM/dd/yyyy HH:mm:ss} (the {@code Interval} in Central prevailing time, the
 * {@code GMTIntervalEnd} in UTC, both the interval END); prices with four decimals; rows by interval, then settlement
 * location; LF line ends. Also the portal's file paths (the {@code path} query parameter) and their reading. Pure: no
 * I/O, no clock, deterministic for a given model.
 */
public final class SppSimFormats {
    public static final String HEADER = "Interval,GMTIntervalEnd,BAA,Settlement Location,Pnode,LMP,MLC,MCC,MEC";
    /** SPP's timestamp form, for both the local and the GMT column. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm:ss", Locale.ROOT);

    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter YMDHM = DateTimeFormatter.ofPattern("uuuuMMddHHmm", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern DA_PATH = Pattern.compile("/(\\d{4})/(\\d{2})/By_Day/DA-LMP-SL-(\\d{8})0100\\.csv");
    private static final Pattern RTBM_PATH =
            Pattern.compile("/(\\d{4})/(\\d{2})/By_Interval/(\\d{2})/RTBM-LMP-SL-(\\d{12})(d?)\\.csv");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private SppSimFormats() {
    }

    /**
     * The day-ahead file of {@code operatingDay}: every settlement location for every hour of the Central day (23,
     * 24 or 25), the hour ending 24 written as the next day's {@code 00:00:00}; on the fall-back day the two hours
     * ending {@code 01:00:00} local are told apart only by their {@code GMTIntervalEnd}.
     */
    public static byte[] dayAhead(PriceModel model, LocalDate operatingDay) {
        Instant from = operatingDay.atStartOfDay(Spp.CENTRAL).toInstant();
        Instant to = operatingDay.plusDays(1).atStartOfDay(Spp.CENTRAL).toInstant();
        StringBuilder sb = new StringBuilder(HEADER.length() + 25 * SppSimulator.LOCATIONS.size() * 110);
        sb.append(HEADER).append('\n');
        for (Instant start = from; start.isBefore(to); start = start.plus(HOUR)) {
            rows(sb, model, Market.DAY_AHEAD, start, HOUR);
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The real-time file of the 5-minute interval ending at {@code intervalEnd}. */
    public static byte[] rtbm(PriceModel model, Instant intervalEnd) {
        StringBuilder sb = new StringBuilder(HEADER.length() + SppSimulator.LOCATIONS.size() * 110);
        sb.append(HEADER).append('\n');
        rows(sb, model, Market.REAL_TIME, intervalEnd.minus(FIVE_MINUTES), FIVE_MINUTES);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void rows(StringBuilder sb, PriceModel model, Market market, Instant start, Duration length) {
        Instant end = start.plus(length);
        String local = TIME.format(LocalDateTime.ofInstant(end, Spp.CENTRAL));
        String gmt = TIME.format(LocalDateTime.ofInstant(end, ZoneOffset.UTC));
        List<SppSimulator.Location> sorted = new ArrayList<>(SppSimulator.LOCATIONS);
        sorted.sort(Comparator.comparing(SppSimulator.Location::name));
        for (SppSimulator.Location l : sorted) {
            Price p = model.price(SppSimulator.PRICES, market, l.name(), start, length);
            sb.append(local).append(',').append(gmt).append(',').append(l.baa()).append(',').append(l.name())
                    .append(',').append(l.pnode()).append(',').append(number(p.lmp())).append(',')
                    .append(number(p.loss())).append(',').append(number(p.congestion())).append(',')
                    .append(number(p.energy())).append('\n');
        }
    }

    /** SPP's number style: always four decimals ({@code 9.6667}, {@code 0.1410}, {@code -2.1891}). */
    public static String number(BigDecimal v) {
        return v.setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    // ---------------------------------------------------------------- the portal's paths

    /** {@code DA-LMP-SL-20241103 0100.csv} (without the space): the day-ahead file of an operating day. */
    public static String dayAheadName(LocalDate operatingDay) {
        return "DA-LMP-SL-" + YMD.format(operatingDay) + "0100.csv";
    }

    /** {@code /2024/11/By_Day/DA-LMP-SL-202411030100.csv}: the portal path of the day-ahead file. */
    public static String dayAheadPath(LocalDate operatingDay) {
        return String.format(Locale.ROOT, "/%04d/%02d/By_Day/%s", operatingDay.getYear(), operatingDay.getMonthValue(),
                dayAheadName(operatingDay));
    }

    /**
     * {@code RTBM-LMP-SL-202411030105.csv}: the real-time file of the interval ending at {@code intervalEnd}, named
     * by that end in Central prevailing time. On the fall-back day the local ends {@code 01:00}..{@code 01:55} occur
     * twice: the second (CST) pass is named with a {@code d} suffix ({@code RTBM-LMP-SL-202411030105d.csv}), as SPP
     * does.
     */
    public static String rtbmName(Instant intervalEnd) {
        ZonedDateTime local = intervalEnd.atZone(Spp.CENTRAL);
        boolean repeated = !local.withLaterOffsetAtOverlap().equals(local.withEarlierOffsetAtOverlap())
                && local.equals(local.withLaterOffsetAtOverlap());
        return "RTBM-LMP-SL-" + YMDHM.format(local) + (repeated ? "d" : "") + ".csv";
    }

    /**
     * {@code /2024/11/By_Interval/03/RTBM-LMP-SL-202411030105.csv}: the portal path of a real-time file. The folder
     * is the Central date of the interval START (the file ending at midnight is in the previous day's folder).
     */
    public static String rtbmPath(Instant intervalEnd) {
        LocalDate folder = LocalDate.ofInstant(intervalEnd.minus(FIVE_MINUTES), Spp.CENTRAL);
        return String.format(Locale.ROOT, "/%04d/%02d/By_Interval/%02d/%s", folder.getYear(), folder.getMonthValue(),
                folder.getDayOfMonth(), rtbmName(intervalEnd));
    }

    /** The operating day whose day-ahead file {@code path} is, when it is one (folder and name agreeing). */
    public static Optional<LocalDate> dayAheadOf(String path) {
        if (path == null) return Optional.empty();
        Matcher m = DA_PATH.matcher(path);
        if (!m.matches()) return Optional.empty();
        try {
            LocalDate day = LocalDate.parse(m.group(3), YMD);
            return dayAheadPath(day).equals(path) ? Optional.of(day) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The interval END whose real-time file {@code path} is, when it is one: a local time on the 5-minute grid that
     * exists in Central time, the {@code d} suffix exactly on the repeated pass of the fall-back hour, in the folder
     * of the interval's start.
     */
    public static Optional<Instant> rtbmOf(String path) {
        if (path == null) return Optional.empty();
        Matcher m = RTBM_PATH.matcher(path);
        if (!m.matches()) return Optional.empty();
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(m.group(4), YMDHM);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        if (local.getMinute() % 5 != 0) return Optional.empty();
        ZonedDateTime z = local.atZone(Spp.CENTRAL);
        if (!z.toLocalDateTime().equals(local)) return Optional.empty(); // in the spring-forward gap
        Instant end = (m.group(5).isEmpty() ? z.withEarlierOffsetAtOverlap() : z.withLaterOffsetAtOverlap()).toInstant();
        return rtbmPath(end).equals(path) ? Optional.of(end) : Optional.empty();
    }
}
