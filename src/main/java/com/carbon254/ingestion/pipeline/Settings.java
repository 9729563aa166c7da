package com.carbon254.ingestion.pipeline;

import java.nio.file.Path;

/**
 * The process-wide settings a stage may read (the deployment resolved them from its configuration layers).
 *
 * @param role        the role or descriptor name ({@code all-in-one}, {@code normalizer}, …)
 * @param source      the descriptor file the configuration came from, named in configuration errors
 * @param dataDir     where the process keeps local state (the registry's state file, DuckDB's file)
 * @param tenant      the tenant this process writes and reads as
 * @param maxInFlight batches a producer keeps unacknowledged before it waits
 * @param policies    where the policy files are
 * @param importMaxBytes largest import body accepted ({@code IMPORT_MAX_BYTES}); larger gets 413
 */
public record Settings(String role, String source, Path dataDir, String tenant, int maxInFlight,
                       PolicyPaths policies, long importMaxBytes) {
}
