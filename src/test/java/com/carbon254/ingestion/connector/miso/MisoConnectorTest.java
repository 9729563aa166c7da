package com.carbon254.ingestion.connector.miso;

import com.carbon254.ingestion.connector.DocumentRejectedException;
import com.carbon254.ingestion.connector.Extraction;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testsupport.IsoSamples;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class MisoConnectorTest {
    private static final String FIXTURE = "/fixtures/miso/20240115_da_expost_lmp.csv";
    private static final String REAL = "miso/miso_da_lmp_2011-07-16_full_mtp13.csv";

    private final MisoConnector connector = new MisoConnector();

    static String fixture() {
        try (InputStream in = MisoConnectorTest.class.getResourceAsStream(FIXTURE)) {
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
}
