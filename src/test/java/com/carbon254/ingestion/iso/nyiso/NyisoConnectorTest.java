package com.carbon254.ingestion.iso.nyiso;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoFixtures;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** NYISO's LBMP files as the connector and the normalizer read them: formats, content detection, refusals. */
class NyisoConnectorTest {
    private static final String REAL = "nyiso/nyiso_damlbmp_zone_2026-09-23.csv";

    private final NyisoConnector connector = new NyisoConnector();
    private final Normalizer normalizer = new Normalizer();

    private Extraction extract(String name, byte[] content) throws DocumentRejectedException {
        return connector.extract(IsoSamples.document("nyiso", name, content));
    }

    private Extraction extract(String text) throws DocumentRejectedException {
        return extract("upload.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    private static Tick tick(NormalizeResult n, String location, String start) {
        return n.ticks().stream().filter(t -> t.location().equals(location)
                && t.intervalStart().equals(Instant.parse(start))).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- the real sample

    @Test
    void theRealDayAheadZonalFileImportsWholeWithHourStartsInEasternDaylightTime() throws Exception {
        Path file = IsoFixtures.shared(REAL);
        Extraction x = connector.extract(IsoSamples.document("nyiso", file));
        assertThat(x.dataset()).isEqualTo("damlbmp_zone");
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(x.rejections()).isEmpty();
        assertThat(x.sourceRows()).isEqualTo(360);
        assertThat(x.records()).hasSize(360);
        assertThat(x.records()).extracting(RawRecord::location).containsOnly("CAPITL", "CENTRL", "DUNWOD", "GENESE",
                "H Q", "HUD VL", "LONGIL", "MHK VL", "MILLWD", "N.Y.C.", "NORTH", "NPX", "O H", "PJM", "WEST");

        RawRecord first = x.records().get(0);
        assertThat(first.position()).isEqualTo(2);
        assertThat(first.attributes()).isEqualTo(Map.of("time_stamp", "09/23/2026 00:00", "type", "zone",
                "location_id", "61757"));
        assertThat(first.values()).isEqualTo(Map.of("LBMP", "34.97", "Marginal Cost Losses", "1.15",
                "Marginal Cost Congestion", "0.00"));

        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(360);
        // "09/23/2026 00:00,CAPITL,61757,34.97,1.15,0.00": the hour starting at midnight EDT
        Tick capitl = tick(n, "CAPITL", "2026-09-23T04:00:00Z");
        assertThat(capitl.intervalEnd()).isEqualTo(Instant.parse("2026-09-23T05:00:00Z"));
        assertThat(capitl.operatingDay()).isEqualTo(LocalDate.of(2026, 9, 23));
        assertThat(capitl.localLabel()).isEqualTo("09/23/2026 00:00 EDT");
        assertThat(capitl.locationType()).isEqualTo("zone");
        assertThat(new double[]{capitl.lmp(), capitl.loss(), capitl.congestion(), capitl.energy()})
                .containsExactly(34.97, 1.15, 0.0, 33.82);
        assertThat(capitl.isDerived(Component.ENERGY)).isTrue();
        assertThat(capitl.isDerived(Component.LMP)).isFalse();
        // "09/23/2026 23:00,PJM,61847,28.97,-0.54,4.43": NYISO's +4.43 is a congestion that lowers the price
        Tick pjm = tick(n, "PJM", "2026-09-24T03:00:00Z");
        assertThat(pjm.locationType()).isEqualTo("proxy");
        assertThat(pjm.operatingDay()).isEqualTo(LocalDate.of(2026, 9, 23));
        assertThat(new double[]{pjm.lmp(), pjm.loss(), pjm.congestion(), pjm.energy()})
                .containsExactly(28.97, -0.54, -4.43, 33.94);
        // "09/23/2026 23:00,WEST,61752,30.88,-2.68,0.39"
        Tick west = tick(n, "WEST", "2026-09-24T03:00:00Z");
        assertThat(new double[]{west.lmp(), west.loss(), west.congestion(), west.energy()})
                .containsExactly(30.88, -2.68, -0.39, 33.95);
        for (Tick t : n.ticks()) {
            assertThat(t.lmp()).isCloseTo(t.energy() + t.congestion() + t.loss(), org.assertj.core.data.Offset.offset(1e-9));
        }
        // every name: 24 hours tiling the operating day 04:00Z .. 04:00Z
        for (String name : List.of("CAPITL", "N.Y.C.", "H Q")) {
            List<Instant> starts = n.ticks().stream().filter(t -> t.location().equals(name))
                    .map(Tick::intervalStart).sorted().toList();
            assertThat(starts).hasSize(24).first().isEqualTo(Instant.parse("2026-09-23T04:00:00Z"));
            assertThat(starts.get(23)).isEqualTo(Instant.parse("2026-09-24T03:00:00Z"));
        }
    }

    @Test
    void otherRecordedNyisoReportsAreRefusedWithAReason() throws Exception {
        for (String other : List.of("nyiso/pyiso_20171122pal.csv", "nyiso/pyiso_20171122rtfuelmix.csv",
                "nyiso/nyiso_isolf_20250219.csv")) {
            Path file = IsoFixtures.shared(other);
            assertThatThrownBy(() -> connector.extract(IsoSamples.document("nyiso", file))).as(other)
                    .isInstanceOfSatisfying(DocumentRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo("unrecognized_document"))
                    .hasMessageContaining("a NYISO report without LBMP columns");
        }
        Path zip = IsoFixtures.shared("nyiso/nyiso_rtfuelmix_202502_monthly_csv.zip");
        assertThatThrownBy(() -> connector.extract(IsoSamples.document("nyiso", zip)))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("unrecognized_document"))
                .hasMessageContaining("member 20250201rtfuelmix.csv")
                .hasMessageContaining("Fuel Category");
    }

    @Test
    void documentsOfOtherIsosAreRefused() throws Exception {
        String misoReport = "Day Ahead Market ExPost LMPs\n07/16/2011\n\n,,,All Hours-Ending are Eastern Standard Time"
                + " (EST)\nNode,Type,Value,HE 1\nA.HUB,Hub,LMP,25\n";
        assertThatThrownBy(() -> extract(misoReport)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("unrecognized_document"))
                .hasMessageContaining("not a NYISO MIS CSV").hasMessageContaining("Day Ahead Market ExPost LMPs");
        byte[] caiso = IsoFixtures.zip("20240101_20240101_PRC_LMP_DAM_v1.csv", IsoFixtures.CAISO_HEADER + "\n");
        assertThatThrownBy(() -> extract("SingleZip", caiso)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("unrecognized_document"))
                .hasMessageContaining("member 20240101_20240101_PRC_LMP_DAM_v1.csv: not a NYISO MIS CSV");
        String spp = "Interval,GMTIntervalEnd,Settlement Location,Pnode,LMP,MLC,MCC,MEC\n";
        assertThatThrownBy(() -> extract(spp)).hasMessageContaining("no Time Stamp column");
        assertThatThrownBy(() -> extract("{\"headers\":[],\"data\":[]}")).hasMessageContaining("not a NYISO MIS CSV");
        assertThatThrownBy(() -> extract("<html><head><title>404 Not Found</title></head></html>\n"))
                .hasMessageContaining("an HTML or XML page");
    }

    @Test
    void emptyTruncatedAndDriftedDocumentsAreRefusedAsAWhole() {
        assertThatThrownBy(() -> extract("x.csv", new byte[0])).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("empty_document"));
        assertThatThrownBy(() -> extract("\r\n  \r\n")).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("empty_document"));
        byte[] zip = NyisoFixtures.archive("damlbmp", List.of(NyisoFixtures.NORMAL), NyisoFixtures::damlbmp);
        assertThatThrownBy(() -> extract("x.zip", Arrays.copyOf(zip, zip.length - 30)))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("truncated_document"));
        String noCongestion = "Time Stamp,Name,PTID,LBMP ($/MWHr),Marginal Cost Losses ($/MWHr)\r\n"
                + "09/23/2026 00:00,CAPITL,61757,34.97,1.15\r\n";
        assertThatThrownBy(() -> extract(noCongestion)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("header_drift"))
                .hasMessageContaining("missing column Marginal Cost Congestion ($/MWHr)");
        String otherUnit = NyisoFixtures.HEADER.replace("LBMP ($/MWHr)", "LBMP (cents/kWh)") + "\r\n";
        assertThatThrownBy(() -> extract(otherUnit)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("header_drift"))
                .hasMessageContaining("column 'LBMP (cents/kWh)' is not in $/MWh");
        assertThatThrownBy(() -> extract("20251102rtlbmp_zone.csv", NyisoFixtures.bytes(
                NyisoFixtures.damlbmp(NyisoFixtures.FALL_BACK)))).hasMessageContaining("integrated real-time LBMP");
    }

    // ---------------------------------------------------------------- formats as NYISO writes them

    @Test
    void olderShapesReadTheSame() throws Exception {
        String today = NyisoFixtures.damlbmp(NyisoFixtures.NORMAL);
        Extraction base = extract(today);
        assertThat(base.rejections()).isEmpty();
        assertThat(base.records()).hasSize(3 * 24);

        // LF line ends, a BOM and a blank first line
        String lf = "\uFEFF\n" + today.replace("\r\n", "\n");
        // older files: everything quoted, seconds in the stamp, the unit spelled ($/MWH
        StringBuilder quoted = new StringBuilder("\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\","
                + "\"Marginal Cost Losses ($/MWHr)\",\"Marginal Cost Congestion ($/MWH\"\r\n");
        // columns in another order, values padded with spaces
        StringBuilder reordered = new StringBuilder("Name,Time Stamp,Marginal Cost Congestion ($/MWHr),PTID,"
                + "Marginal Cost Losses ($/MWHr),LBMP ($/MWHr)\r\n");
        today.lines().skip(1).forEach(l -> {
            String[] c = l.split(",");
            quoted.append('"').append(c[0]).append(":00\",\"").append(c[1]).append("\",").append(c[2]).append(",\"")
                    .append(c[3]).append("\",\"").append(c[4]).append("\",\"").append(c[5]).append("\"\r\n");
            reordered.append(c[1]).append(", ").append(c[0]).append(" , ").append(c[5]).append(',').append(c[2])
                    .append(",  ").append(c[4]).append(',').append(c[3]).append(" \r\n");
        });
        List<Tick> expected = normalizer.normalize(base.records()).ticks();
        for (String variant : List.of(lf, quoted.toString(), reordered.toString())) {
            Extraction x = extract(variant);
            assertThat(x.rejections()).as(variant.substring(0, 60)).isEmpty();
            assertThat(x.dataset()).isEqualTo("damlbmp_zone");
            NormalizeResult n = normalizer.normalize(x.records());
            assertThat(n.rejected()).isEmpty();
            assertThat(n.ticks()).extracting(Tick::location, Tick::intervalStart, Tick::lmp, Tick::loss,
                    Tick::congestion, Tick::energy).containsExactlyElementsOf(expected.stream().map(t -> tuple(
                    t.location(), t.intervalStart(), t.lmp(), t.loss(), t.congestion(), t.energy())).toList());
        }
    }

    @Test
    void theDatasetComesFromTheContentNotTheName() throws Exception {
        String gen = "Time Stamp,Name,PTID,LBMP ($/MWHr),Marginal Cost Losses ($/MWHr),Marginal Cost Congestion"
                + " ($/MWHr)\r\n"
                + "11/01/2025 00:00,ROSETON___1,23558,31.20,0.40,-1.10\r\n"
                + "11/01/2025 00:00,NYISO_LBMP_REFERENCE,24008,30.05,0.00,0.00\r\n"
                + "11/01/2025 00:00,H Q,61844,28.00,-1.00,2.00\r\n";
        Extraction da = extract("20251101realtime_zone.csv", NyisoFixtures.bytes(gen));
        assertThat(da.dataset()).isEqualTo("damlbmp_gen");
        assertThat(da.market()).isEqualTo("DA_HOURLY");
        assertThat(da.records()).extracting(RawRecord::location, r -> r.attr(RawRecord.TYPE))
                .containsExactly(tuple("ROSETON___1", "generator"), tuple("NYISO_LBMP_REFERENCE", "reference_bus"),
                        tuple("H Q", "proxy"));

        Extraction rtGen = extract("20251101damlbmp_zone.csv", NyisoFixtures.bytes(gen.replace(" 00:00,",
                " 00:05:00,")));
        assertThat(rtGen.dataset()).isEqualTo("realtime_gen");
        assertThat(rtGen.market()).isEqualTo("RT_5MIN");

        Extraction rtZone = extract("x.csv", NyisoFixtures.bytes(NyisoFixtures.realtime(NyisoFixtures.NORMAL,
                NyisoFixtures.RtClock.END)));
        assertThat(rtZone.dataset()).isEqualTo("realtime_zone");
        assertThat(rtZone.records()).hasSize(3 * 288);
        assertThat(rtZone.records()).extracting(r -> r.attr(RawRecord.TYPE)).containsOnly("zone", "proxy");

        String proxiesOnly = NyisoFixtures.HEADER + "\r\n11/01/2025 00:00,NPX,61845,29.00,0.10,0.20\r\n";
        assertThat(extract(proxiesOnly).dataset()).isEqualTo("damlbmp_zone");
    }

    @Test
    void aTimeZoneColumnDecidesTheRepeatedHourWhateverTheOrder() throws Exception {
        String csv = "\"Time Stamp\",\"Time Zone\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\",\"Marginal Cost Losses ($/MWHr)\","
                + "\"Marginal Cost Congestion ($/MWHr)\"\r\n"
                + "\"11/02/2025 00:00:00\",\"EDT\",\"WEST\",61752,40.00,0.00,0.00\r\n"
                + "\"11/02/2025 01:00:00\",\"EST\",\"WEST\",61752,48.63,0.00,0.00\r\n"
                + "\"11/02/2025 01:00:00\",\"EDT\",\"WEST\",61752,50.72,0.00,0.00\r\n"
                + "\"11/02/2025 02:00:00\",\"EST\",\"WEST\",61752,45.00,0.00,0.00\r\n";
        Extraction x = extract(csv);
        assertThat(x.records()).extracting(r -> r.attr("time_zone")).containsExactly("EDT", "EST", "EDT", "EST");
        assertThat(x.records()).allSatisfy(r -> assertThat(r.attributes()).doesNotContainKey("occurrence"));
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).extracting(t -> t.intervalStart().toString(), Tick::lmp, Tick::localLabel)
                .containsExactly(tuple("2025-11-02T04:00:00Z", 40.0, "11/02/2025 00:00:00 EDT"),
                        tuple("2025-11-02T06:00:00Z", 48.63, "11/02/2025 01:00:00 EST"),
                        tuple("2025-11-02T05:00:00Z", 50.72, "11/02/2025 01:00:00 EDT"),
                        tuple("2025-11-02T07:00:00Z", 45.0, "11/02/2025 02:00:00 EST"));
        // a Time Zone that does not fit the stamp names no instant
        String wrong = csv.replace("\"11/02/2025 02:00:00\",\"EST\"", "\"11/02/2025 02:00:00\",\"EDT\"");
        NormalizeResult w = normalizer.normalize(extract(wrong).records());
        assertThat(w.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reason()).isEqualTo("bad_timestamp");
            assertThat(r.rejection().detail()).contains("'11/02/2025 02:00:00' with Time Zone 'EDT' names no hour start");
        });
    }

    // ---------------------------------------------------------------- DST days

    @Test
    void dayAheadFallBackDayIs25HoursAndTheRepeated0100IsToldApartByOrder() throws Exception {
        LocalDate day = NyisoFixtures.FALL_BACK;
        Extraction x = extract(NyisoFixtures.damlbmp(day));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(3 * 25);
        assertThat(x.records().stream().filter(r -> r.location().equals("WEST")
                && r.attr("time_stamp").equals("11/02/2025 01:00")))
                .extracting(r -> r.attr("occurrence"), r -> r.values().get("LBMP"))
                .containsExactly(tuple("1", "50.72"), tuple("2", "48.63"));
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertTilesTheDay(n.ticks(), day, 3600);
        assertThat(tick(n, "WEST", "2025-11-02T05:00:00Z")).extracting(Tick::lmp, Tick::localLabel)
                .containsExactly(50.72, "11/02/2025 01:00 EDT");
        assertThat(tick(n, "WEST", "2025-11-02T06:00:00Z")).extracting(Tick::lmp, Tick::localLabel)
                .containsExactly(48.63, "11/02/2025 01:00 EST");
        for (int nd = 0; nd < 3; nd++) {
            for (int h = 0; h < 25; h++) {
                Tick t = tick(n, NyisoFixtures.NODES.get(nd), NyisoFixtures.hourStart(day, h).toString());
                assertThat(t.lmp()).isEqualTo(NyisoFixtures.daLbmp(day, nd, h).doubleValue());
                assertThat(t.congestion()).isEqualTo(NyisoFixtures.publishedCongestion(nd).negate().doubleValue());
            }
        }
        for (RawRecord r : x.records()) {
            Tick t = n.ticks().stream().filter(k -> k.position() == r.position()).findFirst().orElseThrow();
            assertThat(connector.intervalEnd(r)).contains(t.intervalEnd());
        }
    }

    @Test
    void dayAheadSpringForwardDayIs23HoursAndA0200RowIsABadTimestamp() throws Exception {
        LocalDate day = NyisoFixtures.SPRING_FORWARD;
        String csv = NyisoFixtures.damlbmp(day);
        assertThat(csv).doesNotContain("03/09/2025 02:00");
        NormalizeResult n = normalizer.normalize(extract(csv).records());
        assertThat(n.rejected()).isEmpty();
        assertTilesTheDay(n.ticks(), day, 3600);
        assertThat(tick(n, "N.Y.C.", "2025-03-09T07:00:00Z").localLabel()).isEqualTo("03/09/2025 03:00 EDT");

        String withGap = csv + "03/09/2025 02:00,WEST,61752,33.00,0.10,0.20\r\n";
        NormalizeResult g = normalizer.normalize(extract(withGap).records());
        assertThat(g.ticks()).hasSize(3 * 23);
        assertThat(g.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reason()).isEqualTo("bad_timestamp");
            assertThat(r.rejection().detail()).contains("'03/09/2025 02:00' is not a local time that exists")
                    .contains("at line " + (3 * 23 + 2));
        });
    }

    @Test
    void realTimeFallBackDayServesTheRepeatedHourAs24IntervalsWhicheverClockTheEndsAreWrittenIn() throws Exception {
        LocalDate day = NyisoFixtures.FALL_BACK;
        for (NyisoFixtures.RtClock clock : NyisoFixtures.RtClock.values()) {
            String csv = NyisoFixtures.realtime(day, clock);
            Extraction x = extract(csv);
            assertThat(x.dataset()).isEqualTo("realtime_zone");
            assertThat(x.rejections()).isEmpty();
            NormalizeResult n = normalizer.normalize(x.records());
            assertThat(n.rejected()).as(clock.name()).isEmpty();
            assertTilesTheDay(n.ticks(), day, 300);
            List<Tick> west = n.ticks().stream().filter(t -> t.location().equals("WEST")).toList();
            List<Tick> repeated = west.stream().filter(t -> !t.intervalStart().isBefore(
                    Instant.parse("2025-11-02T05:00:00Z")) && t.intervalStart().isBefore(
                    Instant.parse("2025-11-02T07:00:00Z"))).toList();
            assertThat(repeated).hasSize(24).extracting(Tick::intervalStart).doesNotHaveDuplicates();
            for (int k = 0; k < west.size(); k++) {
                assertThat(west.get(k).lmp()).as(clock + " interval " + k).isEqualTo(
                        NyisoFixtures.rtLbmp(0, k).doubleValue());
                assertThat(west.get(k).operatingDay()).isEqualTo(day);
            }
            // the last interval ends at midnight: its stamp is the next day's, its operating day this one
            assertThat(west.get(299).localLabel()).isEqualTo("11/03/2025 00:00:00 EST");
            assertThat(west.get(299).intervalEnd()).isEqualTo(Instant.parse("2025-11-03T05:00:00Z"));
            for (RawRecord r : x.records()) {
                assertThat(connector.intervalEnd(r)).isPresent();
            }
        }
        // the two ways of writing the end of the last daylight interval, 06:00Z
        assertThat(NyisoFixtures.rtStamp(day, 23, NyisoFixtures.RtClock.START)).isEqualTo("11/02/2025 02:00:00");
        assertThat(NyisoFixtures.rtStamp(day, 23, NyisoFixtures.RtClock.END)).isEqualTo("11/02/2025 01:00:00");
    }

    @Test
    void realTimeSpringForwardDayHas276Intervals() throws Exception {
        LocalDate day = NyisoFixtures.SPRING_FORWARD;
        String csv = NyisoFixtures.realtime(day, NyisoFixtures.RtClock.END);
        assertThat(csv).doesNotContain("03/09/2025 02:");
        NormalizeResult n = normalizer.normalize(extract(csv).records());
        assertThat(n.rejected()).isEmpty();
        assertTilesTheDay(n.ticks(), day, 300);
        assertThat(tick(n, "H Q", "2025-03-09T06:55:00Z").localLabel()).isEqualTo("03/09/2025 03:00:00 EDT");
    }

    @Test
    void aRealTimeDispatchRerunOffTheGridIsRefusedAndTheRestKept() throws Exception {
        String csv = NyisoFixtures.HEADER + "\r\n"
                + "11/01/2025 13:55:00,WEST,61752,31.00,0.10,0.20\r\n"
                + "11/01/2025 13:57:31,WEST,61752,45.00,0.10,0.20\r\n"
                + "11/01/2025 14:00:00,WEST,61752,32.00,0.10,0.20\r\n";
        NormalizeResult n = normalizer.normalize(extract(csv).records());
        assertThat(n.ticks()).extracting(Tick::lmp).containsExactly(31.0, 32.0);
        assertThat(n.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reason()).isEqualTo("off_grid_interval");
            assertThat(r.rejection().detail()).contains("'11/01/2025 13:57:31'").contains("at line 3");
        });
    }

    // ---------------------------------------------------------------- rows

    @Test
    void rowLevelProblemsAreRefusedAndTheRestOfTheFileGoesOn() throws Exception {
        String csv = NyisoFixtures.HEADER + "\r\n"
                + "11/01/2025 00:00,WEST,61752,31.00,0.10,0.20\r\n"
                + "11/01/2025 00:00,CAPITL,61757,31.50\r\n"                      // ragged
                + "11/01/2025 00:00,,61757,31.50,0.10,0.20\r\n"                  // no name
                + "11/01/2025 00:00,WEST,61752,31.00,0.10,0.20\r\n"              // the same row again
                + "11/01/2025 00:00,WEST,61752,99.00,0.10,0.20\r\n"              // the same hour, other prices
                + "11/01/2025 01:00,WEST,61752,abc,0.10,0.20\r\n"                // not a number
                + "11/01/2025 02:00,WEST,61752,33.00,0.10,\r\n"                  // no congestion
                + "13/01/2025 03:00,WEST,61752,33.00,0.10,0.20\r\n"              // no such date
                + "11/01/2025 04:00,N.Y.C.,61761,-1.50,0.05,-3.25\r\n";
        Extraction x = extract(csv);
        assertThat(x.sourceRows()).isEqualTo(9);
        assertThat(x.rejections()).extracting(Rejection::reason, Rejection::position)
                .containsExactly(tuple("malformed_row", 3L), tuple("malformed_row", 4L),
                        tuple("conflicting_duplicate", 6L));
        assertThat(x.rejections().get(2).detail()).contains("differs from line 2 (the first is kept)");
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.ticks()).extracting(Tick::location, Tick::lmp)
                .containsExactly(tuple("WEST", 31.0), tuple("WEST", 33.0), tuple("N.Y.C.", -1.5));
        assertThat(n.rejected()).extracting(r -> r.rejection().reason())
                .containsExactly("non_numeric_value", "bad_timestamp");
        assertThat(n.rejected().get(0).rejection().detail()).contains("LBMP 'abc' is not a number at line 7");
        Tick noCongestion = n.ticks().get(1);
        assertThat(noCongestion.congestion()).isNaN();
        assertThat(noCongestion.energy()).isNaN();
        assertThat(noCongestion.derived()).isZero();
        Tick nyc = n.ticks().get(2);
        assertThat(nyc.congestion()).isEqualTo(3.25);
        assertThat(nyc.energy()).isEqualTo(-4.8);
    }

    @Test
    void aMonthlyArchiveReadsEachMemberAsItsDay() throws Exception {
        List<LocalDate> days = List.of(NyisoFixtures.NORMAL, NyisoFixtures.FALL_BACK, LocalDate.of(2025, 11, 3));
        byte[] zip = NyisoFixtures.archive("damlbmp", days, d -> d.equals(LocalDate.of(2025, 11, 3))
                ? NyisoFixtures.damlbmp(NyisoFixtures.NORMAL).replace("11/01/2025", "11/03/2025")
                : NyisoFixtures.damlbmp(d));
        Extraction x = extract("20251101damlbmp_zone_csv.zip", zip);
        assertThat(x.dataset()).isEqualTo("damlbmp_zone");
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(3 * (24 + 25 + 24));
        Map<String, Long> perFile = new LinkedHashMap<>();
        x.records().forEach(r -> perFile.merge(r.attr("file"), 1L, Long::sum));
        assertThat(perFile).containsExactly(Map.entry("20251101damlbmp_zone.csv", 72L),
                Map.entry("20251102damlbmp_zone.csv", 75L), Map.entry("20251103damlbmp_zone.csv", 72L));
        assertThat(x.records().get(72).position()).isEqualTo(2);
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        List<Instant> west = n.ticks().stream().filter(t -> t.location().equals("WEST"))
                .map(Tick::intervalStart).toList();
        assertThat(west).hasSize(73).doesNotHaveDuplicates().isSorted();
        assertThat(west.get(0)).isEqualTo(Instant.parse("2025-11-01T04:00:00Z"));
        assertThat(west.get(72)).isEqualTo(Instant.parse("2025-11-04T04:00:00Z"));

        byte[] mixed = NyisoFixtures.zip(Map.of("20251101damlbmp_zone.csv", NyisoFixtures.damlbmp(NyisoFixtures.NORMAL),
                "20251101realtime_zone.csv", NyisoFixtures.realtime(NyisoFixtures.NORMAL, NyisoFixtures.RtClock.END)));
        assertThatThrownBy(() -> extract("x.zip", mixed)).hasMessageContaining("an archive holds one report");
    }

    /** Per location: exact, distinct, contiguous intervals of {@code seconds} tiling the operating day. */
    static void assertTilesTheDay(List<Tick> ticks, LocalDate day, long seconds) {
        List<Instant> expected = NyisoFixtures.starts(day, seconds);
        assertThat(expected).hasSize(NyisoFixtures.hours(day) * (int) (3600 / seconds));
        for (String node : NyisoFixtures.NODES) {
            List<Tick> mine = ticks.stream().filter(t -> t.location().equals(node)).toList();
            assertThat(mine).as(node).extracting(Tick::intervalStart).containsExactlyElementsOf(expected);
            assertThat(mine).allSatisfy(t -> {
                assertThat(t.intervalEnd()).isEqualTo(t.intervalStart().plusSeconds(seconds));
                assertThat(t.operatingDay()).isEqualTo(day);
            });
        }
    }

    static String read(Path p) throws Exception {
        return Files.readString(p);
    }
}
