package com.carbon254.ingestion.ops.auth;

import java.util.Optional;

/**
 * Turns an {@code Authorization} header value into the caller. Implementations are thread-safe and never log a token.
 */
public interface Authenticator {
    /** Whether tokens are required (a tokens file is configured). */
    boolean enabled();

    /**
     * The caller of a request carrying {@code authorization} ({@code Bearer <token>}, or null when absent): with
     * authentication off, {@link Principal#open} of the process tenant; with it on, the token's principal, or empty
     * for a missing, malformed or unknown token.
     */
    Optional<Principal> authenticate(String authorization);

    /** No authentication: every caller is {@code tenant} with every scope. */
    static Authenticator open(String tenant) {
        Principal p = Principal.open(tenant);
        return new Authenticator() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public Optional<Principal> authenticate(String authorization) {
                return Optional.of(p);
            }
        };
    }
}
