package com.carbon254.ingestion.iso.isone;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.miso.MisoSimFormats;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.carbon254.ingestion.iso.isone.IsoneFixtures.FALL_BACK;
import static com.carbon254.ingestion.iso.isone.IsoneFixtures.LOCATIONS;
import static com.carbon254.ingestion.iso.isone.IsoneFixtures.ORDINARY;
import static com.carbon254.ingestion.iso.isone.IsoneFixtures.SPRING_FORWARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class IsoneConnectorTest {
    private static final String REAL_5MIN = "isone/isone_ws_fiveminutelmp_current_2026-07-27_via_wsclient_proxy.json";
    private static final String DA_URL = "https://webservices.iso-ne.com/api/v1.1/hourlylmp/da/final/day/20241103";

    private final IsoneConnector connector = new IsoneConnector();
    private final Normalizer normalizer = new Normalizer();

    private Extraction extract(String name, String text) throws DocumentRejectedException {
        return extract(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Extraction extract(String name, byte[] bytes) throws DocumentRejectedException {
        return connector.extract(IsoSamples.document("isone", name, bytes));
    }

    private static DocumentRejectedException rejected(ThrowingSupplier call) {
        try {
            call.get();
        } catch (DocumentRejectedException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a DocumentRejectedException, got " + e, e);
        }
        throw new AssertionError("the document was accepted");
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        Object get() throws Exception;
    }

    private List<Tick> ticks(Extraction x) {
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).as("normalizer rejections").isEmpty();
        return n.ticks();
    }

    private static List<Tick> of(List<Tick> ticks, String location) {
        return ticks.stream().filter(t -> t.location().equals(location))
                .sorted(Comparator.comparing(Tick::intervalStart)).toList();
    }

    /** The ticks of one location tile the operating day exactly: distinct, contiguous, from midnight to midnight. */
    private static void tilesTheDay(List<Tick> ticks, int hours, Instant dayStart, Instant dayEnd, LocalDate day) {
        assertThat(ticks).hasSize(hours);
        assertThat(ticks.stream().map(Tick::intervalStart).distinct()).hasSize(hours);
        assertThat(ticks.get(0).intervalStart()).isEqualTo(dayStart);
        assertThat(ticks.get(hours - 1).intervalEnd()).isEqualTo(dayEnd);
        for (int i = 0; i < hours; i++) {
            Tick t = ticks.get(i);
            assertThat(Duration.between(t.intervalStart(), t.intervalEnd())).isEqualTo(Duration.ofHours(1));
            if (i > 0) assertThat(t.intervalStart()).isEqualTo(ticks.get(i - 1).intervalEnd());
            assertThat(t.operatingDay()).isEqualTo(day);
        }
    }

    // ---------------------------------------------------------------- web services JSON

    @Test
    void dayAheadJsonIsOneRecordPerLocationAndHourWithIsoNesOwnStrings() throws Exception {
        Extraction x = extract(DA_URL, IsoneFixtures.dayAheadJson(ORDINARY));
        assertThat(x.dataset()).isEqualTo("lmp_da_ws");
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(x.sourceRows()).isEqualTo(48);
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(48);
        RawRecord unit = x.records().get(1);
        assertThat(unit.location()).isEqualTo("UN.CDEC    13.8AETN"); // inner spaces are part of the name
        assertThat(unit.position()).isEqualTo(2);
        assertThat(unit.attributes()).isEqualTo(Map.of("begin_date", "2024-01-15T00:00:00.000-05:00",
                "revision", "final", RawRecord.TYPE, "NETWORK NODE", RawRecord.LOCATION_ID, "324"));
        assertThat(unit.values()).isEqualTo(Map.of("LmpTotal", "29.13", "EnergyComponent", "30.00",
                "CongestionComponent", "-0.75", "LossComponent", "-0.12"));

        List<Tick> hub = of(ticks(x), ".H.INTERNAL_HUB");
        tilesTheDay(hub, 24, Instant.parse("2024-01-15T05:00:00Z"), Instant.parse("2024-01-16T05:00:00Z"), ORDINARY);
        Tick t = hub.get(7);
        assertThat(t.localLabel()).isEqualTo("2024-01-15T07:00:00.000-05:00");
        assertThat(t.intervalStart()).isEqualTo(Instant.parse("2024-01-15T12:00:00Z"));
        assertThat(t.lmp()).isEqualTo(38.60);
        assertThat(t.energy()).isEqualTo(37.0);
        assertThat(t.congestion()).isEqualTo(1.25);
        assertThat(t.loss()).isEqualTo(0.35);
        assertThat(t.ghg()).isNaN();
        assertThat(t.derived()).isZero();
        assertThat(t.revision()).isEqualTo("final");
        assertThat(t.locationType()).isEqualTo("HUB");
        assertThat(t.locationId()).isEqualTo("4000");
        assertThat(t.iso()).isEqualTo("ISONE");
    }

    @Test
    void fallBackDayJsonHas25DistinctContiguousHoursPerLocation() throws Exception {
        List<Tick> ticks = ticks(extract(DA_URL, IsoneFixtures.dayAheadJson(FALL_BACK)));
        for (String[] loc : LOCATIONS) {
            List<Tick> l = of(ticks, loc[1]);
            tilesTheDay(l, 25, Instant.parse("2024-11-03T04:00:00Z"), Instant.parse("2024-11-04T05:00:00Z"), FALL_BACK);
            // the two 01:00 hours: EDT first, then EST, each with its own prices
            assertThat(l.get(1).localLabel()).isEqualTo("2024-11-03T01:00:00.000-04:00");
            assertThat(l.get(1).intervalStart()).isEqualTo(Instant.parse("2024-11-03T05:00:00Z"));
            assertThat(l.get(2).localLabel()).isEqualTo("2024-11-03T01:00:00.000-05:00");
            assertThat(l.get(2).intervalStart()).isEqualTo(Instant.parse("2024-11-03T06:00:00Z"));
            assertThat(l.get(2).energy()).isEqualTo(32.0);
        }
    }

    @Test
    void springForwardDayJsonHas23DistinctContiguousHoursPerLocation() throws Exception {
        List<Tick> ticks = ticks(extract(DA_URL, IsoneFixtures.dayAheadJson(SPRING_FORWARD)));
        for (String[] loc : LOCATIONS) {
            List<Tick> l = of(ticks, loc[1]);
            tilesTheDay(l, 23, Instant.parse("2024-03-10T05:00:00Z"), Instant.parse("2024-03-11T04:00:00Z"),
                    SPRING_FORWARD);
            assertThat(l.get(2).localLabel()).isEqualTo("2024-03-10T03:00:00.000-04:00");
            assertThat(l.get(2).intervalStart()).isEqualTo(Instant.parse("2024-03-10T07:00:00Z"));
        }
    }

    @Test
    void realFiveMinuteSampleImportsWithNoRejectionAndBeginDateIsTheStart() throws Exception {
        Path file = IsoSamples.find(REAL_5MIN).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);

        Extraction x = connector.extract(IsoSamples.document("isone", file));
        assertThat(x.dataset()).isEqualTo("lmp_rt_5min_ws");
        assertThat(x.market()).isEqualTo("RT_5MIN");
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(16);
        List<Tick> ticks = ticks(x);
        assertThat(ticks).hasSize(16).allSatisfy(t -> {
            assertThat(t.intervalStart()).isEqualTo(Instant.parse("2026-07-27T21:25:00Z")); // 17:25 EDT
            assertThat(t.intervalEnd()).isEqualTo(Instant.parse("2026-07-27T21:30:00Z"));
            assertThat(t.operatingDay()).isEqualTo(LocalDate.of(2026, 7, 27));
            assertThat(t.revision()).isEqualTo("prelim");
            assertThat(t.lmp()).isCloseTo(t.energy() + t.congestion() + t.loss(), within(0.01));
            assertThat(t.derived()).isZero();
        });
        assertThat(ticks).extracting(Tick::location).contains(".H.INTERNAL_HUB", ".Z.MAINE", ".Z.NEMASSBOST",
                ".I.ROSETON 345 1", ".I.HQMRL_RD345 1");
        Tick maine = of(ticks, ".Z.MAINE").get(0);
        assertThat(maine.lmp()).isEqualTo(64.36);
        assertThat(maine.energy()).isEqualTo(67.88);
        assertThat(maine.congestion()).isZero();
        assertThat(maine.loss()).isEqualTo(-3.52);
        assertThat(maine.locationType()).isEqualTo("LOAD ZONE");
        assertThat(maine.locationId()).isEqualTo("4001");
        assertThat(maine.localLabel()).isEqualTo("2026-07-27T17:25:00.000-04:00");
        RawRecord raw = x.records().stream().filter(r -> r.location().equals(".I.SHOREHAM138 99")).findFirst()
                .orElseThrow();
        assertThat(raw.attr(RawRecord.LOCATION_ID)).isEqualTo("4014");
        assertThat(raw.attr(RawRecord.TYPE)).isEqualTo("EXT. NODE");
        assertThat(raw.values()).containsEntry("LmpTotal", "69.04").containsEntry("CongestionComponent", "0");
        assertThat(connector.intervalEnd(raw)).contains(Instant.parse("2026-07-27T21:30:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "isone_ws_genfuelmix_20241103.json                                        | GenFuelMixes",
            "isone_ws_genfuelmix_20240310.json                                        | GenFuelMixes",
            "isone_ws_genfuelmix_current_2026-07-27_via_wsclient_proxy.json           | GenFuelMixes",
            "isone_ws_hourlysysload_20241103.json                                     | HourlySystemLoads",
            "isone_ws_hourlysysload_20240310.json                                     | HourlySystemLoads",
            "isone_ws_realtimehourlydemand_20241103_loc4001.json                      | HourlyRtDemands",
            "isone_ws_realtimehourlydemand_20241103_loc4002.json                      | HourlyRtDemands",
            "isone_ws_fiveminutesystemload_current_2026-07-27_via_wsclient_proxy.json | FiveMinSystemLoad",
    })
    void realLoadAndFuelMixSamplesAreRefusedAsNotPrices(String sample, String root) {
        Path file = IsoSamples.find("isone/" + sample).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        DocumentRejectedException e = rejected(() -> connector.extract(IsoSamples.document("isone", file)));
        assertThat(e.reason()).isEqualTo("unknown_format");
        assertThat(e.getMessage()).contains("an ISO-NE " + root + " document").contains("not prices");
    }

    @Test
    void aSingleItemComesAsAnObjectAndIsReadLikeAListOfOne() throws Exception {
        String one = "{\"FiveMinLmps\":{\"FiveMinLmp\":" + IsoneFixtures.item("2024-11-03T01:05:00.000-05:00", 0,
                IsoneFixtures.prices(0, 0)) + "}}";
        Extraction x = extract("https://webservices.iso-ne.com/api/v1.1/fiveminutelmp/current", one);
        assertThat(x.records()).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo(".H.INTERNAL_HUB");
            assertThat(r.attr("revision")).isEqualTo("prelim");
        });
        Tick t = ticks(x).get(0);
        assertThat(t.intervalStart()).isEqualTo(Instant.parse("2024-11-03T06:05:00Z")); // the EST pass of 01:05
        assertThat(t.intervalEnd()).isEqualTo(Instant.parse("2024-11-03T06:10:00Z"));
        assertThat(t.operatingDay()).isEqualTo(FALL_BACK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"HourlyLmps\":{}}", "{\"HourlyLmps\":\"\"}", "{\"HourlyLmps\":null}",
            "{\"HourlyLmps\":{\"HourlyLmp\":[]}}", "{\"FiveMinLmps\":{}}", "{}"})
    void anEmptyAnswerIsAnEmptyDocument(String json) {
        DocumentRejectedException e = rejected(() -> extract(DA_URL, json));
        assertThat(e.reason()).isEqualTo("empty_document");
    }

    @Test
    void finalFiveMinutePricesAreTheFinalRevisionWhichOutranksPrelim() throws Exception {
        String json = "{\"FiveMinLmps\":{\"FiveMinLmp\":[" + IsoneFixtures.item("2024-01-15T10:05:00.000-05:00", 0,
                IsoneFixtures.prices(0, 0)) + "]}}";
        Extraction fin = extract("https://webservices.iso-ne.com/api/v1.1/fiveminutelmp/final/day/20240115/starthour/10",
                json);
        Extraction pre = extract("https://webservices.iso-ne.com/api/v1.1/fiveminutelmp/current", json);
        assertThat(ticks(fin).get(0).revision()).isEqualTo("final");
        assertThat(ticks(pre).get(0).revision()).isEqualTo("prelim");
        Isone isone = new Isone();
        assertThat(isone.revisionRank("final")).isGreaterThan(isone.revisionRank("prelim"));
    }

    @Test
    void realTimeHourlyJsonIsNotTakenForDayAheadPrices() {
        DocumentRejectedException e = rejected(() -> extract(
                "https://webservices.iso-ne.com/api/v1.1/hourlylmp/rt/final/day/20241103", IsoneFixtures.dayAheadJson(FALL_BACK)));
        assertThat(e.reason()).isEqualTo("unknown_format");
        assertThat(e.getMessage()).contains("real-time hourly");
    }

    @Test
    void badItemsAreRejectedAndTheRestGoesOn() throws Exception {
        String good = IsoneFixtures.item("2024-01-15T00:00:00.000-05:00", 0, IsoneFixtures.prices(0, 0));
        String json = "{\"HourlyLmps\":{\"HourlyLmp\":[" + good
                + ",{\"BeginDate\":\"2024-01-15T01:00:00.000-05:00\",\"LmpTotal\":1}"                       // no Location
                + ",{\"Location\":{\"@LocId\":\"4001\",\"$\":\".Z.MAINE\"},\"LmpTotal\":1}"                // no BeginDate
                + ",42"                                                                                    // not an item
                + "," + good.replace("31.60", "99.99")                                                    // conflicting
                + "," + good                                                                               // identical
                + ",{\"BeginDate\":\"2024-01-15T02:00:00.000-05:00\",\"Location\":{\"@LocId\":\"4000\",\"$\":"
                + "\".H.INTERNAL_HUB\"},\"LmpTotal\":\"abc\"}"                                           // non-numeric
                + ",{\"BeginDate\":\"2024-01-15T03:30:00.000-05:00\",\"Location\":{\"$\":\".H.INTERNAL_HUB\"},"
                + "\"LmpTotal\":1}"                                                                        // off the grid
                + "]}}";
        Extraction x = extract(DA_URL, json);
        assertThat(x.sourceRows()).isEqualTo(8);
        assertThat(x.records()).hasSize(3);
        assertThat(x.rejections()).extracting(Rejection::reason, Rejection::position).containsExactly(
                tuple("malformed_row", 2L), tuple("malformed_row", 3L), tuple("malformed_row", 4L),
                tuple("conflicting_duplicate", 5L));
        assertThat(x.rejections().get(0).detail()).contains("no Location name");
        assertThat(x.rejections().get(1).detail()).contains("no BeginDate for .Z.MAINE");
        assertThat(x.rejections().get(3).detail()).contains("differs from item 1");

        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.ticks()).singleElement().satisfies(t -> assertThat(t.lmp()).isEqualTo(31.60));
        assertThat(n.rejected()).extracting(r -> r.rejection().reason(), r -> r.rejection().detail())
                .containsExactly(
                        tuple("non_numeric_value", "LmpTotal 'abc' is not a number at item 7 (location"
                                + " .H.INTERNAL_HUB), 2024-01-15T02:00:00.000-05:00"),
                        tuple("bad_timestamp", "BeginDate '2024-01-15T03:30:00.000-05:00' is not on the 60-minute"
                                + " grid of DA_HOURLY at item 8 (location .H.INTERNAL_HUB)"));
    }

    @Test
    void onlyATotalLeavesTheComponentsNullAndMissingTotalIsDerived() throws Exception {
        String json = "{\"HourlyLmps\":{\"HourlyLmp\":["
                + "{\"BeginDate\":\"2024-01-15T00:00:00.000-05:00\",\"Location\":{\"@LocId\":\"4000\",\"$\":"
                + "\".H.INTERNAL_HUB\",\"@LocType\":\"HUB\"},\"LmpTotal\":41.5,\"EnergyComponent\":null}"
                + ",{\"BeginDate\":\"2024-01-15T00:00:00.000-05:00\",\"Location\":{\"@LocId\":\"4001\",\"$\":"
                + "\".Z.MAINE\",\"@LocType\":\"LOAD ZONE\"},\"EnergyComponent\":40.1,\"CongestionComponent\":-1.2,"
                + "\"LossComponent\":0.35}]}}";
        List<Tick> t = ticks(extract(DA_URL, json));
        Tick hub = of(t, ".H.INTERNAL_HUB").get(0);
        assertThat(hub.lmp()).isEqualTo(41.5);
        assertThat(hub.energy()).isNaN();
        assertThat(hub.congestion()).isNaN();
        assertThat(hub.loss()).isNaN();
        assertThat(hub.derived()).isZero();
        Tick maine = of(t, ".Z.MAINE").get(0);
        assertThat(maine.lmp()).isEqualTo(39.25);
        assertThat(maine.isDerived(Component.LMP)).isTrue();
        assertThat(maine.isDerived(Component.ENERGY)).isFalse();
    }

    @Test
    void truncatedOrForeignJsonIsRefusedWholly() {
        String json = IsoneFixtures.dayAheadJson(ORDINARY);
        assertThat(rejected(() -> extract(DA_URL, json.substring(0, json.length() / 2))).reason())
                .isEqualTo("truncated_document");
        DocumentRejectedException miso = rejected(() -> extract("Current", MisoSimFormats.fiveMinExPostCurrent(
                new PriceModel(1), Instant.parse("2024-01-15T10:05:00Z"))));
        assertThat(miso.reason()).isEqualTo("unknown_format");
        assertThat(miso.getMessage()).contains("{\"headers\": …} is not an ISO-NE LMP document");
        DocumentRejectedException xml = rejected(() -> extract(DA_URL,
                "<?xml version=\"1.0\"?><HourlyLmps xmlns=\"http://WEBSERVICES.iso-ne.com/\"></HourlyLmps>"));
        assertThat(xml.reason()).isEqualTo("unknown_format");
        assertThat(xml.getMessage()).contains("Accept: application/json");
        assertThat(rejected(() -> extract(DA_URL, "[{\"data\":{}}]")).reason()).isEqualTo("unknown_format");
    }

    // ---------------------------------------------------------------- ISO Express CSV

    @Test
    void dayAheadCsvIsOneRecordPerRowWithItsLabels() throws Exception {
        Extraction x = extract("WW_DALMP_ISO_20240115.csv", IsoneFixtures.dayAheadCsv(ORDINARY));
        assertThat(x.dataset()).isEqualTo("lmp_da_csv");
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(x.sourceRows()).isEqualTo(48);
        assertThat(x.rejections()).isEmpty();
        RawRecord r = x.records().get(1);
        assertThat(r.location()).isEqualTo("UN.CDEC    13.8AETN");
        assertThat(r.position()).isEqualTo(8);
        assertThat(r.attributes()).isEqualTo(Map.of("date", "01/15/2024", "he", "01", "revision", "final",
                RawRecord.TYPE, "NETWORK NODE", RawRecord.LOCATION_ID, "324"));
        assertThat(r.values()).isEqualTo(Map.of("Locational Marginal Price", "29.13", "Energy Component", "30.00",
                "Congestion Component", "-0.75", "Marginal Loss Component", "-0.12"));
        assertThat(connector.intervalEnd(r)).contains(Instant.parse("2024-01-15T06:00:00Z"));

        List<Tick> ticks = ticks(x);
        List<Tick> hub = of(ticks, ".H.INTERNAL_HUB");
        tilesTheDay(hub, 24, Instant.parse("2024-01-15T05:00:00Z"), Instant.parse("2024-01-16T05:00:00Z"), ORDINARY);
        assertThat(hub.get(23).localLabel()).isEqualTo("01/15/2024 HE 24");
        assertThat(hub.get(23).lmp()).isEqualTo(54.60);
        // the same prices as the web services publish for the day
        List<Tick> ws = of(ticks(extract(DA_URL, IsoneFixtures.dayAheadJson(ORDINARY))), ".H.INTERNAL_HUB");
        for (int i = 0; i < 24; i++) {
            assertThat(hub.get(i).intervalStart()).isEqualTo(ws.get(i).intervalStart());
            assertThat(hub.get(i).lmp()).isEqualTo(ws.get(i).lmp());
        }
    }

    @Test
    void fallBackDayCsvHas25HoursWith02XTheRepeatedStandardTimeHour() throws Exception {
        Extraction x = extract("WW_DALMP_ISO_20241103.csv", IsoneFixtures.dayAheadCsv(FALL_BACK));
        List<Tick> ticks = ticks(x);
        for (String[] loc : LOCATIONS) {
            List<Tick> l = of(ticks, loc[1]);
            tilesTheDay(l, 25, Instant.parse("2024-11-03T04:00:00Z"), Instant.parse("2024-11-04T05:00:00Z"), FALL_BACK);
            assertThat(l.subList(1, 4)).extracting(Tick::localLabel)
                    .containsExactly("11/03/2024 HE 02", "11/03/2024 HE 02X", "11/03/2024 HE 03");
            assertThat(l.get(1).intervalStart()).isEqualTo(Instant.parse("2024-11-03T05:00:00Z")); // 01:00 EDT
            assertThat(l.get(2).intervalStart()).isEqualTo(Instant.parse("2024-11-03T06:00:00Z")); // 01:00 EST
            assertThat(l.get(3).intervalStart()).isEqualTo(Instant.parse("2024-11-03T07:00:00Z")); // 02:00 EST
        }
        // the JSON and the CSV of the same day agree hour by hour
        List<Tick> ws = ticks(extract(DA_URL, IsoneFixtures.dayAheadJson(FALL_BACK)));
        assertThat(ticks.stream().map(t -> t.location() + t.intervalStart() + t.lmp()).collect(Collectors.toSet()))
                .isEqualTo(ws.stream().map(t -> t.location() + t.intervalStart() + t.lmp()).collect(Collectors.toSet()));
        RawRecord repeated = x.records().stream().filter(r -> r.attr("he").equals("02X")).findFirst().orElseThrow();
        assertThat(connector.intervalEnd(repeated)).contains(Instant.parse("2024-11-03T07:00:00Z"));
    }

    @Test
    void springForwardDayCsvHas23HoursWithoutHourEnding03() throws Exception {
        List<Tick> ticks = ticks(extract("WW_DALMP_ISO_20240310.csv", IsoneFixtures.dayAheadCsv(SPRING_FORWARD)));
        for (String[] loc : LOCATIONS) {
            List<Tick> l = of(ticks, loc[1]);
            tilesTheDay(l, 23, Instant.parse("2024-03-10T05:00:00Z"), Instant.parse("2024-03-11T04:00:00Z"),
                    SPRING_FORWARD);
            assertThat(l.get(1).localLabel()).isEqualTo("03/10/2024 HE 02");
            assertThat(l.get(2).localLabel()).isEqualTo("03/10/2024 HE 04");
            assertThat(l.get(2).intervalStart()).isEqualTo(Instant.parse("2024-03-10T07:00:00Z")); // 03:00 EDT
        }
    }

    @Test
    void impossibleHourEndingsAreBadTimestampsAndTheRestGoesOn() throws Exception {
        String csv = IsoneFixtures.dayAheadCsv(SPRING_FORWARD);
        BigDecimal[] p = IsoneFixtures.prices(0, 0);
        String extra = IsoneFixtures.csvRow("03/10/2024", "03", 0, p) + "\n"      // does not exist on this day
                + IsoneFixtures.csvRow("03/10/2024", "02X", 0, p) + "\n"          // no repeated hour in March
                + IsoneFixtures.csvRow("03/10/2024", "25", 0, p) + "\n"
                + IsoneFixtures.csvRow("2024-03-10", "05", 0, p) + "\n";
        csv = csv.replace("\"T\",", extra + "\"T\",");
        Extraction x = extract("WW_DALMP_ISO_20240310.csv", csv);
        assertThat(x.rejections()).isEmpty();
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.ticks()).hasSize(46);
        assertThat(n.rejected()).extracting(r -> r.rejection().reason(), r -> r.rejection().detail()).containsExactly(
                tuple("bad_timestamp", "Hour Ending '03' does not exist on 03/10/2024: clocks in America/New_York skip"
                        + " from 02:00 to 03:00 at line 53 (location .H.INTERNAL_HUB)"),
                tuple("bad_timestamp", "Hour Ending '02X' marks the repeated hour, but 01:00 occurs once on 03/10/2024"
                        + " in America/New_York at line 54 (location .H.INTERNAL_HUB)"),
                tuple("bad_timestamp", "Hour Ending '25' is none of 01..24 and 02X (the repeated hour) at line 55"
                        + " (location .H.INTERNAL_HUB)"),
                tuple("bad_timestamp", "Date '2024-03-10' is not a MM/DD/YYYY date at line 56 (location"
                        + " .H.INTERNAL_HUB)"));
    }

    @Test
    void byteOrderMarkCrlfAndSpacePaddedCellsReadTheSame() throws Exception {
        String csv = IsoneFixtures.dayAheadCsv(FALL_BACK);
        Extraction plain = extract("a.csv", csv);
        byte[] crlf = csv.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[crlf.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(crlf, 0, bom, 3, crlf.length);
        String padded = csv.replace(",\"4000\",", ", \"4000\" ,").replace(",31.60,", ", 31.60 ,")
                .replace("\"D\",\"11/03/2024\",\"02X\"", "\"D\", \"11/03/2024\",\" 02X \"");
        for (byte[] variant : List.of(bom, padded.getBytes(StandardCharsets.UTF_8))) {
            Extraction x = extract("a.csv", variant);
            assertThat(x.rejections()).isEmpty();
            assertThat(x.records()).extracting(RawRecord::location, RawRecord::attributes, RawRecord::values,
                    RawRecord::position).isEqualTo(plain.records().stream().map(r -> tuple(r.location(), r.attributes(),
                    r.values(), r.position())).toList());
        }
    }

    @Test
    void badRowsAreRejectedAndTheRestGoesOn() throws Exception {
        String csv = IsoneFixtures.dayAheadCsv(ORDINARY);
        String extra = "\"D\",\"01/15/2024\",\"05\",\"4000\"\n"                                           // ragged
                + "\"D\",\"01/15/2024\",\"05\",\"4000\",\"\",\"HUB\",1,1,0,0\n"                        // no name
                + IsoneFixtures.csvRow("01/15/2024", "01", 0, IsoneFixtures.prices(0, 5)) + "\n"       // conflicting
                + IsoneFixtures.csvRow("01/15/2024", "01", 0, IsoneFixtures.prices(0, 0)) + "\n"       // identical
                + "\"X\",\"what\"\n"
                + IsoneFixtures.csvRow("01/15/2024", "05", 1, IsoneFixtures.prices(1, 4)).replace("-0.12", "n/a")
                .replace("\"324\"", "\"999\"").replace("UN.CDEC    13.8AETN", "UN.OTHER") + "\n";
        csv = csv.replace("\"T\",", extra + "\"T\",");
        Extraction x = extract("WW_DALMP_ISO_20240115.csv", csv);
        assertThat(x.sourceRows()).isEqualTo(48 + 5);
        assertThat(x.records()).hasSize(49);
        assertThat(x.rejections()).extracting(Rejection::reason, Rejection::position).containsExactly(
                tuple("malformed_row", 55L), tuple("malformed_row", 56L), tuple("conflicting_duplicate", 57L),
                tuple("malformed_row", 59L));
        assertThat(x.rejections().get(0).detail()).isEqualTo("line 55: expected 10 cells as in the header, found 4");
        assertThat(x.rejections().get(1).detail()).contains("empty Location Name");
        assertThat(x.rejections().get(2).detail()).contains("differs from line 7");
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.ticks()).hasSize(48);
        assertThat(n.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reason()).isEqualTo("non_numeric_value");
            assertThat(r.rejection().detail()).isEqualTo("Marginal Loss Component 'n/a' is not a number at line 60"
                    + " (location UN.OTHER), 01/15/2024 HE 05");
        });
    }

    @Test
    void driftedOrOtherReportsAreRefusedWholly() {
        String csv = IsoneFixtures.dayAheadCsv(ORDINARY);
        DocumentRejectedException drift = rejected(() -> extract("x.csv",
                csv.replace("\"Marginal Loss Component\"", "\"Loss Component\"")));
        assertThat(drift.reason()).isEqualTo("header_drift");
        assertThat(drift.getMessage()).contains("line 5: missing column Marginal Loss Component")
                .contains("found Date,Hour Ending,Location ID,Location Name,Location Type,Locational Marginal Price,"
                        + "Energy Component,Congestion Component,Loss Component");

        DocumentRejectedException rt = rejected(() -> extract("x.csv", csv.replace(
                "Day-Ahead Energy Market Hourly LMP Report", "Real-Time Energy Market Hourly LMP Report")));
        assertThat(rt.reason()).isEqualTo("unknown_format");
        assertThat(rt.getMessage()).contains("report 'Real-Time Energy Market Hourly LMP Report' is not ISO Express's"
                + " \"Day-Ahead Energy Market Hourly LMP Report\"");

        String load = "\"C\",\"Real-Time Hourly System Load Report\"\n\"H\",\"Date\",\"Hour Ending\",\"Total Load\"\n"
                + "\"H\",\"Date\",\"HE\",\"MWh\"\n\"D\",\"07/20/2026\",\"01\",12158.9\n\"T\",\"1 lines\"\n";
        DocumentRejectedException other = rejected(() -> extract("x.csv", load));
        assertThat(other.reason()).isEqualTo("unknown_format");
        assertThat(other.getMessage()).contains("'Real-Time Hourly System Load Report' is not");

        DocumentRejectedException untitled = rejected(() -> extract("x.csv", csv.substring(csv.indexOf("\"H\""))));
        assertThat(untitled.reason()).isEqualTo("unknown_format");
        assertThat(untitled.getMessage()).contains("no report title");
    }

    @Test
    void isoExpressNoDataAnswerTruncatedFilesAndOtherIsosCsvAreRefused() {
        DocumentRejectedException none = rejected(() -> extract("WW_DALMP_ISO_20300101.csv", IsoneConnector.NO_DATA));
        assertThat(none.reason()).isEqualTo("empty_document");
        assertThat(none.getMessage()).contains("No data exists for this period.");

        String csv = IsoneFixtures.dayAheadCsv(ORDINARY);
        DocumentRejectedException cut = rejected(() -> extract("x.csv", csv.substring(0, csv.length() / 2)));
        assertThat(cut.reason()).isEqualTo("truncated_document");
        assertThat(cut.getMessage()).contains("no \"T\" trailer");

        String miso = new String(MisoSimFormats.dayAheadReport(new PriceModel(1), ORDINARY, false),
                StandardCharsets.US_ASCII);
        DocumentRejectedException other = rejected(() -> extract("20240115_da_expost_lmp.csv", miso));
        assertThat(other.reason()).isEqualTo("unknown_format");
        DocumentRejectedException nyiso = rejected(() -> extract("20240115damlbmp_zone.csv",
                "\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\"\n\"01/15/2024 00:00\",\"CAPITL\",61757,30.1\n"));
        assertThat(nyiso.reason()).isEqualTo("unknown_format");
        assertThat(nyiso.getMessage()).contains("'Time Stamp'");
        DocumentRejectedException zip = rejected(() -> extract("x.zip", new byte[]{'P', 'K', 3, 4, 0, 0}));
        assertThat(zip.reason()).isEqualTo("unknown_format");
        assertThat(rejected(() -> extract("x", " \r\n")).reason()).isEqualTo("empty_document");
        assertThat(rejected(() -> extract("x", new byte[0])).reason()).isEqualTo("empty_document");
    }

    @Test
    void headerColumnsAreReadByName() throws Exception {
        String csv = IsoneFixtures.dayAheadCsv(ORDINARY);
        // Location Name and Location ID swapped in the header and in every data row
        String swapped = csv.lines().map(l -> {
            if (!l.startsWith("\"H\",\"Date\",\"Hour Ending\"") && !l.startsWith("\"D\"")) return l;
            String[] c = l.split(",", -1);
            String t = c[3];
            c[3] = c[4];
            c[4] = t;
            return String.join(",", c);
        }).collect(Collectors.joining("\n", "", "\n"));
        Extraction x = extract("x.csv", swapped);
        assertThat(x.rejections()).isEmpty();
        Set<String> names = new HashSet<>();
        x.records().forEach(r -> names.add(r.location() + "=" + r.attr(RawRecord.LOCATION_ID)));
        assertThat(names).containsExactlyInAnyOrder(".H.INTERNAL_HUB=4000", "UN.CDEC    13.8AETN=324");
    }
}
