package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.connector.sim.Formats.CaisoLabel;
import com.carbon254.ingestion.connector.sim.Formats.CaisoReport;
import com.carbon254.ingestion.connector.sim.PriceModel.Iso;
import com.carbon254.ingestion.connector.sim.PriceModel.Market;
import com.carbon254.ingestion.connector.sim.PriceModel.Price;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.caiso.CaisoConnector;
import com.carbon254.ingestion.iso.miso.MisoConnector;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testsupport.IsoSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every document the simulator renders must go through the project's own connectors and normalizer untouched:
 * zero rejections, the right number of ticks, the model's prices.
 */
class FormatsTest {
    private static final int MISO_NODES = PriceModel.nodes(Iso.MISO).size();
    private static final int CAISO_NODES = PriceModel.nodes(Iso.CAISO).size();
    private static final Instant GENERATED = Instant.parse("2024-11-02T21:15:02Z");

    private final PriceModel model = new PriceModel(7);
    private final MisoConnector miso = new MisoConnector();
    private final CaisoConnector caiso = new CaisoConnector();
    private final Normalizer normalizer = new Normalizer();

    // ---------------------------------------------------------------- MISO market report

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void misoDayAheadReportParsesIntoNodesTimes24Ticks(boolean exAnte) throws Exception {
        LocalDate day = LocalDate.of(2024, 11, 3); // a US fall-back day: MISO's EST day has 24 hours anyway
        byte[] doc = Formats.misoDayAheadReport(model, day, exAnte);

        Extraction x = miso.extract(IsoSamples.document("miso", "20241103_da_expost_lmp.csv", doc));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.dataset()).isEqualTo(exAnte ? MisoConnector.DATASET_EXANTE : MisoConnector.DATASET_EXPOST);
        assertThat(x.records()).hasSize(MISO_NODES * 24);
        assertThat(x.sourceRows()).isEqualTo(MISO_NODES * 3L);

        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(MISO_NODES * 24);
        assertThat(n.ticks()).extracting(Tick::revision).containsOnly(exAnte ? "exante" : "expost");
        Instant dayStart = Instant.parse("2024-11-03T05:00:00Z"); // midnight EST
        assertThat(n.ticks()).extracting(Tick::intervalStart).allSatisfy(s ->
                assertThat(s).isBetween(dayStart, dayStart.plus(Duration.ofHours(23))));
        for (Tick t : n.ticks()) {
            assertThat(t.energy()).isCloseTo(t.lmp() - t.congestion() - t.loss(), within(1e-9));
        }
        // the model's prices, hour by hour: HE 18 of INDIANA.HUB starts 17:00 EST = 22:00Z
        Tick he18 = n.ticks().stream().filter(t -> t.location().equals("INDIANA.HUB")
                && t.intervalStart().equals(Instant.parse("2024-11-03T22:00:00Z"))).findFirst().orElseThrow();
        Price p = model.price(Iso.MISO, exAnte ? Market.DAY_AHEAD_EXANTE : Market.DAY_AHEAD, "INDIANA.HUB",
                Instant.parse("2024-11-03T22:00:00Z"), Duration.ofHours(1));
        assertThat(he18.lmp()).isEqualTo(p.lmp().doubleValue());
        assertThat(he18.congestion()).isEqualTo(p.congestion().doubleValue());
        assertThat(he18.loss()).isEqualTo(p.loss().doubleValue());
        assertThat(he18.locationType()).isEqualTo("Hub");
    }

    @Test
    void misoReportLooksLikeMisos() {
        String text = new String(Formats.misoDayAheadReport(model, LocalDate.of(2024, 7, 16), false),
                StandardCharsets.US_ASCII);
        List<String> lines = text.lines().toList();
        assertThat(lines.subList(0, 5)).containsExactly("Day Ahead Market ExPost LMPs", "07/16/2024", "",
                ",,,All Hours-Ending are Eastern Standard Time (EST)",
                "Node,Type,Value," + java.util.stream.IntStream.rangeClosed(1, 24).mapToObj(h -> "HE " + h)
                        .collect(Collectors.joining(",")));
        assertThat(text).doesNotContain("\r").endsWith("\n");
        // rows grouped by Value: all LMP rows, then all MCC rows, then all MLC rows
        List<String> values = lines.subList(5, lines.size()).stream().map(l -> l.split(",")[2]).toList();
        List<String> grouped = new ArrayList<>();
        for (String v : values) if (grouped.isEmpty() || !grouped.get(grouped.size() - 1).equals(v)) grouped.add(v);
        assertThat(grouped).containsExactly("LMP", "MCC", "MLC");
        // MISO's number style: no leading zero, no trailing zeros
        List<String> cells = lines.subList(5, lines.size()).stream()
                .flatMap(l -> Arrays.stream(l.split(",")).skip(3)).toList();
        assertThat(cells).anyMatch(c -> c.matches("-?\\.\\d{1,2}"));
        assertThat(cells).noneMatch(c -> c.matches("-?0\\.\\d+") || c.matches(".*\\.\\d*0") || c.matches("-?\\d+\\.\\d{3,}"));
        assertThat(Formats.misoNumber(new BigDecimal("0.60000"))).isEqualTo(".6");
        assertThat(Formats.misoNumber(new BigDecimal("-0.37000"))).isEqualTo("-.37");
        assertThat(Formats.misoNumber(new BigDecimal("32.00000"))).isEqualTo("32");
        assertThat(Formats.misoNumber(new BigDecimal("0.00000"))).isEqualTo("0");
    }

    // ---------------------------------------------------------------- MISO API

    @Test
    void misoFiveMinExPostCurrentIsHeadersAndDataWithTheIntervalEndInEst() {
        Instant end = Instant.parse("2026-07-27T13:15:00Z"); // 08:15 EST
        JsonObject json = new JsonObject(new String(Formats.misoFiveMinExPostCurrent(model, end), StandardCharsets.UTF_8));
        assertThat(json.fieldNames()).containsExactly("headers", "data");
        assertThat(json.getJsonArray("headers").stream().map(String::valueOf).toList()).containsExactly("INTERVAL", "CPNODE", "LMP", "MLC", "MCC");
        JsonArray data = json.getJsonArray("data");
        assertThat(data).hasSize(MISO_NODES);
        for (int i = 0; i < data.size(); i++) {
            JsonArray row = data.getJsonArray(i);
            assertThat(row.getValue(0)).isEqualTo("2026-07-27T08:15:00"); // as the real sample: END, EST, no offset
            assertThat(row.getValue(2)).isInstanceOf(Number.class);
            assertThat(row.getValue(3)).isInstanceOf(Number.class);
            assertThat(row.getValue(4)).isInstanceOf(Number.class);
            Price p = model.price(Iso.MISO, Market.REAL_TIME, row.getString(1), end.minus(Duration.ofMinutes(5)),
                    Duration.ofMinutes(5));
            assertThat(new BigDecimal(row.getValue(2).toString())).isEqualByComparingTo(p.lmp());
            assertThat(new BigDecimal(row.getValue(3).toString())).isEqualByComparingTo(p.loss());
            assertThat(new BigDecimal(row.getValue(4).toString())).isEqualByComparingTo(p.congestion());
        }
        assertThat(data.stream().map(r -> ((JsonArray) r).getString(1)).toList())
                .contains("INDIANA.HUB", "MINN.HUB", "TEXAS.HUB");
    }

    // ---------------------------------------------------------------- CAISO

    @Test
    void caisoDamFallBackDayWindowIsNodesTimes25WithHour25BetweenTwoAndThree() throws Exception {
        // the connector's DA window: one Pacific trade date, 2024-11-03 00:00 PDT .. 2024-11-04 00:00 PST
        Instant start = Instant.parse("2024-11-03T07:00:00Z");
        Instant end = Instant.parse("2024-11-04T08:00:00Z");
        byte[] zip = Formats.caisoSingleZip(model, CaisoReport.PRC_LMP, start, end, "ALL_APNODES", 12, GENERATED);

        Map<String, byte[]> members = unzip(zip);
        assertThat(members.keySet()).containsExactly("20241103_20241103_PRC_LMP_DAM_20241102_14_15_02_v12.csv");
        Extraction x = caiso.extract(IsoSamples.document("caiso", "SingleZip", zip));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.dataset()).isEqualTo(CaisoConnector.DATASET_DA);
        assertThat(x.records()).hasSize(CAISO_NODES * 25);
        assertThat(x.sourceRows()).isEqualTo(CAISO_NODES * 25L * 5);
        assertThat(x.records()).extracting(r -> r.attr(CaisoConnector.ATTR_OPR_DT)).containsOnly("2024-11-03");
        assertThat(x.records()).extracting(r -> r.attr(CaisoConnector.ATTR_VERSION)).containsOnly("v12");
        Map<String, String> hrByStart = new java.util.TreeMap<>();
        for (RawRecord r : x.records()) hrByStart.put(r.attr(CaisoConnector.ATTR_START), r.attr(CaisoConnector.ATTR_OPR_HR));
        assertThat(new ArrayList<>(hrByStart.values())).containsExactly("1", "2", "25", "3", "4", "5", "6", "7", "8",
                "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24");

        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(CAISO_NODES * 25);
        assertThat(n.ticks()).extracting(Tick::intervalStart).allSatisfy(s -> assertThat(s).isBetween(start, end));
        for (Tick t : n.ticks()) {
            assertThat(t.lmp()).isCloseTo(t.energy() + t.congestion() + t.loss() + t.ghg(), within(1e-9));
            assertThat(t.derived()).isZero();
        }
        Tick tick = n.ticks().stream().filter(t -> t.location().equals("TH_SP15_GEN-APND")
                && t.intervalStart().equals(Instant.parse("2024-11-04T02:00:00Z"))).findFirst().orElseThrow();
        Price p = model.price(Iso.CAISO, Market.DAY_AHEAD, "TH_SP15_GEN-APND", Instant.parse("2024-11-04T02:00:00Z"),
                Duration.ofHours(1));
        assertThat(tick.lmp()).isEqualTo(p.lmp().doubleValue());
        assertThat(tick.energy()).isEqualTo(p.energy().doubleValue());
        assertThat(tick.ghg()).isEqualTo(p.ghg().doubleValue());
    }

    @Test
    void caisoDamSpringForwardDayHasNoHour3() throws Exception {
        Instant start = Instant.parse("2024-03-10T08:00:00Z");
        Instant end = Instant.parse("2024-03-11T07:00:00Z");
        byte[] zip = Formats.caisoSingleZip(model, CaisoReport.PRC_LMP, start, end, "ALL_APNODES", 1, GENERATED);
        Extraction x = caiso.extract(IsoSamples.document("caiso", "SingleZip", zip));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(CAISO_NODES * 23);
        Set<Integer> hours = x.records().stream().map(r -> Integer.parseInt(r.attr(CaisoConnector.ATTR_OPR_HR)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(hours).hasSize(23).doesNotContain(3, 25).contains(1, 2, 4, 24);
        assertThat(normalizer.normalize(x.records()).rejected()).isEmpty();
    }

    @Test
    void caisoUtcMidnightWindowMixesTwoTradeDatesLabelledInPacificTime() throws Exception {
        // like the real 2020-01-01 file: 2020-01-02T00:00Z is 16:00 PST on the 1st, so HE 17..24 of 01-01 then
        // HE 1..16 of 01-02
        Instant start = Instant.parse("2020-01-02T00:00:00Z");
        byte[] zip = Formats.caisoSingleZip(model, CaisoReport.PRC_LMP, start, start.plus(Duration.ofDays(1)),
                "ALL_APNODES", 1, GENERATED);
        Extraction x = caiso.extract(IsoSamples.document("caiso", "SingleZip", zip));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(CAISO_NODES * 24);
        Map<String, Set<Integer>> hoursByDate = new LinkedHashMap<>();
        for (RawRecord r : x.records()) {
            hoursByDate.computeIfAbsent(r.attr(CaisoConnector.ATTR_OPR_DT), d -> new TreeSet<>())
                    .add(Integer.parseInt(r.attr(CaisoConnector.ATTR_OPR_HR)));
        }
        assertThat(hoursByDate.keySet()).containsExactly("2020-01-01", "2020-01-02");
        assertThat(hoursByDate.get("2020-01-01")).containsExactly(17, 18, 19, 20, 21, 22, 23, 24);
        assertThat(hoursByDate.get("2020-01-02")).hasSize(16).contains(1, 16).doesNotContain(17);
        RawRecord first = x.records().stream().filter(r -> r.attr(CaisoConnector.ATTR_START)
                .equals("2020-01-02T00:00:00-00:00")).findFirst().orElseThrow();
        assertThat(first.attr(CaisoConnector.ATTR_OPR_HR)).isEqualTo("17");
        assertThat(first.attr(CaisoConnector.ATTR_END)).isEqualTo("2020-01-02T01:00:00-00:00");
        assertThat(first.attr(CaisoConnector.ATTR_OPR_INTERVAL)).isEqualTo("0");
    }

    @Test
    void caisoRtmOneHourIsNodesTimes12WithIntervals1To12() throws Exception {
        // the connector's RT window: the hour that just ended, here 14:00-15:00 PDT
        Instant start = Instant.parse("2024-07-16T21:00:00Z");
        byte[] zip = Formats.caisoSingleZip(model, CaisoReport.PRC_INTVL_LMP, start, start.plus(Duration.ofHours(1)),
                "ALL_APNODES", 3, GENERATED);
        assertThat(unzip(zip).keySet()).singleElement().asString()
                .matches("20240716_20240716_PRC_INTVL_LMP_RTM_\\d{8}_\\d\\d_\\d\\d_\\d\\d_v3\\.csv");
        String csv = new String(unzip(zip).values().iterator().next(), StandardCharsets.US_ASCII);
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo("INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,"
                + "OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,"
                + "PNODE_RESMRID,GRP_TYPE,POS,VALUE,GROUP");

        Extraction x = caiso.extract(IsoSamples.document("caiso", "SingleZip", zip));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.dataset()).isEqualTo(CaisoConnector.DATASET_RT);
        assertThat(x.records()).hasSize(CAISO_NODES * 12);
        assertThat(x.records()).extracting(r -> r.attr(CaisoConnector.ATTR_OPR_HR)).containsOnly("15");
        assertThat(x.records()).extracting(r -> Integer.parseInt(r.attr(CaisoConnector.ATTR_OPR_INTERVAL)))
                .containsOnly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(x.records()).allSatisfy(r -> assertThat(r.values().keySet())
                .containsExactlyInAnyOrder("LMP", "MCE", "MCC", "MCL", "MGHG"));
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(CAISO_NODES * 12);
        assertThat(n.ticks()).extracting(Tick::market).containsOnly("RT_5MIN");
    }

    @Test
    void caisoRowsAreUnsortedButGroupedByTradeDateNodeAndType() throws IOException {
        Instant start = Instant.parse("2024-07-16T07:00:00Z");
        byte[] zip = Formats.caisoSingleZip(model, CaisoReport.PRC_LMP, start, start.plus(Duration.ofDays(1)),
                "ALL_APNODES", 1, GENERATED);
        List<String> rows = new String(unzip(zip).values().iterator().next(), StandardCharsets.US_ASCII).lines()
                .skip(1).toList();
        assertThat(rows).hasSize(CAISO_NODES * 24 * 5);
        List<String> firstGroup = rows.subList(0, 24);
        assertThat(firstGroup).extracting(r -> r.split(",")[9]).containsOnly("LMP");
        assertThat(firstGroup).extracting(r -> r.split(",")[15]).containsOnly("1");
        List<String> starts = firstGroup.stream().map(r -> r.split(",")[0]).toList();
        assertThat(starts).doesNotHaveDuplicates().isNotEqualTo(starts.stream().sorted().toList());
        assertThat(rows.get(rows.size() - 1).split(",")[15]).isEqualTo(Integer.toString(CAISO_NODES * 5));
        assertThat(rows).allSatisfy(r -> assertThat(r.split(",")[14]).matches("-?\\d+(\\.\\d{1,5})?"));
    }

    @Test
    void caisoLabelsOnDstDays() {
        Duration h = Duration.ofHours(1);
        assertThat(Formats.caisoLabel(Instant.parse("2024-11-03T08:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 11, 3), 2, 0)); // 01:00 PDT
        assertThat(Formats.caisoLabel(Instant.parse("2024-11-03T09:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 11, 3), 25, 0)); // 01:00 PST, the repeat
        assertThat(Formats.caisoLabel(Instant.parse("2024-11-03T09:55:00Z"), Duration.ofMinutes(5)))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 11, 3), 25, 12));
        assertThat(Formats.caisoLabel(Instant.parse("2024-11-03T10:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 11, 3), 3, 0));
        assertThat(Formats.caisoLabel(Instant.parse("2024-03-10T09:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 3, 10), 2, 0)); // 01:00 PST
        assertThat(Formats.caisoLabel(Instant.parse("2024-03-10T10:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 3, 10), 4, 0)); // 03:00 PDT: hour 3 is skipped
        assertThat(Formats.caisoLabel(Instant.parse("2024-07-17T06:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 7, 16), 24, 0)); // 23:00 PDT
    }

    @Test
    void caisoErrorZipIsRejectedAsIsoError1004() throws IOException {
        byte[] zip = Formats.caisoNoDataZip(GENERATED);
        Map<String, byte[]> members = unzip(zip);
        assertThat(members.keySet()).containsExactly("INVALID_REQUEST.xml");
        String xml = new String(members.get("INVALID_REQUEST.xml"), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("<m:ERR_CODE>1004</m:ERR_CODE>")
                .contains("<m:ERR_DESC>No data returned for the specified selection</m:ERR_DESC>");
        assertThatThrownBy(() -> caiso.extract(IsoSamples.document("caiso", "INVALID_REQUEST.xml.zip", zip)))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("iso_error"))
                .hasMessageContaining("1004")
                .hasMessageContaining("No data returned for the specified selection");
    }

    @Test
    void renderingIsDeterministic() {
        Instant start = Instant.parse("2024-07-16T21:00:00Z");
        assertThat(Formats.caisoSingleZip(new PriceModel(7), CaisoReport.PRC_INTVL_LMP, start,
                start.plus(Duration.ofHours(1)), "ALL_APNODES", 3, GENERATED))
                .isEqualTo(Formats.caisoSingleZip(model, CaisoReport.PRC_INTVL_LMP, start,
                        start.plus(Duration.ofHours(1)), "ALL_APNODES", 3, GENERATED));
        assertThat(Formats.misoDayAheadReport(new PriceModel(7), LocalDate.of(2024, 7, 16), true))
                .isEqualTo(Formats.misoDayAheadReport(model, LocalDate.of(2024, 7, 16), true));
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
