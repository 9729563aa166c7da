package com.carbon254.ingestion.iso.isone;

import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimClock;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import com.carbon254.ingestion.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** ISO-NE's simulated web services and ISO Express as pure handlers: credentials, what exists yet, the formats. */
class IsoneSimulatorTest {
    /** 10:02:30 EST on 2024-11-04, the day after the fall-back day. */
    private static final Instant NOW = Instant.parse("2024-11-04T15:02:30Z");
    private static final String BASIC = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));

    private final PriceModel model = new PriceModel(7);
    private final SimClock clock = new SimClock(NOW, 1, new ManualClock(Instant.EPOCH));
    private final IsoneConnector connector = new IsoneConnector();

    private SimRequest request(String path) {
        return new SimRequest(path, Map.of(), clock, model);
    }

    private Extraction extract(String path, SimResponse r) throws DocumentRejectedException {
        assertThat(r.status()).isEqualTo(200);
        return connector.extract(IsoSamples.document("isone", "http://sim" + path, r.body()));
    }

    @Test
    void servesTheRealPathsUnderItsTwoBaseUrls() {
        assertThat(IsoneSimulator.SIMULATOR.services()).extracting(Service::urlVariable, Service::path)
                .containsExactly(tuple("ISONE_API_URL", "/isone/api/v1.1"), tuple("ISONE_EXPRESS_URL", "/isone/express"));
        Service api = IsoneSimulator.SIMULATOR.services().get(0);
        assertThat(api.endpoints()).extracting(api::pathOf)
                .containsExactly("/isone/api/v1.1/hourlylmp/da/final/day", "/isone/api/v1.1/fiveminutelmp/current");
        assertThat(api.endpoints()).extracting(Endpoint::rateLimit).containsOnly(IsoneSimulator.API_RATE_LIMIT);
        assertThat(IsoneSimulator.API_RATE_LIMIT.configKey()).isEqualTo("isone_min_spacing_ms");
        assertThat(IsoneSimulator.API_RATE_LIMIT.defaultSpacingMs()).as("ISO-NE documents no limit").isZero();
        Service express = IsoneSimulator.SIMULATOR.services().get(1);
        assertThat(express.endpoints()).extracting(express::pathOf)
                .containsExactly("/isone/express/static-transform/csv/histRpts/da-lmp");
        assertThat(IsoneSimulator.SIMULATOR.faults()).isEmpty();
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(strings = {"", "Basic ", "Bearer abc", "basicxyz"})
    void theWebServicesAnswer401WithoutBasicCredentials(String header) {
        for (String path : List.of("/isone/api/v1.1/hourlylmp/da/final/day/20241104", "/isone/api/v1.1/fiveminutelmp/current")) {
            SimRequest r = header.isEmpty() ? request(path) : request(path).withHeader("Authorization", header);
            SimResponse answer = path.endsWith("current") ? IsoneSimulator.current(r) : IsoneSimulator.dayAhead(r);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("text/html");
            assertThat(answer.headers()).containsKey("WWW-Authenticate");
            assertThat(answer.headers().get("WWW-Authenticate")).startsWith("Basic realm=");
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("401");
        }
    }

    @Test
    void dayAheadPricesExistUpToTomorrowThenTheAnswerIsEmpty() throws Exception {
        String path = "/isone/api/v1.1/hourlylmp/da/final/day/";
        Extraction tomorrow = extract(path, IsoneSimulator.dayAhead(request(path + "20241105").withHeader("Authorization",
                BASIC)));
        assertThat(tomorrow.dataset()).isEqualTo("lmp_da_ws");
        assertThat(tomorrow.records()).hasSize(IsoneSimulator.PRICES.nodes().size() * 24);
        Extraction fallBack = extract(path, IsoneSimulator.dayAhead(request(path + "20241103.json")
                .withHeader("authorization", "basic dXNlcjpwdw==")));
        assertThat(fallBack.records()).hasSize(IsoneSimulator.PRICES.nodes().size() * 25);

        SimResponse later = IsoneSimulator.dayAhead(request(path + "20241106").withHeader("Authorization", BASIC));
        assertThat(later.status()).isEqualTo(200);
        assertThat(new String(later.body(), StandardCharsets.UTF_8)).isEqualTo("{\"HourlyLmps\":{}}");
        assertThatThrownBy(() -> extract(path, later)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("empty_document"));
        assertThat(IsoneSimulator.dayAhead(request(path + "2024-11-05").withHeader("Authorization", BASIC)).status())
                .isEqualTo(404);
    }

    @Test
    void theCurrentFiveMinuteIntervalHasBegunAndNothingLaterIsServed() throws Exception {
        String path = "/isone/api/v1.1/fiveminutelmp/current";
        Extraction x = extract(path, IsoneSimulator.current(request(path).withHeader("Authorization", BASIC)));
        List<Tick> ticks = new Normalizer().normalize(x.records()).ticks();
        assertThat(ticks).hasSize(16).allSatisfy(t -> {
            assertThat(t.intervalStart()).isEqualTo(Instant.parse("2024-11-04T15:00:00Z")).isBeforeOrEqualTo(NOW);
            assertThat(t.revision()).isEqualTo("prelim");
        });
        assertThat(x.records()).extracting(r -> r.attr(IsoneConnector.ATTR_BEGIN_DATE))
                .containsOnly("2024-11-04T10:00:00.000-05:00");
    }

    @Test
    void isoExpressIsAnonymousAndSaysNoDataForDaysNotPostedYet() throws Exception {
        String dir = "/isone/express/static-transform/csv/histRpts/da-lmp/";
        SimResponse today = IsoneSimulator.dayAheadCsv(request(dir + "WW_DALMP_ISO_20241104.csv"));
        assertThat(today.headers()).containsEntry("Content-Disposition", "inline; filename=WW_DALMP_ISO_20241104.csv");
        Extraction x = extract(dir, today);
        assertThat(x.dataset()).isEqualTo("lmp_da_csv");
        assertThat(x.records()).hasSize(IsoneSimulator.PRICES.nodes().size() * 24);
        assertThat(new String(today.body(), StandardCharsets.UTF_8))
                .contains("\"C\",\"Report generated: 11/03/2024 13:07:54 EST\"");
        // tomorrow's report is posted the day before at 13:07 Eastern; simulated time is 10:02, so it says now
        SimResponse tomorrow = IsoneSimulator.dayAheadCsv(request(dir + "WW_DALMP_ISO_20241105.csv"));
        assertThat(new String(tomorrow.body(), StandardCharsets.UTF_8))
                .contains("\"C\",\"Report generated: 11/04/2024 10:02:30 EST\"");

        SimResponse later = IsoneSimulator.dayAheadCsv(request(dir + "WW_DALMP_ISO_20241106.csv"));
        assertThat(later.status()).isEqualTo(200);
        assertThat(new String(later.body(), StandardCharsets.US_ASCII)).isEqualTo("No data exists for this period.");
        assertThatThrownBy(() -> extract(dir, later)).isInstanceOfSatisfying(DocumentRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo("empty_document"));
        assertThat(IsoneSimulator.dayAheadCsv(request(dir + "WW_RTLMP_ISO_20241104.csv")).status()).isEqualTo(404);
        assertThat(LocalDate.ofInstant(NOW, Isone.EASTERN)).isEqualTo(LocalDate.of(2024, 11, 4));
    }
}
