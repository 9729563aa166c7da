package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.ConfigException;
import com.carbon254.ingestion.pipeline.PolicyFile;
import com.carbon254.ingestion.pipeline.StepResult;
import com.carbon254.ingestion.pipeline.Yaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnricherTest {
    static final Taxonomy TX = Taxonomy.from(PolicyFile.yaml("conf/enrichment_taxonomy.yaml"), "conf/enrichment_taxonomy.yaml");
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static Tick tick(String iso, String loc, String isoType) {
        Instant s = Instant.parse("2020-01-02T08:00:00Z");
        return new Tick("t", iso, "DA_HOURLY", loc, isoType, s, s.plusSeconds(3600), LocalDate.of(2020, 1, 2), "l",
                1, 1, 0, 0, Double.NaN, 0, "v1", "doc", 1);
    }

    @ParameterizedTest(name = "{0} {1} ({2}) → {3}")
    @CsvSource(nullValues = "null", value = {
            "MISO,  INDIANA.HUB,       Hub,       hub,             INDIANA.HUB",
            "MISO,  AECI.ALTW,         Loadzone,  load_zone,       null",
            "MISO,  AMIL.BGS6,         Gennode,   gen_node,        null",
            "MISO,  NEW.HUB,           null,      hub,             null",
            "CAISO, TH_NP15_GEN-APND,  null,      hub,             NP15",
            "CAISO, TH_NEW_GEN-APND,   null,      hub,             null",
            "CAISO, DLAP_SCE-APND,     null,      load_zone,       null",
            "CAISO, AFPR_1_TOT_GEN-APND, null,    gen_node,        null",
            "CAISO, SOMEPLACE-APND,    null,      aggregated_node, null",
    })
    void classifiesLocations(String iso, String loc, String isoType, String type, String hub) {
        EnrichedTick e = new Enricher(TX).enrich(List.of(tick(iso, loc, isoType)), NOW).ticks().get(0);
        assertThat(e.locationType()).isEqualTo(type);
        assertThat(e.hub()).isEqualTo(hub);
        assertThat(e.commodity()).isEqualTo("power");
        assertThat(e.product()).isEqualTo("energy_day_ahead_hourly");
    }

    @Test
    void unknownLocationPassesWithOneAnomalyNotOnePerTick() {
        EnrichStep en = new EnrichStep(() -> TX);
        StepResult<EnrichedTick> r = en.apply(List.of(tick("MISO", "MYSTERY", null), tick("MISO", "MYSTERY", null)),
                NOW);
        assertThat(r.out()).hasSize(2).allMatch(t -> t.locationType().equals("unknown"));
        assertThat(r.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("unknown_location");
            assertThat(a.location()).isEqualTo("MYSTERY");
            assertThat(a.detail()).contains("MYSTERY");
        });
        assertThat(en.apply(List.of(tick("MISO", "MYSTERY", null)), NOW).anomalies()).isEmpty();
    }

    @Test
    void theCoreIsStatelessWhatWasReportedIsPassedIn() {
        Enricher en = new Enricher(TX);
        List<Tick> batch = List.of(tick("MISO", "MYSTERY", null));
        Enricher.Result first = en.enrich(batch, NOW);
        assertThat(first.reported()).containsExactly(Enricher.unknownKey("t", "MISO", "MYSTERY"));
        assertThat(en.enrich(batch, NOW).anomalies()).as("same input, same answer").hasSize(1);
        assertThat(en.enrich(batch, NOW, first.reported()).anomalies()).isEmpty();
    }

    @Test
    void reloadedTaxonomyAppliesToNewTicks() {
        Taxonomy[] current = {TX};
        EnrichStep en = new EnrichStep(() -> current[0]);
        StepResult<EnrichedTick> before = en.apply(List.of(tick("MISO", "MYSTERY", null)), NOW);
        assertThat(before.out().get(0).locationType()).isEqualTo("unknown");
        current[0] = Taxonomy.from(Yaml.parse("locations: {MISO: {MYSTERY: {type: hub, hub: MYSTERY}}}", "t.yaml"),
                "t.yaml");
        assertThat(en.apply(List.of(tick("MISO", "MYSTERY", null)), NOW).out().get(0).locationType()).isEqualTo("hub");
    }

    @Test
    void aReloadReportsStillUnknownLocationsAgain() {
        Taxonomy[] current = {TX};
        EnrichStep en = new EnrichStep(() -> current[0]);
        assertThat(en.apply(List.of(tick("MISO", "MYSTERY", null)), NOW).anomalies()).hasSize(1);
        assertThat(en.apply(List.of(tick("MISO", "MYSTERY", null)), NOW).anomalies()).isEmpty();
        current[0] = Taxonomy.from(Yaml.parse("commodity: power", "t.yaml"), "t.yaml");
        assertThat(en.apply(List.of(tick("MISO", "MYSTERY", null)), NOW).anomalies()).hasSize(1);
    }

    @Test
    void invalidTaxonomyListsEveryProblemWithFileAndKey() {
        String y = "ttl_seconds: -1\nlocations: {MISO: {X: {hub: A}}}\npatterns: {CAISO: [{match: '(', type: hub}]}\nbogus: 1\n";
        assertThatThrownBy(() -> Taxonomy.from(Yaml.parse(y, "tx.yaml"), "tx.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "tx.yaml: unknown key 'bogus'",
                        "tx.yaml: ttl_seconds: must be a positive integer, found '-1'",
                        "tx.yaml: locations.MISO.X: expected a mapping with at least 'type'",
                        "tx.yaml: patterns.CAISO[0].match: invalid regex (Unclosed group)"));
    }
}
