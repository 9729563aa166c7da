package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.caiso.CaisoSimulator;
import com.carbon254.ingestion.iso.ercot.ErcotSimulator;
import com.carbon254.ingestion.iso.isone.IsoneSimulator;
import com.carbon254.ingestion.iso.pjm.PjmSimulator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's own keys, and the rate-limit keys the registered ISOs declare (caiso_min_spacing_ms is documented). */
class SimulatorConfigTest {
    @Test
    void defaultsAndTheRegisteredIsosRateLimitKeys() {
        SimulatorConfig d = SimulatorConfig.from(Map.of());
        assertThat(d.port()).isEqualTo(SimulatorConfig.DEFAULT_PORT);
        assertThat(d.minSpacingMs()).containsOnly(Map.entry("caiso_min_spacing_ms", 5000L),
                Map.entry("ercot_min_spacing_ms", 2000L),
                Map.entry("isone_min_spacing_ms", 0L),
                Map.entry("pjm_min_spacing_ms", 10_000L));
        assertThat(SimulatorConfig.defaults().minSpacingMs(CaisoSimulator.OASIS_RATE_LIMIT)).isEqualTo(5000L);

        SimulatorConfig off = SimulatorConfig.from(Map.of("caiso_min_spacing_ms", 0, "seed", 7));
        assertThat(off.minSpacingMs(CaisoSimulator.OASIS_RATE_LIMIT)).isZero();
        assertThat(off.seed()).isEqualTo(7L);
        assertThat(SimulatorConfig.rateLimits(Isos.all())).containsExactly(CaisoSimulator.OASIS_RATE_LIMIT,
                ErcotSimulator.API_RATE_LIMIT, PjmSimulator.RATE_LIMIT, IsoneSimulator.API_RATE_LIMIT);
    }

    @Test
    void everyProblemIsNamedWithItsKey() {
        assertThatThrownBy(() -> SimulatorConfig.from(Map.of("caiso_min_spacing_ms", "5s", "strat", "x")))
                .hasMessageContaining("caiso_min_spacing_ms must be a number, got String '5s'")
                .hasMessageContaining("unknown key 'strat' (known: caiso_min_spacing_ms, ercot_min_spacing_ms, host,"
                        + " isone_min_spacing_ms, pjm_min_spacing_ms, port, seed, speed, start)");
        assertThatThrownBy(() -> SimulatorConfig.from(Map.of("caiso_min_spacing_ms", -1)))
                .hasMessage("simulator config: caiso_min_spacing_ms must be >= 0, got -1");
    }
}
