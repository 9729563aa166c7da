package com.carbon254.ingestion.iso.nyiso;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.nyiso.NyisoSimFormats.Kind;
import com.carbon254.ingestion.iso.nyiso.NyisoSimFormats.Report;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every NYISO document the simulator renders goes through the project's own connector and normalizer untouched: zero
 * rejections, the day's hours, the model's prices with NYISO's congestion sign undone.
 */
class NyisoSimFormatsTest {
    private final PriceModel model = new PriceModel(7);
    private final NyisoConnector connector = new NyisoConnector();
    private final Normalizer normalizer = new Normalizer();

    private Extraction extract(String name, byte[] body) throws Exception {
        return connector.extract(IsoSamples.document("nyiso", name, body));
    }

    @Test
    void aDayAheadZonalFileIsShapedLikeTheRecordedOneAndReadsBackAsTheModelsPrices() throws Exception {
        LocalDate day = LocalDate.of(2026, 9, 23);
        byte[] csv = NyisoSimFormats.daily(model, Report.DAMLBMP, Kind.ZONE, day, null);
        String text = new String(csv, StandardCharsets.US_ASCII);
        List<String> lines = List.of(text.split("\r\n", -1));
        assertThat(lines.get(0)).isEqualTo("Time Stamp,Name,PTID,LBMP ($/MWHr),Marginal Cost Losses ($/MWHr),"
                + "Marginal Cost Congestion ($/MWHr)");
        assertThat(lines).hasSize(1 + 15 * 24 + 1).last().isEqualTo("");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\"");
        assertThat(lines.subList(1, 16)).extracting(l -> l.split(",")[1]).containsExactly("CAPITL", "CENTRL",
                "DUNWOD", "GENESE", "H Q", "HUD VL", "LONGIL", "MHK VL", "MILLWD", "N.Y.C.", "NORTH", "NPX", "O H",
                "PJM", "WEST");
        assertThat(lines.get(1)).startsWith("09/23/2026 00:00,CAPITL,61757,");
        assertThat(lines.get(360)).startsWith("09/23/2026 23:00,WEST,61752,");
        assertThat(lines.subList(1, 361)).allSatisfy(l -> assertThat(l)
                .matches("\\d\\d/\\d\\d/2026 \\d\\d:00,[A-Z .]+,\\d+(,-?\\d+\\.\\d\\d){3}"));

