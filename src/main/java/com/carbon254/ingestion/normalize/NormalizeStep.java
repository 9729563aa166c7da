package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.NormalizationRules;
import com.carbon254.ingestion.pipeline.Step;
import com.carbon254.ingestion.pipeline.StepResult;
import com.carbon254.ingestion.pipeline.TickChecks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The normalization stage's step: the {@link Normalizer} for the rules as they are now, then the data-quality checks
 * over the batch's ticks (findings go next to the ticks, never instead of them). Every raw record is one tick or one
 * rejection.
 */
public final class NormalizeStep implements Step<RawRecord, Tick> {
    private final Supplier<NormalizationRules> rules;
    private final Collection<Iso> isos;
    private final Function<NormalizationRules, TickChecks> checksFor;
    private NormalizationRules current;
    private Normalizer normalizer;
    private TickChecks checks;

    /**
     * @param rules     the current rules (a reloaded file's value), asked once per batch
     * @param isos      the ISOs whose dialects apply
     * @param checksFor the checks that follow normalization, for a version of the rules
     */
    public NormalizeStep(Supplier<NormalizationRules> rules, Collection<Iso> isos,
                         Function<NormalizationRules, TickChecks> checksFor) {
        this.rules = rules;
        this.isos = List.copyOf(isos);
        this.checksFor = checksFor;
    }

    @Override
    public StepResult<Tick> apply(List<RawRecord> batch, Instant now) {
        NormalizationRules r = rules.get();
        if (r != current) {
            normalizer = new Normalizer(r, isos);
            checks = checksFor.apply(r);
            current = r;
        }
        NormalizeResult n = normalizer.normalize(batch);
        List<StepResult.Rejected> rejected = new ArrayList<>(n.rejected().size());
        for (NormalizeResult.Rejected rj : n.rejected()) {
            rejected.add(new StepResult.Rejected(rj.record().documentId(), rj.rejection()));
        }
        List<Anomaly> found = n.ticks().isEmpty() ? List.of() : checks.check(n.ticks(), datasets(batch), now);
        return new StepResult<>(n.ticks(), rejected, found);
    }

    /** The dataset of each document in the batch, for the anomalies' {@code dataset}. */
    private static Map<String, String> datasets(List<RawRecord> batch) {
        Map<String, String> out = new HashMap<>();
        RawRecord last = null;
        for (RawRecord raw : batch) {
            // records come grouped by document: look a key up only when the document changes
            if (raw.dataset() == null || (last != null && Objects.equals(raw.documentId(), last.documentId()))) continue;
            last = raw;
            out.putIfAbsent(raw.documentId(), raw.dataset());
        }
        return out;
    }
}
