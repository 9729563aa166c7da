package com.carbon254.ingestion.iso.isone;

import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every ISO-NE document the simulator renders goes through the project's own connector and normalizer untouched: zero
 * rejections, the day's number of hours, the model's prices, components that add up.
 */
class IsoneSimFormatsTest {
    private static final int NODES = IsoneSimulator.PRICES.nodes().size();
    private static final LocalDate FALL_BACK = LocalDate.of(2024, 11, 3);
    private static final LocalDate SPRING_FORWARD = LocalDate.of(2024, 3, 10);

    private final PriceModel model = new PriceModel(7);
    private final IsoneConnector connector = new IsoneConnector();
    private final Normalizer normalizer = new Normalizer();

    private List<Tick> ticks(String name, byte[] body, int expected) throws Exception {
        Extraction x = connector.extract(IsoSamples.document("isone", name, body));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(expected);
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(expected).allSatisfy(t -> {
            assertThat(t.lmp()).isCloseTo(t.energy() + t.congestion() + t.loss(), within(1e-9));
            assertThat(t.derived()).isZero();
            assertThat(t.iso()).isEqualTo("ISONE");
        });
        return n.ticks();
    }

    @Test
    void theSimulatedLocationsAreIsoNesOwn() {
        assertThat(NODES).isBetween(10, 30);
        assertThat(IsoneSimulator.PRICES.stream()).isEqualTo(6);
        assertThat(IsoneSimulator.PRICES.nodes()).extracting(PriceModel.Node::id).startsWith(".H.INTERNAL_HUB")
                .contains(".Z.MAINE", ".Z.NEWHAMPSHIRE", ".Z.VERMONT", ".Z.CONNECTICUT", ".Z.RHODEISLAND", ".Z.SEMASS",
                        ".Z.WCMASS", ".Z.NEMASSBOST", ".I.ROSETON 345 1", "UN.CDEC    13.8AETN");
        assertThat(IsoneSimulator.locationId(IsoneSimulator.PRICES.node(".Z.MAINE").orElseThrow())).isEqualTo("4001");
    }

    @Test
    void dayAheadJsonOfTheFallBackDayHas25HoursPerLocationAtTheModelsPrices() throws Exception {
        List<Tick> ticks = ticks("https://webservices.iso-ne.com/api/v1.1/hourlylmp/da/final/day/20241103",
                IsoneSimFormats.dayAheadJson(model, FALL_BACK), NODES * 25);
        List<Tick> hub = ticks.stream().filter(t -> t.location().equals(".H.INTERNAL_HUB"))
                .sorted(Comparator.comparing(Tick::intervalStart)).toList();
        assertThat(hub).hasSize(25);
        assertThat(hub.get(0).intervalStart()).isEqualTo(Instant.parse("2024-11-03T04:00:00Z"));
        assertThat(hub.get(24).intervalEnd()).isEqualTo(Instant.parse("2024-11-04T05:00:00Z"));
        assertThat(hub.subList(1, 3)).extracting(Tick::localLabel)
                .containsExactly("2024-11-03T01:00:00.000-04:00", "2024-11-03T01:00:00.000-05:00");
        for (int i = 1; i < 25; i++) assertThat(hub.get(i).intervalStart()).isEqualTo(hub.get(i - 1).intervalEnd());
        Tick t = hub.get(2);
        Price p = model.price(IsoneSimulator.PRICES, Market.DAY_AHEAD, ".H.INTERNAL_HUB",
                Instant.parse("2024-11-03T06:00:00Z"), Duration.ofHours(1));
        assertThat(t.lmp()).isEqualTo(p.lmp().doubleValue());
        assertThat(t.energy()).isEqualTo(p.energy().doubleValue());
        assertThat(t.congestion()).isEqualTo(p.congestion().doubleValue());
        assertThat(t.loss()).isEqualTo(p.loss().doubleValue());
        assertThat(t.revision()).isEqualTo("final");
        assertThat(p.lmp().stripTrailingZeros().scale()).as("ISO-NE publishes cents").isLessThanOrEqualTo(2);
    }

    @Test
    void dayAheadCsvOfTheSpringForwardDayHas23HoursAndTheSamePricesAsTheJson() throws Exception {
        Instant generated = Instant.parse("2024-03-09T18:07:54Z");
        byte[] csv = IsoneSimFormats.dayAheadCsv(model, SPRING_FORWARD, generated);
        List<Tick> fromCsv = ticks("WW_DALMP_ISO_20240310.csv", csv, NODES * 23);
        List<Tick> fromJson = ticks("https://webservices.iso-ne.com/api/v1.1/hourlylmp/da/final/day/20240310",
                IsoneSimFormats.dayAheadJson(model, SPRING_FORWARD), NODES * 23);
        assertThat(key(fromCsv)).isEqualTo(key(fromJson));
        assertThat(fromCsv).extracting(Tick::operatingDay).containsOnly(SPRING_FORWARD);
        assertThat(fromCsv.stream().map(Tick::localLabel).map(l -> l.substring(l.indexOf("HE ") + 3)).distinct())
                .hasSize(23).contains("01", "02", "04", "24").doesNotContain("03");
    }

