package com.carbon254.ingestion.app;

import com.carbon254.ingestion.enrich.EnrichStep;
import com.carbon254.ingestion.enrich.Taxonomy;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.NormalizationRules;
import com.carbon254.ingestion.normalize.NormalizeStep;
import com.carbon254.ingestion.pipeline.PolicyFile;
import com.carbon254.ingestion.pipeline.PolicyFiles;
import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.pipeline.StageChain;
import com.carbon254.ingestion.pipeline.Step;
import com.carbon254.ingestion.pipeline.Yaml;
import com.carbon254.ingestion.quality.QualityChecks;

import java.time.Duration;
import java.util.List;

/**
 * The process's {@link StageChain}: which cores make each step, and which policy file each follows — the one place
 * that knows the normalizer is followed by the data-quality checks. The rules file is re-checked every
 * {@link #RULES_CHECK}, the taxonomy every {@code ttl_seconds} ({@link PolicyFiles#watch}); a rules file missing a
 * registered ISO is refused (at start: the process does not start; on a live edit: logged, the previous rules kept).
 */
public final class Chain implements StageChain {
    /** How often the normalization rules are re-checked for an edit. */
    static final Duration RULES_CHECK = Duration.ofSeconds(10);
    private final PolicyFiles files;
    private final PolicyPaths paths;
    private final List<Iso> isos;

    public Chain(PolicyFiles files, PolicyPaths paths, List<Iso> isos) {
        this.files = files;
        this.paths = paths;
        this.isos = List.copyOf(isos);
    }

    /** Blocking on first use: reads and validates the file. */
    PolicyFile<NormalizationRules> rules() {
        String file = paths.normalizationRules();
        return files.get(file, text -> NormalizationRules.parse(text, file).requireAll(isos, file), r -> RULES_CHECK);
    }

    /** Blocking on first use: reads and validates the file. */
    PolicyFile<Taxonomy> taxonomy() {
        String file = paths.enrichmentTaxonomy();
        return files.get(file, text -> Taxonomy.from(Yaml.parse(text, file), file),
                t -> Duration.ofSeconds(t.ttlSeconds()));
    }

    @Override
    public Step<RawRecord, Tick> normalizer() {
        return new NormalizeStep(rules()::get, isos, QualityChecks::new);
    }

    @Override
    public Step<Tick, EnrichedTick> enricher() {
        return new EnrichStep(taxonomy()::get);
    }
}
