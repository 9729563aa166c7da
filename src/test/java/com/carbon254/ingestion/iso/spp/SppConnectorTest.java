package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.spp.SppFixtures.Slot;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SppConnectorTest {
    private static final String DA_2025 = "spp/spp_DA-LMP-SL-202503190100_excerpt_HE01-all-locations_plus_hubs.csv";
    private static final String DA_2026 = "spp/spp_da-lmp-sl_2026-09-23_modern9col_BAA_reduced.csv";
    private static final String RT_0840 = "spp/spp_RTBM-LMP-SL-202503310840.csv";
    private static final String RT_0845 = "spp/spp_RTBM-LMP-SL-202503310845.csv";
    private static final String RT_0850 = "spp/spp_RTBM-LMP-SL-202503310850.csv";

    private final SppConnector connector = new SppConnector();
    private final Normalizer normalizer = new Normalizer();

    private Extraction extract(String name, String text) throws DocumentRejectedException {
        return extract(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Extraction extract(String name, byte[] bytes) throws DocumentRejectedException {
        return connector.extract(IsoSamples.document("spp", name, bytes));
    }

    private Extraction sample(String relative) throws DocumentRejectedException {
        Path file = IsoSamples.find(relative).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        return connector.extract(IsoSamples.document("spp", file));
    }

    /** Normalizes and requires zero rejections. */
    private List<Tick> ticks(Extraction x) {
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).extracting(r -> r.rejection().detail()).isEmpty();
        return n.ticks();
    }

    private static Tick tick(List<Tick> ticks, String location, String start) {
        return ticks.stream().filter(t -> t.location().equals(location)
                && t.intervalStart().equals(Instant.parse(start))).findFirst().orElseThrow();
    }

    private static Map<String, List<Tick>> byLocation(List<Tick> ticks) {
        return ticks.stream().sorted(Comparator.comparing(Tick::intervalStart))
                .collect(Collectors.groupingBy(Tick::location, Collectors.toList()));
    }

    // ---------------------------------------------------------------- the real samples

    @Test
    void theRealDayAheadFileWithoutBaaImportsWithItsHoursEndingAtGmtIntervalEnd() throws Exception {
        Extraction x = sample(DA_2025);
        assertThat(x.dataset()).isEqualTo(SppConnector.DATASET_DA);
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(x.rejections()).isEmpty();
        assertThat(x.sourceRows()).isEqualTo(1280);
        assertThat(x.records()).hasSize(1280);
        List<Tick> ticks = ticks(x);
        assertThat(ticks).hasSize(1280);

        // 03/19/2025 01:00:00 (CDT), GMTIntervalEnd 06:00:00: the hour 05:00Z-06:00Z
        Tick aec = tick(ticks, "AEC", "2025-03-19T05:00:00Z");
        assertThat(aec.intervalEnd()).isEqualTo(Instant.parse("2025-03-19T06:00:00Z"));
        assertThat(aec.operatingDay()).isEqualTo(LocalDate.of(2025, 3, 19));
        assertThat(aec.localLabel()).isEqualTo("03/19/2025 01:00:00 CDT");
        assertThat(List.of(aec.lmp(), aec.loss(), aec.congestion(), aec.energy()))
                .containsExactly(9.6667, 0.1410, -2.1891, 11.7148);
        assertThat(aec.derived()).isZero();
        assertThat(aec.revision()).isEqualTo("final");
        RawRecord r = x.records().get(0);
        assertThat(r.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("interval", "03/19/2025 01:00:00",
                "gmt_interval_end", "03/19/2025 06:00:00", "pnode", "SOUC"));
        assertThat(r.position()).isEqualTo(2);

        // the hubs for the whole day: 24 hours tiling 2025-03-19 Central, the last written as 03/20 00:00
        for (String hub : List.of("SPPNORTH_HUB", "SPPSOUTH_HUB")) {
            List<Tick> day = byLocation(ticks).get(hub);
            assertThat(day).hasSize(24).allSatisfy(t -> assertThat(t.operatingDay()).isEqualTo(LocalDate.of(2025, 3, 19)));
            assertTiles(day, Instant.parse("2025-03-19T05:00:00Z"), Instant.parse("2025-03-20T05:00:00Z"));
        }
        Tick last = tick(ticks, "SPPNORTH_HUB", "2025-03-20T04:00:00Z");
        assertThat(last.localLabel()).isEqualTo("03/20/2025 00:00:00 CDT");
        assertThat(List.of(last.lmp(), last.loss(), last.congestion(), last.energy()))
                .containsExactly(14.1942, -1.5260, -20.5617, 36.2819);
    }

    @Test
    void theRealDayAheadFileWithBaaKeepsItAsAnAttribute() throws Exception {
        Extraction x = sample(DA_2026);
        assertThat(x.dataset()).isEqualTo(SppConnector.DATASET_DA);
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(57); // the README says 56; the file has 57 data rows
        List<Tick> ticks = ticks(x);
        assertThat(ticks).hasSize(57);
        assertThat(x.records()).filteredOn(r -> r.location().equals("AESO"))
                .extracting(r -> r.attr("baa"), r -> r.attr("pnode")).containsExactly(tuple("SWPW", "AESO"));
        assertThat(x.records()).filteredOn(r -> r.location().equals("SPPNORTH_HUB"))
                .extracting(r -> r.attr("baa")).containsOnly("SPP");

        // 09/24/2026 00:00:00, GMTIntervalEnd 09/24/2026 05:00:00: hour ending 24 of 09/23 (CDT)
        Tick he24 = tick(ticks, "SPPNORTH_HUB", "2026-09-24T04:00:00Z");
        assertThat(he24.operatingDay()).isEqualTo(LocalDate.of(2026, 9, 23));
        assertThat(List.of(he24.lmp(), he24.loss(), he24.congestion(), he24.energy()))
                .containsExactly(12.9471, -1.0655, -1.4651, 15.4777);
        List<Tick> north = byLocation(ticks).get("SPPNORTH_HUB");
        assertThat(north).hasSize(24);
        assertTiles(north, Instant.parse("2026-09-23T05:00:00Z"), Instant.parse("2026-09-24T05:00:00Z"));
        Tick ava = tick(ticks, "AVA", "2026-09-23T05:00:00Z");
        assertThat(List.of(ava.lmp(), ava.loss(), ava.congestion(), ava.energy()))
                .containsExactly(19.8040, 0.2212, -0.0024, 19.5852);
    }

    @Test
    void theRealRtbmFilesAreOneFiveMinuteIntervalEndingAtGmtIntervalEnd() throws Exception {
        Extraction x = sample(RT_0840);
        assertThat(x.dataset()).isEqualTo(SppConnector.DATASET_RT);
        assertThat(x.market()).isEqualTo("RT_5MIN");
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(1234);
        List<Tick> ticks = ticks(x);
        assertThat(ticks).hasSize(1234).extracting(Tick::intervalStart, Tick::intervalEnd)
                .containsOnly(tuple(Instant.parse("2025-03-31T13:35:00Z"), Instant.parse("2025-03-31T13:40:00Z")));
        Tick aec = tick(ticks, "AEC", "2025-03-31T13:35:00Z");
        assertThat(List.of(aec.lmp(), aec.loss(), aec.congestion(), aec.energy()))
                .containsExactly(35.6875, -6.9891, -247.3823, 290.0589);
        assertThat(aec.operatingDay()).isEqualTo(LocalDate.of(2025, 3, 31));
        assertThat(aec.localLabel()).isEqualTo("03/31/2025 08:40:00 CDT");
        Tick tolk = tick(ticks, "SPS.TOLK1", "2025-03-31T13:35:00Z");
        assertThat(tolk.lmp()).isEqualTo(2208.2672);

        Extraction next = sample(RT_0850);
        List<Tick> later = ticks(next);
        assertThat(later).hasSize(1234);
        Tick north = tick(later, "SPPNORTH_HUB", "2025-03-31T13:45:00Z");
        assertThat(north.intervalEnd()).isEqualTo(Instant.parse("2025-03-31T13:50:00Z"));
        assertThat(List.of(north.lmp(), north.loss(), north.congestion(), north.energy()))
                .containsExactly(29.4415, -0.2787, -0.0898, 29.8100);
        assertThat(connector.intervalEnd(next.records().get(0))).contains(Instant.parse("2025-03-31T13:50:00Z"));
    }

    @Test
    void theRealZeroByteRtbmFileIsAMissingIntervalNotAnEmptyTable() {
        Path file = IsoSamples.find(RT_0845).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        assertThatThrownBy(() -> connector.extract(IsoSamples.document("spp", file)))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("empty_document"))
                .hasMessageContaining("0 bytes").hasMessageContaining("missing interval");
    }

    // ---------------------------------------------------------------- DST days

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theFallBackDayAheadFileHas25HoursPerLocationToldApartByGmtIntervalEnd(boolean baa) throws Exception {
        Extraction x = extract("DA-LMP-SL-202411030100.csv", SppFixtures.dayAhead(SppFixtures.FALL_BACK, baa));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.dataset()).isEqualTo(SppConnector.DATASET_DA);
        List<Tick> ticks = ticks(x);
        List<Slot> hours = SppFixtures.hours(SppFixtures.FALL_BACK);
        assertThat(hours).hasSize(25);
        for (List<Tick> day : byLocation(ticks).values()) {
            assertThat(day).hasSize(25);
            assertThat(day).extracting(Tick::intervalEnd).containsExactlyElementsOf(hours.stream().map(Slot::end).toList());
            assertTiles(day, Instant.parse("2024-11-03T05:00:00Z"), Instant.parse("2024-11-04T06:00:00Z"));
            assertThat(day).extracting(Tick::operatingDay).containsOnly(SppFixtures.FALL_BACK);
            // the two hours ending 01:00 local: same Interval, told apart by GMTIntervalEnd
            assertThat(day.subList(0, 3)).extracting(Tick::intervalStart, Tick::localLabel).containsExactly(
                    tuple(Instant.parse("2024-11-03T05:00:00Z"), "11/03/2024 01:00:00 CDT"),
                    tuple(Instant.parse("2024-11-03T06:00:00Z"), "11/03/2024 01:00:00 CST"),
                    tuple(Instant.parse("2024-11-03T07:00:00Z"), "11/03/2024 02:00:00 CST"));
        }
        assertThat(byLocation(ticks)).containsOnlyKeys(SppFixtures.LOCATIONS);
        Tick repeated = tick(ticks, "SPPNORTH_HUB", "2024-11-03T06:00:00Z");
        assertThat(repeated.lmp()).isEqualTo(SppFixtures.prices(1, 1)[0].doubleValue());
        assertThat(repeated.energy()).isEqualTo(20.25);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theSpringForwardDayAheadFileHas23HoursPerLocation(boolean baa) throws Exception {
        Extraction x = extract("DA-LMP-SL-202403100100.csv", SppFixtures.dayAhead(SppFixtures.SPRING_FORWARD, baa));
        assertThat(x.rejections()).isEmpty();
        List<Tick> ticks = ticks(x);
        for (List<Tick> day : byLocation(ticks).values()) {
            assertThat(day).hasSize(23);
            assertTiles(day, Instant.parse("2024-03-10T06:00:00Z"), Instant.parse("2024-03-11T05:00:00Z"));
            assertThat(day).extracting(Tick::operatingDay).containsOnly(SppFixtures.SPRING_FORWARD);
            assertThat(day.subList(0, 3)).extracting(Tick::intervalStart, Tick::localLabel).containsExactly(
                    tuple(Instant.parse("2024-03-10T06:00:00Z"), "03/10/2024 01:00:00 CST"),
                    tuple(Instant.parse("2024-03-10T07:00:00Z"), "03/10/2024 03:00:00 CDT"),
                    tuple(Instant.parse("2024-03-10T08:00:00Z"), "03/10/2024 04:00:00 CDT"));
            assertThat(day.get(22).localLabel()).isEqualTo("03/11/2024 00:00:00 CDT");
        }
    }

    @Test
    void theFallBacksRepeatedHourInRealTimeIs24FilesAnd24DistinctIntervals() throws Exception {
        List<Tick> ticks = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
            Extraction x = extract(SppFixtures.repeatedHourFileName(k), SppFixtures.rtbm(k, k % 2 == 0));
            assertThat(x.dataset()).isEqualTo(SppConnector.DATASET_RT);
            assertThat(x.rejections()).isEmpty();
            ticks.addAll(ticks(x));
        }
        assertThat(SppFixtures.repeatedHourFileName(0)).isEqualTo("RTBM-LMP-SL-202411030105.csv");
        assertThat(SppFixtures.repeatedHourFileName(11)).isEqualTo("RTBM-LMP-SL-202411030100d.csv");
        assertThat(SppFixtures.repeatedHourFileName(23)).isEqualTo("RTBM-LMP-SL-202411030200.csv");
        for (List<Tick> hour : byLocation(ticks).values()) {
            assertThat(hour).hasSize(24);
            assertTiles(hour, Instant.parse("2024-11-03T06:00:00Z"), Instant.parse("2024-11-03T08:00:00Z"));
            assertThat(hour).extracting(Tick::operatingDay).containsOnly(SppFixtures.FALL_BACK);
            // 01:05 local twice: CDT (06:00Z-06:05Z) and CST (07:00Z-07:05Z)
            assertThat(hour).filteredOn(t -> t.localLabel().startsWith("11/03/2024 01:05:00"))
                    .extracting(Tick::intervalStart, Tick::localLabel).containsExactly(
                            tuple(Instant.parse("2024-11-03T06:00:00Z"), "11/03/2024 01:05:00 CDT"),
                            tuple(Instant.parse("2024-11-03T07:00:00Z"), "11/03/2024 01:05:00 CST"));
        }
    }

    /** Distinct, contiguous intervals of the market's length exactly from {@code from} to {@code to}. */
    private static void assertTiles(List<Tick> ticks, Instant from, Instant to) {
        List<Tick> sorted = ticks.stream().sorted(Comparator.comparing(Tick::intervalStart)).toList();
        assertThat(sorted.get(0).intervalStart()).isEqualTo(from);
        assertThat(sorted.get(sorted.size() - 1).intervalEnd()).isEqualTo(to);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).intervalStart()).isEqualTo(sorted.get(i - 1).intervalEnd());
        }
        long seconds = Duration.between(from, to).getSeconds();
        long length = Duration.between(sorted.get(0).intervalStart(), sorted.get(0).intervalEnd()).getSeconds();
        assertThat(sorted).hasSize((int) (seconds / length));
    }

    // ---------------------------------------------------------------- formats as downloaded

    private static final String ROWS = """
            03/31/2025 08:40:00,03/31/2025 13:40:00,AEC,SOUC,35.6875,-6.9891,-247.3823,290.0589
            03/31/2025 08:40:00,03/31/2025 13:40:00,SPPNORTH_HUB,SPPNORTH_H,36.0854,-3.8271,-250.1463,290.0588
            """;

    @Test
    void byteOrderMarkCrlfBlankFirstLineQuotedHeaderAndPaddedCellsReadTheSame() throws Exception {
        Extraction plain = extract("RTBM-LMP-SL-202503310840.csv", SppFixtures.HEADER_8 + "\n" + ROWS);
        String quoted = "\r\n\"Interval\",\"GMTIntervalEnd\",\"Settlement Location\",\"Pnode\",\"LMP\",\"MLC\","
                + "\"MCC\",\"MEC\"\r\n" + ROWS.replace("\n", "\r\n").replace(",35.6875,", ", 35.6875 ,")
                .replace(",AEC,", ", AEC ,");
        byte[] bom = ("\uFEFF" + quoted).getBytes(StandardCharsets.UTF_8);
        Extraction odd = extract("x.csv", bom);
        assertThat(odd.rejections()).isEmpty();
        assertThat(odd.records()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("documentId", "position")
                .containsExactlyElementsOf(plain.records());
        assertThat(ticks(odd)).extracting(Tick::location, Tick::lmp)
                .containsExactly(tuple("AEC", 35.6875), tuple("SPPNORTH_HUB", 36.0854));
    }

    @Test
    void columnsAreReadByNameInAnyOrder() throws Exception {
        String reordered = "Settlement Location,LMP,MEC,MCC,MLC,Pnode,GMTIntervalEnd,Interval,Extra\n"
                + "AEC,35.6875,290.0589,-247.3823,-6.9891,SOUC,03/31/2025 13:40:00,03/31/2025 08:40:00,x\n";
        Tick t = ticks(extract("f.csv", reordered)).get(0);
        assertThat(List.of(t.lmp(), t.loss(), t.congestion(), t.energy()))
                .containsExactly(35.6875, -6.9891, -247.3823, 290.0589);
        assertThat(t.intervalEnd()).isEqualTo(Instant.parse("2025-03-31T13:40:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            RTBM at :00 named as such      | RTBM-LMP-SL-202503310900.csv | 03/31/2025 09:00:00 | 03/31/2025 14:00:00 | rtbm_lmp_sl
            one hour named as day-ahead    | DA-LMP-SL-202503310100.csv   | 03/31/2025 09:00:00 | 03/31/2025 14:00:00 | da_lmp_sl
            off the hour whatever its name | DA-LMP-SL-202503310100.csv   | 03/31/2025 09:05:00 | 03/31/2025 14:05:00 | rtbm_lmp_sl
            one hour, no telling name      | upload.csv                   | 03/31/2025 09:00:00 | 03/31/2025 14:00:00 | rtbm_lmp_sl
            """)
    void theDatasetIsReadFromTheIntervalsNotTheName(String what, String name, String local, String gmt,
                                                    String dataset) throws Exception {
        String text = SppFixtures.HEADER_8 + "\n" + local + "," + gmt + ",AEC,SOUC,1.0000,0.1000,0.2000,0.7000\n";
        assertThat(extract(name, text).dataset()).isEqualTo(dataset);
    }

    @Test
    void severalHoursAreDayAheadWhateverTheName() throws Exception {
        String text = SppFixtures.HEADER_8 + "\n"
                + "03/31/2025 01:00:00,03/31/2025 06:00:00,AEC,SOUC,1.0000,0.1000,0.2000,0.7000\n"
                + "03/31/2025 02:00:00,03/31/2025 07:00:00,AEC,SOUC,1.0000,0.1000,0.2000,0.7000\n";
        Extraction x = extract("RTBM-LMP-SL-202503310100.csv", text);
        assertThat(x.dataset()).isEqualTo(SppConnector.DATASET_DA);
        assertThat(ticks(x)).extracting(Tick::intervalStart).containsExactly(Instant.parse("2025-03-31T05:00:00Z"),
                Instant.parse("2025-03-31T06:00:00Z"));
    }

    // ---------------------------------------------------------------- documents that are not SPP's

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            MISO market report    | Day Ahead Market ExPost LMPs\\n07/16/2011\\n\\nNode,Type,Value,HE 1\\n                        | unrecognized_document | not an SPP LMP-by-settlement-location CSV
            CAISO OASIS CSV       | INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,NODE,MW\\n                                  | unrecognized_document | starts with 'INTERVALSTARTTIME_GMT
            portal error page     | <!DOCTYPE html><html><body>Internal server error</body></html>                               | unrecognized_document | starts with '<!DOCTYPE html>
            RTBM daily file       | Interval,GMT Interval,Settlement Location Name,PNODE Name,LMP,MLC,MCC,MEC\\n                 | header_drift          | missing columns GMTIntervalEnd, Settlement Location, Pnode
            by-bus file           | Interval,GMTIntervalEnd,Pnode,LMP,MLC,MCC,MEC\\n                                             | header_drift          | missing column Settlement Location
            only blank lines      | \\n  \\n                                                                                     | empty_document        | only whitespace
            """)
    void aDocumentOfAnotherIsoOrReportIsRefusedWithAReason(String what, String text, String reason, String message) {
        assertThatThrownBy(() -> extract("x.csv", text.replace("\\n", "\n")))
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    // ---------------------------------------------------------------- row-level problems keep the rest

    @Test
    void rowProblemsAreRejectedOneByOneAndTheRestGoesOn() throws Exception {
        String text = SppFixtures.HEADER_9 + "\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP,AEC,SOUC,35.6875,-6.9891,-247.3823,290.0589\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP,SHORT,ROW\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP, ,NONAME,1.0000,0.1000,0.2000,0.7000\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP,AEC,SOUC,35.6875,-6.9891,-247.3823,290.0589\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP,AEC,SOUC,99.0000,-6.9891,-247.3823,290.0589\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP,BADLMP,P1,n/a,0.1000,0.2000,0.7000\n"
                + "03/31/2025 08:40:00,03/31/2025 13:42:00,SPP,OFFGRID,P2,1.0000,0.1000,0.2000,0.7000\n"
                + "03/31/2025 08:40:00,13:40 03/31/2025,SPP,BADTIME,P3,1.0000,0.1000,0.2000,0.7000\n"
                + "03/31/2025 13:40:00,03/31/2025 13:40:00,SPP,LOCALGMT,P4,1.0000,0.1000,0.2000,0.7000\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP,NOLMP,P5,,0.1000,0.2000,0.7000\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP,NOMEC,P6,1.0000,0.1000,0.2000,\n"
                + "03/31/2025 08:40:00,03/31/2025 13:40:00,SPP,SPPNORTH_HUB,SPPNORTH_H,36.0854,-3.8271,-250.1463,290.0588\n";
        Extraction x = extract("RTBM-LMP-SL-202503310840.csv", text);
        assertThat(x.sourceRows()).isEqualTo(12);
        assertThat(x.rejections()).extracting(Rejection::reason, Rejection::position).containsExactly(
                tuple("malformed_row", 3L), tuple("malformed_row", 4L), tuple("conflicting_duplicate", 6L));
        assertThat(x.rejections().get(2).detail()).contains("AEC").contains("line 2 (the first is kept)");

        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).extracting(r -> r.record().location(), r -> r.rejection().reason()).containsExactly(
                tuple("BADLMP", "non_numeric_value"), tuple("OFFGRID", "bad_timestamp"),
                tuple("BADTIME", "bad_timestamp"), tuple("LOCALGMT", "bad_timestamp"));
        assertThat(n.rejected().get(0).rejection().detail()).contains("LMP 'n/a'").contains("line 7");
        assertThat(n.rejected().get(1).rejection().detail()).contains("5-minute grid");
        assertThat(n.rejected().get(3).rejection().detail()).contains("is not GMTIntervalEnd");
        assertThat(n.ticks()).extracting(Tick::location).containsExactly("AEC", "NOLMP", "NOMEC", "SPPNORTH_HUB");

        Tick noLmp = n.ticks().get(1);
        assertThat(noLmp.lmp()).isEqualTo(1.0);
        assertThat(noLmp.isDerived(Component.LMP)).isTrue();
        Tick noMec = n.ticks().get(2);
        assertThat(noMec.energy()).isEqualTo(0.7);
        assertThat(noMec.isDerived(Component.ENERGY)).isTrue();
        assertThat(n.ticks().get(0).derived()).isZero();
    }

    @Test
    void aHeaderWithoutRowsIsAnEmptyExtraction() throws Exception {
        Extraction x = extract("DA-LMP-SL-202503190100.csv", SppFixtures.HEADER_9 + "\n");
        assertThat(x.records()).isEmpty();
        assertThat(x.rejections()).isEmpty();
        assertThat(x.dataset()).isEqualTo(SppConnector.DATASET_DA);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            03/19/2025 06:00:00 | 2025-03-19T06:00:00Z
            3/9/2025 6:00       | 2025-03-09T06:00:00Z
            ' 03/19/2025 06:00:00 ' | 2025-03-19T06:00:00Z
            02/30/2025 06:00:00 |
            2025-03-19 06:00:00 |
            03/19/2025 24:00:00 |
            03/19/2025 06:00:0  |
            """)
    void sppTimestampsAreReadByHand(String text, String expected) {
        long s = SppConnector.seconds(text);
        if (expected == null) assertThat(s).isEqualTo(SppConnector.NOT_A_TIME);
        else assertThat(Instant.ofEpochSecond(s)).isEqualTo(Instant.parse(expected));
    }
}
