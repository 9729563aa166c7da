package com.carbon254.ingestion.app;

import com.carbon254.ingestion.connector.ConnectorsConfig;
import com.carbon254.ingestion.connector.sim.SimulatorConfig;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.pipeline.ConfigException;
import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.pipeline.Settings;
import com.carbon254.ingestion.pipeline.StageSpec;
import com.carbon254.ingestion.pipeline.Yaml;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A process's typed configuration, built from layers (DESIGN.md): defaults in the jar → deployment descriptor →
 * environment ({@code HTTP_PORT}, {@code DATA_DIR}, {@code KAFKA_BOOTSTRAP}, {@code CLICKHOUSE_URL} or the seed's
 * {@code CLICKHOUSE_DSN}, {@code PARALLEL_WORKERS} (normalizer and enricher instances), {@code *_PATH} …)
 * → system properties ({@code -Dingestion.http.port=…}) → explicit CLI flags. Policy files
 * ({@code conf/normalization_rules.yaml}, …) are named here and read by the stages that use them.
 *
 * <p>{@link #load} validates everything at once and throws {@link ConfigException} listing every problem with the
 * file and key it came from.
 *
 * @param healthPort a second, plain-HTTP port serving only {@code /health}, {@code /health/live} and
 *                   {@code /health/ready} ({@code http.health_port}, env {@code HEALTH_PORT}): for probes that cannot
 *                   present a client certificate to an mTLS {@code httpPort}; 0: none
 * @param tcpBridgePort the event-bus bridge for scripts over TCP ({@code http.tcp_bridge_port}, env
 *                   {@code OPS_TCP_BRIDGE_PORT}): 4-byte length + JSON frames, the SockJS bridge's rules, TLS like the
 *                   HTTP server; 0: none
 */
public record AppConfig(String role, String source, int httpPort, int healthPort, int tcpBridgePort, Path dataDir, String tenant,
                        TransportSettings transport, StoreSettings store, List<StageSpec> stages,
                        PolicyPaths policies, HttpTls httpTls, AuthSettings auth, InputLimits limits) {

    /**
     * Stages that read or write the store; a process running none of them opens no store. The normalizer, enricher
     * and aggregator only read it, for {@code POST /reprocess} (the Bronze documents to replay).
     */
    public static final Set<Stage> STORE_STAGES = Set.of(Stage.CONNECTORS, Stage.NORMALIZER, Stage.ENRICHER,
            Stage.AGGREGATOR, Stage.PROJECTOR);
    public static final Set<String> ROLES = Set.of("all-in-one", "registry", "normalizer", "enricher", "aggregator",
            "projector");
    private static final Set<String> TOP_KEYS = Set.of("role", "http", "data_dir", "tenant", "transport", "store",
            "verticles", "policies", "description", "auth", "limits");

    /**
     * @param tokensPath the tokens file ({@code auth.tokens_path}, env {@code AUTH_TOKENS_PATH}); null: no tokens,
     *                   every caller is this process's tenant with every scope
     * @param required   whether the process refuses to start without a tokens file ({@code auth.required}, env
     *                   {@code AUTH_REQUIRED}; the cluster descriptors say true)
     * @param metrics    whether {@code /metrics} needs a {@code read} token ({@code auth.metrics}, env
     *                   {@code AUTH_METRICS})
     */
    public record AuthSettings(String tokensPath, boolean required, boolean metrics) {
        public static final AuthSettings OFF = new AuthSettings(null, false, false);
    }

    /**
     * What hostile input may cost ({@code limits.*}).
     *
     * @param importMaxBytes largest import body ({@code IMPORT_MAX_BYTES}), larger gets 413
     * @param zipMaxBytes    most bytes a zipped document may inflate to, all members together ({@code ZIP_MAX_BYTES})
     * @param zipMaxRatio    largest inflated:compressed ratio of a zip member ({@code ZIP_MAX_RATIO})
     */
    public record InputLimits(long importMaxBytes, long zipMaxBytes, int zipMaxRatio) {
    }

    /**
     * @param kafkaClient      Kafka properties for every client ({@code transport.kafka.client}, env
     *                         {@code KAFKA_CLIENT_<PROPERTY>}: {@code KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL} is
     *                         {@code security.protocol}); SASL/SSL settings go here
     * @param kafkaProducer    producer-only properties ({@code transport.kafka.producer}, env {@code KAFKA_PRODUCER_*})
     * @param kafkaConsumer    consumer-only properties ({@code transport.kafka.consumer}, env {@code KAFKA_CONSUMER_*})
     * @param groupInstanceId  static group membership id of this process ({@code transport.kafka.group_instance_id},
     *                         env {@code KAFKA_GROUP_INSTANCE_ID}); null: derived from role, host and HTTP port when
     *                         {@code transport.kafka.static_membership} is on and the port fixed, else dynamic
     */
    public record TransportSettings(String type, String kafkaBootstrap, long eventBusTimeoutMs, int maxInFlight,
                                    Map<String, String> kafkaClient, Map<String, String> kafkaProducer,
                                    Map<String, String> kafkaConsumer, boolean staticMembership,
                                    String groupInstanceId) {
        public TransportSettings {
            kafkaClient = Map.copyOf(kafkaClient);
            kafkaProducer = Map.copyOf(kafkaProducer);
            kafkaConsumer = Map.copyOf(kafkaConsumer);
        }
    }

    /** Environment prefixes whose variables become Kafka properties of the section they name. */
    static final Map<String, String> KAFKA_ENV_PREFIXES = Map.of("KAFKA_CLIENT_", "transport.kafka.client",
            "KAFKA_PRODUCER_", "transport.kafka.producer", "KAFKA_CONSUMER_", "transport.kafka.consumer");

    /**
     * TLS of this process's HTTP server ({@code http.tls.*}, env {@code HTTP_TLS_*}), from PEM files.
     *
     * @param certPath     certificate chain, leaf first ({@code http.tls.cert_path}, env {@code HTTP_TLS_CERT_PATH});
     *                     null: plain HTTP
     * @param keyPath      its unencrypted private key ({@code http.tls.key_path}, env {@code HTTP_TLS_KEY_PATH})
     * @param clientCaPath CA certificates ({@code http.tls.client_ca_path}, env {@code HTTP_TLS_CLIENT_CA_PATH}); set:
     *                     every connection must present a client certificate signed by one of them (mTLS), else the
     *                     handshake fails before any request is read
     */
    public record HttpTls(String certPath, String keyPath, String clientCaPath) {
        public static final HttpTls OFF = new HttpTls(null, null, null);

        public boolean enabled() {
            return certPath != null;
        }

        public boolean clientAuth() {
            return clientCaPath != null;
        }
    }

    /**
     * @param clickhouseCaPath  CA certificates (PEM) an {@code https://} ClickHouse is verified against
     *                          ({@code store.clickhouse.ca_path}, env {@code CLICKHOUSE_CA_PATH}); null: the JVM's
     *                          trusted CAs
     * @param redisCaPath       CA certificates (PEM) a {@code rediss://} Redis is verified against
     *                          ({@code store.redis.ca_path}, env {@code REDIS_CA_PATH}); null: the JVM's trusted CAs
     * @param redisUrl          the served latest values' Redis ({@code store.redis.url}, env {@code REDIS_URL}); null:
     *                          an in-process map
     * @param latestTtlSeconds  how long a latest value stays in Redis after its last write
     *                          ({@code store.redis.latest_ttl_seconds})
     */
    public record StoreSettings(String type, String duckdbFile, String clickhouseUrl, String redisUrl,
                                long latestTtlSeconds, String clickhouseCaPath, String redisCaPath) {
        /** DuckDB file resolved against the data dir unless absolute or {@code :memory:}. */
        public String duckdbPath(Path dataDir) {
            if (":memory:".equals(duckdbFile) || Path.of(duckdbFile).isAbsolute()) return duckdbFile;
            return dataDir.resolve(duckdbFile).toString();
        }
    }

    /** Command-line overrides (null = not given). */
    public record Overrides(Integer httpPort, Path dataDir) {
        public static final Overrides NONE = new Overrides(null, null);
    }

    static final Map<String, String> ENV_KEYS = Map.ofEntries(
            Map.entry("HTTP_PORT", "http.port"),
            Map.entry("HEALTH_PORT", "http.health_port"),
            Map.entry("OPS_TCP_BRIDGE_PORT", "http.tcp_bridge_port"),
            Map.entry("HTTP_TLS_CERT_PATH", "http.tls.cert_path"),
            Map.entry("HTTP_TLS_KEY_PATH", "http.tls.key_path"),
            Map.entry("HTTP_TLS_CLIENT_CA_PATH", "http.tls.client_ca_path"),
            Map.entry("DATA_DIR", "data_dir"),
            Map.entry("TENANT_ID", "tenant"),
            Map.entry("TRANSPORT", "transport.type"),
            Map.entry("KAFKA_BOOTSTRAP", "transport.kafka.bootstrap"),
            Map.entry("KAFKA_GROUP_INSTANCE_ID", "transport.kafka.group_instance_id"),
            Map.entry("STORE", "store.type"),
            Map.entry("CLICKHOUSE_URL", "store.clickhouse.url"),
            Map.entry("CLICKHOUSE_CA_PATH", "store.clickhouse.ca_path"),
            Map.entry("REDIS_URL", "store.redis.url"),
            Map.entry("REDIS_CA_PATH", "store.redis.ca_path"),
            Map.entry("NORMALIZATION_RULES_PATH", "policies.normalization_rules"),
            Map.entry("ENRICHMENT_TAXONOMY_PATH", "policies.enrichment_taxonomy"),
            Map.entry("AGGREGATION_POLICIES_PATH", "policies.aggregation_policies"),
            Map.entry("CONNECTORS_PATH", "policies.connectors_dir"),
            Map.entry("AUTH_TOKENS_PATH", "auth.tokens_path"),
            Map.entry("AUTH_REQUIRED", "auth.required"),
            Map.entry("AUTH_METRICS", "auth.metrics"),
            Map.entry("IMPORT_MAX_BYTES", "limits.import_max_bytes"),
            Map.entry("ZIP_MAX_BYTES", "limits.zip_max_bytes"),
            Map.entry("ZIP_MAX_RATIO", "limits.zip_max_ratio"));

    /** Loads {@code conf/deployments/<role>.yaml} (from disk, else from the jar). */
    public static AppConfig forRole(String role, Map<String, String> env, Map<String, String> sys, Overrides o) {
        if (!ROLES.contains(role)) {
            throw new ConfigException(List.of("--role: unknown role '" + role + "' (expected one of "
                    + String.join("|", new java.util.TreeSet<>(ROLES)) + ")"));
        }
        String rel = "conf/deployments/" + role + ".yaml";
        Path disk = Path.of(rel);
        if (Files.exists(disk)) return load(disk, env, sys, o);
        try (InputStream in = AppConfig.class.getClassLoader().getResourceAsStream(rel)) {
            if (in == null) throw new ConfigException(List.of(rel + ": descriptor not found on disk or in the jar"));
            return build(Yaml.load(in, "jar:" + rel), "jar:" + rel, env, sys, o);
        } catch (java.io.IOException e) {
            throw new ConfigException(List.of(rel + ": " + e.getMessage()));
        }
    }

    public static AppConfig load(Path descriptor, Map<String, String> env, Map<String, String> sys, Overrides o) {
        if (!Files.isRegularFile(descriptor)) {
            throw new ConfigException(List.of(descriptor + ": descriptor file not found"));
        }
        return build(Yaml.load(descriptor), descriptor.toString(), env, sys, o);
    }

    static AppConfig build(Map<String, Object> descriptor, String file, Map<String, String> env,
                           Map<String, String> sys, Overrides o) {
        List<String> problems = new ArrayList<>();
        for (String k : descriptor.keySet()) {
            if (!TOP_KEYS.contains(k)) problems.add(file + ": unknown key '" + k + "'");
        }
        Map<String, Object> merged = Yaml.merge(defaults(), descriptor);
        Map<String, String> origin = new LinkedHashMap<>();
        // the seed's name for the ClickHouse address; CLICKHOUSE_URL wins when both are set
        String dsn = env.get("CLICKHOUSE_DSN");
        if (dsn != null && !dsn.isBlank() && (env.get("CLICKHOUSE_URL") == null || env.get("CLICKHOUSE_URL").isBlank())) {
            merged.putAll(Yaml.merge(merged, nested("store.clickhouse.url", dsn.strip())));
            origin.put("store.clickhouse.url", "env CLICKHOUSE_DSN");
        }
        env.forEach((k, v) -> {
            String key = ENV_KEYS.get(k);
            if (key != null && v != null && !v.isBlank()) {
                merged.putAll(Yaml.merge(merged, nested(key, v)));
                origin.put(key, "env " + k);
            }
            KAFKA_ENV_PREFIXES.forEach((prefix, section) -> {
                if (k.startsWith(prefix) && k.length() > prefix.length() && v != null) {
                    String property = k.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                    Map<String, Object> props = new LinkedHashMap<>();
                    props.put(property, v);
                    merged.putAll(Yaml.merge(merged, nested(section, props)));
                    origin.put(section, "env " + k);
                }
            });
        });
        sys.forEach((k, v) -> {
            if (k.startsWith("ingestion.")) {
                String key = k.substring("ingestion.".length());
                merged.putAll(Yaml.merge(merged, nested(key, v)));
                origin.put(key, "-D" + k);
            }
        });
        if (o.httpPort() != null) {
            merged.putAll(Yaml.merge(merged, nested("http.port", o.httpPort())));
            origin.put("http.port", "--http-port");
        }
        if (o.dataDir() != null) {
            merged.putAll(Yaml.merge(merged, nested("data_dir", o.dataDir().toString())));
            origin.put("data_dir", "--data-dir");
        }
        Reader r = new Reader(merged, file, origin, problems);

        String role = r.string("role", null);
        if (role != null && !ROLES.contains(role)) r.problem("role", "unknown role '" + role + "'");
        int port = r.integer("http.port", 0, 65535);
        int healthPort = r.integer("http.health_port", 0, 65535);
        if (healthPort != 0 && healthPort == port) {
            r.problem("http.health_port", healthPort + " is http.port too: the health-only listener needs a port of "
                    + "its own (or 0 for none)");
        }
        int tcpBridgePort = r.integer("http.tcp_bridge_port", 0, 65535);
        if (tcpBridgePort != 0 && (tcpBridgePort == port || tcpBridgePort == healthPort)) {
            r.problem("http.tcp_bridge_port", tcpBridgePort + " is http.port or http.health_port too: the TCP bridge "
                    + "needs a port of its own (or 0 for none)");
        }
        String dataDir = r.string("data_dir", "./data");
        String tenant = r.string("tenant", "default");
        String ttype = r.oneOf("transport.type", Set.of("eventbus", "kafka"));
        String bootstrap = r.string("transport.kafka.bootstrap", null);
        if ("kafka".equals(ttype) && (bootstrap == null || bootstrap.isBlank())) {
            r.problem("transport.kafka.bootstrap", "required when transport.type is kafka (or set KAFKA_BOOTSTRAP)");
        }
        long ebTimeout = r.integer("transport.eventbus.timeout_ms", 1, Integer.MAX_VALUE);
        int inFlight = r.integer("transport.max_in_flight", 1, 1_000_000);
        Map<String, String> kafkaClient = r.properties("transport.kafka.client");
        Map<String, String> kafkaProducer = r.properties("transport.kafka.producer");
        Map<String, String> kafkaConsumer = r.properties("transport.kafka.consumer");
        boolean staticMembership = !"false".equalsIgnoreCase(r.string("transport.kafka.static_membership", "true"));
        String instanceId = r.string("transport.kafka.group_instance_id", null);
        String stype = r.oneOf("store.type", Set.of("duckdb", "clickhouse"));
        String duck = r.string("store.duckdb.file", "ingestion.duckdb");
        String ch = r.string("store.clickhouse.url", null);
        if (ch != null && ch.matches("(?i)(clickhouse|tcp)://.*")) {
            r.problem("store.clickhouse.url", "'" + ch.replaceAll("//[^@/]*@", "//***@") + "' is ClickHouse's native"
                    + " protocol (port 9000); carbon-ingestion talks to ClickHouse over HTTP: give its HTTP port, e.g."
                    + " http://user:password@host:8123/database");
        }
        String redis = r.string("store.redis.url", null);
        if (redis != null && redis.isBlank()) redis = null;
        if (redis != null && !redis.matches("rediss?://.+")) {
            r.problem("store.redis.url", "'" + redis + "' is not a redis:// or rediss:// URL");
        }
        long latestTtl = r.integer("store.redis.latest_ttl_seconds", 1, Integer.MAX_VALUE);
        String chCa = r.certificates("store.clickhouse.ca_path");
        if (chCa != null && ch != null && !ch.strip().startsWith("https://")) {
            r.problem("store.clickhouse.ca_path", "set, but store.clickhouse.url is not https:// (the CA would be unused)");
        }
        String redisCa = r.certificates("store.redis.ca_path");
        if (redisCa != null && (redis == null || !redis.startsWith("rediss://"))) {
            r.problem("store.redis.ca_path", "set, but store.redis.url is not rediss:// (the CA would be unused)");
        }
        HttpTls httpTls = httpTls(r);
        List<StageSpec> stages = r.stages("verticles");
        String workers = env.get("PARALLEL_WORKERS");
        if (workers != null && !workers.isBlank()) {
            // the seed's normalization/enrichment parallelism: instances of those two stages
            int n = workers.strip().matches("\\d{1,2}") ? Integer.parseInt(workers.strip()) : -1;
            if (n < 1 || n > 64) {
                problems.add("env PARALLEL_WORKERS: must be an integer between 1 and 64, found '" + workers + "'");
            } else {
                stages = stages.stream().map(st -> st.stage() == Stage.NORMALIZER || st.stage() == Stage.ENRICHER
                        ? new StageSpec(st.stage(), n, st.config()) : st).toList();
            }
        }
        problems.addAll(stageConfigProblems(stages, file));
        boolean needsStore = stages.stream().anyMatch(s -> STORE_STAGES.contains(s.stage()));
        if (needsStore && "clickhouse".equals(stype) && (ch == null || ch.isBlank())) {
            r.problem("store.clickhouse.url", "required when store.type is clickhouse (or set CLICKHOUSE_URL)");
        }
        PolicyPaths d = PolicyPaths.DEFAULTS;
        PolicyPaths pol = new PolicyPaths(r.string("policies.normalization_rules", d.normalizationRules()),
                r.string("policies.enrichment_taxonomy", d.enrichmentTaxonomy()),
                r.string("policies.aggregation_policies", d.aggregationPolicies()),
                r.string("policies.connectors_dir", d.connectorsDir()));
        String tokens = r.string("auth.tokens_path", null);
        if (tokens != null && tokens.isBlank()) tokens = null;
        boolean authRequired = r.bool("auth.required");
        boolean authMetrics = r.bool("auth.metrics");
        if (tokens == null && authRequired) {
            r.problem("auth.required", "true, but no tokens file is configured: set AUTH_TOKENS_PATH (or "
                    + "auth.tokens_path), or auth.required: false (AUTH_REQUIRED=false) to run open");
        }
        if (tokens != null) problems.addAll(tokenFileProblems(tokens, r.origin("auth.tokens_path")));
        InputLimits limits = new InputLimits(r.longValue("limits.import_max_bytes", 1, Long.MAX_VALUE),
                r.longValue("limits.zip_max_bytes", 1, Long.MAX_VALUE),
                r.integer("limits.zip_max_ratio", 2, 1_000_000));
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new AppConfig(role, file, port, healthPort, tcpBridgePort, Path.of(dataDir), tenant,
                new TransportSettings(ttype, bootstrap, ebTimeout, inFlight, kafkaClient, kafkaProducer,
                        kafkaConsumer, staticMembership, instanceId),
                new StoreSettings(stype, duck, ch, redis, latestTtl, chCa, redisCa), stages, pol, httpTls,
                new AuthSettings(tokens, authRequired, authMetrics), limits);
    }

    /** {@code http.tls.*}: a certificate needs its key and a key its certificate; a client CA needs both. */
    private static HttpTls httpTls(Reader r) {
        String cert = r.certificates("http.tls.cert_path");
        String key = r.blankless("http.tls.key_path");
        String clientCa = r.certificates("http.tls.client_ca_path");
        if (key != null) {
            String problem = PemFiles.privateKeyProblem(key);
            if (problem != null) r.problem("http.tls.key_path", problem);
        }
        if (key != null && r.blankless("http.tls.cert_path") == null) {
            r.problem("http.tls.cert_path", "required when http.tls.key_path is set (a key without its certificate; "
                    + "or set HTTP_TLS_CERT_PATH)");
        }
        if (key == null && r.blankless("http.tls.cert_path") != null) {
            r.problem("http.tls.key_path", "required when http.tls.cert_path is set (a certificate without its key; "
                    + "or set HTTP_TLS_KEY_PATH)");
        }
        if (r.blankless("http.tls.client_ca_path") != null && (r.blankless("http.tls.cert_path") == null
                || key == null)) {
            r.problem("http.tls.client_ca_path", "client certificates are asked for only over TLS: set "
                    + "http.tls.cert_path and http.tls.key_path too");
        }
        return cert == null || key == null ? HttpTls.OFF : new HttpTls(cert, key, clientCa);
    }

    /** The settings every stage of this process may read. */
    public Settings settings() {
        return new Settings(role, source, dataDir, tenant, transport.maxInFlight(), policies, limits.importMaxBytes());
    }

    /** The same process without {@code stage} (e.g. the offline import runs no simulator). */
    public AppConfig withoutStage(Stage stage) {
        return withStages(stages.stream().filter(s -> s.stage() != stage).toList());
    }

    /** The same process with one key of one stage's {@code config} replaced. */
    public AppConfig withStageConfig(Stage stage, String key, Object value) {
        return withStages(stages.stream().map(s -> {
            if (s.stage() != stage) return s;
            Map<String, Object> c = new java.util.LinkedHashMap<>(s.config());
            c.put(key, value);
            return new StageSpec(s.stage(), s.instances(), Map.copyOf(c));
        }).toList());
    }

    public AppConfig withStages(List<StageSpec> newStages) {
        return new AppConfig(role, source, httpPort, healthPort, tcpBridgePort, dataDir, tenant, transport, store, newStages,
                policies, httpTls, auth, limits);
    }

    public AppConfig withPolicies(PolicyPaths newPolicies) {
        return new AppConfig(role, source, httpPort, healthPort, tcpBridgePort, dataDir, tenant, transport, store, stages,
                newPolicies, httpTls, auth, limits);
    }

    /** The same process with another tokens file (null: open). */
    public AppConfig withAuth(AuthSettings newAuth) {
        return new AppConfig(role, source, httpPort, healthPort, tcpBridgePort, dataDir, tenant, transport, store, stages,
                policies, httpTls, newAuth, limits);
    }

    /** The same process with other input limits. */
    public AppConfig withLimits(InputLimits newLimits) {
        return new AppConfig(role, source, httpPort, healthPort, tcpBridgePort, dataDir, tenant, transport, store, stages,
                policies, httpTls, auth, newLimits);
    }

    /**
     * Problems of the tokens file at {@code path}: it must be on disk (never taken from the jar) and valid. Each
     * names the file and key; none quotes a token (the file holds only hashes).
     */
    static List<String> tokenFileProblems(String path, String origin) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            return List.of(origin + ": auth.tokens_path: " + path + ": tokens file not found");
        }
        try {
            com.carbon254.ingestion.ops.auth.TokenFile.from(Yaml.parse(Files.readString(p), path), path);
            return List.of();
        } catch (com.carbon254.ingestion.ops.auth.TokenFile.Invalid e) {
            return e.problems();
        } catch (ConfigException e) {
            return e.problems();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of(path + ": cannot read the tokens file (" + e.getMessage() + ")");
        }
    }

    public boolean needsStore() {
        return stages.stream().anyMatch(s -> STORE_STAGES.contains(s.stage()));
    }

    /**
     * Each stage's own {@code config} section, read by the stage's config type now rather than when the stage starts,
     * so one start-up message lists every problem of the descriptor.
     */
    private static List<String> stageConfigProblems(List<StageSpec> stages, String file) {
        List<String> out = new ArrayList<>();
        for (StageSpec s : stages) {
            try {
                switch (s.stage()) {
                    case CONNECTORS -> ConnectorsConfig.from(s.config(), file);
                    case SIMULATOR -> SimulatorConfig.from(s.config());
                    default -> s.config().keySet().forEach(k -> out.add(file + ": verticles[" + s.stage() + "].config."
                            + k + ": unknown key (the " + s.stage() + " stage takes no config)"));
                }
            } catch (ConfigException e) {
                out.addAll(e.problems());
            } catch (IllegalArgumentException e) {
                out.add(file + ": verticles[" + s.stage() + "].config: " + e.getMessage());
            }
        }
        return out;
    }

    private static Map<String, Object> defaults() {
        try (InputStream in = AppConfig.class.getClassLoader().getResourceAsStream("defaults.yaml")) {
            if (in == null) throw new IllegalStateException("defaults.yaml missing from the jar");
            return Yaml.load(in, "jar:defaults.yaml");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> nested(String dotted, Object value) {
        String[] parts = dotted.split("\\.");
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> cur = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            cur.put(parts[i], next);
            cur = next;
        }
        cur.put(parts[parts.length - 1], value);
        return root;
    }

    /** Reads typed values from the merged map, recording problems with the layer each value came from. */
    private static final class Reader {
        private final Map<String, Object> root;
        private final String file;
        private final Map<String, String> origin;
        private final List<String> problems;

        Reader(Map<String, Object> root, String file, Map<String, String> origin, List<String> problems) {
            this.root = root;
            this.file = file;
            this.origin = origin;
            this.problems = problems;
        }

        String origin(String key) {
            return origin.getOrDefault(key, file);
        }

        boolean bool(String key) {
            String v = string(key, "false").trim().toLowerCase(Locale.ROOT);
            if (!Set.of("true", "false").contains(v)) {
                problem(key, "expected true or false, found '" + v + "'");
                return false;
            }
            return Boolean.parseBoolean(v);
        }

        long longValue(String key, long min, long max) {
            Object v = get(key);
            long n;
            if (v instanceof Number num) {
                n = num.longValue();
            } else {
                try {
                    n = Long.parseLong(String.valueOf(v).trim());
                } catch (NumberFormatException e) {
                    problem(key, "expected an integer, found '" + v + "'");
                    return min;
                }
            }
            if (n < min || n > max) {
                problem(key, "must be between " + min + " and " + max + ", found " + n);
                return min;
            }
            return n;
        }

        void problem(String key, String msg) {
            problems.add(origin.getOrDefault(key, file) + ": " + key + ": " + msg);
        }

        @SuppressWarnings("unchecked")
        Object get(String dotted) {
            Object cur = root;
            for (String p : dotted.split("\\.")) {
                if (!(cur instanceof Map)) return null;
                cur = ((Map<String, Object>) cur).get(p);
            }
            return cur;
        }

        String string(String key, String dflt) {
            Object v = get(key);
            if (v == null) return dflt;
            if (v instanceof Map || v instanceof List) {
                problem(key, "expected a scalar, found " + (v instanceof Map ? "a mapping" : "a list"));
                return dflt;
            }
            return String.valueOf(v);
        }

        /** A scalar; absent or blank is null. */
        String blankless(String key) {
            String v = string(key, null);
            return v == null || v.isBlank() ? null : v.strip();
        }

        /** A path to a PEM file of certificates, checked now; absent or blank is null. */
        String certificates(String key) {
            String path = blankless(key);
            if (path == null) return null;
            String problem = PemFiles.certificatesProblem(path);
            if (problem != null) problem(key, problem);
            return path;
        }

        /** A mapping of Kafka property names to scalar values; absent is empty. */
        Map<String, String> properties(String key) {
            Object v = get(key);
            Map<String, String> out = new LinkedHashMap<>();
            if (v == null) return out;
            if (!(v instanceof Map<?, ?> m)) {
                problem(key, "expected a mapping of Kafka property names to values");
                return out;
            }
            m.forEach((k, x) -> {
                if (x instanceof Map || x instanceof List || x == null) {
                    problem(key + "." + k, "expected a value");
                } else {
                    out.put(String.valueOf(k), String.valueOf(x));
                }
            });
            return out;
        }

        int integer(String key, int min, int max) {
            return (int) longValue(key, min, max);
        }

        String oneOf(String key, Set<String> allowed) {
            String v = string(key, null);
            String norm = v == null ? null : v.toLowerCase(Locale.ROOT);
            if (norm == null || !allowed.contains(norm)) {
                problem(key, "expected one of " + String.join("|", new java.util.TreeSet<>(allowed)) + ", found '" + v + "'");
            }
            return norm;
        }

        @SuppressWarnings("unchecked")
        List<StageSpec> stages(String key) {
            Object v = get(key);
            List<StageSpec> out = new ArrayList<>();
            if (!(v instanceof List<?> list) || list.isEmpty()) {
                problem(key, "must list at least one stage");
                return out;
            }
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                String at = key + "[" + i + "]";
                String name;
                int instances = 1;
                Map<String, Object> cfg = Map.of();
                if (item instanceof String s) {
                    name = s;
                } else if (item instanceof Map<?, ?> m) {
                    Object st = m.get("stage");
                    name = st == null ? null : String.valueOf(st);
                    Object inst = m.get("instances");
                    if (inst != null) {
                        if (inst instanceof Integer n && n >= 1 && n <= 64) {
                            instances = n;
                        } else {
                            problem(at + ".instances", "must be an integer between 1 and 64, found '" + inst + "'");
                        }
                    }
                    Object c = m.get("config");
                    if (c instanceof Map) cfg = (Map<String, Object>) c;
                    for (Object k : m.keySet()) {
                        if (!Set.of("stage", "instances", "config").contains(String.valueOf(k))) {
                            problem(at + "." + k, "unknown key (expected stage, instances, config)");
                        }
                    }
                } else {
                    problem(at, "expected a stage name or a mapping with 'stage'");
                    continue;
                }
                Stage stage = Stage.parse(name).orElse(null);
                if (stage == null) {
                    problem(at + ".stage", "unknown stage '" + name + "' (expected one of "
                            + String.join("|", Arrays.stream(Stage.values()).map(Stage::id).sorted().toList()) + ")");
                    continue;
                }
                out.add(new StageSpec(stage, instances, cfg));
            }
            return out;
        }
    }
}
