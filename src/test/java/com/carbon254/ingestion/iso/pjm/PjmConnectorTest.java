package com.carbon254.ingestion.iso.pjm;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.carbon254.ingestion.iso.pjm.PjmFixtures.FALL_BACK;
import static com.carbon254.ingestion.iso.pjm.PjmFixtures.NODES;
import static com.carbon254.ingestion.iso.pjm.PjmFixtures.SPRING_FORWARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/** PJM Data Miner 2 documents through the connector and the normalizer: feeds, time rule, revisions, refusals. */
class PjmConnectorTest {
    static final String SAMPLE = "pjm/pjm_dataminer_da_hrl_lmps_ZONE_2026-06-09.json";

    private final PjmConnector connector = new PjmConnector();
    private final Normalizer normalizer = new Normalizer();

    private Extraction extract(byte[] bytes) throws DocumentRejectedException {
        return connector.extract(IsoSamples.document("pjm", "download.json", bytes));
    }

    private Extraction extract(String json) throws DocumentRejectedException {
        return extract(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String item(String utc, String ept, int node, String m, String total, String energy,
                               String congestion, String loss, String current, String version) {
        String[] n = NODES.get(node);
        StringBuilder sb = new StringBuilder("{\"datetime_beginning_utc\":\"" + utc + "\"");
        if (ept != null) sb.append(",\"datetime_beginning_ept\":\"").append(ept).append('"');
        sb.append(",\"pnode_id\":").append(n[1]).append(",\"pnode_name\":\"").append(n[0]).append("\",\"type\":\"")
                .append(n[2]).append('"');
        if (energy != null) sb.append(",\"system_energy_price_").append(m).append("\":").append(energy);
        if (total != null) sb.append(",\"total_lmp_").append(m).append("\":").append(total);
        if (congestion != null) sb.append(",\"congestion_price_").append(m).append("\":").append(congestion);
        if (loss != null) sb.append(",\"marginal_loss_price_").append(m).append("\":").append(loss);
        if (current != null) sb.append(",\"row_is_current\":").append(current);
        if (version != null) sb.append(",\"version_nbr\":").append(version);
        return sb.append('}').toString();
    }

    /** An envelope without links or searchSpecification: only the items tell which feed it is. */
    private static String bare(String... items) {
        return "{\"items\":[" + String.join(",", items) + "],\"totalRows\":" + items.length + "}";
    }

    private static Tick only(NormalizeResult n) {
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(1);
        return n.ticks().get(0);
    }

    // ---------------------------------------------------------------- the real sample

    @Test
    void theRealDayAheadSampleImportsWithZeroRejectionsAndItsUtcStartsTrusted() throws Exception {
        Path file = IsoSamples.find(SAMPLE).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        Extraction x = connector.extract(IsoSamples.document("pjm", file));
        assertThat(x.dataset()).isEqualTo(PjmConnector.FEED_DA);
        assertThat(x.market()).isEqualTo("DA_HOURLY");
        assertThat(x.rejections()).isEmpty();
        assertThat(x.sourceRows()).isEqualTo(552);
        assertThat(x.records()).hasSize(552);

        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).hasSize(552);
        Map<String, List<Tick>> byNode = n.ticks().stream().collect(Collectors.groupingBy(Tick::location));
        assertThat(byNode).hasSize(23).containsKeys("PJM-RTO", "MID-ATL/APS", "AECO", "RECO", "OVEC", "EKPC");
        Instant dayStart = Instant.parse("2026-06-09T04:00:00Z"); // 00:00 EDT
        for (List<Tick> ts : byNode.values()) {
            ts.sort(Comparator.comparing(Tick::intervalStart));
            assertThat(ts).hasSize(24);
            for (int i = 0; i < 24; i++) {
                assertThat(ts.get(i).intervalStart()).isEqualTo(dayStart.plusSeconds(3600L * i));
                assertThat(ts.get(i).intervalEnd()).isEqualTo(dayStart.plusSeconds(3600L * (i + 1)));
                assertThat(ts.get(i).operatingDay()).isEqualTo(LocalDate.of(2026, 6, 9));
            }
        }
        // items 3 and 27 of the file: AECO at 2026-06-09T04:00:00 (24.582164) and 05:00:00 (19.271459); its last hour
        List<Tick> aeco = byNode.get("AECO");
        Tick first = aeco.get(0);
        assertThat(first.position()).isEqualTo(3);
        assertThat(first.lmp()).isEqualTo(24.582164);
        assertThat(first.energy()).isNaN(); // the sample asked for total_lmp_da only: components are null, not 0
        assertThat(first.congestion()).isNaN();
        assertThat(first.loss()).isNaN();
        assertThat(first.derived()).isZero();
        assertThat(first.locationType()).isEqualTo("ZONE");
        assertThat(first.locationId()).isEqualTo("51291");
        assertThat(first.localLabel()).isEqualTo("2026-06-09 00:00 EDT");
        assertThat(first.revision()).isEqualTo("current");
        assertThat(aeco.get(1).lmp()).isEqualTo(19.271459);
        assertThat(aeco.get(23).intervalStart()).isEqualTo(Instant.parse("2026-06-10T03:00:00Z"));
        assertThat(aeco.get(23).localLabel()).isEqualTo("2026-06-09 23:00 EDT");
        assertThat(aeco.get(23).lmp()).isEqualTo(29.06445);
        RawRecord dom = x.records().get(17); // item 18: DOM at 04:00Z, written 36.829890 in the file
        assertThat(dom.location()).isEqualTo("DOM");
        assertThat(dom.values()).containsExactly(Map.entry("total_lmp_da", "36.829890"));
        assertThat(dom.attr(RawRecord.LOCATION_ID)).isEqualTo("34964545");
        assertThat(dom.attr(RawRecord.TYPE)).isEqualTo("ZONE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pjm_dataminer_gen_by_fuel_2025-02-09.json",
            "pjm_dataminer_da_marginal_value_2023-11-05_to_07_DST-end.json",
            "pjm_dataminer_rt_marginal_value_2023-11-05_to_07_DST-end.json",
            "pjm_dataminer_da_transconstraints_2023-11-05_to_07_DST-end.json"})
    void theRealNonPriceFeedsAreRefusedNamingTheFeed(String sample) {
        Path file = IsoSamples.find("pjm/" + sample).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        String feed = sample.replace("pjm_dataminer_", "").replaceAll("_20\\d\\d-.*", "");
        assertThatThrownBy(() -> connector.extract(IsoSamples.document("pjm", file)))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("unknown_format"))
                .hasMessageContaining("Data Miner feed " + feed + " ")
                .hasMessageContaining("is not an LMP feed");
    }

