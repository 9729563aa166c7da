package com.carbon254.ingestion.iso.miso;

import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimClock;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** MISO's simulated endpoints as pure handlers: what exists at a simulated instant, in which document. */
class MisoSimulatorTest {
    /** 15:02 EST on 2024-11-03. */
    private static final Instant NOW = Instant.parse("2024-11-03T20:02:00Z");

    private final PriceModel model = new PriceModel(7);
    private final SimClock clock = new SimClock(NOW, 1, new ManualClock(Instant.EPOCH));

    private SimResponse get(String path) {
        var endpoint = MisoSimulator.SIMULATOR.services().stream()
                .filter(s -> path.startsWith(s.path())).findFirst().orElseThrow().endpoints().get(0);
        return endpoint.handler().handle(new SimRequest(path, Map.of(), clock, model));
    }

    @Test
    void reportsUpToTomorrowInEstAreTheRenderedCsvAndLaterOnesAre404() {
        SimResponse tomorrow = get("/miso/marketreports/20241104_da_exante_lmp.csv");
        assertThat(tomorrow.status()).isEqualTo(200);
        assertThat(tomorrow.contentType()).isEqualTo("text/csv");
        assertThat(tomorrow.headers()).isEmpty();
        assertThat(tomorrow.body()).isEqualTo(MisoSimFormats.dayAheadReport(model, LocalDate.of(2024, 11, 4), true));
        for (String notThere : new String[]{"20241105_da_expost_lmp.csv", "20241103_rt_lmp_final.csv",
                "20240230_da_expost_lmp.csv"}) {
            SimResponse r = get("/miso/marketreports/" + notThere);
            assertThat(r.isErrorPage()).as(notThere).isTrue();
            assertThat(r.status()).isEqualTo(404);
        }
    }

    @Test
    void currentIsTheLatestEndedFiveMinuteInterval() {
        SimResponse r = get(MisoSimulator.API_PATH + MisoSimulator.CURRENT);
        assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
        // 15:02 EST: the interval 14:55-15:00 EST is the latest that has ended
        assertThat(r.body()).isEqualTo(MisoSimFormats.fiveMinExPostCurrent(model, Instant.parse("2024-11-03T20:00:00Z")));
    }
}
