package com.carbon254.ingestion.ops.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token may do: {@code read} the API, {@code write} (imports, runs, reprocess), {@code admin} (enable/disable, ops commands). */
public enum Scope {
    READ, WRITE, ADMIN;

    /** The spelling in the tokens file and in answers ({@code read}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(String s) {
        for (Scope v : values()) if (v.id().equals(s)) return Optional.of(v);
        return Optional.empty();
    }
}
