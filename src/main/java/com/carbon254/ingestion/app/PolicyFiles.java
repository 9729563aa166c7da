package com.carbon254.ingestion.app;

import com.carbon254.ingestion.enrich.Taxonomy;
import com.carbon254.ingestion.normalize.NormalizationRules;

/**
 * The process's hot-reloadable policy files, one {@link PolicyFile} each, shared by every verticle instance and by
 * reprocessing: the normalizer and enricher re-check them periodically, and a reprocess re-reads them before it
 * replays anything, so a corrected rule or taxonomy is what the replay applies. Each file is read the first time a
 * stage asks for it (a role without a normalizer never parses the rules).
 */
public final class PolicyFiles {
    private final AppConfig.Policies paths;
    private PolicyFile<NormalizationRules> rules;
    private PolicyFile<Taxonomy> taxonomy;

    public PolicyFiles(AppConfig.Policies paths) {
        this.paths = paths;
    }

    /** Blocking on first use (reads and validates the file; throws on an invalid one). */
    public synchronized PolicyFile<NormalizationRules> normalizationRules() {
        if (rules == null) {
            String file = paths.normalizationRules();
            rules = PolicyFile.load(file, text -> NormalizationRules.parse(text, file));
        }
        return rules;
    }

    /** Blocking on first use (reads and validates the file; throws on an invalid one). */
    public synchronized PolicyFile<Taxonomy> taxonomy() {
        if (taxonomy == null) {
            String file = paths.enrichmentTaxonomy();
            taxonomy = PolicyFile.load(file, text -> Taxonomy.from(Yaml.parse(text, file), file));
        }
        return taxonomy;
    }

    /** Re-reads every file loaded so far (blocking: call on a worker); a broken edit keeps the previous value. */
    public void refreshAll() {
        PolicyFile<NormalizationRules> r;
        PolicyFile<Taxonomy> t;
        synchronized (this) {
            r = rules;
            t = taxonomy;
        }
        if (r != null) r.refresh();
        if (t != null) t.refresh();
    }
}
