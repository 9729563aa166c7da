package com.carbon254.ingestion.iso.sim;

import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.caiso.CaisoSimulator;
import com.carbon254.ingestion.iso.miso.MisoSimulator;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceModelTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration FIVE = Duration.ofMinutes(5);
    private static final Instant JULY = Instant.parse("2024-07-01T00:00:00Z");

    private static final PriceProfile MISO = MisoSimulator.PRICES;
    private static final PriceProfile CAISO = CaisoSimulator.PRICES;

    private final PriceModel model = new PriceModel(42);

    /** Every registered ISO's price profile, named by its ISO. */
    static Stream<Named<PriceProfile>> profiles() {
        return Isos.all().stream().map(Iso::simulator).map(s -> Named.of(s.prices().iso(), s.prices()));
    }

    @Test
    void nodeListsHoldTheTaxonomyHubsAndAboutTwentyOthers() {
        assertThat(MISO.nodes()).extracting(Node::id).contains("INDIANA.HUB", "ILLINOIS.HUB",
                "MICHIGAN.HUB", "MINN.HUB", "ARKANSAS.HUB", "LOUISIANA.HUB", "TEXAS.HUB");
        assertThat(MISO.nodes()).filteredOn(n -> !n.type().equals("Hub")).hasSizeBetween(18, 24);
        assertThat(MISO.nodes()).extracting(Node::type)
                .containsOnly("Hub", "Gennode", "Loadzone", "Interface");
        assertThat(CAISO.nodes()).extracting(Node::id).contains("TH_NP15_GEN-APND", "TH_SP15_GEN-APND",
                "TH_ZP26_GEN-APND", "DLAP_PGAE-APND", "DLAP_SCE-APND", "DLAP_SDGE-APND");
        assertThat(CAISO.nodes()).filteredOn(n -> n.type().equals("gen_node")).hasSize(20)
                .allSatisfy(n -> assertThat(n.id()).endsWith("_GEN-APND"));
        assertThat(CAISO.nodes()).extracting(Node::id).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Market.class)
    void componentsAddUpExactlyWithFiveDecimals(Market market) {
        Duration len = market == Market.REAL_TIME ? FIVE : HOUR;
        for (PriceProfile iso : profiles().map(Named::getPayload).toList()) {
            for (Node n : iso.nodes()) {
                for (int i = 0; i < 24 * 14; i++) {
                    Price p = model.price(iso, market, n.id(), JULY.plus(len.multipliedBy(i * 7L)), len);
                    for (BigDecimal v : List.of(p.lmp(), p.energy(), p.congestion(), p.loss(), p.ghg())) {
                        assertThat(v.scale()).isEqualTo(PriceModel.SCALE);
                    }
                    // exact BigDecimal arithmetic: no tolerance
                    assertThat(p.energy().add(p.congestion()).add(p.loss()).add(p.ghg())).isEqualByComparingTo(p.lmp());
                    if (iso == MISO) {
                        // MISO publishes cents: LMP, MCC, MLC whole cents, energy = LMP - MCC - MLC, no GHG
                        assertThat(p.energy()).isEqualByComparingTo(p.lmp().subtract(p.congestion()).subtract(p.loss()));
                        for (BigDecimal v : List.of(p.lmp(), p.energy(), p.congestion(), p.loss())) {
                            assertThat(v.movePointRight(2).stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
                        }
                        assertThat(p.ghg().signum()).isZero();
                    }
                }
            }
        }
    }

    @Test
    void deterministicBySeed() {
        Instant t = Instant.parse("2024-03-05T17:35:00Z");
        for (PriceProfile iso : profiles().map(Named::getPayload).toList()) {
            String node = iso.nodes().get(3).id();
            assertThat(new PriceModel(42).price(iso, node, t, FIVE)).isEqualTo(model.price(iso, node, t, FIVE));
            List<Price> a = new ArrayList<>();
            List<Price> b = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                a.add(model.price(iso, node, t.plus(HOUR.multipliedBy(i)), HOUR));
                b.add(new PriceModel(43).price(iso, node, t.plus(HOUR.multipliedBy(i)), HOUR));
            }
            assertThat(a).isNotEqualTo(b);
        }
    }

    @Test
    void marketInferredFromTheIntervalLength() {
        Instant t = Instant.parse("2024-03-05T17:00:00Z");
        assertThat(model.price(CAISO, "TH_NP15_GEN-APND", t, HOUR))
                .isEqualTo(model.price(CAISO, Market.DAY_AHEAD, "TH_NP15_GEN-APND", t, HOUR));
        assertThat(model.price(CAISO, "TH_NP15_GEN-APND", t, FIVE))
                .isEqualTo(model.price(CAISO, Market.REAL_TIME, "TH_NP15_GEN-APND", t, FIVE));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void eveningPeakAboveOvernightOnAverageInLocalTime(PriceProfile iso) {
        String hub = iso.nodes().get(0).id();
        double peak = 0;
        double night = 0;
        int days = 0;
        for (LocalDate d = LocalDate.of(2024, 1, 1); d.getYear() == 2024; d = d.plusDays(5)) {
            ZonedDateTime midnight = d.atStartOfDay(iso.zone());
            for (int h : new int[]{18, 19}) peak += lmp(iso, hub, midnight.plusHours(h).toInstant(), HOUR);
            for (int h : new int[]{2, 3}) night += lmp(iso, hub, midnight.plusHours(h).toInstant(), HOUR);
            days++;
        }
        assertThat(peak / (2 * days)).as("evening peak vs overnight, %s", iso.iso()).isGreaterThan(1.25 * night / (2 * days));
        // and the morning ramps up from the night
        assertThat(iso.shape(8)).isGreaterThan(iso.shape(3));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void aMonthOfRealTimeHasSomeNegativesAndSpikesButFew(PriceProfile iso) {
        String hub = iso.nodes().get(0).id();
        Instant from = Instant.parse("2024-04-01T00:00:00Z");
        int n = 30 * 288;
        int negatives = 0;
        int spikes = 0;
        for (int i = 0; i < n; i++) {
            double lmp = lmp(iso, hub, from.plus(FIVE.multipliedBy(i)), FIVE);
            if (lmp < 0) negatives++;
            if (lmp > 150) spikes++;
        }
        assertThat(negatives).as("negative intervals").isBetween(n / 500, n / 10);
        assertThat(spikes).as("spike intervals").isBetween(n / 1000, n / 20);
    }

    @Test
    void dayAheadAndRealTimeDiffer() {
        Instant t = Instant.parse("2024-07-16T20:00:00Z");
        int differ = 0;
        for (int i = 0; i < 24; i++) {
            Instant s = t.plus(HOUR.multipliedBy(i));
            Price da = model.price(CAISO, Market.DAY_AHEAD, "TH_SP15_GEN-APND", s, HOUR);
            Price rt = model.price(CAISO, Market.REAL_TIME, "TH_SP15_GEN-APND", s, FIVE);
            Price exAnte = model.price(MISO, Market.DAY_AHEAD_EXANTE, "INDIANA.HUB", s, HOUR);
            Price exPost = model.price(MISO, Market.DAY_AHEAD, "INDIANA.HUB", s, HOUR);
            if (da.lmp().compareTo(rt.lmp()) != 0 && exAnte.lmp().compareTo(exPost.lmp()) != 0) differ++;
        }
        assertThat(differ).isGreaterThan(20);
    }

    @Test
    void nodesHaveTheirOwnBasis() {
        Instant t = Instant.parse("2024-07-16T22:00:00Z");
        Set<BigDecimal> lmps = new HashSet<>();
        Set<BigDecimal> energies = new HashSet<>();
        for (Node n : CAISO.nodes()) {
            Price p = model.price(CAISO, n.id(), t, HOUR);
            lmps.add(p.lmp());
            energies.add(p.energy());
        }
        assertThat(energies).as("the energy component is system-wide").hasSize(1);
        assertThat(lmps).as("LMPs differ by node").hasSize(CAISO.nodes().size());
    }

    @Test
    void dstDaysFollowLocalTime() {
        // spring forward 2024-03-10 in Los Angeles: 23 distinct hours, all priced, evening peak still at 18-19 local
        ZonedDateTime spring = LocalDate.of(2024, 3, 10).atStartOfDay(CAISO.zone());
        long springHours = Duration.between(spring, spring.plusDays(1)).toHours();
        assertThat(springHours).isEqualTo(23);
        for (int h = 0; h < springHours; h++) {
            assertThat(model.price(CAISO, "TH_NP15_GEN-APND", spring.toInstant().plus(HOUR.multipliedBy(h)), HOUR))
                    .isNotNull();
        }
        // fall back 2024-11-03: the two 01:00 local hours are different instants and get their own prices
        ZonedDateTime fall = LocalDate.of(2024, 11, 3).atStartOfDay(CAISO.zone());
        assertThat(Duration.between(fall, fall.plusDays(1)).toHours()).isEqualTo(25);
        Instant firstOne = fall.toInstant().plus(HOUR);
        Instant secondOne = firstOne.plus(HOUR);
        assertThat(model.price(CAISO, Market.REAL_TIME, "TH_NP15_GEN-APND", firstOne, FIVE))
                .isNotEqualTo(model.price(CAISO, Market.REAL_TIME, "TH_NP15_GEN-APND", secondOne, FIVE));
        // the daily shape follows local time: the same two UTC hours (10:00Z, then 04:00Z next day) are 02:00 and
        // 20:00 PST but 03:00 and 21:00 PDT, past the evening peak, so their ratio drops when DST starts
        double pst = medianEveningToNightRatio(LocalDate.of(2024, 2, 12), 21);
        double pdt = medianEveningToNightRatio(LocalDate.of(2024, 3, 18), 21);
        assertThat(pst).isGreaterThan(1.4);
        assertThat(pdt).isGreaterThan(1.1).isLessThan(pst / 1.1);
    }

    /** Median over days of DA energy at (day+1) 04:00Z divided by energy at day 10:00Z, one local day each. */
    private double medianEveningToNightRatio(LocalDate from, int days) {
        List<Double> ratios = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant night = from.plusDays(d).atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
            Instant evening = from.plusDays(d + 1).atTime(4, 0).toInstant(java.time.ZoneOffset.UTC);
            ratios.add(model.price(CAISO, "TH_NP15_GEN-APND", evening, HOUR).energy().doubleValue()
                    / model.price(CAISO, "TH_NP15_GEN-APND", night, HOUR).energy().doubleValue());
        }
        ratios.sort(null);
        return ratios.get(ratios.size() / 2);
    }

    @Test
    void unknownNodeIsRefused() {
        assertThatThrownBy(() -> model.price(MISO, "NOPE.HUB", JULY, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE.HUB");
    }

    private double lmp(PriceProfile iso, String node, Instant start, Duration len) {
        return model.price(iso, node, start, len).lmp().doubleValue();
    }
}
