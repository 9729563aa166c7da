package com.carbon254.ingestion.iso.nyiso;

import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.nyiso.NyisoSimFormats.Kind;
import com.carbon254.ingestion.iso.nyiso.NyisoSimFormats.Report;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimClock;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import com.carbon254.ingestion.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** NYISO's simulated MIS files as pure handlers: what exists at a simulated instant, and nothing later. */
class NyisoSimulatorTest {
    private final PriceModel model = new PriceModel(7);
    private final Normalizer normalizer = new Normalizer();

    private SimResponse get(Instant now, String path) {
        Service s = NyisoSimulator.SIMULATOR.services().get(0);
        Endpoint e = s.endpoints().stream().filter(x -> path.startsWith(s.pathOf(x) + "/")).findFirst().orElseThrow();
        return e.handler().handle(new SimRequest(path, Map.of(), new SimClock(now, 1, new ManualClock(Instant.EPOCH)),
                model));
    }

    @Test
    void theServiceIsTheMisPublicSiteWithoutThrottling() {
        assertThat(NyisoSimulator.SIMULATOR.services()).singleElement().satisfies(s -> {
            assertThat(s.urlVariable()).isEqualTo("NYISO_MIS_URL");
            assertThat(s.path()).isEqualTo("/nyiso/public");
            assertThat(s.endpoints()).extracting(s::pathOf)
                    .containsExactly("/nyiso/public/csv/damlbmp", "/nyiso/public/csv/realtime");
            assertThat(s.endpoints()).allSatisfy(e -> {
                assertThat(e.files()).isTrue();
                assertThat(e.rateLimit()).isNull();
            });
        });
        assertThat(NyisoSimulator.SIMULATOR.faults()).isEmpty();
        assertThat(NyisoSimulator.PRICES.stream()).isEqualTo(5);
        assertThat(NyisoSimulator.PRICES.nodes()).hasSizeBetween(10, 30);
    }

    @Test
    void tomorrowsDayAheadFileExistsOnceTheMarketPostedIt() {
        String tomorrow = "/nyiso/public/csv/damlbmp/20251103damlbmp_zone.csv";
        // 10:59 EST on 2025-11-02: not yet
        SimResponse early = get(Instant.parse("2025-11-02T15:59:00Z"), tomorrow);
        assertThat(early.status()).isEqualTo(404);
        assertThat(early.contentType()).startsWith("text/html");
        assertThat(new String(early.body(), StandardCharsets.ISO_8859_1)).contains("<title>404 Not Found</title>")
                .contains(tomorrow);
        SimResponse posted = get(Instant.parse("2025-11-02T16:00:00Z"), tomorrow);
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.contentType()).isEqualTo("text/csv");
        assertThat(posted.body()).isEqualTo(NyisoSimFormats.daily(model, Report.DAMLBMP, Kind.ZONE,
                LocalDate.of(2025, 11, 3), null));
        assertThat(get(Instant.parse("2025-11-02T16:00:00Z"), "/nyiso/public/csv/damlbmp/20251104damlbmp_gen.csv")
                .status()).isEqualTo(404);
        for (String bad : List.of("/nyiso/public/csv/damlbmp/20251102realtime_zone.csv",
                "/nyiso/public/csv/damlbmp/20250230damlbmp_zone.csv", "/nyiso/public/csv/damlbmp/20251102pal.csv",
                "/nyiso/public/csv/realtime/20251102damlbmp_zone.csv",
                "/nyiso/public/csv/damlbmp/20251102damlbmp_zone_csv.zip")) {
            assertThat(get(Instant.parse("2025-11-02T16:00:00Z"), bad).status()).as(bad).isEqualTo(404);
        }
    }

    @Test
    void todaysRealTimeFileHoldsTheIntervalsThatHaveEndedAndNothingLater() throws Exception {
        Instant now = Instant.parse("2025-11-02T06:32:10Z"); // 01:32 EST, in the repeated hour
        SimResponse r = get(now, "/nyiso/public/csv/realtime/20251102realtime_zone.csv");
        assertThat(r.status()).isEqualTo(200);
        NormalizeResult n = normalizer.normalize(new NyisoConnector().extract(
                IsoSamples.document("nyiso", "20251102realtime_zone.csv", r.body())).records());
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).extracting(Tick::intervalEnd).allSatisfy(e -> assertThat(e).isBeforeOrEqualTo(now));
        assertThat(n.ticks()).extracting(Tick::intervalEnd).contains(Instant.parse("2025-11-02T06:30:00Z"));
        assertThat(n.ticks()).hasSize(15 * 30);
        assertThat(get(now, "/nyiso/public/csv/realtime/20251103realtime_zone.csv").status()).isEqualTo(404);
        // a day's file exists once its first interval has ended: 00:05 Eastern
        assertThat(get(Instant.parse("2025-11-03T05:04:59Z"), "/nyiso/public/csv/realtime/20251103realtime_gen.csv")
                .status()).isEqualTo(404);
        assertThat(get(Instant.parse("2025-11-03T05:05:00Z"), "/nyiso/public/csv/realtime/20251103realtime_gen.csv")
                .status()).isEqualTo(200);
        // yesterday's file is whole once midnight has passed
        assertThat(get(Instant.parse("2025-11-03T05:01:00Z"), "/nyiso/public/csv/realtime/20251102realtime_zone.csv")
                .body()).isEqualTo(NyisoSimFormats.daily(model, Report.REALTIME, Kind.ZONE, NyisoFixtures.FALL_BACK,
                null));
    }

    @Test
    void aMonthlyArchiveHoldsTheDaysThatExist() throws Exception {
        Instant now = Instant.parse("2025-11-02T16:00:00Z"); // 11:00 EST: 11-03 has been posted
        SimResponse r = get(now, "/nyiso/public/csv/damlbmp/20251101damlbmp_zone_csv.zip");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        assertThat(NyisoSimFormatsTest.unzip(r.body()).keySet()).containsExactly("20251101damlbmp_zone.csv",
                "20251102damlbmp_zone.csv", "20251103damlbmp_zone.csv");
        SimResponse rt = get(now, "/nyiso/public/csv/realtime/20251101realtime_gen_csv.zip");
        assertThat(NyisoSimFormatsTest.unzip(rt.body()).keySet()).containsExactly("20251101realtime_gen.csv",
                "20251102realtime_gen.csv");
        assertThat(get(now, "/nyiso/public/csv/damlbmp/20251201damlbmp_zone_csv.zip").status()).isEqualTo(404);
        assertThat(get(now, "/nyiso/public/csv/damlbmp/20251102damlbmp_zone_csv.zip").status()).isEqualTo(404);
    }
}