        Extraction x = extract("20260923damlbmp_zone.csv", csv);
        assertThat(x.dataset()).isEqualTo("damlbmp_zone");
        assertThat(x.rejections()).isEmpty();
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(15 * 24);
        for (Tick t : n.ticks()) {
            assertThat(t.lmp()).isCloseTo(t.energy() + t.congestion() + t.loss(), within(1e-9));
            assertThat(t.isDerived(Component.ENERGY)).isTrue();
            Price p = model.price(NyisoSimulator.PRICES, Market.DAY_AHEAD, t.location(), t.intervalStart(),
                    Duration.ofHours(1));
            assertThat(t.lmp()).isEqualTo(p.lmp().doubleValue());
            assertThat(t.congestion()).isEqualTo(p.congestion().doubleValue());
            assertThat(t.loss()).isEqualTo(p.loss().doubleValue());
            assertThat(t.energy()).isCloseTo(p.energy().doubleValue(), within(1e-9));
        }
        // the system energy is the same for every name of an hour, as NYISO's is
        assertThat(n.ticks().stream().filter(t -> t.intervalStart().equals(Instant.parse("2026-09-23T20:00:00Z")))
                .map(Tick::energy).distinct()).hasSize(1);
    }

    @Test
    void dstDaysHave25And23HoursInTheDayAheadFiles() throws Exception {
        for (LocalDate day : List.of(NyisoFixtures.FALL_BACK, NyisoFixtures.SPRING_FORWARD)) {
            int hours = NyisoFixtures.hours(day);
            byte[] csv = NyisoSimFormats.daily(model, Report.DAMLBMP, Kind.ZONE, day, null);
            NormalizeResult n = normalizer.normalize(extract("d.csv", csv).records());
            assertThat(n.rejected()).isEmpty();
            assertThat(n.ticks()).hasSize(15 * hours);
            List<Instant> west = n.ticks().stream().filter(t -> t.location().equals("WEST"))
                    .map(Tick::intervalStart).toList();
            assertThat(west).containsExactlyElementsOf(NyisoFixtures.starts(day, 3600));
        }
        String fall = new String(NyisoSimFormats.daily(model, Report.DAMLBMP, Kind.ZONE, NyisoFixtures.FALL_BACK,
                null), StandardCharsets.US_ASCII);
        assertThat(fall.lines().filter(l -> l.startsWith("11/02/2025 01:00,WEST,"))).hasSize(2);
    }

    @Test
    void theRealTimeFileStampsIntervalEndsAndHoldsOnlyWhatHasEnded() throws Exception {
        LocalDate day = NyisoFixtures.FALL_BACK;
        byte[] whole = NyisoSimFormats.daily(model, Report.REALTIME, Kind.ZONE, day, null);
        String text = new String(whole, StandardCharsets.US_ASCII);
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).startsWith("11/02/2025 00:05:00,CAPITL,61757,");
        assertThat(text.lines().reduce((a, b) -> b).orElseThrow()).startsWith("11/03/2025 00:00:00,WEST,61752,");
        // the wall clock at the end: 01:00:00 .. 01:55:00 twice
        assertThat(text.lines().filter(l -> l.startsWith("11/02/2025 01:00:00,WEST,"))).hasSize(2);
        assertThat(text.lines().filter(l -> l.startsWith("11/02/2025 02:00:00,WEST,"))).hasSize(1);
        Extraction x = extract("r.csv", whole);
        assertThat(x.dataset()).isEqualTo("realtime_zone");
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(15 * 300);
        assertThat(n.ticks().stream().filter(t -> t.location().equals("N.Y.C.")).map(Tick::intervalStart).toList())
                .containsExactlyElementsOf(NyisoFixtures.starts(day, 300));
        for (Tick t : n.ticks()) {
            Price p = model.price(NyisoSimulator.PRICES, Market.REAL_TIME, t.location(), t.intervalStart(),
                    Duration.ofMinutes(5));
            assertThat(t.lmp()).isEqualTo(p.lmp().doubleValue());
            assertThat(t.congestion()).isEqualTo(p.congestion().doubleValue());
        }

        Instant upTo = Instant.parse("2025-11-02T06:32:10Z");
        NormalizeResult part = normalizer.normalize(extract("r.csv", NyisoSimFormats.daily(model, Report.REALTIME,
                Kind.ZONE, day, upTo)).records());
        assertThat(part.ticks()).extracting(Tick::intervalEnd).allSatisfy(e -> assertThat(e).isBeforeOrEqualTo(upTo));
        assertThat(part.ticks()).extracting(Tick::intervalEnd).contains(Instant.parse("2025-11-02T06:30:00Z"));
        assertThat(part.ticks()).hasSize(15 * 30); // 04:00Z .. 06:30Z
    }

    @Test
    void generatorFilesListTheGeneratorsAndTheReferenceBus() throws Exception {
        byte[] csv = NyisoSimFormats.daily(model, Report.DAMLBMP, Kind.GEN, NyisoFixtures.NORMAL, null);
        Extraction x = extract("g.csv", csv);
        assertThat(x.dataset()).isEqualTo("damlbmp_gen");
        assertThat(x.records()).hasSize(10 * 24);
        assertThat(x.records().stream().map(r -> r.location() + "=" + r.attr("type")).distinct().toList())
                .contains("ROSETON___1=generator", "NYISO_LBMP_REFERENCE=reference_bus")
                .noneMatch(s -> s.endsWith("=zone") || s.endsWith("=proxy"));
        NormalizeResult rt = normalizer.normalize(extract("g.csv", NyisoSimFormats.daily(model, Report.REALTIME,
                Kind.GEN, NyisoFixtures.NORMAL, null)).records());
        assertThat(rt.rejected()).isEmpty();
        assertThat(rt.ticks()).hasSize(10 * 288);
    }

    @Test
    void aMonthlyArchiveIsTheDailyFilesOfItsDays() throws Exception {
        List<LocalDate> days = List.of(LocalDate.of(2025, 11, 1), LocalDate.of(2025, 11, 2));
        byte[] zip = NyisoSimFormats.archive(model, Report.DAMLBMP, Kind.ZONE, days, null);
        Map<String, byte[]> members = unzip(zip);
        assertThat(members.keySet()).containsExactly("20251101damlbmp_zone.csv", "20251102damlbmp_zone.csv");
        assertThat(members.get("20251102damlbmp_zone.csv")).isEqualTo(NyisoSimFormats.daily(model, Report.DAMLBMP,
                Kind.ZONE, days.get(1), null));
        assertThat(NyisoSimFormats.archiveName(Report.DAMLBMP, Kind.ZONE, java.time.YearMonth.of(2025, 11)))
                .isEqualTo("20251101damlbmp_zone_csv.zip");
        Extraction x = extract("20251101damlbmp_zone_csv.zip", zip);
        assertThat(x.rejections()).isEmpty();
        assertThat(normalizer.normalize(x.records()).ticks()).hasSize(15 * (24 + 25));
        assertThat(NyisoSimFormats.archive(new PriceModel(7), Report.DAMLBMP, Kind.ZONE, days, null)).isEqualTo(zip);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }
}
