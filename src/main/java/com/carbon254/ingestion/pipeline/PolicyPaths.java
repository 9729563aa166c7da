package com.carbon254.ingestion.pipeline;

/**
 * Where the process reads its policy files ({@code conf/*.yaml}) and connector specs; each path is used on disk when
 * it exists there, else the copy packaged in the jar under the same relative path ({@link PolicyFile#text}).
 */
public record PolicyPaths(String normalizationRules, String enrichmentTaxonomy, String aggregationPolicies,
                          String connectorsDir) {
    public static final PolicyPaths DEFAULTS = new PolicyPaths("conf/normalization_rules.yaml",
            "conf/enrichment_taxonomy.yaml", "conf/aggregation_policies.yaml", "connectors");
}
