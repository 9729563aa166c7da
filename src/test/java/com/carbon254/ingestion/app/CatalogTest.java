package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.Catalog;
import com.carbon254.ingestion.pipeline.ConfigException;
import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a deployment knows about the ISOs, and the start-up refusals that keep an operating day or a rule from being
 * guessed: a registered ISO without a zone in the aggregation policies, or without rules in the normalization rules.
 */
class CatalogTest {
    @TempDir
    Path dir;

    static AppConfig shipped(Path dataDir) {
        return AppConfig.forRole("all-in-one", Map.of(), Map.of(), new AppConfig.Overrides(0, dataDir));
    }

    @Test
    void theShippedZonesAreWhatEachIsoPackageDeclares() {
        Catalog c = App.catalog(shipped(dir));
        assertThat(c.isoCodes()).containsExactly("MISO", "CAISO", "ERCOT", "PJM", "NYISO", "ISONE", "SPP");
        for (Iso iso : Isos.all()) assertThat(c.zone(iso.code())).as(iso.code()).isEqualTo(iso.operatingDayZone());
        assertThatThrownBy(() -> c.zone("AESO")).as("an operating day is never guessed")
                .hasMessageContaining("no operating-day zone for ISO 'AESO'");
        assertThat(c.connector("caiso")).containsSame(Isos.byCode("CAISO").orElseThrow().connector());
    }

    @Test
    void aRegisteredIsoWithoutAZoneStopsStartUpNamingFileAndKey() throws Exception {
        String shippedPolicies = Files.readString(IsoSamples.projectRoot().resolve("conf/aggregation_policies.yaml"));
        Path f = dir.resolve("aggregation_policies.yaml");
        Files.writeString(f, shippedPolicies.replaceAll("(?m)^  CAISO: America/Los_Angeles\\n", ""));
        AppConfig cfg = shipped(dir).withPolicies(new PolicyPaths(PolicyPaths.DEFAULTS.normalizationRules(),
                PolicyPaths.DEFAULTS.enrichmentTaxonomy(), f.toString(), PolicyPaths.DEFAULTS.connectorsDir()));
        assertThatThrownBy(() -> App.catalog(cfg)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(f
                        + ": operating_day_zones.CAISO: missing; CAISO is a registered ISO, so its operating day needs"
                        + " a zone (its package says \"America/Los_Angeles\")"));
    }

    @Test
    void aRegisteredIsoWithoutRulesStopsTheNormalizerFromStarting() throws Exception {
        Path rules = dir.resolve("normalization_rules.yaml");
        Files.writeString(rules, """
                isos:
                  MISO: {zone: "-05:00", label: hour_ending, price_floor: -2000, price_cap: 10000}
                """);
        AppConfig base = shipped(dir.resolve("data"));
        AppConfig cfg = base.withStages(base.stages().stream().filter(s -> s.stage() == Stage.NORMALIZER).toList())
                .withPolicies(new PolicyPaths(rules.toString(), PolicyPaths.DEFAULTS.enrichmentTaxonomy(),
                        PolicyPaths.DEFAULTS.aggregationPolicies(), PolicyPaths.DEFAULTS.connectorsDir()));
        Vertx vertx = Vertx.vertx();
        try {
            assertThatThrownBy(() -> App.start(vertx, cfg, new Metrics(), false).toCompletionStage()
                    .toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("stage normalizer failed to start")
                    .hasMessageContaining(rules + ": isos.CAISO: missing; CAISO is a registered ISO");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
