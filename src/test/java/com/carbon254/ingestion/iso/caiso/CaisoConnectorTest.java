package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CaisoConnectorTest {
    static final String DAM_HEADER = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,"
            + "NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP";
    static final String RTM_HEADER = DAM_HEADER.replace(",MW,", ",VALUE,");
    static final String DAM_MEMBER = "20240301_20240302_PRC_LMP_DAM_20240305_10_00_00_v12.csv";
    static final String RTM_MEMBER = "20240302_20240302_PRC_INTVL_LMP_RTM_20240302_18_00_00_v3.csv";
    static final String HUB = "TH_TEST_GEN-APND";
    static final String GEN = "NODE_A_1_GN-APND";

    private static final String REAL_ZIP = "caiso/caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip";
    private static final String REAL_SEED = "caiso/caiso_PRC_LMP_DAM_seed_9rows.csv";
    private static final String REAL_SLD = "caiso/caiso_oasis_SLD_FCST_7DA_20250219_20250227_v1.zip";

    private final CaisoConnector connector = new CaisoConnector();

    /** One price: node, OPR_DT, OPR_HR, OPR_INTERVAL, start, end, LMP_TYPE, value. */
    record Price(String node, String oprDt, String hr, String interval, String start, String end, String type,
                 String value) {
        String damRow() {
            return String.join(",", start, end, oprDt, hr, interval, node, node, node, "DAM", type, item(type), node,
                    "ALL_APNODES", "0", value, "1");
        }

        String rtmRow() {
            return String.join(",", start, end, oprDt, hr, interval, node, node, node, "RTM", type, item(type), node,
                    "ALL_APNODES", "0", value, "1");
        }

        private static String item(String type) {
            return switch (type) {
                case "LMP" -> "LMP_PRC";
                case "MCE" -> "LMP_ENE_PRC";
                case "MCC" -> "LMP_CONG_PRC";
                case "MCL" -> "LMP_LOSS_PRC";
                case "MGHG" -> "LMP_GHG_PRC";
                default -> "LMP_X_PRC";
            };
        }
    }

    /** 2 nodes x 2 hours (OPR_DT 2024-03-01 HR 24 and 2024-03-02 HR 1: one UTC window, two trade dates) x 4 types. */
    static final List<Price> DAM = List.of(
            p(HUB, "2024-03-01", "24", "0", "07", "LMP", "41.25"), p(HUB, "2024-03-01", "24", "0", "07", "MCE", "40.5"),
            p(HUB, "2024-03-01", "24", "0", "07", "MCC", "1.1"), p(HUB, "2024-03-01", "24", "0", "07", "MCL", "-0.35"),
            p(HUB, "2024-03-02", "1", "0", "08", "LMP", "38.1025"), p(HUB, "2024-03-02", "1", "0", "08", "MCE", "37.9"),
            p(HUB, "2024-03-02", "1", "0", "08", "MCC", "0"), p(HUB, "2024-03-02", "1", "0", "08", "MCL", "0.2025"),
            p(GEN, "2024-03-01", "24", "0", "07", "LMP", "39.87"), p(GEN, "2024-03-01", "24", "0", "07", "MCE", "40.5"),
            p(GEN, "2024-03-01", "24", "0", "07", "MCC", "-0.25"), p(GEN, "2024-03-01", "24", "0", "07", "MCL", "-0.38"),
            p(GEN, "2024-03-02", "1", "0", "08", "LMP", "37.01"), p(GEN, "2024-03-02", "1", "0", "08", "MCE", "37.9"),
            p(GEN, "2024-03-02", "1", "0", "08", "MCC", "-1.5"), p(GEN, "2024-03-02", "1", "0", "08", "MCL", "0.61"));

    /** 2 nodes x 2 five-minute intervals x 5 types (with MGHG). */
    static final List<Price> RTM = List.of(
            r(GEN, "1", "17:00", "17:05", "LMP", "25.13"), r(GEN, "1", "17:00", "17:05", "MCE", "24.0"),
            r(GEN, "1", "17:00", "17:05", "MCC", "0.5"), r(GEN, "1", "17:00", "17:05", "MCL", "0.33"),
            r(GEN, "1", "17:00", "17:05", "MGHG", "0.3"),
            r(GEN, "2", "17:05", "17:10", "LMP", "23.9"), r(GEN, "2", "17:05", "17:10", "MCE", "24.1"),
            r(GEN, "2", "17:05", "17:10", "MCC", "-0.5"), r(GEN, "2", "17:05", "17:10", "MCL", "0.3"),
            r(GEN, "2", "17:05", "17:10", "MGHG", "0"),
            r(HUB, "1", "17:00", "17:05", "LMP", "24.0"), r(HUB, "1", "17:00", "17:05", "MCE", "24.0"),
            r(HUB, "1", "17:00", "17:05", "MCC", "0"), r(HUB, "1", "17:00", "17:05", "MCL", "0"),
            r(HUB, "1", "17:00", "17:05", "MGHG", "0"),
            r(HUB, "2", "17:05", "17:10", "LMP", "24.42"), r(HUB, "2", "17:05", "17:10", "MCE", "24.1"),
            r(HUB, "2", "17:05", "17:10", "MCC", "0.02"), r(HUB, "2", "17:05", "17:10", "MCL", "0.2"),
            r(HUB, "2", "17:05", "17:10", "MGHG", "0.1"));

    private static Price p(String node, String oprDt, String hr, String interval, String startHour, String type,
                           String value) {
        String end = String.format("%02d", Integer.parseInt(startHour) + 1);
        return new Price(node, oprDt, hr, interval, "2024-03-02T" + startHour + ":00:00-00:00",
                "2024-03-02T" + end + ":00:00-00:00", type, value);
    }

    private static Price r(String node, String interval, String start, String end, String type, String value) {
        return new Price(node, "2024-03-02", "10", interval, "2024-03-02T" + start + ":00-00:00",
                "2024-03-02T" + end + ":00-00:00", type, value);
    }

    /** The rows in a fixed shuffled order (OASIS does not sort). */
    static List<Price> shuffled(List<Price> prices) {
        List<Price> s = new ArrayList<>(prices);
        Collections.shuffle(s, new Random(42));
        return s;
    }

    static String damCsv(List<Price> rows) {
        return DAM_HEADER + "\n" + rows.stream().map(Price::damRow).collect(Collectors.joining("\n")) + "\n";
    }

    static String rtmCsv(List<Price> rows) {
        return RTM_HEADER + "\n" + rows.stream().map(Price::rtmRow).collect(Collectors.joining("\n")) + "\n";
    }

    static byte[] zip(String member, byte[] content) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(bytes)) {
                z.putNextEntry(new ZipEntry(member));
                z.write(content);
                z.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] zip(String member, String content) {
        return zip(member, content.getBytes(StandardCharsets.UTF_8));
    }

    private Extraction extract(byte[] content) throws DocumentRejectedException {
        return connector.extract(IsoSamples.document("caiso", "oasis.zip", content));
    }

    private static RawRecord record(Extraction x, String node, String start) {
        return x.records().stream()
                .filter(r -> r.location().equals(node) && r.attr("interval_start_gmt").startsWith(start))
                .findFirst().orElseThrow();
    }

    private static void assertRejected(ThrowingCall call, String reason, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ day-ahead

    @Test
    void dayAheadZipPivotsToOneRecordPerNodeAndInterval() throws Exception {
        List<Price> rows = shuffled(DAM);
        Extraction x = extract(zip(DAM_MEMBER, damCsv(rows)));

        assertThat(x.dataset()).isEqualTo("lmp_da_hourly");
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(x.sourceRows()).isEqualTo(16);
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(4);

        RawRecord hub = record(x, HUB, "2024-03-02T07");
        assertThat(hub.iso()).isEqualTo("CAISO");
        assertThat(hub.market()).isEqualTo("DA_HOURLY");
        assertThat(hub.attributes()).isEqualTo(Map.of(
                "opr_dt", "2024-03-01", "opr_hr", "24", "opr_interval", "0",
                "interval_start_gmt", "2024-03-02T07:00:00-00:00", "interval_end_gmt", "2024-03-02T08:00:00-00:00",
                "version", "v12", "price_column", "MW"));
        assertThat(hub.values()).isEqualTo(Map.of("LMP", "41.25", "MCE", "40.5", "MCC", "1.1", "MCL", "-0.35"));
        // position = line of the group's first row in the (shuffled) file: header is line 1
        int firstIndex = 0;
        while (!(rows.get(firstIndex).node().equals(HUB) && rows.get(firstIndex).hr().equals("24"))) firstIndex++;
        assertThat(hub.position()).isEqualTo(firstIndex + 2);

        assertThat(record(x, GEN, "2024-03-02T08").attributes()).containsEntry("opr_dt", "2024-03-02")
                .containsEntry("opr_hr", "1");
        assertThat(record(x, GEN, "2024-03-02T08").values())
                .isEqualTo(Map.of("LMP", "37.01", "MCE", "37.9", "MCC", "-1.5", "MCL", "0.61"));
    }

    @Test
    void dayAheadTicksGroupByOperatingDayNotByTheRequestWindow() throws Exception {
        Extraction x = extract(zip(DAM_MEMBER, damCsv(shuffled(DAM))));
        NormalizeResult n = new Normalizer().normalize(x.records());

        assertThat(n.rejected()).isEmpty();
        Tick hub24 = n.ticks().stream().filter(t -> t.location().equals(HUB)
                && t.intervalStart().equals(Instant.parse("2024-03-02T07:00:00Z"))).findFirst().orElseThrow();
        assertThat(hub24.operatingDay()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(hub24.localLabel()).isEqualTo("2024-03-01 HR 24");
        assertThat(hub24.intervalEnd()).isEqualTo(Instant.parse("2024-03-02T08:00:00Z"));
        assertThat(hub24.revision()).isEqualTo("v12");
        assertThat(hub24.locationType()).as("CAISO files name no node type; the taxonomy decides").isNull();
        assertThat(hub24.derived()).isZero();
        assertThat(hub24.ghg()).isNaN();
        assertThat(n.ticks()).allSatisfy(t -> assertThat(t.lmp())
                .isCloseTo(t.energy() + t.congestion() + t.loss(), within(0.01)));
    }

    @Test
    void reorderedAndExtraColumnsAreReadByName() throws Exception {
        // move MW to the front, drop GROUP and POS, add a column OASIS might add one day
        String csv = damCsv(shuffled(DAM));
        String converted = csv.lines().map(l -> {
            String[] c = l.split(",", -1);
            return String.join(",", c[14], c[7], c[9], c[0], c[1], c[2], c[3], c[4], c[8], c[5],
                    l.startsWith("INTERVAL") ? "NEW_COLUMN" : "x");
        }).collect(Collectors.joining("\r\n"));
        Extraction x = extract(zip(DAM_MEMBER, converted));
        assertThat(x.records()).hasSize(4);
        assertThat(record(x, HUB, "2024-03-02T07").values())
                .isEqualTo(Map.of("LMP", "41.25", "MCE", "40.5", "MCC", "1.1", "MCL", "-0.35"));
    }

    @Test
    void plainCsvIsAcceptedWithBomAndCrlf() throws Exception {
        byte[] csv = ("\uFEFF" + damCsv(shuffled(DAM)).replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
        Extraction x = connector.extract(IsoSamples.document("caiso", "/tmp/" + DAM_MEMBER, csv));
        assertThat(x.dataset()).isEqualTo("lmp_da_hourly");
        assertThat(x.records()).hasSize(4);
        assertThat(x.records()).allSatisfy(r -> assertThat(r.attr("version")).isEqualTo("v12"));
        assertThat(record(x, HUB, "2024-03-02T07").attr("interval_end_gmt")).isEqualTo("2024-03-02T08:00:00-00:00");
    }

    @Test
    void quotedFieldsAreUnquoted() throws Exception {
        String quoted = damCsv(shuffled(DAM)).lines()
                .map(l -> l.startsWith("INTERVAL") ? l : "\"" + l.replace(",", "\",\"") + "\"")
                .collect(Collectors.joining("\n"));
        Extraction x = extract(zip(DAM_MEMBER, quoted));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(4);
        assertThat(record(x, HUB, "2024-03-02T07").values())
                .isEqualTo(Map.of("LMP", "41.25", "MCE", "40.5", "MCC", "1.1", "MCL", "-0.35"));
    }

    // ------------------------------------------------------------------ real time

    @Test
    void realTimeFiveMinuteZip() throws Exception {
        Extraction x = extract(zip(RTM_MEMBER, rtmCsv(shuffled(RTM))));

        assertThat(x.dataset()).isEqualTo("lmp_rt_5min");
        assertThat(x.market()).isEqualTo("RT_5MIN");
        assertThat(x.records()).hasSize(4);
        RawRecord gen1 = record(x, GEN, "2024-03-02T17:00");
        assertThat(gen1.attributes()).containsEntry("opr_interval", "1").containsEntry("price_column", "VALUE")
                .containsEntry("interval_end_gmt", "2024-03-02T17:05:00-00:00").containsEntry("version", "v3");
        assertThat(gen1.values()).isEqualTo(Map.of("LMP", "25.13", "MCE", "24.0", "MCC", "0.5", "MCL", "0.33",
                "MGHG", "0.3"));

        NormalizeResult n = new Normalizer().normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        Tick t = n.ticks().stream().filter(k -> k.location().equals(GEN)
                && k.intervalStart().equals(Instant.parse("2024-03-02T17:00:00Z"))).findFirst().orElseThrow();
        assertThat(t.market()).isEqualTo("RT_5MIN");
        assertThat(t.intervalEnd()).isEqualTo(Instant.parse("2024-03-02T17:05:00Z"));
        assertThat(t.localLabel()).isEqualTo("2024-03-02 HR 10 INT 1");
        assertThat(t.ghg()).isEqualTo(0.3);
        assertThat(n.ticks()).allSatisfy(k -> assertThat(k.lmp())
                .isCloseTo(k.energy() + k.congestion() + k.loss() + k.ghg(), within(0.01)));
    }

    // ------------------------------------------------------------------ bad rows

    @Test
    void aNonNumericPriceRejectsOnlyItsRecord() throws Exception {
        List<Price> rows = new ArrayList<>(shuffled(DAM));
        int bad = 0;
        while (!(rows.get(bad).node().equals(HUB) && rows.get(bad).hr().equals("24")
                && rows.get(bad).type().equals("MCC"))) bad++;
        Price p = rows.get(bad);
        rows.set(bad, new Price(p.node(), p.oprDt(), p.hr(), p.interval(), p.start(), p.end(), p.type(), "abc"));
        Extraction x = extract(zip(DAM_MEMBER, damCsv(rows)));
        assertThat(x.records()).hasSize(4);
        assertThat(x.rejections()).isEmpty();

        NormalizeResult n = new Normalizer().normalize(x.records());
        assertThat(n.ticks()).hasSize(3);
        long line = bad + 2;
        assertThat(n.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reason()).isEqualTo("non_numeric_value");
            assertThat(r.rejection().detail()).isEqualTo("MW 'abc' is not a number at line " + line + " (node " + HUB
                    + ", LMP_TYPE MCC, interval 2024-03-02T07:00:00-00:00)");
            assertThat(r.rejection().location()).isEqualTo(HUB);
            assertThat(r.record().location()).isEqualTo(HUB);
        });
    }

    @Test
    void duplicatesConflictingOrIdentical() throws Exception {
        String csv = damCsv(DAM)
                + p(HUB, "2024-03-01", "24", "0", "07", "MCC", "9.9").damRow() + "\n"   // line 18: conflicts
                + p(GEN, "2024-03-02", "1", "0", "08", "LMP", "37.01").damRow() + "\n"; // line 19: same again
        CaisoConnector.Details d = connector.extractDetailed(IsoSamples.document("caiso", "x.zip",
                zip(DAM_MEMBER, csv)));

        assertThat(d.identicalDuplicateRows()).isEqualTo(1);
        assertThat(d.extraction().records()).hasSize(4);
        assertThat(record(d.extraction(), HUB, "2024-03-02T07").values()).containsEntry("MCC", "1.1");
        assertThat(d.extraction().rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("conflicting_duplicate");
            assertThat(r.position()).isEqualTo(18);
            assertThat(r.location()).isEqualTo(HUB);
            assertThat(r.detail()).contains("'9.9'").contains("'1.1' at line 4").contains("LMP_TYPE MCC");
        });
    }

    @Test
    void unknownLmpTypesAreIgnoredAndCounted() throws Exception {
        String csv = damCsv(DAM)
                + p(HUB, "2024-03-01", "24", "0", "07", "MXYZ", "1").damRow() + "\n"
                + p(GEN, "2024-03-01", "24", "0", "07", "MXYZ", "2").damRow() + "\n";
        CaisoConnector.Details d = connector.extractDetailed(IsoSamples.document("caiso", "x.zip",
                zip(DAM_MEMBER, csv)));
        assertThat(d.ignoredLmpTypeRows()).isEqualTo(Map.of("MXYZ", 2L));
        assertThat(d.ignoredRows()).isEqualTo(2);
        assertThat(d.extraction().sourceRows()).isEqualTo(18);
        assertThat(d.extraction().records()).hasSize(4).allSatisfy(r -> assertThat(r.values()).hasSize(4));
    }

    @Test
    void malformedRowsAreRejectedAndTheRestGoesOn() throws Exception {
        String csv = damCsv(DAM)
                + "2024-03-02T07:00:00-00:00,2024-03-02T08:00:00-00:00,2024-03-01,24\n"        // line 18: ragged
                + p("", "2024-03-01", "24", "0", "07", "LMP", "1").damRow() + "\n";           // line 19: no node
        Extraction x = extract(zip(DAM_MEMBER, csv));
        assertThat(x.records()).hasSize(4);
        assertThat(x.rejections()).extracting(Rejection::reason).containsExactly("malformed_row", "malformed_row");
        assertThat(x.rejections()).extracting(Rejection::position).containsExactly(18L, 19L);
        assertThat(x.rejections().get(0).detail()).contains("expected 16 cells").contains("found 4");
        assertThat(x.rejections().get(1).detail()).contains("empty NODE");
    }

    // ------------------------------------------------------------------ whole-document rejections

    @ParameterizedTest(name = "missing {0}")
    @ValueSource(strings = {"NODE", "OPR_HR", "INTERVALSTARTTIME_GMT", "LMP_TYPE", "MW"})
    void aMissingRequiredColumnIsHeaderDrift(String column) {
        String csv = damCsv(DAM);
        List<String> header = Arrays.asList(DAM_HEADER.split(","));
        int drop = header.indexOf(column);
        String drifted = csv.lines().map(l -> {
            List<String> c = new ArrayList<>(Arrays.asList(l.split(",", -1)));
            c.remove(drop);
            return String.join(",", c);
        }).collect(Collectors.joining("\n"));
        assertRejected(() -> extract(zip(DAM_MEMBER, drifted)), "header_drift", "missing column " + column);
    }

    @Test
    void isoErrorDocumentInAZip() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <m:OASISReport xmlns:m="http://www.caiso.com/soa/OASISReport_v1.xsd">
                <m:MessageHeader><m:TimeDate>2024-03-05T10:00:00-00:00</m:TimeDate><m:Source>OASIS</m:Source>
                <m:Version>v20131201</m:Version></m:MessageHeader>
                <m:MessagePayload><m:RTO><m:name>CAISO</m:name><m:ERROR><m:ERR_CODE>1004</m:ERR_CODE>
                <m:ERR_DESC>No data returned for the specified selection</m:ERR_DESC></m:ERROR></m:RTO>
                </m:MessagePayload></m:OASISReport>
                """;
        assertThatThrownBy(() -> extract(zip("INVALID_REQUEST.xml", xml)))
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo("iso_error"))
                .hasMessage("CAISO ERR_CODE 1004: No data returned for the specified selection");
        // the same body unzipped
        assertRejected(() -> extract(xml.getBytes(StandardCharsets.UTF_8)), "iso_error", "CAISO ERR_CODE 1004");
    }

    @Test
    void truncatedOrCorruptZips() {
        byte[] whole = zip(DAM_MEMBER, damCsv(shuffled(DAM)));
        for (double keep : new double[]{0.6, 0.95, 0.1}) {
            byte[] cut = Arrays.copyOf(whole, (int) (whole.length * keep));
            assertRejected(() -> extract(cut), "truncated_document", "end-of-central-directory");
        }
        assertRejected(() -> extract(new byte[]{'P', 'K'}), "truncated_document", "2 bytes");

        // a member shorter than its entry says: compressed data cut in the middle, directory kept
        int dataStart = 30 + DAM_MEMBER.length();
        int cdStart = centralDirectoryOffset(whole);
        int mid = dataStart + (cdStart - dataStart) / 2;
        byte[] shortMember = new byte[whole.length - (mid - dataStart)];
        System.arraycopy(whole, 0, shortMember, 0, dataStart);
        System.arraycopy(whole, mid, shortMember, dataStart, whole.length - mid);
        assertRejected(() -> extract(shortMember), "truncated_document", "zip is truncated or corrupt");

        // one flipped bit in the compressed data
        byte[] flipped = whole.clone();
        flipped[mid] ^= 0x10;
        assertRejected(() -> extract(flipped), "truncated_document", "zip is truncated or corrupt");
    }

    private static int centralDirectoryOffset(byte[] zip) {
        for (int i = zip.length - 22; i >= 0; i--) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 5 && zip[i + 3] == 6) {
                return (zip[i + 16] & 0xff) | (zip[i + 17] & 0xff) << 8 | (zip[i + 18] & 0xff) << 16
                        | (zip[i + 19] & 0xff) << 24;
            }
        }
        throw new AssertionError("no EOCD");
    }

    @Test
    void emptyDocuments() {
        assertRejected(() -> extract(new byte[0]), "empty_document", "0 bytes");
        assertRejected(() -> extract(" \r\n".getBytes(StandardCharsets.UTF_8)), "empty_document", "whitespace");
        assertRejected(() -> extract(zip(DAM_MEMBER, "")), "empty_document", "no header line");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "zip without CSV      | readme.txt | hello                                          | zip holds no CSV",
            "not a price report   | " + "20250219_20250227_SLD_FCST_7DA_20250221_01_09_58_v1.csv"
                    + " | INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,LOAD_TYPE,OPR_DT,MW | not an OASIS LMP report",
    })
    void unrecognisedZips(String name, String member, String content, String message) {
        assertRejected(() -> extract(zip(member, content + "\n")), "unrecognized_document", message);
    }

    @Test
    void unrecognisedBodies() {
        assertRejected(() -> extract("<html><body>Please retry after 5 seconds</body></html>"
                .getBytes(StandardCharsets.UTF_8)), "unrecognized_document", "starts with '<html>");
        String rtpd = damCsv(DAM).replace(",DAM,", ",RTPD,");
        assertRejected(() -> extract(zip(DAM_MEMBER, rtpd)), "unrecognized_document", "MARKET_RUN_ID 'RTPD'");
        byte[] emptyZip = zipWithoutEntries();
        assertRejected(() -> extract(emptyZip), "unrecognized_document", "no members");
    }

    private static byte[] zipWithoutEntries() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new ZipOutputStream(bytes).close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ real samples (skipped when absent)

    @Test
    void realDayAheadZip() throws Exception {
        Path file = IsoSamples.find(REAL_ZIP).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);

        CaisoConnector.Details d = connector.extractDetailed(IsoSamples.document("caiso", file));
        Extraction x = d.extraction();
        assertThat(x.dataset()).isEqualTo("lmp_da_hourly");
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(d.member()).isEqualTo("20200101_20200101_PRC_LMP_DAM_20200630_22_50_44_v1.csv");
        assertThat(d.version()).isEqualTo("v1");
        assertThat(x.sourceRows()).isEqualTo(162_848);
        assertThat(x.rejections()).isEmpty();
        assertThat(d.ignoredRows()).isZero();
        // 1,700 APnodes; 1,693 of them have all 24 hours, the on-/off-peak hub variants and one node have fewer,
        // so the file holds 40,712 (node, hour) groups = 162,848 rows / 4 LMP_TYPEs, not 1,700 x 24
        assertThat(x.records()).hasSize(40_712).hasSize(162_848 / 4);
        Map<String, Long> perNode = x.records().stream()
                .collect(Collectors.groupingBy(RawRecord::location, Collectors.counting()));
        assertThat(perNode).hasSize(1_700);
        assertThat(perNode.values().stream().filter(n -> n == 24).count()).isEqualTo(1_693);
        assertThat(x.records()).allSatisfy(r -> assertThat(r.values()).containsOnlyKeys("LMP", "MCE", "MCC", "MCL"));

        NormalizeResult n = new Normalizer().normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(40_712);
        assertThat(n.ticks()).allSatisfy(t -> {
            assertThat(t.lmp()).isCloseTo(t.energy() + t.congestion() + t.loss(), within(0.01));
            assertThat(t.derived()).isZero();
        });

        List<Tick> np15 = n.ticks().stream().filter(t -> t.location().equals("TH_NP15_GEN-APND"))
                .sorted(Comparator.comparing(Tick::intervalStart)).toList();
        assertThat(np15).hasSize(24);
        assertThat(np15.stream().filter(t -> t.operatingDay().equals(LocalDate.of(2020, 1, 1))))
                .hasSize(8).extracting(Tick::localLabel)
                .containsExactly("2020-01-01 HR 17", "2020-01-01 HR 18", "2020-01-01 HR 19", "2020-01-01 HR 20",
                        "2020-01-01 HR 21", "2020-01-01 HR 22", "2020-01-01 HR 23", "2020-01-01 HR 24");
        assertThat(np15.stream().filter(t -> t.operatingDay().equals(LocalDate.of(2020, 1, 2))))
                .hasSize(16).extracting(Tick::localLabel)
                .first().isEqualTo("2020-01-02 HR 1");
        assertThat(np15.get(23).localLabel()).isEqualTo("2020-01-02 HR 16");
        Tick first = np15.get(0);
        assertThat(first.intervalStart()).isEqualTo(Instant.parse("2020-01-02T00:00:00Z"));
        assertThat(first.intervalEnd()).isEqualTo(Instant.parse("2020-01-02T01:00:00Z"));
        assertThat(first.lmp()).isEqualTo(34.48078);
        assertThat(first.energy()).isEqualTo(34.80798);
        assertThat(first.isDerived(Component.ENERGY)).isFalse();
        assertThat(first.revision()).isEqualTo("v1");
        assertThat(first.ghg()).isNaN();
    }

    @Test
    void realDayAheadZipCutAt60PercentIsTruncated() throws Exception {
        Path file = IsoSamples.find(REAL_ZIP).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);

        byte[] whole = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(whole, (int) (whole.length * 0.6));
        assertRejected(() -> extract(cut), "truncated_document", "cut short");

        // the same cut with the zip's directory glued back on: the member itself ends early
        int cd = centralDirectoryOffset(whole);
        byte[] glued = new byte[cut.length + (whole.length - cd)];
        System.arraycopy(cut, 0, glued, 0, cut.length);
        System.arraycopy(whole, cd, glued, cut.length, whole.length - cd);
        assertRejected(() -> extract(glued), "truncated_document", "zip is truncated or corrupt");
    }

    @Test
    void realSeedCsvIsReadAsAPlainCsv() throws Exception {
        Path file = IsoSamples.find(REAL_SEED).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);

        Extraction x = connector.extract(IsoSamples.document("caiso", file));
        assertThat(x.dataset()).isEqualTo("lmp_da_hourly");
        assertThat(x.sourceRows()).isEqualTo(9);
        assertThat(x.records()).hasSize(8); // 8 hours of one node; one hour also has its MCC row
        assertThat(x.records()).extracting(RawRecord::location).containsOnly("AFPR_1_TOT_GEN-APND");
        // no _v<n> in the name: the normalizer falls back to revision "final"
        assertThat(new Normalizer().normalize(x.records()).ticks()).extracting(Tick::revision).containsOnly("final");
    }

    @Test
    void realLoadForecastZipIsNotAPriceReport() throws Exception {
        Path file = IsoSamples.find(REAL_SLD).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        RawDocument doc = IsoSamples.document("caiso", file);
        assertRejected(() -> connector.extract(doc), "unrecognized_document", "not an OASIS LMP report");
    }
}
