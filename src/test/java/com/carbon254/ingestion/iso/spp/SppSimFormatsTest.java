package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every SPP document the simulator renders must go through the project's own connector and normalizer untouched:
 * zero rejections, the right number of ticks, the model's prices, components that add up; and its file paths must
 * be SPP's, DST days included.
 */
class SppSimFormatsTest {
    private static final int LOCATIONS = SppSimulator.LOCATIONS.size();

    private final PriceModel model = new PriceModel(7);
    private final SppConnector connector = new SppConnector();
    private final Normalizer normalizer = new Normalizer();

    private List<Tick> ticks(String name, byte[] doc, String dataset, int records) throws Exception {
        Extraction x = connector.extract(IsoSamples.document("spp", name, doc));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.dataset()).isEqualTo(dataset);
        assertThat(x.records()).hasSize(records);
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).extracting(r -> r.rejection().detail()).isEmpty();
        for (Tick t : n.ticks()) {
            assertThat(t.lmp()).isCloseTo(t.energy() + t.congestion() + t.loss(), within(1e-9));
            assertThat(t.derived()).isZero();
        }
        return n.ticks();
    }

    @ParameterizedTest
    @CsvSource({"2024-11-03, 25, 2024-11-03T05:00:00Z", "2024-03-10, 23, 2024-03-10T06:00:00Z",
            "2024-07-16, 24, 2024-07-16T05:00:00Z"})
    void theDayAheadFileHasEveryHourOfTheCentralDay(LocalDate day, int hours, Instant dayStart) throws Exception {
        byte[] doc = SppSimFormats.dayAhead(model, day);
        List<Tick> ticks = ticks(SppSimFormats.dayAheadName(day), doc, SppConnector.DATASET_DA, LOCATIONS * hours);
        Map<String, List<Tick>> byLocation = ticks.stream().collect(Collectors.groupingBy(Tick::location));
        assertThat(byLocation).hasSize(LOCATIONS);
        for (List<Tick> series : byLocation.values()) {
            List<Tick> sorted = series.stream().sorted(Comparator.comparing(Tick::intervalStart)).toList();
            assertThat(sorted).hasSize(hours).extracting(Tick::operatingDay).containsOnly(day);
            for (int i = 0; i < hours; i++) {
                assertThat(sorted.get(i).intervalStart()).isEqualTo(dayStart.plus(Duration.ofHours(i)));
            }
        }
        // the model's prices: the hub's hour 17:00-18:00Z
        Instant start = dayStart.plus(Duration.ofHours(12));
        Tick t = ticks.stream().filter(k -> k.location().equals("SPPNORTH_HUB") && k.intervalStart().equals(start))
                .findFirst().orElseThrow();
        Price p = model.price(SppSimulator.PRICES, Market.DAY_AHEAD, "SPPNORTH_HUB", start, Duration.ofHours(1));
        assertThat(List.of(t.lmp(), t.energy(), t.congestion(), t.loss())).containsExactly(p.lmp().doubleValue(),
                p.energy().doubleValue(), p.congestion().doubleValue(), p.loss().doubleValue());
    }

    @Test
    void theRtbmFileIsOneIntervalOfEveryLocation() throws Exception {
        Instant end = Instant.parse("2024-11-03T07:05:00Z"); // 01:05 CST, the repeated hour
        List<Tick> ticks = ticks(SppSimFormats.rtbmName(end), SppSimFormats.rtbm(model, end), SppConnector.DATASET_RT,
                LOCATIONS);
        assertThat(ticks).extracting(Tick::intervalEnd).containsOnly(end);
        assertThat(ticks).extracting(Tick::localLabel).containsOnly("11/03/2024 01:05:00 CST");
        Tick aeci = ticks.stream().filter(t -> t.location().equals("AECI")).findFirst().orElseThrow();
        Price p = model.price(SppSimulator.PRICES, Market.REAL_TIME, "AECI", end.minus(Duration.ofMinutes(5)),
                Duration.ofMinutes(5));
        assertThat(aeci.lmp()).isEqualTo(p.lmp().doubleValue());
        assertThat(aeci.energy()).isEqualTo(p.energy().doubleValue());
    }

    @Test
    void theFilesLookLikeSpps() {
        String da = new String(SppSimFormats.dayAhead(model, LocalDate.of(2026, 9, 23)), StandardCharsets.US_ASCII);
        List<String> lines = da.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Interval,GMTIntervalEnd,BAA,Settlement Location,Pnode,LMP,MLC,MCC,MEC");
        assertThat(da).doesNotContain("\r").endsWith("\n");
        assertThat(lines).hasSize(1 + 24 * LOCATIONS);
        // the first hour, locations in order, as the real 2026 file: 01:00 CDT = 06:00 GMT
        List<String> first = lines.subList(1, 1 + LOCATIONS);
        assertThat(first).allMatch(l -> l.startsWith("09/23/2026 01:00:00,09/23/2026 06:00:00,"));
        List<String> names = first.stream().map(l -> l.split(",")[3]).toList();
        assertThat(names).isSorted();
        assertThat(first).anyMatch(l -> l.contains(",SPP,SPPNORTH_HUB,SPPNORTH_H,"));
        assertThat(first).anyMatch(l -> l.contains(",SWPW,AVA,AVA,"));
        // the hour ending 24 is written as the next day's 00:00
        assertThat(lines.get(lines.size() - 1)).startsWith("09/24/2026 00:00:00,09/24/2026 05:00:00,");
        // four decimals, always
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            for (int i = 5; i < 9; i++) assertThat(c[i]).matches("-?\\d+\\.\\d{4}");
        }
        assertThat(SppSimFormats.number(new BigDecimal("0.14100"))).isEqualTo("0.1410");
        assertThat(SppSimFormats.number(new BigDecimal("-2.18910"))).isEqualTo("-2.1891");
        assertThat(SppSimFormats.number(new BigDecimal("0.00000"))).isEqualTo("0.0000");
    }

    @Test
    void rtbmFilesAreNamedByTheirLocalEndWithTheRepeatedHourMarkedD() {
        assertThat(SppSimFormats.rtbmPath(Instant.parse("2025-03-31T13:40:00Z")))
                .isEqualTo("/2025/03/By_Interval/31/RTBM-LMP-SL-202503310840.csv");
        // the interval ending at midnight is in the folder of the day it started
        assertThat(SppSimFormats.rtbmPath(Instant.parse("2024-07-01T05:00:00Z")))
                .isEqualTo("/2024/06/By_Interval/30/RTBM-LMP-SL-202407010000.csv");
        assertThat(SppSimFormats.rtbmName(Instant.parse("2024-11-03T06:05:00Z"))).isEqualTo("RTBM-LMP-SL-202411030105.csv");
        assertThat(SppSimFormats.rtbmName(Instant.parse("2024-11-03T07:00:00Z"))).isEqualTo("RTBM-LMP-SL-202411030100d.csv");
        assertThat(SppSimFormats.rtbmName(Instant.parse("2024-11-03T07:55:00Z"))).isEqualTo("RTBM-LMP-SL-202411030155d.csv");
        assertThat(SppSimFormats.rtbmName(Instant.parse("2024-11-03T08:00:00Z"))).isEqualTo("RTBM-LMP-SL-202411030200.csv");
        for (int k = 0; k < 24; k++) {
            Instant end = SppFixtures.repeatedHourIntervals().get(k).end();
            assertThat(SppSimFormats.rtbmName(end)).isEqualTo(SppFixtures.repeatedHourFileName(k));
        }
    }

    @ParameterizedTest
    @CsvSource({"2024-11-03, 300", "2024-03-10, 276", "2024-07-16, 288"})
    void everyIntervalOfADayHasItsOwnPathAndItsPathReadsBack(LocalDate day, int intervals) {
        Instant from = day.atStartOfDay(Spp.CENTRAL).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(Spp.CENTRAL).toInstant();
        Set<String> paths = new HashSet<>();
        List<Instant> ends = new ArrayList<>();
        for (Instant end = from.plus(Duration.ofMinutes(5)); !end.isAfter(to); end = end.plus(Duration.ofMinutes(5))) {
            String path = SppSimFormats.rtbmPath(end);
            assertThat(path).contains(String.format("/By_Interval/%02d/", day.getDayOfMonth()));
            paths.add(path);
            ends.add(end);
            assertThat(SppSimFormats.rtbmOf(path)).as(path).contains(end);
        }
        assertThat(paths).hasSize(intervals);
        assertThat(ends).hasSize(intervals);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            /2024/03/By_Interval/10/RTBM-LMP-SL-202403100230.csv
            /2024/07/By_Interval/16/RTBM-LMP-SL-202407161005d.csv
            /2024/07/By_Interval/15/RTBM-LMP-SL-202407161005.csv
            /2024/07/By_Interval/16/RTBM-LMP-SL-202407161007.csv
            /2024/07/By_Interval/16/RTBM-LMP-SL-202407161005.txt
            /2024/07/By_Day/DA-LMP-SL-202407170100.csv
            """)
    void pathsSppDoesNotHaveReadAsNothing(String path) {
        assertThat(SppSimFormats.rtbmOf(path)).isEmpty();
        assertThat(SppSimFormats.rtbmOf("/2024/07/By_Interval/16/RTBM-LMP-SL-202407161005.csv")).isPresent();
    }

    @Test
    void dayAheadPathsReadBackAndOnlyInTheirFolder() {
        LocalDate day = LocalDate.of(2024, 11, 3);
        assertThat(SppSimFormats.dayAheadPath(day)).isEqualTo("/2024/11/By_Day/DA-LMP-SL-202411030100.csv");
        assertThat(SppSimFormats.dayAheadOf(SppSimFormats.dayAheadPath(day))).contains(day);
        assertThat(SppSimFormats.dayAheadOf("/2024/10/By_Day/DA-LMP-SL-202411030100.csv")).isEmpty();
        assertThat(SppSimFormats.dayAheadOf("/2024/11/By_Day/DA-LMP-SL-202411310100.csv")).isEmpty();
        assertThat(SppSimFormats.dayAheadOf(null)).isEmpty();
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(SppSimFormats.dayAhead(new PriceModel(7), LocalDate.of(2024, 7, 16)))
                .isEqualTo(SppSimFormats.dayAhead(model, LocalDate.of(2024, 7, 16)));
        assertThat(SppSimFormats.rtbm(new PriceModel(8), Instant.parse("2024-07-16T15:00:00Z")))
                .isNotEqualTo(SppSimFormats.rtbm(model, Instant.parse("2024-07-16T15:00:00Z")));
    }
}
