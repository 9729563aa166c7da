package com.carbon254.ingestion.app;

import com.carbon254.ingestion.pipeline.ConfigException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Shared bits of the CLI commands. */
final class Cli {
    private Cli() {
    }

    static AppConfig config(String role, Path descriptor, AppConfig.Overrides o) {
        Map<String, String> sys = new HashMap<>();
        System.getProperties().forEach((k, v) -> sys.put(String.valueOf(k), String.valueOf(v)));
        if (descriptor != null) {
            if (role != null) {
                throw new ConfigException(java.util.List.of("--role and --descriptor: give one, not both"));
            }
            return AppConfig.load(descriptor, System.getenv(), sys, o);
        }
        return AppConfig.forRole(role == null ? "all-in-one" : role, System.getenv(), sys, o);
    }
}