    private static Set<String> key(List<Tick> ticks) {
        return ticks.stream().map(t -> t.location() + "|" + t.intervalStart() + "|" + t.lmp() + "|" + t.energy()
                + "|" + t.congestion() + "|" + t.loss()).collect(Collectors.toSet());
    }

    @Test
    void dayAheadCsvIsLaidOutAsIsoExpressWritesIt() {
        Instant generated = Instant.parse("2024-11-02T17:07:54Z");
        String csv = new String(IsoneSimFormats.dayAheadCsv(model, FALL_BACK, generated), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines.subList(0, 6)).containsExactly(
                "\"C\",\"Day-Ahead Energy Market Hourly LMP Report\"",
                "\"C\",\"Filename: WW_DALMP_ISO_20241103.csv\"",
                "\"C\",\"Report for: 11/03/2024 - 11/03/2024\"",
                "\"C\",\"Report generated: 11/02/2024 13:07:54 EDT\"",
                IsoneFixtures.CSV_HEADER,
                IsoneFixtures.CSV_TYPES);
        assertThat(lines).hasSize(6 + NODES * 25 + 1);
        assertThat(lines.get(6)).startsWith("\"D\",\"11/03/2024\",\"01\",\"321\",\"UN.FRNKLNSQ13.810CC\",\"NETWORK NODE\",");
        assertThat(lines.get(6 + 2 * NODES)).startsWith("\"D\",\"11/03/2024\",\"02X\",\"321\",");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("\"T\",\"" + NODES * 25 + " lines\"");
        assertThat(IsoneSimFormats.number(new BigDecimal("0.00000"))).isEqualTo("0.0");
        assertThat(IsoneSimFormats.number(new BigDecimal("-3.50000"))).isEqualTo("-3.5");
        assertThat(IsoneSimFormats.number(new BigDecimal("27.93000"))).isEqualTo("27.93");
    }

    @Test
    void fiveMinuteCurrentIsTheHubZonesAndExternalNodesOfOneInterval() throws Exception {
        Instant begin = Instant.parse("2024-11-03T06:05:00Z"); // 01:05 EST, the repeated hour
        byte[] json = IsoneSimFormats.fiveMinuteCurrent(model, begin);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"FiveMinLmps\":{\"FiveMinLmp\":[{"
                + "\"BeginDate\":\"2024-11-03T01:05:00.000-05:00\",\"Location\":{\"@LocId\":\"4000\",\"$\":"
                + "\".H.INTERNAL_HUB\",\"@LocType\":\"HUB\"},\"LmpTotal\":");
        List<Tick> ticks = ticks("https://webservices.iso-ne.com/api/v1.1/fiveminutelmp/current", json, 16);
        assertThat(ticks).allSatisfy(t -> {
            assertThat(t.intervalStart()).isEqualTo(begin);
            assertThat(t.intervalEnd()).isEqualTo(begin.plusSeconds(300));
            assertThat(t.revision()).isEqualTo("prelim");
            assertThat(t.market()).isEqualTo("RT_5MIN");
        });
        assertThat(ticks).extracting(Tick::locationType).containsOnly("HUB", "LOAD ZONE", "EXT. NODE");
        Tick maine = ticks.stream().filter(t -> t.location().equals(".Z.MAINE")).findFirst().orElseThrow();
        assertThat(maine.lmp()).isEqualTo(model.price(IsoneSimulator.PRICES, Market.REAL_TIME, ".Z.MAINE", begin,
                Duration.ofMinutes(5)).lmp().doubleValue());
    }

    @Test
    void hourEndingLabelsFollowIsoExpress() {
        assertThat(IsoneSimFormats.hours(FALL_BACK)).hasSize(25).extracting(IsoneSimFormats::hourEnding)
                .startsWith("01", "02", "02X", "03").endsWith("24");
        assertThat(IsoneSimFormats.hours(SPRING_FORWARD)).hasSize(23).extracting(IsoneSimFormats::hourEnding)
                .startsWith("01", "02", "04").endsWith("24");
        assertThat(IsoneSimFormats.hours(LocalDate.of(2024, 7, 1))).hasSize(24);
    }
}
