package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.NormalizationRules;
import com.carbon254.ingestion.pipeline.StepResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The normalizer's step: the dialect, then the checks it is given, for the rules as they are at each batch. */
class NormalizeStepTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void ticksRejectionsWithTheirDocumentAndTheChecksFindings() {
        List<List<Tick>> checked = new ArrayList<>();
        List<Map<String, String>> datasets = new ArrayList<>();
        NormalizeStep step = new NormalizeStep(NormalizationRules::defaults, Isos.all(), rules -> (ticks, ds, now) -> {
            checked.add(ticks);
            datasets.add(ds);
            return List.of(new Anomaly("t1", "MISO", null, null, null, "seen", ticks.size() + " ticks", null, now));
        });
        RawRecord good = NormalizerTest.miso("2011-07-16", "1", Map.of("LMP", "30", "MCC", "1", "MLC", "0.5"));
        RawRecord bad = NormalizerTest.miso("2011-07-16", "2", Map.of("LMP", "n/a", "MCC", "1", "MLC", "0.5"));
        StepResult<Tick> r = step.apply(List.of(good, bad), NOW);

        assertThat(r.out()).hasSize(1);
        assertThat(r.rejected()).singleElement().satisfies(rj -> {
            assertThat(rj.documentId()).isEqualTo("doc-1");
            assertThat(rj.rejection().reason()).isEqualTo("non_numeric_value");
        });
        assertThat(checked).as("the checks see the batch's ticks").containsExactly(r.out());
        assertThat(datasets.get(0)).containsEntry("doc-1", "lmp_da_expost");
        assertThat(r.anomalies()).extracting(Anomaly::detail).containsExactly("1 ticks");
    }

    @Test
    void aChangedRulesValueAppliesFromTheNextBatch() {
        NormalizationRules[] rules = {NormalizationRules.defaults()};
        NormalizeStep step = new NormalizeStep(() -> rules[0], Isos.all(), r -> (t, d, n) -> List.of());
        RawRecord he1 = NormalizerTest.miso("2011-07-16", "1", Map.of("LMP", "1"));
        assertThat(step.apply(List.of(he1), NOW).out().get(0).intervalEnd())
                .isEqualTo(Instant.parse("2011-07-16T06:00:00Z"));
        rules[0] = NormalizationRules.parse("""
                isos:
                  MISO: {zone: "-06:00", label: hour_ending, price_floor: -1, price_cap: 1}
                """, "edited.yaml");
        assertThat(step.apply(List.of(he1), NOW).out().get(0).intervalEnd())
                .isEqualTo(Instant.parse("2011-07-16T07:00:00Z"));
    }
}
