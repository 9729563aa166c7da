package com.carbon254.ingestion.ops.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The tokens file ({@code AUTH_TOKENS_PATH}, {@code auth.tokens_path}): {@code tokens: [{sha256: <hex SHA-256 of the
 * token>, tenant: <id>, scopes: [read, write, admin]}]}. Only hashes are kept, in the file and in memory; a presented
 * token is hashed and compared against every entry in constant time, so neither the answer nor its timing tells which
 * entry (if any) came close.
 *
 * @param entries the tokens, in file order
 */
public record TokenFile(List<Entry> entries) {
    public TokenFile {
        entries = List.copyOf(entries);
    }

    /** One token: its SHA-256 (32 bytes), its tenant and its scopes. */
    public record Entry(byte[] sha256, String tenant, Set<Scope> scopes) {
        public Entry {
            scopes = Set.copyOf(scopes);
        }

        Principal principal() {
            return new Principal(tenant, scopes);
        }
    }

    /** An invalid tokens file: every problem, each naming the file and key. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Tenant ids: what a tenant column can hold without quoting surprises. */
    private static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * Reads a parsed tokens file (YAML mapping).
     *
     * @throws Invalid listing every problem with {@code file} and the key (never a token: the file holds only hashes)
     */
    public static TokenFile from(Map<String, Object> yaml, String file) {
        List<String> problems = new ArrayList<>();
        for (String k : yaml.keySet()) {
            if (!"tokens".equals(k)) problems.add(file + ": unknown key '" + k + "' (expected tokens)");
        }
        Object raw = yaml.get("tokens");
        List<Entry> out = new ArrayList<>();
        if (!(raw instanceof List<?> list)) {
            problems.add(file + ": tokens: required, a list of {sha256, tenant, scopes}");
            throw new Invalid(problems);
        }
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = file + ": tokens[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problems.add(at + ": expected a mapping {sha256, tenant, scopes}");
                continue;
            }
            for (Object k : m.keySet()) {
                if (!Set.of("sha256", "tenant", "scopes").contains(String.valueOf(k))) {
                    problems.add(at + "." + k + ": unknown key (expected sha256, tenant, scopes)");
                }
            }
            Object sha = m.get("sha256");
            byte[] hash = null;
            if (sha == null || !HEX.matcher(String.valueOf(sha)).matches()) {
                problems.add(at + ".sha256: required, the 64 hex digits of the token's SHA-256 (sha256sum), not "
                        + "the token itself");
            } else if (!seen.add(String.valueOf(sha).toLowerCase(Locale.ROOT))) {
                problems.add(at + ".sha256: the same token is listed twice");
            } else {
                hash = HexFormat.of().parseHex(String.valueOf(sha));
            }
            Object tenant = m.get("tenant");
            if (tenant == null || !TENANT.matcher(String.valueOf(tenant)).matches()) {
                problems.add(at + ".tenant: required, letters, digits, '_', '.', '-' (at most 64), found '"
                        + tenant + "'");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            Object sc = m.get("scopes");
            if (!(sc instanceof List<?> sl) || sl.isEmpty()) {
                problems.add(at + ".scopes: required, a non-empty list of read|write|admin");
            } else {
                for (Object s : sl) {
                    Optional<Scope> p = Scope.parse(String.valueOf(s).trim().toLowerCase(Locale.ROOT));
                    if (p.isPresent()) {
                        scopes.add(p.get());
                    } else {
                        problems.add(at + ".scopes: '" + s + "' is not one of admin|read|write");
                    }
                }
            }
            if (hash != null && tenant != null && !scopes.isEmpty()) {
                out.add(new Entry(hash, String.valueOf(tenant), scopes));
            }
        }
        if (!problems.isEmpty()) throw new Invalid(problems);
        return new TokenFile(out);
    }

    /**
     * The principal of {@code token}: its hash is compared with every entry (each comparison constant-time, all of
     * them always made).
     */
    public Optional<Principal> find(String token) {
        byte[] h = sha256(token);
        Entry match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.sha256(), h) && match == null) match = e;
        }
        return match == null ? Optional.empty() : Optional.of(match.principal());
    }

    /** The tenants the file names. */
    public Set<String> tenants() {
        Set<String> out = new TreeSet<>();
        entries.forEach(e -> out.add(e.tenant()));
        return out;
    }

    /** Hex SHA-256 of a token, as the file holds it. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An authenticator over the current tokens file ({@code current} gives the last good one; the process re-reads
     * the file on change and keeps the previous tokens when an edit breaks it).
     */
    public static Authenticator authenticator(Supplier<TokenFile> current) {
        return new Authenticator() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<Principal> authenticate(String authorization) {
                if (authorization == null) return Optional.empty();
                String a = authorization.trim();
                if (a.length() < 8 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
                String token = a.substring(7).trim();
                if (token.isEmpty()) return Optional.empty();
                return current.get().find(token);
            }
        };
    }
}
