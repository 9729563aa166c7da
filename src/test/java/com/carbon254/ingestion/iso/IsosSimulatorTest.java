package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.iso.caiso.Caiso;
import com.carbon254.ingestion.iso.miso.Miso;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.iso.sim.SimulatedIsos;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Every registered ISO brings its simulator, and registration refuses one that would clash with another's. */
class IsosSimulatorTest {
    @Test
    void everyRegisteredIsoHasASimulatorWithItsOwnPricesAndPaths() {
        Set<Integer> streams = new HashSet<>();
        List<String> paths = new ArrayList<>();
        for (Iso iso : Isos.all()) {
            IsoSimulator sim = iso.simulator();
            assertThat(sim).as(iso.code()).isNotNull();
            assertThat(sim.prices().iso()).isEqualTo(iso.code());
            assertThat(sim.prices().nodes()).as(iso.code()).isNotEmpty();
            assertThat(streams.add(sim.prices().stream())).as("%s price stream", iso.code()).isTrue();
            assertThat(sim.services()).as(iso.code()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.endpoints()).isNotEmpty();
                assertThat(s.path()).startsWith("/" + iso.connector().name() + "/");
                assertThat(s.urlVariable()).startsWith(iso.code() + "_").endsWith("_URL");
            });
            sim.services().forEach(s -> paths.add(s.path()));
        }
        assertThat(paths).doesNotHaveDuplicates();
    }

    @Test
    void theShippedIsosKeepTheirPathsAndVariables() {
        assertThat(new Miso().simulator().services()).extracting(Service::urlVariable, Service::path)
                .containsExactly(tuple("MISO_REPORTS_URL", "/miso/marketreports"),
                        tuple("MISO_API_URL", "/miso/api"));
        assertThat(new Caiso().simulator().services()).extracting(Service::urlVariable, Service::path)
                .containsExactly(tuple("CAISO_OASIS_URL", "/caiso/oasisapi"));
        assertThat(new Caiso().simulator().faults()).extracting(IsoSimulator.Fault::name).containsExactly("error_zip");
        assertThat(new Miso().simulator().faults()).isEmpty();
    }

    @Test
    void anIsoWithoutASimulatorOrClashingWithAnotherIsRefused() {
        Iso none = SimulatedIsos.withSimulator(new Caiso(), null);
        assertThatThrownBy(() -> Isos.validated(List.of(new Miso(), none)))
                .hasMessageContaining("ISO CAISO: has no simulator");

        IsoSimulator copy = new IsoSimulator(new Miso().simulator().prices(), List.of(new Service("X_URL", "/miso/api",
                SimResponse.JSON, List.of(Endpoint.at("", r -> SimResponse.errorPage(404))))), List.of());
        assertThatThrownBy(() -> Isos.validated(List.of(new Miso(), SimulatedIsos.withSimulator(new Caiso(), copy))))
                .hasMessageContaining("ISO CAISO: its simulator's price profile must name CAISO")
                .hasMessageContaining("ISO CAISO: simulator path /miso/api is taken");

        IsoSimulator nothing = new IsoSimulator(new Caiso().simulator().prices(), List.of(), List.of());
        assertThatThrownBy(() -> Isos.validated(List.of(SimulatedIsos.withSimulator(new Caiso(), nothing))))
                .hasMessageContaining("ISO CAISO: its simulator serves nothing");
    }
}
