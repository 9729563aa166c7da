package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.DstFixtures;
import com.carbon254.ingestion.testing.ErcotFixtures;
import com.carbon254.ingestion.testing.IsoFixtures;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/** ERCOT's reports as downloaded: content detection, ERCOT's time rules, row-level refusals, the real samples. */
class ErcotConnectorTest {
    static final String DAM_SAMPLE = "ercot/ercot_np4-190-cd_dam_spp_HB_HUBAVG_2026-03-08_DST-start.json";
    static final String SCED_SAMPLE = "ercot/ercot_np6-788-cd_rt_lmp_by_settlement_point_2026-06-25T0040_excerpt.csv";
    static final String LOAD_FORECAST_SAMPLE = "ercot/ercot_mis_NP3-560-CD_LFCCONGESTNP3560_csv.zip";
    static final String AS_ARCHIVE_SAMPLE = "ercot/ercot_pubapi_archive_np3-911-er_download_1049861718.zip";
    static final String LISTING_SAMPLE = "ercot/ercot_mis_IceDocListJsonWS_reportTypeId12311_listing.json";
    static final String ARCHIVE_LISTING_SAMPLE = "ercot/ercot_pubapi_archive_np3-911-er_listing_postDatetime_2024-11-05.json";
    static final String DASHBOARD_SAMPLE = "ercot/ercot_dashboard_fuel-mix_2024-11-23_24.json";

    private final ErcotConnector connector = new ErcotConnector();

    static Extraction extract(String name, byte[] content) throws DocumentRejectedException {
        return new ErcotConnector().extract(IsoSamples.document("ercot", name, content));
    }

    static Extraction extract(String name, String content) throws DocumentRejectedException {
        return extract(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static NormalizeResult normalize(Extraction x) {
        return new Normalizer().normalize(x.records());
    }

    static List<Tick> ticksOf(NormalizeResult n, String location) {
        return n.ticks().stream().filter(t -> t.location().equals(location))
                .sorted(Comparator.comparing(Tick::intervalStart)).toList();
    }

    static byte[] sample(String relative) throws Exception {
        return Files.readAllBytes(IsoFixtures.shared(relative));
    }

    // ---------------------------------------------------------------- real samples

    @Test
    void theRealDamApiSampleOfTheSpringForwardDayIs23ContiguousHoursOfHubAverage() throws Exception {
        Extraction x = extract("dam_stlmnt_pnt_prices", sample(DAM_SAMPLE));
        assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_DAM_API);
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(x.sourceRows()).isEqualTo(23);
        assertThat(x.rejections()).isEmpty();
        NormalizeResult n = normalize(x);
        assertThat(n.rejected()).isEmpty();
        List<Tick> ts = ticksOf(n, "HB_HUBAVG");
        assertThat(ts).hasSize(23);
        // 2026-03-08 starts at 00:00 CST = 06:00Z; HE 02:00 ends at 02:00 CST = 03:00 CDT = 08:00Z, where HE 04:00
        // begins; HE 24:00 ends at midnight CDT = 2026-03-09T05:00Z
        assertThat(ts.get(0).intervalStart()).isEqualTo(Instant.parse("2026-03-08T06:00:00Z"));
        assertThat(ts.get(0).lmp()).isEqualTo(42.47);
        assertThat(ts.get(1)).extracting(Tick::localLabel, Tick::intervalStart, Tick::intervalEnd, Tick::lmp)
                .containsExactly("2026-03-08 HE 02", Instant.parse("2026-03-08T07:00:00Z"),
                        Instant.parse("2026-03-08T08:00:00Z"), 36.24);
        assertThat(ts.get(2)).extracting(Tick::localLabel, Tick::intervalStart, Tick::lmp)
                .containsExactly("2026-03-08 HE 04", Instant.parse("2026-03-08T08:00:00Z"), 34.2);
        assertThat(ts.get(22)).extracting(Tick::localLabel, Tick::intervalStart, Tick::intervalEnd, Tick::lmp)
                .containsExactly("2026-03-08 HE 24", Instant.parse("2026-03-09T04:00:00Z"),
                        Instant.parse("2026-03-09T05:00:00Z"), 24.22);
        for (int i = 1; i < ts.size(); i++) assertThat(ts.get(i).intervalStart()).isEqualTo(ts.get(i - 1).intervalEnd());
        assertThat(ts).allSatisfy(t -> {
            assertThat(t.operatingDay()).hasToString("2026-03-08");
            assertThat(t.energy()).isNaN();
            assertThat(t.congestion()).isNaN();
            assertThat(t.loss()).isNaN();
            assertThat(t.derived()).isZero();
            assertThat(t.revision()).isEqualTo("final");
        });
    }

    @Test
    void theRealScedSampleIsOneRunInsideTheFiveMinutesFrom0040Cdt() throws Exception {
        Extraction x = extract("cdr.00012300.0000000000000000.20260625.004020.LMPSROSNODENP6788_20260625_004018.csv",
                sample(SCED_SAMPLE));
        assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_SCED);
        assertThat(x.market()).isEqualTo("RT_5MIN");
        assertThat(x.sourceRows()).isEqualTo(44);
        assertThat(x.rejections()).isEmpty();
        RawRecord appaloosa = x.records().stream().filter(r -> r.location().equals("APPALOSA_ALL")).findFirst()
                .orElseThrow();
        assertThat(appaloosa.values()).containsExactly(entry("LMP", "-38.25")); // "      -38.25" without its padding
        assertThat(appaloosa.attributes()).containsEntry(ErcotConnector.ATTR_SCED_TIMESTAMP, "06/25/2026 00:40:18")
                .containsEntry(ErcotConnector.ATTR_REPEATED_HOUR_FLAG, "N");
        NormalizeResult n = normalize(x);
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(44).allSatisfy(t -> {
            // 00:40:18 CDT = 05:40:18Z lies in [05:40Z, 05:45Z)
            assertThat(t.intervalStart()).isEqualTo(Instant.parse("2026-06-25T05:40:00Z"));
            assertThat(t.intervalEnd()).isEqualTo(Instant.parse("2026-06-25T05:45:00Z"));
            assertThat(t.operatingDay()).hasToString("2026-06-25");
            assertThat(t.localLabel()).isEqualTo("2026-06-25 SCED 00:40:18");
            assertThat(t.revision()).isEqualTo("SCED 2026-06-25T05:40:18Z");
            assertThat(t.energy()).isNaN();
        });
        Map<String, Double> lmp = n.ticks().stream().collect(Collectors.toMap(Tick::location, Tick::lmp));
        assertThat(lmp).containsEntry("7RNCHSLR_ALL", 27.04).containsEntry("APPALOSA_ALL", -38.25)
                .containsEntry("DC_E", 27.52).containsEntry("DC_R", 24.44);
    }