    // ---------------------------------------------------------------- recognising each feed from its content

    @Test
    void eachFeedIsRecognisedFromItsPriceFieldsWithoutLinks() throws Exception {
        Extraction da = extract(bare(item("2024-06-03T04:00:00", null, 0, "da", "30.5", "29", "1", "0.5", null, null)));
        assertThat(da.dataset()).isEqualTo(PjmConnector.FEED_DA);
        assertThat(da.market()).isEqualTo("DA_HOURLY");

        Extraction rt = extract(bare(item("2024-06-03T04:05:00", null, 0, "rt", "30.5", "29", "1", "0.5", null, null)));
        assertThat(rt.dataset()).isEqualTo(PjmConnector.FEED_RT);
        assertThat(rt.market()).isEqualTo("RT_5MIN");

        Extraction unverified = extract(bare(item("2024-06-03T04:05:00", null, 0, "rt", "30.5", null, null, null,
                null, null)));
        assertThat(unverified.dataset()).isEqualTo(PjmConnector.FEED_RT_UNVERIFIED);
        Tick t = only(normalizer.normalize(unverified.records()));
        assertThat(t.lmp()).isEqualTo(30.5);
        assertThat(t.energy()).isNaN();
        assertThat(t.congestion()).isNaN();
        assertThat(t.loss()).isNaN();
        assertThat(t.revision()).isEqualTo("unverified");
        assertThat(t.intervalEnd()).isEqualTo(Instant.parse("2024-06-03T04:10:00Z"));

        // the unverified feed asked for its congestion and loss too (as gridstatus does): energy is derived, marked so
        Tick withParts = only(normalizer.normalize(extract(bare(item("2024-06-03T04:05:00", null, 0, "rt", "30.5",
                null, "1.25", "-0.5", null, null))).records()));
        assertThat(withParts.revision()).isEqualTo("unverified");
        assertThat(withParts.energy()).isEqualTo(29.75);
        assertThat(withParts.isDerived(Component.ENERGY)).isTrue();
        assertThat(withParts.isDerived(Component.LMP)).isFalse();
    }

