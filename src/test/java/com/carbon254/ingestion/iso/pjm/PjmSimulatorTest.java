package com.carbon254.ingestion.iso.pjm;

import com.carbon254.ingestion.connector.ConnectorSpec;
import com.carbon254.ingestion.connector.ConnectorSpecs;
import com.carbon254.ingestion.connector.fetch.Windows;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.iso.sim.SimClock;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import com.carbon254.ingestion.testing.ManualClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.carbon254.ingestion.iso.pjm.PjmFixtures.FALL_BACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PJM's simulated Data Miner as pure handlers: what {@code api.pjm.com} answers to the requests the shipped
 * {@code connectors/pjm/connector.yaml} makes, without a key, page by page, for what exists yet, and to bad requests.
 */
class PjmSimulatorTest {
    /** 15:02 EST on the fall-back day. */
    static final Instant NOW = Instant.parse("2024-11-03T20:02:00Z");
    static final int NODES = PjmSimulator.PNODES.size();

    private final PriceModel model = new PriceModel(7);
    private final SimClock clock = new SimClock(NOW, 1, new ManualClock(Instant.EPOCH));
    private final PjmConnector connector = new PjmConnector();
    private final Normalizer normalizer = new Normalizer();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request a URL of the connector makes (path and query), with the subscription key header. */
    private SimRequest request(String url) {
        return request(url, "k-123");
    }

