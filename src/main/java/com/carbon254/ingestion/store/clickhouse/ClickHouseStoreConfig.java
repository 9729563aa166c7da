package com.carbon254.ingestion.store.clickhouse;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where {@link ClickHouseStores} finds its server.
 *
 * @param url      HTTP interface, {@code http://host:port} (no path)
 * @param database created by {@link ClickHouseEngine#init()} when missing; letters, digits and {@code _} only
 * @param user     {@code default} when blank
 * @param password empty when none
 * @param caPath   PEM CA certificates an {@code https://} server's certificate is verified against; null: the JVM's
 *                 trusted CAs. The host name is always verified.
 */
public record ClickHouseStoreConfig(String url, String database, String user, String password, String caPath) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ClickHouseStoreConfig {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("clickhouse url is required (http://host:port)");
        url = url.strip();
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("clickhouse url '" + url + "' must start with http:// or https://");
        }
        if (database == null || database.isBlank()) database = "default";
        if (!IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("clickhouse database '" + database
                    + "' must be letters, digits and _ (not starting with a digit)");
        }
        if (user == null || user.isBlank()) user = "default";
        if (password == null) password = "";
        if (caPath != null && caPath.isBlank()) caPath = null;
    }

    /** Verified against the JVM's trusted CAs (over https). */
    public ClickHouseStoreConfig(String url, String database, String user, String password) {
        this(url, database, user, password, null);
    }

    /** The same server verified against the CA certificates in {@code pemFile} (null: the JVM's). */
    public ClickHouseStoreConfig withCaPath(String pemFile) {
        return new ClickHouseStoreConfig(url, database, user, password, pemFile);
    }

    public boolean tls() {
        return url.startsWith("https://");
    }

    /**
     * Parses {@code http://user:pass@host:port/db}; user, password and database are optional (user and password
     * URL-encoded).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ClickHouseStoreConfig fromUrl(String s) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException("clickhouse url is required (http://host:port/db)");
        URI u;
        try {
            u = new URI(s.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("clickhouse url '" + s + "' is not a URL: " + e.getMessage(), e);
        }
        if (u.getHost() == null) throw new IllegalArgumentException("clickhouse url '" + s + "' has no host");
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        String scheme = u.getScheme() == null ? "http" : u.getScheme();
        int port = u.getPort() > 0 ? u.getPort() : ("https".equals(scheme) ? 8443 : 8123);
        return new ClickHouseStoreConfig(scheme + "://" + u.getHost() + ":" + port, path.isEmpty() ? null : path,
                user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "ClickHouseStoreConfig[url=" + url + ", database=" + database + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "***") + (caPath == null ? "" : ", caPath=" + caPath) + "]";
    }
}
