package com.carbon254.ingestion.iso.miso;

import com.carbon254.ingestion.event.Component;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class MisoConnectorTest {
    private static final String FIXTURE = "/fixtures/miso/20240115_da_expost_lmp.csv";
    private static final String REAL = "miso/miso_da_lmp_2011-07-16_full_mtp13.csv";
    private static final String RT_FIXTURE = "/fixtures/miso/rt_5min_expost_rolling.json";

    private final MisoConnector connector = new MisoConnector();

    static String fixture() {
        return resource(FIXTURE);
    }

    static String rtFixture() {
        return resource(RT_FIXTURE);
    }

    private static String resource(String name) {
        try (InputStream in = MisoConnectorTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Extraction extract(String text) throws DocumentRejectedException {
        return extract(text.getBytes(StandardCharsets.UTF_8));
    }

    private Extraction extract(byte[] bytes) throws DocumentRejectedException {
        return connector.extract(IsoSamples.document("miso", "20240115_da_expost_lmp.csv", bytes));
    }

    private static RawRecord record(Extraction x, String node, int he) {
        return x.records().stream()
                .filter(r -> r.location().equals(node) && r.attr("he").equals(Integer.toString(he)))
                .findFirst().orElseThrow();
    }

    @Test
    void pivotsOneRecordPerNodeAndHourEnding() throws Exception {
        Extraction x = extract(fixture());

        assertThat(x.dataset()).isEqualTo("lmp_da_expost");
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(x.sourceRows()).isEqualTo(6);
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(2 * 24);
        assertThat(x.records()).allSatisfy(r -> {
            assertThat(r.iso()).isEqualTo("MISO");
            assertThat(r.tenant()).isEqualTo("t1");
            assertThat(r.dataset()).isEqualTo("lmp_da_expost");
            assertThat(r.values()).containsOnlyKeys("LMP", "MCC", "MLC");
        });

        RawRecord hub1 = record(x, "TEST.HUB", 1);
        assertThat(hub1.attributes()).isEqualTo(Map.of("date", "2024-01-15", "he", "1", "type", "Hub",
                "revision", "expost"));
        assertThat(hub1.values()).isEqualTo(Map.of("LMP", "25.75", "MCC", ".05", "MLC", ".31"));
        assertThat(hub1.position()).isEqualTo(6); // line of the node's first (LMP) row

        RawRecord gen24 = record(x, "TEST.GEN_1", 24);
        assertThat(gen24.attributes()).containsEntry("type", "Gennode").containsEntry("he", "24");
        assertThat(gen24.values()).isEqualTo(Map.of("LMP", "36", "MCC", "-2.4", "MLC", "-.37"));
        assertThat(gen24.position()).isEqualTo(7);
    }

    @Test
    void crlfAndByteOrderMarkReadTheSame() throws Exception {
        Extraction lf = extract(fixture());
        byte[] crlf = fixture().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] bomCrlf = new byte[crlf.length + 3];
        bomCrlf[0] = (byte) 0xEF;
        bomCrlf[1] = (byte) 0xBB;
        bomCrlf[2] = (byte) 0xBF;
        System.arraycopy(crlf, 0, bomCrlf, 3, crlf.length);

        assertThat(extract(crlf).records()).map(r -> withDoc(r, "x"))
                .isEqualTo(lf.records().stream().map(r -> withDoc(r, "x")).toList());
        assertThat(extract(bomCrlf).records()).map(r -> withDoc(r, "x"))
                .isEqualTo(lf.records().stream().map(r -> withDoc(r, "x")).toList());
    }

    private static RawRecord withDoc(RawRecord r, String doc) {
        return new RawRecord(r.tenant(), r.iso(), r.dataset(), r.market(), doc, r.position(), r.location(),
                r.attributes(), r.values());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Day Ahead Market LMPs                 | lmp_da_expost | expost",
            "Day-Ahead Market ExPost LMPs          | lmp_da_expost | expost",
            "Day-Ahead Market ExAnte LMPs          | lmp_da_exante | exante",
            "Day Ahead Market Ex-Ante LMPs         | lmp_da_exante | exante",
            "DAY-AHEAD MARKET EXANTE LMPS,,,       | lmp_da_exante | exante",
    })
    void recognisesTheDatasetFromTheTitle(String title, String dataset, String revision) throws Exception {
        Extraction x = extract(fixture().replace("Day Ahead Market ExPost LMPs", title));
        assertThat(x.dataset()).isEqualTo(dataset);
        assertThat(x.records()).allSatisfy(r -> {
            assertThat(r.dataset()).isEqualTo(dataset);
            assertThat(r.attr("revision")).isEqualTo(revision);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "real-time title   | Day Ahead Market ExPost LMPs | Real-Time Market LMPs   | real-time report",
            "unrelated title   | Day Ahead Market ExPost LMPs | Daily Load Forecast     | not a MISO day-ahead LMP report",
            "impossible date   | 01/15/2024                     | 13/45/2024               | expected the market date",
            "no date           | 01/15/2024                     | ''                       | expected the market date",
    })
    void unrecognisedPreamble(String name, String from, String to, String message) {
        String text = fixture().replace(from, to);
        assertThatThrownBy(() -> extract(text))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("unrecognized_document"))
                .hasMessageContaining(message);
    }

    @Test
    void headerWithoutPreambleIsUnrecognised() {
        String text = fixture().substring(fixture().indexOf("Node,"));
        assertThatThrownBy(() -> extract(text))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("unrecognized_document"))
                .hasMessageContaining("no preamble");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "renamed hour     | ,HE 1,          | ,HE01,                | renamed column 'HE 1' → 'HE01'",
            "renamed node     | Node,Type       | CPNode,Type           | renamed column 'Node' → 'CPNode'",
            "missing HE 24    | ,HE 24          | ''                    | missing column HE 24",
            "extra column     | ,HE 24          | ',HE 24,HE 25'        | unexpected column HE 25",
            "reordered        | HE 2,HE 3       | HE 3,HE 2             | columns reordered",
    })
    void headerDriftRejectsTheDocument(String name, String from, String to, String message) {
        String fx = fixture();
        int header = fx.indexOf("Node,");
        int eol = fx.indexOf('\n', header);
        String drifted = fx.substring(0, header) + fx.substring(header, eol).replace(from, to) + fx.substring(eol);
        assertThatThrownBy(() -> extract(drifted))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("header_drift"))
                .hasMessageContaining(message)
                .hasMessageContaining("expected Node,Type,Value,HE 1..HE 24")
                .hasMessageContaining("found ");
    }

    @Test
    void aTimeNoteThatNoLongerSaysEstIsDrift() {
        String text = fixture().replace("Eastern Standard Time (EST)", "Eastern Prevailing Time (EPT)");
        assertThatThrownBy(() -> extract(text))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("header_drift"))
                .hasMessageContaining("Eastern Prevailing Time");
    }

    @Test
    void malformedRowsAreRejectedAndTheRestGoesOn() throws Exception {
        String text = fixture()
                + "TEST.X,Hub,LMP,1,2,3\n"                                           // line 12: ragged
                + ",Hub,LMP" + ",1".repeat(24) + "\n";                              // line 13: empty node
        Extraction x = extract(text);

        assertThat(x.records()).hasSize(48);
        assertThat(x.sourceRows()).isEqualTo(8);
        assertThat(x.rejections()).extracting(Rejection::reason, Rejection::position)
                .containsExactly(tuple("malformed_row", 12L),
                        tuple("malformed_row", 13L));
        assertThat(x.rejections().get(0).detail()).contains("line 12").contains("expected 27 cells, found 6");
        assertThat(x.rejections().get(1).detail()).contains("empty Node");
    }

    @Test
    void aMissingValueRowLeavesThatComponentAbsent() throws Exception {
        String text = fixture().lines().filter(l -> !l.startsWith("TEST.GEN_1,Gennode,MCC"))
                .reduce("", (a, b) -> a + b + "\n");
        Extraction x = extract(text);
        assertThat(record(x, "TEST.GEN_1", 5).values()).containsOnlyKeys("LMP", "MLC");
        assertThat(record(x, "TEST.HUB", 5).values()).containsOnlyKeys("LMP", "MCC", "MLC");

        Tick t = new Normalizer().normalize(List.of(record(x, "TEST.GEN_1", 5))).ticks().get(0);
        assertThat(t.lmp()).isEqualTo(26.5);
        assertThat(t.congestion()).isNaN();
        assertThat(t.energy()).isNaN(); // cannot be derived without MCC
    }

    @Test
    void aNonNumericCellRejectsOnlyItsRecordInTheNormalizer() throws Exception {
        String text = fixture().replace("TEST.HUB,Hub,MCC,.05,.1,.15,.2,.25", "TEST.HUB,Hub,MCC,.05,.1,.15,.2,abc");
        Extraction x = extract(text);
        assertThat(x.records()).hasSize(48);
        assertThat(record(x, "TEST.HUB", 5).attributes()).containsEntry("line:MCC", "8");

        NormalizeResult r = new Normalizer().normalize(x.records());
        assertThat(r.ticks()).hasSize(47);
        assertThat(r.rejected()).singleElement().satisfies(rej -> {
            assertThat(rej.rejection().reason()).isEqualTo("non_numeric_value");
            assertThat(rej.rejection().detail()).isEqualTo("MCC 'abc' is not a number at line 8 (node TEST.HUB, HE 5)");
            assertThat(rej.rejection().location()).isEqualTo("TEST.HUB");
        });
    }

    @Test
    void conflictingDuplicateRowsKeepTheFirst() throws Exception {
        String text = fixture() + "TEST.HUB,Hub,LMP" + ",99".repeat(24) + "\n";
        Extraction x = extract(text);
        assertThat(record(x, "TEST.HUB", 1).values()).containsEntry("LMP", "25.75");
        assertThat(x.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("conflicting_duplicate");
            assertThat(r.position()).isEqualTo(12);
            assertThat(r.location()).isEqualTo("TEST.HUB");
        });
    }

    @ParameterizedTest(name = "[{index}] blank")
    @ValueSource(strings = {"", "   ", "\n\n\r\n", "\t \n"})
    void emptyDocuments(String text) {
        assertThatThrownBy(() -> extract(text))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("empty_document"));
    }

    @Test
    void realDayAheadFileFrom2011() throws Exception {
        Path file = IsoSamples.find(REAL).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);

        Extraction x = connector.extract(IsoSamples.document("miso", file));
        assertThat(x.dataset()).isEqualTo("lmp_da_expost");
        assertThat(x.sourceRows()).isEqualTo(5_391);
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(1_797 * 24).hasSize(43_128);
        assertThat(x.records().stream().map(RawRecord::location).distinct().count()).isEqualTo(1_797);
        assertThat(x.records().stream().map(r -> r.attr("type")).distinct())
                .containsExactlyInAnyOrder("Interface", "Loadzone", "Hub", "Gennode");

        NormalizeResult n = new Normalizer().normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(43_128);

        List<Tick> indiana = n.ticks().stream().filter(t -> t.location().equals("INDIANA.HUB"))
                .sorted(Comparator.comparing(Tick::intervalStart)).toList();
        assertThat(indiana).hasSize(24);
        Tick he1 = indiana.get(0);
        assertThat(he1.intervalStart()).isEqualTo(Instant.parse("2011-07-16T05:00:00Z"));
        assertThat(he1.intervalEnd()).isEqualTo(Instant.parse("2011-07-16T06:00:00Z"));
        assertThat(he1.operatingDay()).isEqualTo(LocalDate.of(2011, 7, 16));
        assertThat(he1.localLabel()).isEqualTo("2011-07-16 HE 1");
        assertThat(he1.locationType()).isEqualTo("Hub");
        assertThat(he1.revision()).isEqualTo("expost");
        assertThat(he1.lmp()).isEqualTo(26.54);
        assertThat(he1.congestion()).isEqualTo(0.79);
        assertThat(he1.loss()).isEqualTo(0.38);
        assertThat(he1.energy()).isCloseTo(26.54 - .79 - .38, within(1e-9)).isEqualTo(25.37);
        assertThat(he1.isDerived(Component.ENERGY)).isTrue();
        assertThat(he1.isDerived(Component.LMP)).isFalse();
        assertThat(he1.ghg()).isNaN();
        assertThat(indiana.get(23).intervalEnd()).isEqualTo(Instant.parse("2011-07-17T05:00:00Z"));
        assertThat(indiana.get(23).localLabel()).isEqualTo("2011-07-16 HE 24");
        assertThat(indiana).allSatisfy(t -> assertThat(t.lmp() - t.energy() - t.congestion() - t.loss())
                .isCloseTo(0, within(0.01)));
    }

    // ------------------------------------------------------------------ real-time 5-minute API JSON

    private static RawRecord rt(Extraction x, String node, String intervalEnd) {
        return x.records().stream()
                .filter(r -> r.location().equals(node) && r.attr("interval_end_est").equals(intervalEnd))
                .findFirst().orElseThrow();
    }

    @Test
    void realTimeJsonIsOneRecordPerRowWithTheJsonsOwnText() throws Exception {
        Extraction x = extract(rtFixture());

        assertThat(x.dataset()).isEqualTo("lmp_rt_5min");
        assertThat(x.market()).isEqualTo("RT_5MIN");
        assertThat(x.sourceRows()).isEqualTo(4);
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(4).allSatisfy(r -> {
            assertThat(r.iso()).isEqualTo("MISO");
            assertThat(r.dataset()).isEqualTo("lmp_rt_5min");
            assertThat(r.market()).isEqualTo("RT_5MIN");
            assertThat(r.attr("revision")).isEqualTo("expost");
            assertThat(r.values()).containsOnlyKeys("LMP", "MCC", "MLC");
        });
        RawRecord hub = rt(x, "TEST.HUB", "2024-01-15T00:05:00");
        assertThat(hub.attributes()).isEqualTo(Map.of("interval_end_est", "2024-01-15T00:05:00",
                "revision", "expost"));
        assertThat(hub.values()).isEqualTo(Map.of("LMP", "24.610", "MLC", "0.24", "MCC", "0.37")); // numbers
        assertThat(hub.position()).isEqualTo(3); // the row in "data"
        assertThat(rt(x, "TEST.GEN_1", "2024-01-15T00:05:00").values())
                .isEqualTo(Map.of("LMP", "23.10", "MLC", "-.37", "MCC", "-2.4")); // strings
    }

    @Test
    void realTimeColumnsAreFoundByNameAndMecIsKept() throws Exception {
        String json = """
                {"data": [[0.02, "2024-01-15T08:15:00", 24.5, -0.3, "X.NODE", 24.98, "lmp"]],
                 "headers": ["MCC", "INTERVAL", "MEC", "MLC", "CPNODE", "LMP", "NOTE"]}""";
        Extraction x = extract(json);
        assertThat(x.records()).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("X.NODE");
            assertThat(r.attr("interval_end_est")).isEqualTo("2024-01-15T08:15:00");
            assertThat(r.values()).isEqualTo(Map.of("LMP", "24.98", "MCC", "0.02", "MLC", "-0.3", "MEC", "24.5"));
        });
    }

    @Test
    void realTimeJsonAfterAByteOrderMarkAndBlankLines() throws Exception {
        byte[] json = ("\r\n  " + rtFixture()).getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[json.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, bom, 3, json.length);
        assertThat(extract(bom).records()).hasSize(4);
    }

    static Stream<Arguments> realTimeHeaderDrift() {
        return Stream.of(
                Arguments.of("MCC dropped", "\"MLC\",\n    \"MCC\"", "\"MLC\"", "missing column MCC"),
                Arguments.of("CPNODE renamed", "\"CPNODE\"", "\"NODE\"", "missing column CPNODE"),
                Arguments.of("LMP twice", "\"MCC\"\n", "\"MCC\", \"LMP\"\n", "duplicate column LMP"),
                Arguments.of("no headers", "\"headers\"", "\"columns\"", "no \"headers\" list"),
                Arguments.of("headers not a list", "\"headers\": [", "\"headers\": {\"a\": [", "not a list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void realTimeHeaderDrift(String name, String from, String to, String message) {
        String json = rtFixture().replace(from, to);
        assertThat(json).isNotEqualTo(rtFixture());
        assertThatThrownBy(() -> extract(json))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("header_drift"))
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "other API JSON   | {\"FiveMinLMP\": {\"PricingNode\": []}}   | unrecognized_document | without \"headers\"",
            "no data          | {\"headers\": [\"INTERVAL\"]}             | unrecognized_document | without a \"data\"",
            "data not a list  | {\"headers\": [], \"data\": 3}            | unrecognized_document | not a list",
            "cut off          | {\"headers\": [\"INTERVAL\", \"CPN       | truncated_document    | JSON ends early",
            "not JSON         | {headers: 1}                              | unrecognized_document | not valid JSON",
            "two objects      | {} {}                                     | unrecognized_document | after the JSON object",
    })
    void realTimeDocumentsThatAreNotTheTable(String name, String json, String reason, String message) {
        assertThatThrownBy(() -> extract(json))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    @Test
    void realTimeMalformedRowsAreRejectedAndTheRestGoesOn() throws Exception {
        String json = """
                {"headers": ["INTERVAL", "CPNODE", "LMP", "MLC", "MCC"],
                 "data": [
                   ["2024-01-15T08:15:00", "A", 1, 2, 3],
                   ["2024-01-15T08:15:00", "B", 1, 2],
                   ["2024-01-15T08:15:00", null, 1, 2, 3],
                   ["2024-01-15T08:15:00", "C", [1], 2, 3],
                   "oops",
                   ["2024-01-15T08:15:00", "A", 9, 2, 3],
                   ["2024-01-15T08:15:00", "A", 1, 2, 3],
                   [null, "D", 1, 2, 3],
                   ["2024-01-15T08:15:00", "E", null, 2, 3]
                 ]}""";
        Extraction x = extract(json);
        assertThat(x.sourceRows()).isEqualTo(9);
        assertThat(x.records()).extracting(RawRecord::location).containsExactly("A", "E");
        assertThat(x.records().get(1).values()).containsOnlyKeys("MLC", "MCC"); // JSON null = not published
        assertThat(x.rejections()).extracting(Rejection::reason, Rejection::position).containsExactly(
                tuple("malformed_row", 2L), tuple("malformed_row", 3L), tuple("malformed_row", 4L),
                tuple("malformed_row", 5L), tuple("conflicting_duplicate", 6L), tuple("malformed_row", 8L));
        assertThat(x.rejections()).extracting(Rejection::detail).containsExactly(
                "row 2: expected 5 cells, found 4",
                "row 3: empty CPNODE",
                "row 4: cell 3 is a nested START_ARRAY",
                "row 5: expected a list of cells, found VALUE_STRING",
                "row 6: second row for node A, INTERVAL 2024-01-15T08:15:00 differs from row 1 (the first is kept)",
                "row 8: empty INTERVAL for node D");
    }

    @Test
    void realTimeFixtureNormalizesToFiveMinuteTicksEndingAtInterval() throws Exception {
        NormalizeResult n = new Normalizer().normalize(extract(rtFixture()).records());
        assertThat(n.rejected()).isEmpty();
        Tick midnight = n.ticks().stream().filter(t -> t.location().equals("TEST.HUB")
                && t.intervalEnd().equals(Instant.parse("2024-01-15T05:00:00Z"))).findFirst().orElseThrow();
        assertThat(midnight.intervalStart()).isEqualTo(Instant.parse("2024-01-15T04:55:00Z"));
        assertThat(midnight.operatingDay()).isEqualTo(LocalDate.of(2024, 1, 14)); // 23:55-00:00 EST
        assertThat(midnight.localLabel()).isEqualTo("2024-01-15 INT 00:00 EST");
        assertThat(midnight.market()).isEqualTo("RT_5MIN");
        assertThat(midnight.revision()).isEqualTo("expost");
        assertThat(midnight.position()).isEqualTo(1);
        assertThat(n.ticks()).allSatisfy(t -> {
            assertThat(t.isDerived(Component.ENERGY)).isTrue();
            assertThat(t.lmp() - t.energy() - t.congestion() - t.loss()).isCloseTo(0, within(0.01));
        });
        Tick hub2 = n.ticks().get(2);
        assertThat(hub2.operatingDay()).isEqualTo(LocalDate.of(2024, 1, 15));
        assertThat(hub2.lmp()).isEqualTo(24.61);
        assertThat(hub2.energy()).isEqualTo(24.0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "miso/miso_public-api_getmarketpricinggetrealtimefiveminexpostcurrent_2026-07-27_truncated.json",
            "miso/miso_public-api_getmarketpricinggetrealtimefiveminexpostrolling_2026-07-27_truncated.json"})
    void realApiSamplesWithTruncatedHeadersAreHeaderDrift(String sample) {
        Path file = IsoSamples.find(sample).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);

        assertThatThrownBy(() -> connector.extract(IsoSamples.document("miso", file)))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("header_drift"))
                .hasMessageContaining("missing columns LMP, MLC, MCC")
                .hasMessageContaining("found INTERVAL, CPNODE");
    }
}
