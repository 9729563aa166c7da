package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.iso.caiso.Caiso;
import com.carbon254.ingestion.iso.miso.Miso;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.sim.SimResponse;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
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
        Iso none = withSimulator(new Caiso(), null);
        assertThatThrownBy(() -> Isos.validated(List.of(new Miso(), none)))
                .hasMessageContaining("ISO CAISO: has no simulator");

        IsoSimulator miso = new Miso().simulator();
        IsoSimulator copy = new IsoSimulator() {
            @Override
            public PriceProfile prices() {
                return miso.prices();
            }

            @Override
            public List<Service> services() {
                return List.of(new Service("X_URL", "/miso/api", SimResponse.JSON,
                        List.of(Endpoint.at("", r -> SimResponse.errorPage(404)))));
            }
        };
        assertThatThrownBy(() -> Isos.validated(List.of(new Miso(), withSimulator(new Caiso(), copy))))
                .hasMessageContaining("ISO CAISO: its simulator's price profile must name CAISO")
                .hasMessageContaining("ISO CAISO: simulator path /miso/api is taken");

        IsoSimulator nothing = new IsoSimulator() {
            @Override
            public PriceProfile prices() {
                return new Caiso().simulator().prices();
            }

            @Override
            public List<Service> services() {
                return List.of();
            }
        };
        assertThatThrownBy(() -> Isos.validated(List.of(withSimulator(new Caiso(), nothing))))
                .hasMessageContaining("ISO CAISO: its simulator serves nothing");
    }

    /** {@code base} with another simulator. */
    private static Iso withSimulator(Iso base, IsoSimulator simulator) {
        return new Iso() {
            @Override
            public String code() {
                return base.code();
            }

            @Override
            public Connector connector() {
                return base.connector();
            }

            @Override
            public ZoneId operatingDayZone() {
                return base.operatingDayZone();
            }

            @Override
            public IsoRules defaultRules() {
                return base.defaultRules();
            }

            @Override
            public Dialect dialect(IsoRules rules) {
                return base.dialect(rules);
            }

            @Override
            public IsoSimulator simulator() {
                return simulator;
            }
        };
    }
}
