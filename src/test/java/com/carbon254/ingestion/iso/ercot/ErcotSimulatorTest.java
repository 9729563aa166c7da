package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.ercot.ErcotSimFormats.MisDoc;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimClock;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.testing.ManualClock;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.carbon254.ingestion.iso.ercot.ErcotConnectorTest.extract;
import static com.carbon254.ingestion.iso.ercot.ErcotConnectorTest.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** ERCOT's simulated API, token endpoint and MIS as pure handlers: credentials, what exists when, 404s. */
class ErcotSimulatorTest {
    /** 14:02 CST on the fall-back day: tomorrow's DAM was posted at 13:30:17. */
    private static final Instant NOW = Instant.parse("2024-11-03T20:02:00Z");

    private final PriceModel model = new PriceModel(7);
    private final SimClock clock = new SimClock(NOW, 1, new ManualClock(Instant.EPOCH));

    private SimRequest get(String path, Map<String, String> headers, String... params) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) q.put(params[i], List.of(params[i + 1]));
        return new SimRequest(path, q, clock, model, "GET", headers, new byte[0]);
    }

    private static final Map<String, String> CREDENTIALS = Map.of("Ocp-Apim-Subscription-Key", "k",
            "Authorization", "Bearer t");

    private SimResponse dam(Map<String, String> headers, String... params) {
        return ErcotSimulator.damSpp(get(ErcotSimulator.API_PATH + ErcotSimulator.DAM_SPP, headers, params));
    }

    @Test
    void theApiAnswers401WithoutKeyOrTokenLikeErcot() throws Exception {
        SimResponse noKey = dam(Map.of("Authorization", "Bearer t"), "deliveryDateFrom", "2024-11-03");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.contentType()).startsWith("application/json");
        assertThat(new JsonObject(new String(noKey.body(), StandardCharsets.UTF_8)).getString("message"))
                .contains("missing subscription key");
        SimResponse noToken = dam(Map.of("Ocp-Apim-Subscription-Key", "k"), "deliveryDateFrom", "2024-11-03");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(dam(Map.of("Ocp-Apim-Subscription-Key", "k", "Authorization", "Bearer "),
                "deliveryDateFrom", "2024-11-03").status()).isEqualTo(401);
        assertThatIsoError(noToken.body());
        assertThat(dam(CREDENTIALS, "deliveryDateFrom", "2024-11-03", "deliveryDateTo", "2024-11-03").status())
                .isEqualTo(200);
    }

    private static void assertThatIsoError(byte[] body) {
        assertThatThrownBy(() -> extract("401", body))
                .hasFieldOrPropertyWithValue("reason", "iso_error");
    }

    @Test
    void theApiServesPostedDeliveryDaysOnlyAndPagesThem() throws Exception {
        SimResponse today = dam(CREDENTIALS, "deliveryDateFrom", "2024-11-03", "deliveryDateTo", "2024-11-03",
                "page", "1", "size", "50000");
        Extraction x = extract("p1", today.body());
        assertThat(x.records()).hasSize(25 * ErcotSimulator.PRICES.nodes().size());
        assertThat(normalize(x).rejected()).isEmpty();
        // tomorrow's DAM is posted (13:30 the day before), the day after is not: an empty page, as the API answers
        Extraction tomorrow = extract("p", dam(CREDENTIALS, "deliveryDateFrom", "2024-11-04", "deliveryDateTo",
                "2024-11-04", "size", "50000").body());
        assertThat(tomorrow.records()).hasSize(24 * ErcotSimulator.PRICES.nodes().size());
        Extraction later = extract("p", dam(CREDENTIALS, "deliveryDateFrom", "2024-11-05", "deliveryDateTo",
                "2024-11-05").body());
        assertThat(later.records()).isEmpty();
        assertThat(later.sourceRows()).isZero();
        // pages of 100 (the API's default size): the last one is short
        JsonObject page7 = new JsonObject(new String(dam(CREDENTIALS, "deliveryDateFrom", "2024-11-03",
                "deliveryDateTo", "2024-11-03", "page", "7").body(), StandardCharsets.UTF_8));
        assertThat(page7.getJsonObject("_meta").getInteger("totalPages")).isEqualTo(7);
        assertThat(page7.getJsonArray("data")).hasSize(25 * 25 - 600);
        SimResponse one = dam(CREDENTIALS, "deliveryDateFrom", "2024-11-03", "deliveryDateTo", "2024-11-03",
                "settlementPoint", "HB_HUBAVG");
        assertThat(extract("hub", one.body()).records()).hasSize(25).allSatisfy(r ->
                assertThat(r.location()).isEqualTo("HB_HUBAVG"));
        assertThat(dam(CREDENTIALS, "deliveryDateFrom", "11/03/2024").status()).isEqualTo(400);
    }

    @Test
    void theApiIsRateLimitedAt30AMinute() {
        Service api = ErcotSimulator.SIMULATOR.services().stream().filter(s -> s.path().equals(ErcotSimulator.API_PATH))
                .findFirst().orElseThrow();
        assertThat(api.urlVariable()).isEqualTo("ERCOT_API_URL");
        assertThat(api.endpoints()).extracting(Endpoint::rateLimit).containsExactly(ErcotSimulator.API_RATE_LIMIT);
        assertThat(ErcotSimulator.API_RATE_LIMIT.configKey()).isEqualTo("ercot_min_spacing_ms");
        assertThat(ErcotSimulator.API_RATE_LIMIT.defaultSpacingMs()).isEqualTo(2000);
        assertThat(ErcotSimulator.SIMULATOR.services()).extracting(Service::urlVariable, Service::path)
                .containsExactly(tuple("ERCOT_API_URL", "/ercot/api"), tuple("ERCOT_TOKEN_URL", "/ercot/token"),
                        tuple("ERCOT_MIS_URL", "/ercot/mis"));
    }

    @Test
    void theTokenEndpointGivesAnIdTokenForAnyUserAndPasswordPostedAsAForm() {
        byte[] form = "username=u%40x.com&password=p&grant_type=password&scope=openid&client_id=c&response_type=id_token"
                .getBytes(StandardCharsets.UTF_8);
        SimResponse ok = ErcotSimulator.token(new SimRequest(ErcotSimulator.TOKEN_PATH, Map.of(), clock, model, "POST",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), form));
        assertThat(ok.status()).isEqualTo(200);
        JsonObject j = new JsonObject(new String(ok.body(), StandardCharsets.UTF_8));
        assertThat(j.getString("id_token")).isNotBlank().doesNotContain("p&");
        assertThat(j.getString("expires_in")).isEqualTo("3600");
        assertThat(j.getString("token_type")).isEqualTo("Bearer");

        SimResponse viaQuery = ErcotSimulator.token(new SimRequest(ErcotSimulator.TOKEN_PATH, Map.of("username",
                List.of("u"), "password", List.of("p"), "grant_type", List.of("password")), clock, model, "POST",
                Map.of(), new byte[0]));
        assertThat(viaQuery.status()).isEqualTo(200);
        SimResponse noPassword = ErcotSimulator.token(new SimRequest(ErcotSimulator.TOKEN_PATH, Map.of(), clock, model,
                "POST", Map.of(), "username=u&grant_type=password".getBytes(StandardCharsets.UTF_8)));
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(new String(noPassword.body(), StandardCharsets.UTF_8)).contains("password");
        assertThat(ErcotSimulator.token(get(ErcotSimulator.TOKEN_PATH, Map.of())).status()).isEqualTo(405);
    }

    @Test
    void theMisListsWhatIsPostedAndServesItsCsvDocumentsOnly() throws Exception {
        SimResponse listing = ErcotSimulator.listing(get(ErcotSimulator.MIS_PATH + ErcotSimulator.LISTING, Map.of(),
                "reportTypeId", "12331"));
        assertThat(listing.status()).isEqualTo(200);
        List<ErcotListing.Doc> docs = ErcotListing.read(listing.body());
        // tomorrow's DAM is the newest posting; nothing later exists
        assertThat(docs.get(0)).extracting(ErcotListing.Doc::friendlyName, ErcotListing.Doc::constructedName)
                .containsExactly("DAMSPNP4190_csv", "cdr.00012331.0000000000000000.20241103.133017000"
                        + ".DAMSPNP4190_csv.zip");
        assertThat(docs.get(1).friendlyName()).isEqualTo("DAMSPNP4190_xml");
        List<String> ids = new ErcotConnector().listedDocuments(ErcotConnector.DATASET_DAM_MIS, listing.body(),
                LocalDate.of(2024, 11, 4).atStartOfDay(Ercot.CENTRAL).toInstant(),
                LocalDate.of(2024, 11, 5).atStartOfDay(Ercot.CENTRAL).toInstant());
        assertThat(ids).containsExactly(docs.get(0).docId());

        SimResponse zip = download(ids.get(0));
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.contentType()).isEqualTo("application/zip");
        Extraction x = extract("mirDownload", zip.body());
        assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_DAM_MIS);
        assertThat(normalize(x).rejected()).isEmpty();
        assertThat(normalize(x).ticks()).hasSize(24 * 25);

        assertThat(download(docs.get(1).docId()).status()).as("an XML twin").isEqualTo(404);
        MisDoc dayAfter = new MisDoc(ErcotReport.DAM_SPP, LocalDate.of(2024, 11, 5).atStartOfDay(Ercot.CENTRAL)
                .toInstant(), ErcotSimFormats.damPosted(LocalDate.of(2024, 11, 5)), false);
        assertThat(download(ErcotSimFormats.docId(dayAfter)).status()).as("not posted yet").isEqualTo(404);
        MisDoc future = new MisDoc(ErcotReport.RT_SPP, NOW, NOW.plusSeconds(1080), false);
        assertThat(download(ErcotSimFormats.docId(future)).status()).as("an interval not over").isEqualTo(404);
        assertThat(download("12345").status()).isEqualTo(404);
        assertThat(download(null).status()).isEqualTo(404);
        assertThat(ErcotListing.read(ErcotSimulator.listing(get(ErcotSimulator.MIS_PATH + ErcotSimulator.LISTING,
                Map.of(), "reportTypeId", "99999")).body())).isEmpty();
    }

    @Test
    void theRealTimeListingsEndAtWhatHasBeenPosted() throws Exception {
        List<ErcotListing.Doc> sced = ErcotListing.read(ErcotSimulator.listing(get(ErcotSimulator.MIS_PATH
                + ErcotSimulator.LISTING, Map.of(), "reportTypeId", "12300")).body());
        assertThat(sced).isNotEmpty().allSatisfy(d -> assertThat(d.reportTypeId()).isEqualTo("12300"));
        for (ErcotListing.Doc d : sced.stream().filter(ErcotListing::isCsv).toList()) {
            ErcotListing.Dated dated = ErcotListing.date(ErcotReport.SCED_LMP, d, Ercot.CENTRAL);
            assertThat(dated).as(d.friendlyName()).isNotNull();
            assertThat(dated.start()).isBefore(NOW);
            assertThat(download(d.docId()).status()).isEqualTo(200);
        }
        List<ErcotListing.Doc> spp = ErcotListing.read(ErcotSimulator.listing(get(ErcotSimulator.MIS_PATH
                + ErcotSimulator.LISTING, Map.of(), "reportTypeId", "12301")).body());
        // 14:02 CST: the interval ending 13:45 was posted at 13:48, the one ending 14:00 at 14:03 is not yet
        assertThat(spp.get(0).friendlyName()).isEqualTo("SPPHLZNP6905_20241103_1345_csv");
    }

    private SimResponse download(String id) {
        return id == null ? ErcotSimulator.download(get(ErcotSimulator.MIS_PATH + ErcotSimulator.DOWNLOAD, Map.of()))
                : ErcotSimulator.download(get(ErcotSimulator.MIS_PATH + ErcotSimulator.DOWNLOAD, Map.of(),
                "doclookupId", id));
    }
}