    @Test
    void theRealSamplesWithoutPricesAreRefusedSayingWhatTheyAre() throws Exception {
        // read first: a missing sample skips the test, it must not count as the refusal asserted below
        byte[] loadBytes = sample(LOAD_FORECAST_SAMPLE);
        byte[] asBytes = sample(AS_ARCHIVE_SAMPLE);
        byte[] listBytes = sample(LISTING_SAMPLE);
        byte[] archiveBytes = sample(ARCHIVE_LISTING_SAMPLE);
        byte[] fuelMixBytes = sample(DASHBOARD_SAMPLE);
        assertThatThrownBy(() -> extract("load.zip", loadBytes))
                .isInstanceOf(DocumentRejectedException.class)
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("LFCCONGESTNP3560.csv is not an ERCOT settlement point price report")
                .hasMessageContaining("DeliveryDate,HourEnding,North,South,West,Houston,SystemTotal,DSTFlag");
        assertThatThrownBy(() -> extract("as.zip", asBytes))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("2d_Self_Arranged_AS_NSPNM-05-NOV-24.csv is not an ERCOT settlement point price");
        assertThatThrownBy(() -> extract("list.json", listBytes))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("MIS document listing");
        assertThatThrownBy(() -> extract("archive.json", archiveBytes))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("archive listing of NP3-911-ER");
        assertThatThrownBy(() -> extract("fuel-mix.json", fuelMixBytes))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("not an ERCOT public API report");
    }

