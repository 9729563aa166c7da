package com.carbon254.ingestion.ops.auth;

import java.util.Set;

/**
 * Who a request (or an event-bus bridge message) comes from: the tenant its token belongs to — the only tenant it
 * writes and sees — and what it may do. With authentication off every caller is the process's own tenant with every
 * scope.
 */
public record Principal(String tenant, Set<Scope> scopes) {
    public Principal {
        scopes = Set.copyOf(scopes);
    }

    public boolean can(Scope s) {
        return scopes.contains(s);
    }

    /** The caller when authentication is off: the process's tenant, every scope. */
    public static Principal open(String tenant) {
        return new Principal(tenant, Set.of(Scope.values()));
    }
}
