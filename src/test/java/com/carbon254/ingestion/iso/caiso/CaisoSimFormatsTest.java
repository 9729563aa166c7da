package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.caiso.CaisoSimFormats.CaisoLabel;
import com.carbon254.ingestion.iso.caiso.CaisoSimFormats.CaisoReport;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.iso.sim.PriceModel;
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
import java.util.ArrayList;
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
 * Every CAISO document the simulator renders must go through the project's own connector and normalizer untouched:
 * zero rejections, the right number of ticks, the model's prices.
 */
class CaisoSimFormatsTest {
    private static final int CAISO_NODES = CaisoSimulator.PRICES.nodes().size();
    private static final Instant GENERATED = Instant.parse("2024-11-02T21:15:02Z");

    private final PriceModel model = new PriceModel(7);
    private final CaisoConnector caiso = new CaisoConnector();
    private final Normalizer normalizer = new Normalizer();

    @Test
    void caisoDamFallBackDayWindowIsNodesTimes25WithHour25BetweenTwoAndThree() throws Exception {
        // the connector's DA window: one Pacific trade date, 2024-11-03 00:00 PDT .. 2024-11-04 00:00 PST
        Instant start = Instant.parse("2024-11-03T07:00:00Z");
        Instant end = Instant.parse("2024-11-04T08:00:00Z");
        byte[] zip = CaisoSimFormats.singleZip(model, CaisoReport.PRC_LMP, start, end, "ALL_APNODES", 12, GENERATED);

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
        Price p = model.price(CaisoSimulator.PRICES, Market.DAY_AHEAD, "TH_SP15_GEN-APND", Instant.parse("2024-11-04T02:00:00Z"),
                Duration.ofHours(1));
        assertThat(tick.lmp()).isEqualTo(p.lmp().doubleValue());
        assertThat(tick.energy()).isEqualTo(p.energy().doubleValue());
        assertThat(tick.ghg()).isEqualTo(p.ghg().doubleValue());
    }

    @Test
    void caisoDamSpringForwardDayHasNoHour3() throws Exception {
        Instant start = Instant.parse("2024-03-10T08:00:00Z");
        Instant end = Instant.parse("2024-03-11T07:00:00Z");
        byte[] zip = CaisoSimFormats.singleZip(model, CaisoReport.PRC_LMP, start, end, "ALL_APNODES", 1, GENERATED);
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
        byte[] zip = CaisoSimFormats.singleZip(model, CaisoReport.PRC_LMP, start, start.plus(Duration.ofDays(1)),
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
        byte[] zip = CaisoSimFormats.singleZip(model, CaisoReport.PRC_INTVL_LMP, start, start.plus(Duration.ofHours(1)),
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
        byte[] zip = CaisoSimFormats.singleZip(model, CaisoReport.PRC_LMP, start, start.plus(Duration.ofDays(1)),
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
        assertThat(CaisoSimFormats.label(Instant.parse("2024-11-03T08:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 11, 3), 2, 0)); // 01:00 PDT
        assertThat(CaisoSimFormats.label(Instant.parse("2024-11-03T09:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 11, 3), 25, 0)); // 01:00 PST, the repeat
        assertThat(CaisoSimFormats.label(Instant.parse("2024-11-03T09:55:00Z"), Duration.ofMinutes(5)))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 11, 3), 25, 12));
        assertThat(CaisoSimFormats.label(Instant.parse("2024-11-03T10:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 11, 3), 3, 0));
        assertThat(CaisoSimFormats.label(Instant.parse("2024-03-10T09:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 3, 10), 2, 0)); // 01:00 PST
        assertThat(CaisoSimFormats.label(Instant.parse("2024-03-10T10:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 3, 10), 4, 0)); // 03:00 PDT: hour 3 is skipped
        assertThat(CaisoSimFormats.label(Instant.parse("2024-07-17T06:00:00Z"), h))
                .isEqualTo(new CaisoLabel(LocalDate.of(2024, 7, 16), 24, 0)); // 23:00 PDT
    }

    @Test
    void caisoErrorZipIsRejectedAsIsoError1004() throws IOException {
        byte[] zip = CaisoSimFormats.noDataZip(GENERATED);
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
        assertThat(CaisoSimFormats.singleZip(new PriceModel(7), CaisoReport.PRC_INTVL_LMP, start,
                start.plus(Duration.ofHours(1)), "ALL_APNODES", 3, GENERATED))
                .isEqualTo(CaisoSimFormats.singleZip(model, CaisoReport.PRC_INTVL_LMP, start,
                        start.plus(Duration.ofHours(1)), "ALL_APNODES", 3, GENERATED));
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