    @Test
    void theRealListingIsReadButRefusedForAReportItDoesNotList() throws Exception {
        byte[] listing = sample(LISTING_SAMPLE);
        List<ErcotListing.Doc> docs = ErcotListing.read(listing);
        assertThat(docs).hasSize(360);
        assertThat(docs.stream().filter(ErcotListing::isCsv)).hasSize(180);
        assertThat(docs.get(0)).extracting(ErcotListing.Doc::docId, ErcotListing.Doc::friendlyName)
                .containsExactly("1085273815", "LFCCONGESTNP3560_csv");
        assertThatThrownBy(() -> connector.listedDocuments(ErcotConnector.DATASET_DAM_MIS, listing,
                Instant.parse("2025-03-13T05:00:00Z"), Instant.parse("2025-03-14T05:00:00Z")))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("MIS report type 12311 (Seven-Day Load Forecast by Forecast Zone), not 12331"
                        + " NP4-190-CD");
    }

    // ---------------------------------------------------------------- formats and detection

    @Test
    void theDamCsvIsRecognisedBareOrZippedWithBomCrlfBlankLinesPaddingAndQuotes() throws Exception {
        String plain = "DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice,DSTFlag\n"
                + "07/04/2024,01:00,HB_NORTH,25.10,N\n07/04/2024,1:00,LZ_WEST,23.05,N\n";
        String messy = "\uFEFF\r\n\"DeliveryDate\",\"HourEnding\",\"SettlementPoint\",\"SettlementPointPrice\","
                + "\"DSTFlag    \"\r\n07/04/2024,01:00, HB_NORTH ,   25.10,N\r\n\r\n07/04/2024,1,LZ_WEST,23.05 ,N\r\n";
        for (byte[] doc : List.of(plain.getBytes(StandardCharsets.UTF_8), messy.getBytes(StandardCharsets.UTF_8),
                IsoFixtures.zip("cdr.00012331.0000000000000000.20240703.133017.DAMSPNP4190.csv", messy))) {
            Extraction x = extract("any-name.bin", doc);
            assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_DAM_MIS);
            assertThat(x.rejections()).isEmpty();
            assertThat(x.records()).extracting(RawRecord::location, r -> r.values().get("SettlementPointPrice"))
                    .containsExactly(tuple("HB_NORTH", "25.10"), tuple("LZ_WEST", "23.05"));
            List<Tick> ts = normalize(x).ticks();
            // HE 1 of a summer day: 00:00-01:00 CDT = 05:00-06:00Z, whichever way the hour is written
            assertThat(ts).extracting(Tick::intervalStart).containsOnly(Instant.parse("2024-07-04T05:00:00Z"));
        }
    }

    @Test
    void theFifteenMinutePricesKeepTypesAndMakeTheEnergyWeightedZoneItsOwnLocation() throws Exception {
        String csv = "DeliveryDate,DeliveryHour,DeliveryInterval,SettlementPointName,SettlementPointType,"
                + "SettlementPointPrice,DSTFlag\n"
                + "07/04/2024,24,4,LZ_HOUSTON,LZ,31.50,N\n07/04/2024,24,4,LZ_HOUSTON,LZEW,31.62,N\n"
                + "07/04/2024,24,4,HB_BUSAVG,SH,30.00,N\n";
        Extraction x = extract("spp.csv", csv);
        assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_SPP_15MIN);
        assertThat(x.market()).isEqualTo("RT_15MIN");
        assertThat(x.records()).extracting(RawRecord::location, r -> r.attr(RawRecord.TYPE))
                .containsExactly(tuple("LZ_HOUSTON", "LZ"), tuple("LZ_HOUSTON_EW", "LZEW"), tuple("HB_BUSAVG", "SH"));
        NormalizeResult n = normalize(x);
        assertThat(n.rejected()).isEmpty();
        // HE 24 interval 4: 23:45-24:00 CDT = 2024-07-05T04:45Z-05:00Z, still operating day 07-04
        assertThat(n.ticks()).extracting(Tick::location, Tick::intervalStart, Tick::intervalEnd, Tick::lmp,
                        Tick::locationType)
                .containsExactly(
                        tuple("LZ_HOUSTON", Instant.parse("2024-07-05T04:45:00Z"), Instant.parse("2024-07-05T05:00:00Z"),
                                31.50, "LZ"),
                        tuple("LZ_HOUSTON_EW", Instant.parse("2024-07-05T04:45:00Z"),
                                Instant.parse("2024-07-05T05:00:00Z"), 31.62, "LZEW"),
                        tuple("HB_BUSAVG", Instant.parse("2024-07-05T04:45:00Z"), Instant.parse("2024-07-05T05:00:00Z"),
                                30.00, "SH"));
        assertThat(n.ticks()).extracting(t -> t.operatingDay().toString()).containsOnly("2024-07-04");
    }

    @Test
    void theFifteenMinutePricesFromThePublicApiAreTheSameReport() throws Exception {
        String json = "{\"_meta\":{\"totalRecords\":2},\"report\":{\"reportEMIL\":\"NP6-905-CD\"},\"fields\":["
                + "{\"name\":\"deliveryDate\"},{\"name\":\"deliveryHour\"},{\"name\":\"deliveryInterval\"},"
                + "{\"name\":\"settlementPoint\"},{\"name\":\"settlementPointType\"},{\"name\":\"settlementPointPrice\"},"
                + "{\"name\":\"DSTFlag\"}],\"data\":[[\"2024-11-03\",2,3,\"LZ_NORTH\",\"LZ\",18.5,false],"
                + "[\"2024-11-03\",2,3,\"LZ_NORTH\",\"LZ\",17.25,true]]}";
        Extraction x = extract("spp.json", json);
        assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_SPP_15MIN);
        // HE 2 interval 3 is 01:30 local: 06:30Z in its CDT pass, 07:30Z in its CST pass
        assertThat(normalize(x).ticks()).extracting(Tick::intervalStart, Tick::lmp).containsExactly(
                tuple(Instant.parse("2024-11-03T06:30:00Z"), 18.5), tuple(Instant.parse("2024-11-03T07:30:00Z"), 17.25));
    }

    @Test
    void anotherIsosFileAnErrorBodyAndBrokenDownloadsAreRefusedWithAReason() {
        assertThatThrownBy(() -> extract("caiso.zip", DstFixtures.caisoDamZip(DstFixtures.FALL_BACK)))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("is not an ERCOT settlement point price report")
                .hasMessageContaining("INTERVALSTARTTIME_GMT");
        assertThatThrownBy(() -> extract("miso.csv", DstFixtures.misoDaCsv(DstFixtures.FALL_BACK)))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document");
        assertThatThrownBy(() -> extract("401.json", "{ \"statusCode\": 401, \"message\": \"Access denied due to"
                + " missing subscription key.\" }"))
                .hasFieldOrPropertyWithValue("reason", "iso_error")
                .hasMessage("ERCOT API answered statusCode 401: Access denied due to missing subscription key.");
        assertThatThrownBy(() -> extract("empty", new byte[0])).hasFieldOrPropertyWithValue("reason", "empty_document");
        byte[] zip = ErcotFixtures.damZip(ErcotFixtures.FALL_BACK);
        assertThatThrownBy(() -> extract("cut.zip", Arrays.copyOf(zip, zip.length - 30)))
                .hasFieldOrPropertyWithValue("reason", "truncated_document");
        assertThatThrownBy(() -> extract("xml.zip", IsoFixtures.zip("cdr.00012331.x.DAMSPNP4190.xml", "<x/>")))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("fetch the _csv one");
        assertThatThrownBy(() -> extract("page.html", "<html><body>Service unavailable</body></html>"))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document")
                .hasMessageContaining("HTML/XML page");
    }

    @Test
    void aPriceReportMissingATimeColumnIsHeaderDrift() {
        assertThatThrownBy(() -> extract("dam.csv", "DeliveryDate,HourEndng,SettlementPoint,SettlementPointPrice,"
                + "DSTFlag\n07/04/2024,01:00,HB_NORTH,25.10,N\n"))
                .hasFieldOrPropertyWithValue("reason", "header_drift")
                .hasMessageContaining("looks like NP4-190-CD (DAM Settlement Point Prices) but has missing column"
                        + " HourEnding");
        assertThatThrownBy(() -> extract("spp.csv", "DeliveryDate,DeliveryHour,SettlementPointName,"
                + "SettlementPointType,SettlementPointPrice,DSTFlag\n07/04/2024,1,HB_NORTH,HU,25.10,N\n"))
                .hasFieldOrPropertyWithValue("reason", "header_drift")
                .hasMessageContaining("missing column DeliveryInterval");
        assertThatThrownBy(() -> extract("api.json", "{\"report\":{\"reportEMIL\":\"NP4-190-CD\"},\"data\":[[1]]}"))
                .hasFieldOrPropertyWithValue("reason", "header_drift");
    }

    @Test
    void badRowsAreRefusedOneByOneAndTheRestGoesOn() throws Exception {
        String csv = "DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice,DSTFlag\n"
                + "07/04/2024,01:00,HB_NORTH,25.10,N\n"          // line 2: fine
                + "07/04/2024,02:00,HB_NORTH,25.20\n"            // line 3: a cell short
                + "07/04/2024,03:00,,25.30,N\n"                  // line 4: no settlement point
                + "07/04/2024,01:00,HB_NORTH,99.99,N\n"          // line 5: the same hour again, another price
                + "07/04/2024,01:00,HB_NORTH,25.10,N\n"          // line 6: the same hour again, same price: dropped
                + "07/04/2024,04:00,HB_NORTH,abc,N\n"            // line 7: not a number
                + "07/04/2024,05:00,HB_NORTH,,N\n"               // line 8: no price
                + "07/04/2024,26:00,HB_NORTH,25.60,N\n"          // line 9: no such hour
                + "07/04/2024,06:00,HB_NORTH,25.70,X\n"          // line 10: no such flag
                + "07/04/2024,07:00,HB_NORTH,25.80,N\n";         // line 11: fine
        Extraction x = extract("dam.csv", csv);
        assertThat(x.sourceRows()).isEqualTo(10);
        assertThat(x.rejections()).extracting(r -> r.reason(), r -> r.position()).containsExactly(
                tuple("malformed_row", 3L), tuple("malformed_row", 4L), tuple("conflicting_duplicate", 5L));
        assertThat(x.rejections().get(2).detail()).contains("'99.99'").contains("'25.10' at line 2");
        NormalizeResult n = normalize(x);
        assertThat(n.ticks()).extracting(Tick::localLabel).containsExactly("2024-07-04 HE 01", "2024-07-04 HE 07");
        assertThat(n.rejected()).extracting(r -> r.rejection().reason(), r -> r.rejection().position())
                .containsExactly(tuple("non_numeric_value", 7L), tuple("missing_component", 8L),
                        tuple("bad_timestamp", 9L), tuple("bad_timestamp", 10L));
        assertThat(n.rejected().get(0).rejection().detail())
                .isEqualTo("SettlementPointPrice 'abc' is not a number at line 7 (settlement point HB_NORTH,"
                        + " 2024-07-04 HE 04)");
    }

    // ---------------------------------------------------------------- DST days

    @Test
    void damCsvAndApiJsonGive25And23ContiguousHoursOnTheDstDays() throws Exception {
        for (var day : List.of(ErcotFixtures.FALL_BACK, ErcotFixtures.SPRING_FORWARD)) {
            List<ErcotFixtures.Hour> hours = ErcotFixtures.hours(day);
            for (Extraction x : List.of(extract("dam.zip", ErcotFixtures.damZip(day)),
                    extract("dam.json", ErcotFixtures.damJson(day)))) {
                NormalizeResult n = normalize(x);
                assertThat(x.rejections()).isEmpty();
                assertThat(n.rejected()).isEmpty();
                for (int node = 0; node < ErcotFixtures.NODES.size(); node++) {
                    List<Tick> ts = ticksOf(n, ErcotFixtures.NODES.get(node));
                    assertThat(ts).as(day + " " + x.dataset()).hasSize(hours.size());
                    for (int i = 0; i < hours.size(); i++) {
                        Tick t = ts.get(i);
                        assertThat(t.intervalStart()).isEqualTo(hours.get(i).start());
                        assertThat(t.intervalEnd()).isEqualTo(hours.get(i).end());
                        assertThat(t.operatingDay()).isEqualTo(day);
                        assertThat(t.lmp()).isEqualTo(ErcotFixtures.damPrice(node, i).doubleValue());
                    }
                    assertThat(ts.get(0).intervalStart()).isEqualTo(ErcotFixtures.dayStart(day));
                    assertThat(ts.get(ts.size() - 1).intervalEnd()).isEqualTo(ErcotFixtures.dayEnd(day));
                }
            }
        }
        List<Tick> fb = ticksOf(normalize(extract("dam.zip", ErcotFixtures.damZip(ErcotFixtures.FALL_BACK))),
                "HB_NORTH");
        assertThat(fb.subList(1, 4)).extracting(Tick::localLabel, Tick::intervalStart).containsExactly(
                tuple("2024-11-03 HE 02", Instant.parse("2024-11-03T06:00:00Z")),
                tuple("2024-11-03 HE 02 DSTFlag Y", Instant.parse("2024-11-03T07:00:00Z")),
                tuple("2024-11-03 HE 03", Instant.parse("2024-11-03T08:00:00Z")));
    }

    @Test
    void fifteenMinutePricesGive100And92IntervalsOnTheDstDays() throws Exception {
        for (var day : List.of(ErcotFixtures.FALL_BACK, ErcotFixtures.SPRING_FORWARD)) {
            int quarters = 4 * ErcotFixtures.hours(day).size();
            NormalizeResult n = normalize(extract("spp.zip", ErcotFixtures.sppZip(day)));
            assertThat(n.rejected()).isEmpty();
            for (String loc : List.of("HB_NORTH", "LZ_HOUSTON", "LZ_HOUSTON_EW", "AMISTAD_ALL")) {
                List<Tick> ts = ticksOf(n, loc);
                assertThat(ts).as(day + " " + loc).hasSize(quarters);
                assertThat(ts.get(0).intervalStart()).isEqualTo(ErcotFixtures.dayStart(day));
                assertThat(ts.get(quarters - 1).intervalEnd()).isEqualTo(ErcotFixtures.dayEnd(day));
                for (int q = 1; q < quarters; q++) {
                    assertThat(ts.get(q).intervalStart()).isEqualTo(ts.get(q - 1).intervalEnd());
                    assertThat(ts.get(q).intervalEnd()).isEqualTo(ts.get(q).intervalStart().plusSeconds(900));
                }
            }
            List<Tick> zone = ticksOf(n, "LZ_HOUSTON");
            for (int q = 0; q < quarters; q++) {
                assertThat(zone.get(q).lmp()).isEqualTo(ErcotFixtures.sppPrice(1, q).doubleValue());
            }
        }
        // the repeated hour's third quarter: HE 2 interval 3 with DSTFlag Y = 01:30 CST = 07:30Z
        Tick t = ticksOf(normalize(extract("spp.zip", ErcotFixtures.sppZip(ErcotFixtures.FALL_BACK))), "HB_NORTH")
                .get(4 * 2 + 2);
        assertThat(t.localLabel()).isEqualTo("2024-11-03 HE 02 INT 3 DSTFlag Y");
        assertThat(t.intervalStart()).isEqualTo(Instant.parse("2024-11-03T07:30:00Z"));
    }

    @Test
    void scedRunsOfTheDstDaysFallInDistinctFiveMinuteIntervals() throws Exception {
        for (var day : List.of(ErcotFixtures.FALL_BACK, ErcotFixtures.SPRING_FORWARD)) {
            int intervals = 12 * ErcotFixtures.hours(day).size();
            Extraction x = extract("sced.json", ErcotFixtures.scedJson(day));
            assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_SCED);
            NormalizeResult n = normalize(x);
            assertThat(n.rejected()).isEmpty();
            for (int node = 0; node < ErcotFixtures.NODES.size(); node++) {
                List<Tick> ts = ticksOf(n, ErcotFixtures.NODES.get(node));
                assertThat(ts).hasSize(intervals);
                assertThat(ts.get(0).intervalStart()).isEqualTo(ErcotFixtures.dayStart(day));
                assertThat(ts.get(intervals - 1).intervalEnd()).isEqualTo(ErcotFixtures.dayEnd(day));
                for (int f = 0; f < intervals; f++) {
                    if (f > 0) assertThat(ts.get(f).intervalStart()).isEqualTo(ts.get(f - 1).intervalEnd());
                    assertThat(ts.get(f).lmp()).isEqualTo(ErcotFixtures.scedLmp(node, f).doubleValue());
                }
            }
        }
        List<Tick> fb = ticksOf(normalize(extract("sced.json", ErcotFixtures.scedJson(ErcotFixtures.FALL_BACK))),
                "HB_NORTH");
        // 01:00:20 twice: CDT (06:00:20Z) then CST (07:00:20Z)
        assertThat(fb.get(12)).extracting(Tick::localLabel, Tick::intervalStart, Tick::revision).containsExactly(
                "2024-11-03 SCED 01:00:20", Instant.parse("2024-11-03T06:00:00Z"), "SCED 2024-11-03T06:00:20Z");
        assertThat(fb.get(24)).extracting(Tick::localLabel, Tick::intervalStart, Tick::revision).containsExactly(
                "2024-11-03 SCED 01:00:20 RepeatedHourFlag Y", Instant.parse("2024-11-03T07:00:00Z"),
                "SCED 2024-11-03T07:00:20Z");
    }

    @Test
    void aDayNumberedOneTo25WithoutFlagsCountsItsHoursFromMidnight() throws Exception {
        StringBuilder csv = new StringBuilder("DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice\n");
        for (int he = 1; he <= 25; he++) csv.append("11/03/2024,").append(he).append(",HB_WEST,").append(he).append('\n');
        Extraction x = extract("he25.csv", csv.toString());
        assertThat(x.records()).allSatisfy(r -> assertThat(r.attr(ErcotConnector.ATTR_HOUR_NUMBERING))
                .isEqualTo("elapsed"));
        List<Tick> ts = ticksOf(normalize(x), "HB_WEST");
        assertThat(ts).hasSize(25);
        for (int i = 0; i < 25; i++) {
            assertThat(ts.get(i).intervalStart()).isEqualTo(Instant.parse("2024-11-03T05:00:00Z").plusSeconds(3600L * i));
            assertThat(ts.get(i).lmp()).isEqualTo(i + 1);
        }
    }

    @Test
    void anHourTheClockSkipsOrAnUnflaggedRepeatedHourIsRefused() throws Exception {
        NormalizeResult spring = normalize(extract("dam.csv", "DeliveryDate,HourEnding,SettlementPoint,"
                + "SettlementPointPrice,DSTFlag\n03/10/2024,03:00,HB_NORTH,25.10,N\n"));
        assertThat(spring.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reason()).isEqualTo("bad_timestamp");
            assertThat(r.rejection().detail()).contains("hour ending 03:00 does not exist on 2024-03-10");
        });
        NormalizeResult unflagged = normalize(extract("dam.csv", "DeliveryDate,HourEnding,SettlementPoint,"
                + "SettlementPointPrice\n11/03/2024,02:00,HB_NORTH,25.10\n11/03/2024,03:00,HB_NORTH,25.20\n"));
        assertThat(unflagged.ticks()).extracting(Tick::localLabel).containsExactly("2024-11-03 HE 03");
        assertThat(unflagged.rejected()).singleElement().satisfies(r ->
                assertThat(r.rejection().detail()).contains("repeated fall-back hour, and no DSTFlag"));
    }

    @Test
    void aScedRunOnTheBoundaryStartsItsIntervalAndAnEmptyLmpIsMissing() throws Exception {
        NormalizeResult n = normalize(extract("sced.csv", "SCEDTimestamp,RepeatedHourFlag,SettlementPoint,LMP\n"
                + "06/25/2026 00:45:00,N,HB_WEST,       21.00\n06/25/2026 00:45:00,N,HB_PAN,            \n"));
        assertThat(n.ticks()).singleElement().satisfies(t -> {
            assertThat(t.localLabel()).isEqualTo("2026-06-25 SCED 00:45:00");
            assertThat(t.intervalStart()).isEqualTo(Instant.parse("2026-06-25T05:45:00Z"));
            assertThat(t.revision()).isEqualTo("SCED 2026-06-25T05:45:00Z");
        });
        assertThat(n.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reason()).isEqualTo("missing_component");
            assertThat(r.rejection().detail()).startsWith("LMP is empty at line 3 (settlement point HB_PAN");
        });
    }

    @Test
    void intervalEndAndRevisionRanksFollowTheLabels() throws Exception {
        Extraction x = extract("sced.json", ErcotFixtures.scedJson(ErcotFixtures.FALL_BACK));
        RawRecord repeated = x.records().stream().filter(r -> "true".equals(r.attr(
                ErcotConnector.ATTR_REPEATED_HOUR_FLAG))).findFirst().orElseThrow();
        assertThat(connector.intervalEnd(repeated)).contains(Instant.parse("2024-11-03T07:05:00Z"));
        Ercot ercot = new Ercot();
        assertThat(ercot.revisionRank("SCED 2024-11-03T07:02:40Z"))
                .isGreaterThan(ercot.revisionRank("SCED 2024-11-03T07:00:20Z"));
        assertThat(ercot.revisionRank("SCED 2024-11-03T07:00:20Z")).isPositive();
        assertThat(ercot.revisionRank("final")).isZero();
    }

    // ---------------------------------------------------------------- MIS listings

    static String listingDoc(String reportTypeId, String docId, String friendly, String constructed) {
        return "{\"Document\":{\"ReportTypeID\":\"" + reportTypeId + "\",\"DocID\":\"" + docId + "\",\"FriendlyName\":\""
                + friendly + "\",\"ConstructedName\":\"" + constructed + "\",\"PublishDate\":\"2024-11-03T01:10:00-05:00\"}}";
    }

    static byte[] listing(String... docs) {
        return ("{\"ListDocsByRptTypeRes\":{\"DocumentList\":[" + String.join(",", docs) + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aListingYieldsTheCsvDocumentsOfTheWindowTheNewestPostingPerInterval() throws Exception {
        String c = "cdr.00012301.0000000000000000.20241103.";
        byte[] spp = listing(
                listingDoc("12301", "101", "SPPHLZNP6905_20241103_0115_csv", c + "011800123.SPPHLZNP6905_20241103_0115_csv.zip"),
                listingDoc("12301", "102", "SPPHLZNP6905_20241103_0115_xml", c + "011800123.SPPHLZNP6905_20241103_0115_xml.zip"),
                listingDoc("12301", "103", "SPPHLZNP6905_20241103_0115_xhr_csv", c + "011800456.SPPHLZNP6905_20241103_0115_xhr_csv.zip"),
                listingDoc("12301", "104", "SPPHLZNP6905_retry_20241103_0115_csv", c + "012500000.SPPHLZNP6905_retry_20241103_0115_csv.zip"),
                listingDoc("12301", "105", "SPPHLZNP6905_20241103_0130_csv", c + "013300000.SPPHLZNP6905_20241103_0130_csv.zip"));
        // 0115 = HE 2 interval 1: 01:00-01:15 CDT = 06:00Z (a retry posted later replaces 101), 0115 xhr = 07:00Z
        assertThat(connector.listedDocuments(ErcotConnector.DATASET_SPP_15MIN, spp,
                Instant.parse("2024-11-03T06:00:00Z"), Instant.parse("2024-11-03T06:30:00Z"))).containsExactly("104",
                "105");
        assertThat(connector.listedDocuments(ErcotConnector.DATASET_SPP_15MIN, spp,
                Instant.parse("2024-11-03T07:00:00Z"), Instant.parse("2024-11-03T08:00:00Z"))).containsExactly("103");

        byte[] dam = listing(
                listingDoc("12331", "201", "DAMSPNP4190_csv", "cdr.00012331.0000000000000000.20241102.133017123.DAMSPNP4190_csv.zip"),
                listingDoc("12331", "202", "DAMSPNP4190_csv", "cdr.00012331.0000000000000000.20241103.133017123.DAMSPNP4190_csv.zip"));
        // posted the day before delivery: 201 holds 2024-11-03 (05:00Z .. 2024-11-04T06:00Z)
        assertThat(connector.listedDocuments(ErcotConnector.DATASET_DAM_MIS, dam,
                Instant.parse("2024-11-03T05:00:00Z"), Instant.parse("2024-11-04T06:00:00Z"))).containsExactly("201");

        byte[] sced = listing(
                listingDoc("12300", "301", "LMPSROSNODENP6788_20241103_010518_csv", "x_csv.zip"),
                listingDoc("12300", "302", "LMPSROSNODENP6788_20241103_010518_xhr_csv", "x_csv.zip"),
                listingDoc("12300", "303", "LMPSROSNODENP6788_20241103_010742_xhr_csv", "x_csv.zip"));
        assertThat(connector.listedDocuments(ErcotConnector.DATASET_SCED, sced,
                Instant.parse("2024-11-03T07:00:00Z"), Instant.parse("2024-11-03T07:15:00Z")))
                .containsExactly("302", "303");
        assertThatThrownBy(() -> connector.listedDocuments(ErcotConnector.DATASET_DAM_API, dam, Instant.EPOCH,
                Instant.now())).hasFieldOrPropertyWithValue("reason", "no_listing");
        assertThatThrownBy(() -> connector.listedDocuments(ErcotConnector.DATASET_SCED,
                "{\"other\":1}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH, Instant.now()))
                .hasFieldOrPropertyWithValue("reason", "unrecognized_document");
    }
}
