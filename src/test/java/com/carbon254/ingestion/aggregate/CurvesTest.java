package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.miso.MisoConnector;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.carbon254.ingestion.aggregate.AggregatorTest.POLICY;
import static com.carbon254.ingestion.aggregate.AggregatorTest.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CurvesTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final ZoneId EST = ZoneId.of("-05:00");

    /** Block of the hour with the given HE on that day (HE counted from local midnight, 1-based, hourly). */
    @ParameterizedTest(name = "{0} HE{1} → {2}")
    @CsvSource({
            "2024-03-13, 1, 7x8", "2024-03-13, 6, 7x8", "2024-03-13, 7, 5x16", "2024-03-13, 22, 5x16",
            "2024-03-13, 23, 7x8", "2024-03-13, 24, 7x8",                              // Wednesday
            "2024-03-16, 7, 2x16", "2024-03-16, 22, 2x16", "2024-03-16, 5, 7x8",        // Saturday
            "2023-07-04, 12, 2x16", "2023-07-04, 24, 7x8",                              // July 4 on a Tuesday
            "2022-12-25, 12, 2x16", "2022-12-26, 12, 2x16", "2022-12-27, 12, 5x16"})    // Christmas on a Sunday
    void blockMembership(LocalDate day, int he, String block) {
        Instant end = day.atStartOfDay(LA).toInstant().plus(Duration.ofHours(he));
        assertThat(Curves.he(end, LA)).isEqualTo(he);
        assertThat(Curves.block(day, end, LA)).isEqualTo(block);
    }

    static Map<String, CurvePoint> blocks(List<CurvePoint> ps) {
        return ps.stream().collect(Collectors.toMap(CurvePoint::block, p -> p));
    }

    @ParameterizedTest(name = "CAISO {0}: {1} hours, 7x8 {2}, peak {3}")
    @CsvSource({"2021-03-14, 23, 7, 2x16", "2021-11-07, 25, 9, 2x16", "2021-03-15, 24, 8, 5x16",
            "2021-11-08, 24, 8, 5x16"})
    void dstDaysHave7or9NightHours(LocalDate day, int hours, int night, String peak) {
        List<EnrichedTick> ticks = AggregatorTest.caisoDay(day); // values 1..hours
        assertThat(ticks).hasSize(hours);
        Map<String, CurvePoint> b = blocks(new Aggregator(POLICY).applyAll(ticks).curves());
        assertThat(b).containsOnlyKeys(peak, CurvePoint.NIGHT);
        assertThat(b.get(CurvePoint.NIGHT).hours()).isEqualTo(night);
        assertThat(b.get(CurvePoint.NIGHT).complete()).isTrue();
        assertThat(b.get(peak).hours()).isEqualTo(16);
        assertThat(b.get(peak).complete()).isTrue();
        // peak hours are the 16 ending at local 07:00 … 22:00; their values are their positions in the day
        double sum = 0;
        for (int i = 0; i < ticks.size(); i++) {
            int he = Curves.he(ticks.get(i).tick().intervalEnd(), LA);
            if (he >= 7 && he <= 22) sum += i + 1;
        }
        assertThat(b.get(peak).price()).isCloseTo(sum / 16, within(1e-9));
        assertThat(b.get(CurvePoint.NIGHT).price() * night + sum).isCloseTo(hours * (hours + 1) / 2.0, within(1e-9));
    }

    @Test
    void missingHoursMakeTheBlockIncompleteAndANonHubGetsNoCurve() {
        List<EnrichedTick> ticks = new ArrayList<>(AggregatorTest.caisoDay(LocalDate.of(2024, 3, 13)));
        ticks.remove(10); // HE 11
        Map<String, CurvePoint> b = blocks(new Aggregator(POLICY).applyAll(ticks).curves());
        assertThat(b.get(CurvePoint.ON_PEAK).hours()).isEqualTo(15);
        assertThat(b.get(CurvePoint.ON_PEAK).complete()).isFalse();
        assertThat(b.get(CurvePoint.NIGHT).complete()).isTrue();

        Tick t = ticks.get(0).tick();
        EnrichedTick node = new EnrichedTick(t, "node", null, null, "power", "p");
        assertThat(new Aggregator(POLICY).applyAll(List.of(node)).curves()).isEmpty();
        EnrichedTick rt = tick("CAISO", "RT_5MIN", "X", t.intervalStart(), Duration.ofMinutes(5), null, 3);
        assertThat(new Aggregator(POLICY).applyAll(List.of(rt)).curves()).isEmpty();
    }

    @Test
    void aLateHourRecomputesItsBlock() {
        List<EnrichedTick> ticks = AggregatorTest.caisoDay(LocalDate.of(2024, 3, 13));
        Aggregator agg = new Aggregator(POLICY);
        agg.applyAll(ticks.subList(0, 20));
        List<CurvePoint> late = agg.applyAll(ticks.subList(20, 24)).curves();
        assertThat(blocks(late).get(CurvePoint.ON_PEAK).hours()).isEqualTo(16);
        assertThat(blocks(late).get(CurvePoint.NIGHT).hours()).isEqualTo(8);
        assertThat(late).isEqualTo(new Aggregator(POLICY).applyAll(ticks).curves());
    }

    // --- MISO day-ahead files in their real format ---

    /** The file's INDIANA.HUB LMP row, by HE (1-based index 0 = HE1), read naively. */
    static double[] hubLmp(Path file) throws Exception {
        for (String line : Files.readAllLines(file)) {
            String[] c = line.split(",");
            if (c.length == 27 && c[0].equals("INDIANA.HUB") && c[2].equals("LMP")) {
                double[] v = new double[24];
                for (int h = 0; h < 24; h++) v[h] = Double.parseDouble(c[3 + h]);
                return v;
            }
        }
        throw new AssertionError("no INDIANA.HUB LMP row in " + file);
    }

    static double avg(double[] byHe, int... hes) {
        double s = 0;
        for (int he : hes) s += byHe[he - 1];
        return s / hes.length;
    }

    static final int[] PEAK = {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22};
    static final int[] NIGHT = {1, 2, 3, 4, 5, 6, 23, 24};

    static Map<String, CurvePoint> misoCurves(Path file) throws Exception {
        var x = new MisoConnector().extract(IsoSamples.document("miso", file));
        NormalizeResult n = new Normalizer().normalize(x.records());
        List<EnrichedTick> enriched = n.ticks().stream()
                .map(t -> new EnrichedTick(t, t.locationType() == null ? null : t.locationType().toLowerCase(),
                        null, null, "power", "lmp")).toList();
        List<CurvePoint> all = new Aggregator(POLICY).applyAll(enriched).curves();
        java.util.Set<String> hubs = new java.util.HashSet<>();
        for (String line : Files.readAllLines(file)) {
            String[] c = line.split(",");
            if (c.length == 27 && c[1].equals("Hub")) hubs.add(c[0]);
        }
        assertThat(all.stream().map(CurvePoint::location).collect(Collectors.toSet())).isEqualTo(hubs);
        return blocks(all.stream().filter(p -> p.location().equals("INDIANA.HUB")).toList());
    }

    @Test
    void realMisoSaturdayGives2x16And7x8FromTheFilesHours() throws Exception {
        Path file = IsoSamples.find("miso/miso_da_lmp_2011-07-16_full_mtp13.csv").orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        double[] lmp = hubLmp(file);
        Map<String, CurvePoint> b = misoCurves(file);
        assertThat(b).containsOnlyKeys(CurvePoint.WEEKEND_PEAK, CurvePoint.NIGHT);
        CurvePoint peak = b.get(CurvePoint.WEEKEND_PEAK);
        assertThat(peak.date()).isEqualTo(LocalDate.of(2011, 7, 16));
        assertThat(peak.iso()).isEqualTo("MISO");
        assertThat(peak.price()).isCloseTo(avg(lmp, PEAK), within(1e-9));
        assertThat(peak.hours()).isEqualTo(16);
        assertThat(peak.complete()).isTrue();
        CurvePoint night = b.get(CurvePoint.NIGHT);
        assertThat(night.price()).isCloseTo(avg(lmp, NIGHT), within(1e-9));
        assertThat(night.hours()).isEqualTo(8);
        assertThat(night.complete()).isTrue();
        // by hand from the file: HE1–6 26.54 25.01 23.6 23.36 23.08 22.06, HE23–24 32.87 34.38
        assertThat(night.price()).isCloseTo((26.54 + 25.01 + 23.6 + 23.36 + 23.08 + 22.06 + 32.87 + 34.38) / 8,
                within(1e-9));
    }

    @Test
    void misoWeekdayFixtureGives5x16And7x8() throws Exception {
        Path file = Path.of("src/test/resources/fixtures/miso/miso_da_lmp_2011-07-18_weekday.csv");
        double[] lmp = hubLmp(file);
        Map<String, CurvePoint> b = misoCurves(file);
        assertThat(b).containsOnlyKeys(CurvePoint.ON_PEAK, CurvePoint.NIGHT);
        assertThat(b.get(CurvePoint.ON_PEAK).date()).isEqualTo(LocalDate.of(2011, 7, 18));
        assertThat(b.get(CurvePoint.ON_PEAK).price()).isCloseTo(avg(lmp, PEAK), within(1e-9)).isCloseTo(37.5, within(1e-9));
        assertThat(b.get(CurvePoint.NIGHT).price()).isCloseTo(avg(lmp, NIGHT), within(1e-9))
                .isCloseTo((20 + 21 + 22 + 23 + 24 + 25 + 26 + 27) / 8.0, within(1e-9));
        assertThat(b.get(CurvePoint.ON_PEAK).complete()).isTrue();
    }
}