    private SimRequest request(String url, String key) {
        String rest = url.substring(url.indexOf(PjmSimulator.API_PATH));
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : rest.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                params.computeIfAbsent(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        k -> new ArrayList<>()).add(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        SimRequest r = new SimRequest(path, params, clock, model);
        return key == null ? r : r.withHeader(PjmSimulator.KEY_HEADER, key);
    }

    /** What the simulator's endpoint at the request's path answers. */
    private static SimResponse answer(SimRequest r) {
        IsoSimulator.Service s = PjmSimulator.SIMULATOR.services().get(0);
        return s.endpoints().stream().filter(e -> s.pathOf(e).equals(r.path())).findFirst().orElseThrow()
                .handler().handle(r);
    }

    private SimResponse get(String pathAndQuery) {
        return answer(request(PjmSimulator.API_PATH + pathAndQuery));
    }

    private Extraction extract(SimResponse r) throws DocumentRejectedException {
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(SimResponse.JSON);
        return connector.extract(IsoSamples.document("pjm", "sim", r.body()));
    }

    private static ConnectorSpec.Dataset shipped(String id) {
        ConnectorSpec pjm = ConnectorSpecs.load(IsoSamples.projectRoot().resolve("connectors"))
                .byName("pjm").orElseThrow();
        return pjm.datasets().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    /** The URL the connector requests for page 1 of {@code template} over window {@code w}. */
    private static String url(ConnectorSpec.Dataset ds, String template, Windows.Window w) {
        return Windows.url(template, w, ds.window().align(), Map.of("PJM_API_URL", "http://sim" + PjmSimulator.API_PATH),
                Map.of()) + "&" + ds.paging().param() + "=1&" + ds.paging().sizeParam() + "=" + ds.paging().size();
    }

    @Test
    void withoutASubscriptionKeyPjmAnswers401AndTheConnectorSaysWhy() {
        String url = PjmSimulator.API_PATH + "/da_hrl_lmps?datetime_beginning_ept=2024-11-03T00:00to2024-11-03T23:59";
        for (String key : new String[]{null, " "}) {
            SimResponse r = answer(request(url, key));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.contentType()).isEqualTo(SimResponse.JSON);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{ \"statusCode\": 401, \"message\":"
                    + " \"Access denied due to missing subscription key. Make sure to include subscription key when"
                    + " making requests to an API.\" }");
            assertThatThrownBy(() -> connector.extract(IsoSamples.document("pjm", "x", r.body())))
                    .isInstanceOfSatisfying(DocumentRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo("iso_error"))
                    .hasMessageContaining("(statusCode 401): Access denied due to missing subscription key");
        }
        assertThat(answer(request(url, "anything")).status()).isEqualTo(200);
    }

    @Test
    void theShippedDayAheadRequestOfTheFallBackDayIs25HoursOfEveryPnode() throws Exception {
        ConnectorSpec.Dataset ds = shipped("da_hrl_lmps");
        Windows.Window w = Windows.split(ds.window(), FALL_BACK, FALL_BACK.plusDays(1)).get(0);
        String url = url(ds, ds.endpoint(), w);
        assertThat(url).contains("datetime_beginning_ept=2024-11-03T00:00to2024-11-03T23:59&row_is_current=TRUE");
        Extraction x = extract(answer(request(url)));
        assertThat(x.dataset()).isEqualTo(PjmConnector.FEED_DA);
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(NODES * 25);
        assertThat(x.sourceRows()).isEqualTo(NODES * 25L);

        NormalizeResult n = normalizer.normalize(x.records());
        assertThat(n.rejected()).isEmpty();
        Set<Instant> starts = n.ticks().stream().map(Tick::intervalStart).collect(Collectors.toCollection(TreeSet::new));
        assertThat(starts).hasSize(25).first().isEqualTo(Instant.parse("2024-11-03T04:00:00Z"));
        assertThat(n.ticks()).allSatisfy(t -> {
            assertThat(t.operatingDay()).isEqualTo(FALL_BACK);
            assertThat(t.revision()).isEqualTo("v1");
            assertThat(t.derived()).isZero();
            Price p = model.price(PjmSimulator.PRICES, PriceModel.Market.DAY_AHEAD, t.location(), t.intervalStart(),
                    Duration.ofHours(1));
            assertThat(t.lmp()).isEqualTo(p.lmp().doubleValue());
            assertThat(t.energy()).isEqualTo(p.energy().doubleValue());
            assertThat(t.congestion()).isEqualTo(p.congestion().doubleValue());
            assertThat(t.loss()).isEqualTo(p.loss().doubleValue());
            assertThat(p.energy().add(p.congestion()).add(p.loss())).isEqualByComparingTo(p.lmp());
        });
        assertThat(x.records()).extracting(RawRecord::location).contains("WESTERN HUB", "PJM-RTO",
                "BERGEN  13 KV   CC12");
    }

    @Test
    void theLatestHoursHaveNoVerifiedPricesSoTheFallbackServesTheUnverifiedOnesThatHaveEnded() throws Exception {
        ConnectorSpec.Dataset ds = shipped("rt_fivemin_hrl_lmps");
        List<Windows.Window> windows = Windows.forRun(ds.window(), NOW);
        assertThat(windows).extracting(Windows.Window::start).containsExactly(Instant.parse("2024-11-03T18:00:00Z"),
                Instant.parse("2024-11-03T19:00:00Z"), Instant.parse("2024-11-03T20:00:00Z"));
        List<String> served = new ArrayList<>();
        List<Tick> ticks = new ArrayList<>();
        for (Windows.Window w : windows) { // as a run does: the fallback only when the endpoint yields nothing
            Extraction x = extract(answer(request(url(ds, ds.endpoint(), w))));
            if (x.records().isEmpty()) x = extract(answer(request(url(ds, ds.fallbackEndpoint(), w))));
            assertThat(x.rejections()).isEmpty();
            served.add(x.dataset() + ":" + x.records().size());
            NormalizeResult n = normalizer.normalize(x.records());
            assertThat(n.rejected()).isEmpty();
            ticks.addAll(n.ticks());
        }
        assertThat(served).containsExactly("rt_fivemin_hrl_lmps:" + NODES * 12,
                "rt_unverified_fivemin_lmps:" + NODES * 12, "rt_unverified_fivemin_lmps:0");
        assertThat(ticks).allSatisfy(t -> assertThat(t.intervalEnd()).isBeforeOrEqualTo(NOW));
        for (Tick t : ticks) {
            Price p = model.price(PjmSimulator.PRICES, PriceModel.Market.REAL_TIME, t.location(), t.intervalStart(),
                    Duration.ofMinutes(5));
            boolean verified = t.intervalStart().isBefore(Instant.parse("2024-11-03T19:00:00Z"));
            assertThat(t.revision()).isEqualTo(verified ? (PjmSimFormats.corrected(model, t.intervalStart()) ? "v2"
                    : "v1") : "unverified");
            assertThat(t.lmp()).isEqualTo(p.lmp().doubleValue());
            if (verified) {
                assertThat(t.energy()).isEqualTo(p.energy().doubleValue());
            } else {
                assertThat(t.energy()).isNaN();
                assertThat(t.congestion()).isNaN();
                assertThat(t.loss()).isNaN();
            }
        }
    }

    @Test
    void nothingOfTheFutureIsServed() throws Exception {
        String day = "/da_hrl_lmps?datetime_beginning_ept=%sT00:00to%sT23:59";
        assertThat(extract(get(day.formatted("2024-11-04", "2024-11-04"))).records()).hasSize(NODES * 24);
        Extraction later = extract(get(day.formatted("2024-11-05", "2024-11-05")));
        assertThat(later.records()).isEmpty();
        assertThat(later.dataset()).isEqualTo(PjmConnector.FEED_DA);
        Extraction unverified = extract(get("/rt_unverified_fivemin_lmps?datetime_beginning_utc="
                + "2024-11-03T19:30to2024-11-03T23:59"));
        assertThat(unverified.records()).extracting(r -> r.attr(PjmConnector.ATTR_START_UTC)).containsOnly(
                "2024-11-03T19:30:00", "2024-11-03T19:35:00", "2024-11-03T19:40:00", "2024-11-03T19:45:00",
                "2024-11-03T19:50:00", "2024-11-03T19:55:00"); // 19:55-20:00 ended at 20:00, 20:00-20:05 not yet
    }

    @Test
    void pagesOfRowCountItemsFollowEachOtherUntilTotalRows() throws Exception {
        String q = "/da_hrl_lmps?datetime_beginning_ept=2024-11-03T00:00to2024-11-03T23:59";
        Extraction whole = extract(get(q));
        List<RawRecord> paged = new ArrayList<>();
        int total = NODES * 25;
        for (int start = 1; start <= total; start += 100) {
            SimResponse r = get(q + "&startRow=" + start + "&rowCount=100");
            JsonNode doc = JSON.readTree(r.body());
            assertThat(doc.get("totalRows").asInt()).isEqualTo(total);
            boolean last = start + 100 > total;
            assertThat(doc.get("links").findValuesAsText("rel")).isEqualTo(last ? List.of("self", "metadata")
                    : List.of("self", "next", "metadata"));
            if (!last) {
                assertThat(doc.get("links").get(1).get("href").asText()).contains("StartRow=" + (start + 100));
            }
            Extraction x = extract(r);
            assertThat(x.sourceRows()).isEqualTo(last ? total - start + 1 : 100);
            paged.addAll(x.records());
        }
        assertThat(paged).extracting(r -> r.location() + "@" + r.attr(PjmConnector.ATTR_START_UTC) + "=" + r.values())
                .containsExactlyElementsOf(whole.records().stream()
                        .map(r -> r.location() + "@" + r.attr(PjmConnector.ATTR_START_UTC) + "=" + r.values()).toList());
        assertThat(extract(get(q + "&startRow=" + (total + 1) + "&rowCount=100")).records()).isEmpty();
    }

    @Test
    void aCorrectedHourHasTwoVersionsOfWhichTheConnectorKeepsTheCurrent() throws Exception {
        Instant hour = Instant.parse("2024-11-02T00:00:00Z");
        while (!PjmSimFormats.corrected(model, hour)) hour = hour.plusSeconds(3600);
        assertThat(hour).isBefore(Instant.parse("2024-11-03T19:00:00Z"));
        String range = hour.toString().substring(0, 16) + "to" + hour.plusSeconds(3540).toString().substring(0, 16);
        String q = "/rt_fivemin_hrl_lmps?datetime_beginning_utc=" + range;

        Extraction all = extract(get(q));
        assertThat(all.sourceRows()).isEqualTo(NODES * 24L);
        assertThat(all.records()).hasSize(NODES * 12).allSatisfy(r -> {
            assertThat(r.attr(PjmConnector.ATTR_VERSION)).isEqualTo("2");
            assertThat(r.attr(PjmConnector.ATTR_CURRENT)).isEqualTo("true");
        });
        Extraction current = extract(get(q + "&row_is_current=TRUE"));
        assertThat(current.sourceRows()).isEqualTo(NODES * 12L);
        assertThat(current.records()).extracting(RawRecord::values)
                .containsExactlyElementsOf(all.records().stream().map(RawRecord::values).toList());
        Extraction old = extract(get(q + "&row_is_current=FALSE"));
        NormalizeResult n = normalizer.normalize(old.records());
        assertThat(n.ticks()).hasSize(NODES * 12).allSatisfy(t -> {
            assertThat(t.revision()).isEqualTo("v1");
            Price p = model.price(PjmSimulator.PRICES, PriceModel.Market.REAL_TIME, t.location(), t.intervalStart(),
                    Duration.ofMinutes(5));
            assertThat(t.lmp()).isEqualTo(p.lmp().add(PjmSimFormats.CORRECTION).doubleValue());
        });
    }

    @Test
    void theLocalFilterHoldsBothRepeatedHoursAndTheUtcFilterOne() throws Exception {
        Extraction local = extract(get("/da_hrl_lmps?datetime_beginning_ept=2024-11-03T01:00to2024-11-03T01:59"));
        assertThat(local.records()).extracting(r -> r.attr(PjmConnector.ATTR_START_UTC)).containsOnly(
                "2024-11-03T05:00:00", "2024-11-03T06:00:00").hasSize(NODES * 2);
        assertThat(local.records()).extracting(r -> r.attr(PjmConnector.ATTR_START_EPT))
                .containsOnly("2024-11-03T01:00:00");
        Extraction legacy = extract(get("/da_hrl_lmps?datetime_beginning_ept=11/03/2024%2001:00to11/03/2024%2001:59"));
        assertThat(legacy.records()).hasSize(NODES * 2);
        Extraction utc = extract(get("/da_hrl_lmps?datetime_beginning_utc=2024-11-03T05:00to2024-11-03T05:59"));
        assertThat(utc.records()).hasSize(NODES).extracting(r -> r.attr(PjmConnector.ATTR_START_UTC))
                .containsOnly("2024-11-03T05:00:00");
    }

    @Test
    void typeAndPnodeFiltersAndFieldsNarrowTheAnswer() throws Exception {
        String q = "/da_hrl_lmps?datetime_beginning_ept=2024-11-03T00:00to2024-11-03T00:59";
        assertThat(extract(get(q + "&type=HUB")).records()).extracting(RawRecord::location).containsExactly(
                "EASTERN HUB", "WEST INT HUB", "WESTERN HUB", "NEW JERSEY HUB", "CHICAGO GEN HUB", "AEP-DAYTON HUB",
                "OHIO HUB", "DOMINION HUB");
        assertThat(extract(get(q + "&type=*ZONE*")).records()).hasSize(15);
        assertThat(extract(get(q + "&pnode_id=51301;51288")).records()).extracting(RawRecord::location)
                .containsExactly("WESTERN HUB", "PSEG");
        Extraction total = extract(get(q + "&fields=pnode_name,total_lmp_da,datetime_beginning_utc"));
        assertThat(total.records()).hasSize(NODES).allSatisfy(r -> {
            assertThat(r.values()).containsOnlyKeys("total_lmp_da");
            assertThat(r.attributes()).containsOnlyKeys(PjmConnector.ATTR_START_UTC);
        });
    }

    @Test
    void aRequestDataMinerCannotAnswerIs400WithItsErrors() {
        String q = "/da_hrl_lmps?datetime_beginning_ept=2024-11-03T00:00to2024-11-03T23:59";
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(q + "&rowCount=50001", "rowCount: rowCount must be a whole number between 1 and 50000");
        bad.put(q + "&startRow=0", "startRow: startRow must be a whole number of at least 1");
        bad.put(q + "&fields=pnode_name,total_lmp_rt", "fields: 'total_lmp_rt' is not a field of da_hrl_lmps");
        bad.put("/da_hrl_lmps?type=HUB", "a datetime_beginning_ept or datetime_beginning_utc filter is required");
        bad.put("/da_hrl_lmps?datetime_beginning_ept=2024-11-03T00:00to2023-11-03T00:00", "is not a date-time or a"
                + " range");
        bad.put("/da_hrl_lmps?datetime_beginning_ept=2023-01-01T00:00to2024-11-03T00:00", "less than 366 days");
        bad.put("/rt_unverified_fivemin_lmps?datetime_beginning_utc=2024-11-03T19:00to2024-11-03T19:59"
                + "&row_is_current=TRUE", "row_is_current is not a filter of rt_unverified_fivemin_lmps");
        bad.put(q + "&colour=red", "'colour' is not a filter of da_hrl_lmps");
        bad.forEach((query, message) -> {
            SimResponse r = get(query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThatThrownBy(() -> connector.extract(IsoSamples.document("pjm", "x", r.body()))).as(query)
                    .isInstanceOfSatisfying(DocumentRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo("iso_error"))
                    .hasMessageContaining(message);
        });
    }

    @Test
    void everyFeedIsRateLimitedLikeANonMemberAccount() {
        assertThat(PjmSimulator.SIMULATOR.services()).singleElement().satisfies(s -> {
            assertThat(s.urlVariable()).isEqualTo("PJM_API_URL");
            assertThat(s.path()).isEqualTo("/pjm/api/v1");
            assertThat(s.endpoints()).extracting(IsoSimulator.Endpoint::path).containsExactly("/da_hrl_lmps",
                    "/rt_fivemin_hrl_lmps", "/rt_unverified_fivemin_lmps");
            assertThat(s.endpoints()).allSatisfy(e -> assertThat(e.rateLimit()).isSameAs(PjmSimulator.RATE_LIMIT));
        });
        assertThat(PjmSimulator.RATE_LIMIT.configKey()).isEqualTo("pjm_min_spacing_ms");
        assertThat(PjmSimulator.RATE_LIMIT.defaultSpacingMs()).isEqualTo(10_000);
        assertThat(shipped("da_hrl_lmps").auth().header()).isEqualTo(PjmSimulator.KEY_HEADER);
        assertThat(PjmSimulator.PRICES.stream()).isEqualTo(4);
        assertThat(LocalDate.ofInstant(NOW, Pjm.EASTERN)).isEqualTo(FALL_BACK);
    }
}
