package com.carbon254.ingestion.quality;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.NormalizationRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class QualityChecksTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final ZoneId EST = ZoneId.of("-05:00");
    final QualityChecks checks = new QualityChecks(NormalizationRules.defaults());

    /** A full CAISO DA day for one node, every identity exact (lmp = 39 + 1 + 0.5). */
    static List<Tick> caisoDay(String node, LocalDate day) {
        List<Tick> out = new ArrayList<>();
        Instant s = day.atStartOfDay(LA).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(LA).toInstant();
        for (int h = 1; s.isBefore(end); s = s.plusSeconds(3600), h++) {
            out.add(caiso(node, day, s, 40.5, 39, 1, 0.5, Double.NaN, 0, h));
        }
        return out;
    }

    static Tick caiso(String node, LocalDate day, Instant start, double lmp, double mce, double mcc, double mcl,
                      double ghg, int derived, long pos) {
        return new Tick("t", "CAISO", "DA_HOURLY", node, "APND", start, start.plusSeconds(3600), day,
                day + " HR " + pos, lmp, mce, mcc, mcl, ghg, derived, "final", "doc", pos);
    }

    static Tick miso(String node, LocalDate day, int he, double lmp, double mec, double mcc, double mlc, int derived) {
        Instant start = day.atStartOfDay(EST).toInstant().plusSeconds((he - 1) * 3600L);
        return new Tick("t", "MISO", "DA_HOURLY", node, "Hub", start, start.plusSeconds(3600), day, day + " HE " + he,
                lmp, mec, mcc, mlc, Double.NaN, derived, "expost", "doc", he);
    }

    static List<Tick> misoDay(String node, LocalDate day) {
        List<Tick> out = new ArrayList<>();
        for (int he = 1; he <= 24; he++) out.add(miso(node, day, he, 30, 29, 0.5, 0.5, 0));
        return out;
    }

    static List<Tick> replace(List<Tick> day, int index, Tick t) {
        List<Tick> out = new ArrayList<>(day);
        out.set(index, t);
        return out;
    }

    static Stream<Arguments> cases() {
        LocalDate d = LocalDate.of(2021, 6, 1);
        List<Tick> day = caisoDay("N1", d);
        Tick h2 = day.get(1);
        List<Tick> withoutH2 = new ArrayList<>(day);
        withoutH2.remove(1);
        List<Tick> dup = new ArrayList<>(day);
        dup.add(caiso("N1", d, h2.intervalStart(), 41.5, 40, 1, 0.5, Double.NaN, 0, 99));
        List<Tick> sameDup = new ArrayList<>(day);
        sameDup.add(day.get(3));
        Instant rt0 = Instant.parse("2021-06-01T15:00:00Z");
        List<Tick> rt = new ArrayList<>();
        for (int i : new int[]{0, 1, 3, 4}) {
            Instant s = rt0.plusSeconds(300L * i);
            rt.add(new Tick("t", "CAISO", "RT_5MIN", "N1", "APND", s, s.plusSeconds(300), d, "x", 40.5, 39, 1, 0.5,
                    Double.NaN, 0, "final", "doc", i));
        }
        LocalDate md = LocalDate.of(2011, 7, 16);
        return Stream.of(
                Arguments.of("clean CAISO day", day, List.of()),
                Arguments.of("clean MISO day", misoDay("HUB", md), List.of()),
                Arguments.of("off by exactly 0.01 is within tolerance",
                        replace(day, 1, caiso("N1", d, h2.intervalStart(), 40.51, 39, 1, 0.5, Double.NaN, 0, 2)),
                        List.of()),
                Arguments.of("LMP off by 5", replace(day, 1, caiso("N1", d, h2.intervalStart(), 45.5, 39, 1, 0.5,
                        Double.NaN, 0, 2)), List.of("component_mismatch@" + h2.intervalStart())),
                Arguments.of("GHG counts when present", replace(day, 1, caiso("N1", d, h2.intervalStart(), 40.5, 39, 1,
                        0.5, 2, 0, 2)), List.of("component_mismatch@" + h2.intervalStart())),
                Arguments.of("GHG present and adding up", replace(day, 1, caiso("N1", d, h2.intervalStart(), 42.5, 39,
                        1, 0.5, 2, 0, 2)), List.of()),
                Arguments.of("derived LMP is not checked", replace(day, 1, caiso("N1", d, h2.intervalStart(), 45.5, 39,
                        1, 0.5, Double.NaN, Component.LMP.bit(), 2)), List.of()),
                Arguments.of("MISO derived energy is not checked",
                        replace(misoDay("HUB", md), 4, miso("HUB", md, 5, 30, 10, 0.5, 0.5, Component.ENERGY.bit())),
                        List.of()),
                Arguments.of("MISO published MEC off", replace(misoDay("HUB", md), 4, miso("HUB", md, 5, 30, 10, 0.5,
                        0.5, 0)), List.of("component_mismatch@" + misoDay("HUB", md).get(4).intervalStart())),
                Arguments.of("above the CAISO cap", replace(day, 1, caiso("N1", d, h2.intervalStart(), 2600, 2598.5, 1,
                        0.5, Double.NaN, 0, 2)), List.of("out_of_range@" + h2.intervalStart())),
                Arguments.of("below the floor", replace(day, 1, caiso("N1", d, h2.intervalStart(), -2100, -2101.5, 1,
                        0.5, Double.NaN, 0, 2)), List.of("out_of_range@" + h2.intervalStart())),
                Arguments.of("missing hour", withoutH2, List.of("missing_interval@" + h2.intervalStart())),
                Arguments.of("conflicting duplicate", dup, List.of("conflicting_duplicate@" + h2.intervalStart())),
                Arguments.of("identical duplicate is no conflict", sameDup, List.of()),
                Arguments.of("RT_5MIN gap between first and last", rt,
                        List.of("missing_interval@" + rt0.plusSeconds(600))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findings(String name, List<Tick> batch, List<String> expected) {
        List<Anomaly> found = checks.check(batch, Map.of("doc", "lmp_dam"), NOW);
        assertThat(found).extracting(a -> a.type() + "@" + a.interval()).containsExactlyElementsOf(expected);
        assertThat(found).allSatisfy(a -> {
            assertThat(a.location()).isEqualTo(batch.get(0).location());
            assertThat(a.dataset()).isEqualTo("lmp_dam");
            assertThat(a.at()).isEqualTo(NOW);
            assertThat(a.detail()).isNotBlank();
        });
    }

    @Test
    void mismatchDetailNamesTheValues() {
        LocalDate d = LocalDate.of(2021, 6, 1);
        List<Tick> day = caisoDay("N1", d);
        Tick bad = caiso("N1", d, day.get(1).intervalStart(), 45.5, 39, 1, 0.5, Double.NaN, 0, 2);
        Anomaly a = checks.check(replace(day, 1, bad), NOW).get(0);
        assertThat(a.detail()).contains("lmp 45.5", "energy 39", "congestion 1", "loss 0.5", "off by 5");
        assertThat(a.dataset()).isNull();
    }

    /** Fall-back and spring-forward days in Los Angeles have 25 and 23 hours; MISO's fixed EST always 24. */
    @ParameterizedTest(name = "{0} {1}: {2} hours")
    @MethodSource("dstDays")
    void expectedGridFollowsTheOperatingDay(String iso, LocalDate day, int hours) {
        List<Tick> full = "CAISO".equals(iso) ? caisoDay("N1", day) : misoDay("HUB", day);
        assertThat(full).hasSize(hours);
        assertThat(checks.check(full, NOW)).isEmpty();
        // a location with one hour next to a peer with the whole day: the grid says how many hours it lacks
        List<Tick> batch = new ArrayList<>();
        batch.add(full.get(0));
        batch.addAll("CAISO".equals(iso) ? caisoDay("PEER", day) : misoDay("PEER", day));
        List<Anomaly> gaps = checks.check(batch, NOW);
        assertThat(gaps).hasSize(hours - 1).allSatisfy(a -> assertThat(a.type()).isEqualTo("missing_interval"));
        assertThat(gaps.get(gaps.size() - 1).interval()).isEqualTo(full.get(hours - 1).intervalStart());
    }

    @Test
    void hoursADocumentNeverCoveredAreNotMissing() {
        // a CAISO request window fixed in UTC holds HR 17-24 of one trade date and HR 1-16 of the next, for every node
        LocalDate d1 = LocalDate.of(2021, 6, 1);
        LocalDate d2 = d1.plusDays(1);
        List<Tick> batch = new ArrayList<>();
        for (String n : List.of("N1", "N2")) {
            batch.addAll(caisoDay(n, d1).subList(16, 24));
            batch.addAll(caisoDay(n, d2).subList(0, 16));
        }
        assertThat(checks.check(batch, NOW)).isEmpty();
        batch.remove(3); // N1 lacks an hour N2 has
        assertThat(checks.check(batch, NOW)).singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo("missing_interval"));
    }

    static Stream<Arguments> dstDays() {
        return Stream.of(
                Arguments.of("CAISO", LocalDate.of(2020, 11, 1), 25),
                Arguments.of("CAISO", LocalDate.of(2020, 3, 8), 23),
                Arguments.of("CAISO", LocalDate.of(2020, 6, 1), 24),
                Arguments.of("MISO", LocalDate.of(2020, 11, 1), 24),
                Arguments.of("MISO", LocalDate.of(2020, 3, 8), 24));
    }
}