    @Test
    void theFeedNamedInTheLinksWinsAndMustCarryItsPrices() throws Exception {
        byte[] rt = PjmFixtures.rtRepeatedHour();
        assertThat(extract(rt).dataset()).isEqualTo(PjmConnector.FEED_RT);
        // the verified feed asked for its total only still is the verified feed: its links say so
        String totalOnly = new String(rt, StandardCharsets.UTF_8)
                .replaceAll(",\"system_energy_price_rt\":[-0-9.]+", "");
        Extraction x = extract(totalOnly);
        assertThat(x.dataset()).isEqualTo(PjmConnector.FEED_RT);
        assertThat(normalizer.normalize(x.records()).ticks()).allSatisfy(t -> {
            assertThat(t.revision()).isEqualTo("v1");
            assertThat(t.isDerived(Component.ENERGY)).isTrue(); // congestion and loss are there: energy = lmp - both
        });
        // links saying da_hrl_lmps over real-time prices: the document is not what it claims
        String lying = new String(rt, StandardCharsets.UTF_8).replace("/rt_fivemin_hrl_lmps", "/da_hrl_lmps");
        assertThatThrownBy(() -> extract(lying)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("header_drift")).hasMessageContaining("without any *_da");
    }

    @Test
    void anEmptyItemsListIsAValidDocumentWithNoRecords() throws Exception {
        byte[] empty = PjmFixtures.envelope("rt_fivemin_hrl_lmps", "datetime_beginning_utc,total_lmp_rt",
                "datetime_beginning_utc", "2024-11-03T05:00to2024-11-03T05:59", List.of());
        Extraction x = extract(empty);
        assertThat(x.dataset()).isEqualTo(PjmConnector.FEED_RT);
        assertThat(x.records()).isEmpty();
        assertThat(x.rejections()).isEmpty();
        assertThat(x.sourceRows()).isZero();
        assertThatThrownBy(() -> extract("{\"items\":[],\"totalRows\":0}"))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("empty_document"));
    }

    // ---------------------------------------------------------------- other documents

    @Test
    void documentsOfOtherIsosAndPjmErrorsAreRefusedWithAReason() {
        record Case(String body, String reason, String message) {
        }
        List<Case> cases = List.of(
                new Case("{\"headers\":[\"INTERVAL\",\"CPNODE\",\"LMP\"],\"data\":[[\"2026-07-27T08:15:00\",\"A\",1]]}",
                        "unknown_format", "without \"items\" (has headers, data): not a PJM Data Miner document"),
                new Case("{\"_meta\":{\"totalRecords\":1},\"fields\":[{\"name\":\"deliveryDate\"}],\"data\":[[1]]}",
                        "unknown_format", "(has _meta, fields, data)"),
                new Case("Node,Type,Value,HE 1\nA,Hub,LMP,1\n", "unknown_format", "'Node,Type,Value,HE 1…' is not"),
                new Case("PK\u0003\u0004rest", "unknown_format", "a zip archive"),
                new Case("<html><head><title>429 Too Many Requests</title></head></html>", "unknown_format",
                        "an HTML/XML page"),
                new Case("{ \"statusCode\": 401, \"message\": \"Access denied due to missing subscription key.\" }",
                        "iso_error", "(statusCode 401): Access denied due to missing subscription key."),
                new Case("{\"errors\":[{\"field\":\"rowCount\",\"message\":\"too large\"}]}", "iso_error",
                        "rowCount: too large"),
                new Case("{\"links\":[],\"items\":[{\"datetime_beginning_utc\":\"2024-01-01T00:00:00\"", "truncated_document",
                        "JSON ends early"),
                new Case(" \r\n", "empty_document", "only whitespace"),
                new Case("", "empty_document", "0 bytes"));
        for (Case c : cases) {
            assertThatThrownBy(() -> extract(c.body())).as(c.body())
                    .isInstanceOfSatisfying(DocumentRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(c.reason()))
                    .hasMessageContaining(c.message());
        }
    }

    @Test
    void aDocumentWithoutTheUtcStartIsDriftNotGuessedFromTheLocalLabel() {
        String noUtc = bare("{\"datetime_beginning_ept\":\"2024-11-03T01:00:00\",\"pnode_id\":1,\"pnode_name\":\"A\","
                + "\"total_lmp_da\":30}");
        assertThatThrownBy(() -> extract(noUtc)).isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("header_drift"))
                .hasMessageContaining("missing field datetime_beginning_utc")
                .hasMessageContaining("ambiguous in the repeated fall-back hour");
        String noName = bare("{\"datetime_beginning_utc\":\"2024-11-03T05:00:00\",\"pnode_id\":1,\"total_lmp_da\":30}");
        assertThatThrownBy(() -> extract(noName)).hasMessageContaining("missing field pnode_name");
        String hourlyRt = bare(item("2024-06-03T04:00:00", null, 0, "rt", "1", "1", "0", "0", null, null),
                item("2024-06-03T05:00:00", null, 0, "rt", "1", "1", "0", "0", null, null));
        assertThatThrownBy(() -> extract(hourlyRt)).hasMessageContaining("hourly rt_hrl_lmps");
    }

    // ---------------------------------------------------------------- rows

    @Test
    void badItemsAreRejectedOneByOneAndTheRestGoesOn() throws Exception {
        String doc = bare(
                item("2024-06-03T04:00:00", "2024-06-03T00:00:00", 0, "da", "30.5", "29", "1", "0.5", "true", "1"),
                "[1,2]",
                "{\"datetime_beginning_utc\":\"2024-06-03T04:00:00\",\"pnode_id\":9,\"total_lmp_da\":1}",
                item("2024-06-03T04:00:00", "2024-06-03T00:00:00", 1, "da", "\"abc\"", "29", "1", "0.5", "true", "1"),
                item("2024-06-03T04:30:00", "2024-06-03T00:30:00", 2, "da", "31", "29", "1", "1", "true", "1"),
                item("2024-06-03T05:00:00", "2024-06-03T05:00:00", 2, "da", "31", "29", "1", "1", "true", "1"),
                item("2024-06-03T06:00:00", "2024-06-03T02:00:00", 2, "da", "31", "29", "1", "1", "true", "\"x1\""),
                item("2024-06-03T07:00:00", "2024-06-03T03:00:00", 0, "da", "32", "30", "1", "1", "true", "1"));
        Extraction x = extract(doc);
        assertThat(x.sourceRows()).isEqualTo(8);
        assertThat(x.rejections()).extracting(r -> r.reason() + "@" + r.position())
                .containsExactly("malformed_row@2", "malformed_row@3");
        assertThat(x.rejections().get(0).detail()).isEqualTo("item 2: expected an object, found START_ARRAY");
        assertThat(x.rejections().get(1).detail()).isEqualTo("item 3: empty pnode_name (pnode_id 9)");
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.ticks()).extracting(Tick::position).containsExactly(1L, 8L);
        assertThat(n.rejected()).extracting(r -> r.rejection().reason() + "@" + r.record().position())
                .containsExactly("non_numeric_value@4", "bad_timestamp@5", "bad_timestamp@6", "bad_revision@7");
        assertThat(n.rejected().get(0).rejection().detail())
                .isEqualTo("total_lmp_da 'abc' is not a number at item 4 (pnode PSEG, datetime_beginning_utc"
                        + " 2024-06-03T04:00:00)");
        assertThat(n.rejected().get(1).rejection().detail()).contains("not on the 60-minute grid of DA_HOURLY");
        assertThat(n.rejected().get(2).rejection().detail())
                .contains("datetime_beginning_ept '2024-06-03T05:00:00' is not datetime_beginning_utc"
                        + " '2024-06-03T05:00:00' in America/New_York (2024-06-03T01:00)");
    }

    @Test
    void versionsOfOneIntervalAreRevisionsAndTheHighestInTheDocumentWins() throws Exception {
        String utc = "2024-06-03T16:00:00";
        String ept = "2024-06-03T12:00:00";
        Extraction x = extract(bare(
                item(utc, ept, 0, "da", "40.25", "39", "1", "0.25", "false", "1"),
                item(utc, ept, 0, "da", "40", "38.75", "1", "0.25", "true", "2"),
                item(utc, ept, 1, "da", "41", "40", "1", "0", "true", "2"),
                item(utc, ept, 1, "da", "41.5", "40", "1", "0.5", "false", "1"),
                item(utc, ept, 2, "da", "42", "41", "1", "0", "true", "1"),
                item(utc, ept, 2, "da", "42", "41", "1", "0", "true", "1"),
                item(utc, ept, 2, "da", "43", "42", "1", "0", "true", "1")));
        assertThat(x.records()).extracting(RawRecord::location, RawRecord::position)
                .containsExactly(tuple("WESTERN HUB", 2L),
                        tuple("PSEG", 3L),
                        tuple("BERGEN  13 KV   CC12", 5L));
        assertThat(x.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("conflicting_duplicate");
            assertThat(r.position()).isEqualTo(7);
            assertThat(r.detail()).contains("version_nbr 1 differs from item 5 (the first is kept)");
        });
        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.ticks()).extracting(Tick::revision).containsExactly("v2", "v2", "v1");
        assertThat(n.ticks().get(0).lmp()).isEqualTo(40.0);

        // a superseded row alone in its document is still a revision, ranked below the later ones
        Tick old = only(normalizer.normalize(extract(bare(item(utc, ept, 0, "da", "40.25", "39", "1", "0.25",
                "false", "1"))).records()));
        assertThat(old.revision()).isEqualTo("v1");
        Pjm pjm = new Pjm();
        assertThat(List.of("superseded", "unverified", "current", "v1", "v2", "v10"))
                .extracting(pjm::revisionRank).isSorted().doesNotHaveDuplicates();
        assertThat(pjm.revisionRank("x")).isZero();
    }

    @Test
    void componentsAddUpAndCongestionFollowsTheRulesSign() throws Exception {
        Tick t = only(normalizer.normalize(extract(bare(item("2024-06-03T16:00:00", "2024-06-03T12:00:00", 1, "da",
                "41.163107", "38.125", "3.250117", "-0.21201", "true", "1"))).records()));
        assertThat(t.lmp()).isEqualTo(41.163107);
        assertThat(t.energy() + t.congestion() + t.loss()).isCloseTo(t.lmp(), within(1e-9));
        assertThat(t.derived()).isZero();
        assertThat(t.operatingDay()).isEqualTo(LocalDate.of(2024, 6, 3));
        // a total missing but all three components there: the sum, marked derived
        Tick sum = only(normalizer.normalize(extract(bare(item("2024-06-03T16:00:00", null, 1, "da", null, "38.125",
                "3.250117", "-0.21201", null, null))).records()));
        assertThat(sum.lmp()).isEqualTo(41.163107);
        assertThat(sum.isDerived(Component.LMP)).isTrue();
        // null components are not published: the tick keeps them null, not zero
        Tick nulls = only(normalizer.normalize(extract(bare(item("2024-06-03T16:05:00", null, 1, "rt", "41", "null",
                "null", "NaN", null, null))).records()));
        assertThat(nulls.energy()).isNaN();
        assertThat(nulls.congestion()).isNaN();
        assertThat(nulls.loss()).isNaN();
        assertThat(nulls.lmp()).isEqualTo(41.0);
    }

    @Test
    void intervalEndIsTheUtcStartPlusTheMarketsInterval() throws Exception {
        RawRecord da = extract(PjmFixtures.daDay(FALL_BACK)).records().get(3);
        assertThat(connector.intervalEnd(da)).contains(Instant.parse("2024-11-03T06:00:00Z"));
        RawRecord rt = extract(PjmFixtures.rtRepeatedHour()).records().get(0);
        assertThat(connector.intervalEnd(rt)).contains(Instant.parse("2024-11-03T05:05:00Z"));
    }

    // ---------------------------------------------------------------- DST days

    @Test
    void theFallBackDayHas25DistinctContiguousHoursPerPnodeAndTheSpringDay23() throws Exception {
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            int hours = day.equals(FALL_BACK) ? 25 : 23;
            Extraction x = extract(PjmFixtures.daDay(day));
            assertThat(x.rejections()).isEmpty();
            NormalizeResult n = normalizer.normalize(x.records());
            assertThat(n.rejected()).isEmpty();
            assertThat(n.ticks()).hasSize(hours * NODES.size());
            Instant dayStart = day.atStartOfDay(Pjm.EASTERN).toInstant();
            Instant dayEnd = day.plusDays(1).atStartOfDay(Pjm.EASTERN).toInstant();
            List<PjmFixtures.Hour> expected = PjmFixtures.hours(day);
            for (int node = 0; node < NODES.size(); node++) {
                String name = NODES.get(node)[0];
                List<Tick> ts = new ArrayList<>(n.ticks().stream().filter(t -> t.location().equals(name)).toList());
                ts.sort(Comparator.comparing(Tick::intervalStart));
                assertThat(ts).hasSize(hours);
                assertThat(ts.get(0).intervalStart()).isEqualTo(dayStart);
                assertThat(ts.get(hours - 1).intervalEnd()).isEqualTo(dayEnd);
                for (int i = 0; i < hours; i++) {
                    Tick t = ts.get(i);
                    assertThat(t.intervalStart()).isEqualTo(expected.get(i).start());
                    if (i > 0) assertThat(t.intervalStart()).isEqualTo(ts.get(i - 1).intervalEnd());
                    assertThat(t.operatingDay()).isEqualTo(day);
                    assertThat(t.lmp()).isEqualTo(PjmFixtures.total(node, i));
                    assertThat(t.energy()).isEqualTo(PjmFixtures.energy(node, i));
                    assertThat(t.congestion()).isEqualTo(PjmFixtures.congestion(node, i));
                    assertThat(t.loss()).isEqualTo(PjmFixtures.loss(node, i));
                }
            }
        }
        List<Tick> fall = new ArrayList<>(normalizer.normalize(extract(PjmFixtures.daDay(FALL_BACK)).records()).ticks()
                .stream().filter(t -> t.location().equals("WESTERN HUB")).toList());
        fall.sort(Comparator.comparing(Tick::intervalStart));
        assertThat(fall.subList(0, 4)).extracting(Tick::localLabel).containsExactly("2024-11-03 00:00 EDT",
                "2024-11-03 01:00 EDT", "2024-11-03 01:00 EST", "2024-11-03 02:00 EST");
        assertThat(fall.get(2).intervalStart()).isEqualTo(Instant.parse("2024-11-03T06:00:00Z"));
        List<Tick> spring = new ArrayList<>(normalizer.normalize(extract(PjmFixtures.daDay(SPRING_FORWARD)).records())
                .ticks().stream().filter(t -> t.location().equals("PSEG")).toList());
        spring.sort(Comparator.comparing(Tick::intervalStart));
        assertThat(spring.subList(1, 3)).extracting(Tick::localLabel)
                .containsExactly("2024-03-10 01:00 EST", "2024-03-10 03:00 EDT");
    }

    @Test
    void theRepeatedHourInFiveMinutesIs24DistinctIntervalsOfTheSameDay() throws Exception {
        for (byte[] doc : List.of(PjmFixtures.rtRepeatedHour(), PjmFixtures.rtUnverifiedRepeatedHour())) {
            Extraction x = extract(doc);
            assertThat(x.rejections()).isEmpty();
            NormalizeResult n = normalizer.normalize(x.records());
            assertThat(n.rejected()).isEmpty();
            List<PjmFixtures.Hour> iv = PjmFixtures.repeatedHourIntervals();
            for (int node = 0; node < NODES.size(); node++) {
                String name = NODES.get(node)[0];
                List<Tick> ts = new ArrayList<>(n.ticks().stream().filter(t -> t.location().equals(name)).toList());
                ts.sort(Comparator.comparing(Tick::intervalStart));
                assertThat(ts).hasSize(24);
                for (int i = 0; i < 24; i++) {
                    Tick t = ts.get(i);
                    assertThat(t.intervalStart()).isEqualTo(iv.get(i).start());
                    assertThat(t.intervalEnd()).isEqualTo(iv.get(i).start().plusSeconds(300));
                    assertThat(t.operatingDay()).isEqualTo(FALL_BACK);
                    assertThat(t.localLabel()).endsWith(i < 12 ? " EDT" : " EST").startsWith("2024-11-03 01:");
                    assertThat(t.lmp()).isEqualTo(PjmFixtures.total(node, i));
                }
            }
            boolean unverified = x.dataset().equals(PjmConnector.FEED_RT_UNVERIFIED);
            assertThat(n.ticks()).allSatisfy(t -> {
                assertThat(t.revision()).isEqualTo(unverified ? "unverified" : "v1");
                assertThat(Double.isNaN(t.energy())).isEqualTo(unverified);
            });
        }
    }

    @Test
    void numbersKeepThePublishedText() throws Exception {
        RawRecord r = extract(bare(item("2024-06-03T16:00:00", null, 0, "da", "36.829890", "1e1", "-0.000100",
                "26.82999", null, null))).records().get(0);
        assertThat(r.values()).containsEntry("total_lmp_da", "36.829890").containsEntry("system_energy_price_da", "1e1")
                .containsEntry("congestion_price_da", "-0.000100");
        assertThat(new BigDecimal(r.values().get("total_lmp_da"))).isEqualByComparingTo("36.82989");
    }
}
