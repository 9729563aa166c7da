package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimClock;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.testing.IsoSamples;
import com.carbon254.ingestion.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPP's simulated portal as pure handlers: the files that exist in simulated time, and nothing else. */
class SppSimulatorTest {
    /** 01:32 CST on the fall-back day, in the repeated hour's second pass. */
    private static final Instant NOW = Instant.parse("2024-11-03T07:32:00Z");

    private final PriceModel model = new PriceModel(7);
    private final SimClock clock = new SimClock(NOW, 1, new ManualClock(Instant.EPOCH));
    private final SppConnector connector = new SppConnector();

    private SimResponse get(String endpoint, String path) {
        Endpoint e = SppSimulator.SIMULATOR.services().get(0).endpoints().stream()
                .filter(x -> x.path().equals(endpoint)).findFirst().orElseThrow();
        Map<String, List<String>> q = path == null ? Map.of() : Map.of("path", List.of(path));
        return e.handler().handle(new SimRequest(SppSimulator.PORTAL_PATH + endpoint, q, clock, model));
    }

    private Extraction extract(SimResponse r) throws DocumentRejectedException {
        return connector.extract(IsoSamples.document("spp", r.headers().get("Content-Disposition"), r.body()));
    }

    @Test
    void theServiceIsThePortalWithItsThreeFolders() {
        var service = SppSimulator.SIMULATOR.services().get(0);
        assertThat(service.urlVariable()).isEqualTo("SPP_PORTAL_URL");
        assertThat(service.path()).isEqualTo("/spp/portal");
        assertThat(service.endpoints()).extracting(Endpoint::path).containsExactly(
                "/file-browser-api/download/da-lmp-by-settlement-location",
                "/file-browser-api/download/da-lmp-by-location",
                "/file-browser-api/download/rtbm-lmp-by-location");
        assertThat(service.endpoints()).allSatisfy(e -> assertThat(e.rateLimit()).isNull());
        assertThat(SppSimulator.PRICES.stream()).isEqualTo(7);
        assertThat(SppSimulator.PRICES.nodes()).hasSizeBetween(10, 30);
    }

    @Test
    void dayAheadFilesExistUpToTomorrowsOperatingDay() throws Exception {
        for (LocalDate day : List.of(LocalDate.of(2024, 11, 3), LocalDate.of(2024, 11, 4))) {
            SimResponse r = get(SppSimulator.DA_FILES, SppSimFormats.dayAheadPath(day));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("Content-Disposition", "inline; filename="
                    + SppSimFormats.dayAheadName(day));
            assertThat(r.body()).isEqualTo(SppSimFormats.dayAhead(model, day));
            assertThat(extract(r).dataset()).isEqualTo(SppConnector.DATASET_DA);
            assertThat(get(SppSimulator.DA_FILES_LEGACY, SppSimFormats.dayAheadPath(day)).body()).isEqualTo(r.body());
        }
        assertThat(extract(get(SppSimulator.DA_FILES, SppSimFormats.dayAheadPath(LocalDate.of(2024, 11, 3))))
                .records()).hasSize(25 * SppSimulator.LOCATIONS.size());
        assertThat(get(SppSimulator.DA_FILES, SppSimFormats.dayAheadPath(LocalDate.of(2024, 11, 5))).status())
                .isEqualTo(404);
        assertThat(get(SppSimulator.DA_FILES, "/2024/11/By_Day/nothing.csv").status()).isEqualTo(404);
        assertThat(get(SppSimulator.DA_FILES, null).status()).isEqualTo(404);
    }

    @Test
    void rtbmFilesExistOnceTheirIntervalHasEnded() throws Exception {
        Instant ended = Instant.parse("2024-11-03T07:30:00Z"); // 01:30 CST: RTBM-LMP-SL-202411030130d.csv
        SimResponse r = get(SppSimulator.RTBM_FILES, SppSimFormats.rtbmPath(ended));
        assertThat(SppSimFormats.rtbmPath(ended)).isEqualTo("/2024/11/By_Interval/03/RTBM-LMP-SL-202411030130d.csv");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Disposition", "inline; filename=RTBM-LMP-SL-202411030130d.csv");
        Extraction x = extract(r);
        assertThat(x.dataset()).isEqualTo(SppConnector.DATASET_RT);
        assertThat(x.records()).hasSize(SppSimulator.LOCATIONS.size());
        assertThat(connector.intervalEnd(x.records().get(0))).contains(ended);

        // the same local name without the d is the first (CDT) pass, an hour earlier
        Extraction first = extract(get(SppSimulator.RTBM_FILES, "/2024/11/By_Interval/03/RTBM-LMP-SL-202411030130.csv"));
        assertThat(connector.intervalEnd(first.records().get(0))).contains(Instant.parse("2024-11-03T06:30:00Z"));

        Instant future = Instant.parse("2024-11-03T07:35:00Z");
        assertThat(get(SppSimulator.RTBM_FILES, SppSimFormats.rtbmPath(future)).status()).isEqualTo(404);
        assertThat(get(SppSimulator.RTBM_FILES, "/2024/11/By_Interval/03/RTBM-LMP-SL-202411030131.csv").status())
                .isEqualTo(404);
    }

    @Test
    void aboutOneIntervalADayIsServedAsAZeroByteFileTheConnectorCallsAMissingInterval() {
        Instant from = Instant.parse("2024-10-01T05:00:00Z");
        int unpriced = 0;
        Instant found = null;
        for (Instant end = from; end.isBefore(from.plus(Duration.ofDays(30))); end = end.plusSeconds(300)) {
            if (SppSimulator.unpriced(model.seed(), end)) {
                unpriced++;
                if (found == null) found = end;
            }
        }
        assertThat(unpriced).isBetween(10, 60); // 8,640 intervals, one in 288 expected
        assertThat(SppSimulator.unpriced(model.seed(), found)).isTrue(); // deterministic

        SimClock later = new SimClock(found.plusSeconds(60), 1, new ManualClock(Instant.EPOCH));
        Endpoint rtbm = SppSimulator.SIMULATOR.services().get(0).endpoints().get(2);
        SimResponse r = rtbm.handler().handle(new SimRequest(SppSimulator.PORTAL_PATH + SppSimulator.RTBM_FILES,
                Map.of("path", List.of(SppSimFormats.rtbmPath(found))), later, model));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThatThrownBy(() -> connector.extract(IsoSamples.document("spp", "x.csv", r.body())))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo("empty_document"));
    }
}
