package com.carbon254.ingestion.iso.miso;

import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every MISO document the simulator renders must go through the project's own connector and normalizer untouched:
 * zero rejections, the right number of ticks, the model's prices.
 */
class MisoSimFormatsTest {
    private static final int MISO_NODES = MisoSimulator.PRICES.nodes().size();

    private final PriceModel model = new PriceModel(7);
    private final MisoConnector miso = new MisoConnector();
    private final Normalizer normalizer = new Normalizer();

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void misoDayAheadReportParsesIntoNodesTimes24Ticks(boolean exAnte) throws Exception {
        LocalDate day = LocalDate.of(2024, 11, 3); // a US fall-back day: MISO's EST day has 24 hours anyway
        byte[] doc = MisoSimFormats.dayAheadReport(model, day, exAnte);

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
        Price p = model.price(MisoSimulator.PRICES, exAnte ? Market.DAY_AHEAD_EXANTE : Market.DAY_AHEAD, "INDIANA.HUB",
                Instant.parse("2024-11-03T22:00:00Z"), Duration.ofHours(1));
        assertThat(he18.lmp()).isEqualTo(p.lmp().doubleValue());
        assertThat(he18.congestion()).isEqualTo(p.congestion().doubleValue());
        assertThat(he18.loss()).isEqualTo(p.loss().doubleValue());
        assertThat(he18.locationType()).isEqualTo("Hub");
    }

    @Test
    void misoReportLooksLikeMisos() {
        String text = new String(MisoSimFormats.dayAheadReport(model, LocalDate.of(2024, 7, 16), false),
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
        assertThat(MisoSimFormats.number(new BigDecimal("0.60000"))).isEqualTo(".6");
        assertThat(MisoSimFormats.number(new BigDecimal("-0.37000"))).isEqualTo("-.37");
        assertThat(MisoSimFormats.number(new BigDecimal("32.00000"))).isEqualTo("32");
        assertThat(MisoSimFormats.number(new BigDecimal("0.00000"))).isEqualTo("0");
    }

    @Test
    void misoFiveMinExPostCurrentIsHeadersAndDataWithTheIntervalEndInEst() {
        Instant end = Instant.parse("2026-07-27T13:15:00Z"); // 08:15 EST
        JsonObject json = new JsonObject(new String(MisoSimFormats.fiveMinExPostCurrent(model, end), StandardCharsets.UTF_8));
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
            Price p = model.price(MisoSimulator.PRICES, Market.REAL_TIME, row.getString(1), end.minus(Duration.ofMinutes(5)),
                    Duration.ofMinutes(5));
            assertThat(new BigDecimal(row.getValue(2).toString())).isEqualByComparingTo(p.lmp());
            assertThat(new BigDecimal(row.getValue(3).toString())).isEqualByComparingTo(p.loss());
            assertThat(new BigDecimal(row.getValue(4).toString())).isEqualByComparingTo(p.congestion());
        }
        assertThat(data.stream().map(r -> ((JsonArray) r).getString(1)).toList())
                .contains("INDIANA.HUB", "MINN.HUB", "TEXAS.HUB");
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(MisoSimFormats.dayAheadReport(new PriceModel(7), LocalDate.of(2024, 7, 16), true))
                .isEqualTo(MisoSimFormats.dayAheadReport(model, LocalDate.of(2024, 7, 16), true));
    }
}
