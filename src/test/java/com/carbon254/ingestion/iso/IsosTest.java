package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.iso.caiso.Caiso;
import com.carbon254.ingestion.iso.miso.Miso;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry of ISO packages: lookups, and what a package must declare before the build may start. */
class IsosTest {
    @Test
    void everyRegisteredIsoIsFoundByCodeAndByConnector() {
        assertThat(Isos.all()).extracting(Iso::code).containsExactly("MISO", "CAISO", "ERCOT", "PJM", "NYISO", "ISONE",
                "SPP");
        for (Iso iso : Isos.all()) {
            assertThat(Isos.byCode(iso.code().toLowerCase())).containsSame(iso);
            assertThat(Isos.byConnector(iso.connector().name())).containsSame(iso);
            assertThat(iso.connector().iso()).isEqualTo(iso.code());
            assertThat(iso.defaultRules().iso()).isEqualTo(iso.code());
        }
        assertThat(Isos.byCode("AESO")).isEmpty();
        assertThat(Isos.connectorNames()).containsExactly("miso", "caiso", "ercot", "pjm", "nyiso", "isone", "spp");
    }

    @Test
    void operatingDaysFollowEachIsosOwnConvention() {
        assertThat(new Miso().operatingDayZone()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(new Caiso().operatingDayZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    }

    /** A package that forgot its zone, its rules or its connector. */
    record Half(String code, Connector connector, ZoneId operatingDayZone, IsoRules defaultRules) implements Iso {
        @Override
        public Dialect dialect(IsoRules rules) {
            return (r, out) -> out.reject(r, "unknown_iso", "none");
        }

        @Override
        public IsoSimulator simulator() {
            return null;
        }
    }

    static Connector connector(String name, String iso) {
        return new Connector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String iso() {
                return iso;
            }

            @Override
            public Extraction extract(com.carbon254.ingestion.event.RawDocument document) {
                return new Extraction("d", "DA_HOURLY", List.<RawRecord>of(), List.of(), 0);
            }

            @Override
            public Optional<java.time.Instant> intervalEnd(RawRecord record) {
                return Optional.empty();
            }
        };
    }

    @Test
    void aPackageLackingAZoneRulesOrAConnectorStopsTheBuildNamingEachProblem() {
        ZoneId chicago = ZoneId.of("America/Chicago");
        IsoRules rules = new IsoRules("ERCOT", chicago, IsoRules.LabelConvention.HOUR_ENDING, -250, 5000);
        assertThatThrownBy(() -> Isos.validated(List.of(
                new Half("ERCOT", connector("ercot", "ERCOT"), null, rules),
                new Half("PJM", connector("pjm", "PJM"), ZoneId.of("America/New_York"), null),
                new Half("SPP", null, chicago, rules),
                new Half("NYISO", connector("miso", "MISO"), chicago, rules),
                new Half("nyiso", connector("x", "X"), chicago, rules))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ISO ERCOT: has no operating-day zone")
                .hasMessageContaining("ISO PJM: has no default normalization rules")
                .hasMessageContaining("ISO SPP: has no connector")
                .hasMessageContaining("ISO NYISO: its connector says ISO 'MISO'")
                .hasMessageContaining("ISO NYISO: default rules must name NYISO")
                .hasMessageContaining("code must be upper case like MISO, found 'nyiso'");
        assertThat(Isos.validated(List.of(new Miso(), new Caiso()))).hasSize(2);
    }

    @Test
    void aRulesFileMissingARegisteredIsoIsRefusedWithTheEntryToAdd() {
        NormalizationRules onlyMiso = NormalizationRules.parse("""
                isos:
                  MISO: {zone: "-05:00", label: hour_ending, price_floor: -2000, price_cap: 10000}
                """, "rules.yaml");
        assertThatThrownBy(() -> onlyMiso.requireAll(Isos.all(), "rules.yaml"))
                .isInstanceOf(NormalizationRules.InvalidRulesException.class)
                .hasMessageContaining("rules.yaml: isos.CAISO: missing; CAISO is a registered ISO, so it needs rules"
                        + " (its package's defaults: {zone: \"America/Los_Angeles\", label: hour_ending,"
                        + " price_floor: -2000, price_cap: 2500})");
        assertThat(NormalizationRules.defaults().requireAll(Isos.all(), "x")).isEqualTo(NormalizationRules.defaults());
    }
}
