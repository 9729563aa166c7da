package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.connector.fetch.HttpFetcher;
import com.carbon254.ingestion.connector.fetch.Windows;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every {@code connectors/<name>/connector.yaml}, validated as a whole: one {@link InvalidSpecException} lists every
 * problem of every file, each as {@code <file>: <key path>: <what is wrong>}. Subdirectories without a
 * {@code connector.yaml} are skipped. Pure (no Vert.x); {@link #toIndexJson()} gives plain maps and lists for
 * {@code connectors_index.json}.
 *
 * @param specs sorted by name
 */
public record ConnectorSpecs(List<ConnectorSpec> specs) {
    public static final String FILE_NAME = "connector.yaml";

    static final Set<String> ISOS = Set.of("MISO", "CAISO", "ERCOT", "PJM", "NYISO", "ISONE", "SPP");
    static final Map<String, Duration> MARKETS = Map.of("DA_HOURLY", Duration.ofHours(1),
            "RT_HOURLY", Duration.ofHours(1), "RT_15MIN", Duration.ofMinutes(15), "RT_5MIN", Duration.ofMinutes(5));
    static final Set<String> FORMATS = Set.of("csv", "zip", "json");
    static final Set<String> TENANT_STRATEGIES = Set.of("shared", "per_tenant");

    private static final Set<String> KEYS = Set.of("name", "version", "market", "mode", "schedule", "enabled",
            "output_topic", "schema", "retries", "backoff_seconds", "tenant_strategy", "transforms", "owner",
            "min_request_spacing_seconds", "datasets", "environment");
    private static final Set<String> OPTIONAL_KEYS = Set.of("min_request_spacing_seconds", "environment");
    private static final Set<String> DATASET_KEYS = Set.of("id", "endpoint", "market", "interval", "format",
            "enabled", "schedule", "window", "stale_after", "headers", "auth", "paging", "fallback_endpoint",
            "listing", "alternative_to");
    private static final Set<String> AUTH_KEYS = Set.of("type", "header", "key", "username", "password", "token_url",
            "client_id", "scope");
    private static final Set<String> PAGING_KEYS = Set.of("param", "size_param", "size", "first", "unit");
    private static final Set<String> WINDOW_KEYS = Set.of("span", "max_span", "align", "offset", "lookback");
    private static final Pattern IDENT = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
    private static final Pattern ENV = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([^}]*)}");

    public ConnectorSpecs {
        specs = List.copyOf(specs);
    }

    /** Invalid connector metadata; {@link #problems()} names the file and key of each problem. */
    public static final class InvalidSpecException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidSpecException(List<String> problems) {
            super("invalid connector metadata (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                    + "):\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Reads and validates {@code <connectorsDir>/<name>/connector.yaml} for every subdirectory.
     *
     * @throws InvalidSpecException listing every problem found in every file
     */
    public static ConnectorSpecs load(Path connectorsDir) {
        if (!Files.isDirectory(connectorsDir)) {
            throw new InvalidSpecException(List.of(connectorsDir + ": not a directory"));
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(connectorsDir)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new InvalidSpecException(List.of(connectorsDir + ": cannot list: " + e));
        }
        String base = connectorsDir.getFileName() == null ? connectorsDir.toString()
                : connectorsDir.getFileName().toString();
        List<String> problems = new ArrayList<>();
        List<ConnectorSpec> specs = new ArrayList<>();
        for (Path dir : dirs) {
            Path file = dir.resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) continue;
            String shown = base + "/" + dir.getFileName() + "/" + FILE_NAME;
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(shown + ": cannot read: " + e);
                continue;
            }
            parse(text, shown, dir.getFileName().toString(), problems).ifPresent(specs::add);
        }
        if (specs.isEmpty() && problems.isEmpty()) {
            problems.add(base + ": no */" + FILE_NAME + " found in " + connectorsDir.toAbsolutePath());
        }
        if (!problems.isEmpty()) throw new InvalidSpecException(problems);
        return new ConnectorSpecs(specs);
    }

    /**
     * Parses one file's text; {@code source} names it in messages and {@code dirName} is the name it must carry.
     *
     * @throws InvalidSpecException listing every problem
     */
    public static ConnectorSpec parse(String yamlText, String source, String dirName) {
        List<String> problems = new ArrayList<>();
        Optional<ConnectorSpec> spec = parse(yamlText, source, dirName, problems);
        if (!problems.isEmpty()) throw new InvalidSpecException(problems);
        return spec.orElseThrow();
    }

    public Optional<ConnectorSpec> byName(String name) {
        return specs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<ConnectorSpec> enabled() {
        return specs.stream().filter(ConnectorSpec::enabled).toList();
    }

    /**
     * The content of {@code connectors_index.json}: {@code {"connectors": [entry, ...]}} with one
     * {@link ConnectorSpec#toIndexEntry()} per connector, sorted by name (deterministic, so the file diffs cleanly).
     */
    public Map<String, Object> toIndexJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectors", specs.stream().map(ConnectorSpec::toIndexEntry).toList());
        return m;
    }

    // ------------------------------------------------------------------ parsing

    private static Optional<ConnectorSpec> parse(String text, String source, String dirName, List<String> problems) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            problems.add(source + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
            return Optional.empty();
        }
        if (!(root instanceof Map<?, ?> map)) {
            problems.add(source + ": expected a mapping of connector fields, found " + describe(root));
            return Optional.empty();
        }
        int before = problems.size();
        Fields f = new Fields(map, source, "", problems);
        f.unknownKeys(KEYS);
        for (String k : KEYS) if (!OPTIONAL_KEYS.contains(k) && !map.containsKey(k)) f.problem(k, "required");

        String name = f.string("name");
        if (name != null && !name.equals(dirName)) {
            f.problem("name", "'" + name + "' must equal its directory name '" + dirName + "'");
        }
        if (name != null && !IDENT.matcher(name).matches()) f.problem("name", "must be lower_snake_case");
        String version = f.string("version");
        if (version != null && !SEMVER.matcher(version).matches()) {
            f.problem("version", "'" + version + "' is not a semantic version like 1.2.0");
        }
        String market = f.string("market");
        if (market != null && !ISOS.contains(market)) {
            f.problem("market", "'" + market + "' is not one of " + sorted(ISOS));
        }
        if (name != null && market != null) {
            Isos.byConnector(name).map(Iso::connector).ifPresent(c -> {
                if (!c.iso().equals(market)) {
                    f.problem("market", "'" + market + "' but the built-in connector '" + name + "' produces "
                            + c.iso());
                }
            });
        }
        ConnectorSpec.Mode mode = null;
        String modeText = f.string("mode");
        if (modeText != null) {
            try {
                mode = ConnectorSpec.Mode.valueOf(modeText.toUpperCase(Locale.ROOT));
                if (!mode.id().equals(modeText)) mode = null;
            } catch (IllegalArgumentException e) {
                mode = null;
            }
            if (mode == null) f.problem("mode", "'" + modeText + "' is not one of batch, streaming, hybrid");
        }
        String schedule = f.cron("schedule");
        Boolean enabled = f.bool("enabled");
        String topic = f.string("output_topic");
        if (topic != null && market != null && ISOS.contains(market) && !topic.equals(Topics.raw(market))) {
            f.problem("output_topic", "'" + topic + "' must be " + Topics.raw(market));
        }
        String schema = f.string("schema");
        if (schema != null && name != null) {
            String expected = "connectors/" + name + "/schemas/" + name + "_raw_record.avsc";
            if (!schema.equals(expected)) f.problem("schema", "'" + schema + "' must be " + expected);
        }
        Integer retries = f.integer("retries", 0, 20);
        Integer backoff = f.integer("backoff_seconds", 1, 3600);
        Integer spacing = map.containsKey("min_request_spacing_seconds")
                ? f.integer("min_request_spacing_seconds", 0, 3600) : Integer.valueOf(0);
        String tenant = f.string("tenant_strategy");
        if (tenant != null && !TENANT_STRATEGIES.contains(tenant)) {
            f.problem("tenant_strategy", "'" + tenant + "' is not one of " + sorted(TENANT_STRATEGIES));
        }
        List<String> transforms = new ArrayList<>();
        List<?> tl = f.list("transforms", true);
        if (tl != null) {
            for (int i = 0; i < tl.size(); i++) {
                Object t = tl.get(i);
                if (t instanceof String s && IDENT.matcher(s).matches()) transforms.add(s);
                else f.problem("transforms[" + i + "]", "expected a lower_snake_case name, found " + describe(t));
            }
        }
        String owner = f.string("owner");

        List<ConnectorSpec.Dataset> datasets = new ArrayList<>();
        List<Integer> datasetAt = new ArrayList<>(); // each parsed dataset's index in the file, for messages
        List<?> dl = f.list("datasets", false);
        if (dl != null) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < dl.size(); i++) {
                String at = "datasets[" + i + "]";
                if (!(dl.get(i) instanceof Map<?, ?> dm)) {
                    f.problem(at, "expected a mapping with id, endpoint, market, interval, format, window; found "
                            + describe(dl.get(i)));
                    continue;
                }
                ConnectorSpec.Dataset d = dataset(new Fields(dm, source, at + ".", problems));
                if (d != null && !ids.add(d.id())) f.problem(at + ".id", "'" + d.id() + "' is declared twice");
                if (d != null) {
                    datasets.add(d);
                    datasetAt.add(i);
                }
            }
        }
        List<ConnectorSpec.EnvVar> environment = new ArrayList<>();
        List<?> el = map.containsKey("environment") ? f.list("environment", true) : List.of();
        if (el != null) {
            for (int i = 0; i < el.size(); i++) {
                String at = "environment[" + i + "]";
                if (!(el.get(i) instanceof Map<?, ?> em) || !(em.get("name") instanceof String n)
                        || !ENV_NAME.matcher(n).matches()) {
                    f.problem(at, "expected {name: UPPER_SNAKE, description, default?, secret?}, found " + describe(el.get(i)));
                    continue;
                }
                for (Object k : em.keySet()) {
                    if (!Set.of("name", "description", "default", "secret").contains(String.valueOf(k))) {
                        f.problem(at + "." + k, "unknown key (expected name, description, default, secret)");
                    }
                }
                boolean secret = Boolean.TRUE.equals(em.get("secret"));
                Object dflt = em.get("default");
                if (secret && dflt != null) f.problem(at + ".default", "a secret has no default in the repository");
                environment.add(new ConnectorSpec.EnvVar(n, dflt == null ? null : String.valueOf(dflt), secret,
                        em.get("description") == null ? null : String.valueOf(em.get("description"))));
            }
        }
        // every ${VAR} an endpoint uses must be declared, so operators find what to set in one place
        Set<String> declared = new HashSet<>();
        environment.forEach(e -> declared.add(e.name()));
        Map<String, ConnectorSpec.EnvVar> byName = new HashMap<>();
        environment.forEach(e -> byName.put(e.name(), e));
        Map<String, ConnectorSpec.Dataset> byId = new HashMap<>();
        datasets.forEach(d -> byId.put(d.id(), d));
        for (int n = 0; n < datasets.size(); n++) {
            ConnectorSpec.Dataset d = datasets.get(n);
            int i = datasetAt.get(n);
            Map<String, String> templates = new LinkedHashMap<>();
            templates.put("endpoint", d.endpoint());
            if (d.listing() != null) templates.put("listing", d.listing());
            if (d.fallbackEndpoint() != null) templates.put("fallback_endpoint", d.fallbackEndpoint());
            if (d.auth() != null && d.auth().tokenUrl() != null) templates.put("auth.token_url", d.auth().tokenUrl());
            for (Map.Entry<String, String> t : templates.entrySet()) {
                java.util.regex.Matcher m = ENV.matcher(t.getValue());
                while (m.find()) {
                    if (!declared.contains(m.group(1))) {
                        f.problem("datasets[" + i + "]." + t.getKey(), "uses ${" + m.group(1)
                                + "}, which 'environment' does not declare");
                    }
                }
            }
            if (d.auth() != null) {
                for (String v : d.auth().variables()) {
                    ConnectorSpec.EnvVar e = byName.get(v);
                    if (e == null || !e.secret()) {
                        f.problem("datasets[" + i + "].auth", "names " + v + ", which 'environment' must declare"
                                + " with secret: true");
                    }
                }
            }
            if (d.alternativeTo() != null) {
                ConnectorSpec.Dataset other = byId.get(d.alternativeTo());
                if (other == null || other == d) {
                    f.problem("datasets[" + i + "].alternative_to", "'" + d.alternativeTo()
                            + "' is not another dataset of this connector");
                } else if (other.auth() == null) {
                    f.problem("datasets[" + i + "].alternative_to", "'" + d.alternativeTo()
                            + "' needs no credentials, so it is always available and this dataset would never run");
                } else if (!other.market().equals(d.market())) {
                    f.problem("datasets[" + i + "].alternative_to", "'" + d.alternativeTo() + "' is market "
                            + other.market() + ", this one " + d.market());
                }
            }
        }
        if (problems.size() != before) return Optional.empty();
        return Optional.of(new ConnectorSpec(name, version, market, mode, schedule, enabled, topic, schema, retries,
                backoff, tenant, transforms, owner, spacing, datasets, environment, source));
    }

    private static ConnectorSpec.Dataset dataset(Fields f) {
        int before = f.problems.size();
        f.unknownKeys(DATASET_KEYS);
        for (String k : List.of("id", "endpoint", "market", "interval", "format", "window")) {
            if (!f.map.containsKey(k)) f.problem(k, "required");
        }
        String id = f.string("id");
        if (id != null && !IDENT.matcher(id).matches()) f.problem("id", "'" + id + "' must be lower_snake_case");
        String endpoint = f.string("endpoint");
        String market = f.string("market");
        if (market != null && !MARKETS.containsKey(market)) {
            f.problem("market", "'" + market + "' is not one of " + sorted(MARKETS.keySet()));
        }
        Duration interval = f.duration("interval");
        if (interval != null && market != null && MARKETS.containsKey(market)
                && !interval.equals(MARKETS.get(market))) {
            f.problem("interval", ConnectorSpec.iso(interval) + " does not match market " + market + " ("
                    + ConnectorSpec.iso(MARKETS.get(market)) + ")");
        }
        String format = f.string("format");
        if (format != null && !FORMATS.contains(format)) {
            f.problem("format", "'" + format + "' is not one of " + sorted(FORMATS));
        }
        Boolean enabled = f.map.containsKey("enabled") ? f.bool("enabled") : Boolean.TRUE;
        String schedule = f.map.containsKey("schedule") ? f.cron("schedule") : null;
        // optional; a key written without a value is a mistake, not "no allowance"
        Duration staleAfter = null;
        if (f.map.containsKey("stale_after")) {
            if (f.map.get("stale_after") == null) f.problem("stale_after", "expected an ISO-8601 duration like PT20M"
                    + " or PT1H (how long after the end of the newest interval the feed counts as stale), found nothing");
            else staleAfter = f.duration("stale_after");
        }

        ConnectorSpec.Window window = null;
        Object w = f.map.get("window");
        if (w instanceof Map<?, ?> wm) {
            Fields wf = new Fields(wm, f.source, f.prefix + "window.", f.problems);
            int wBefore = f.problems.size();
            wf.unknownKeys(WINDOW_KEYS);
            for (String k : List.of("span", "max_span", "align", "lookback")) {
                if (!wm.containsKey(k)) wf.problem(k, "required");
            }
            Duration span = wf.duration("span");
            Duration maxSpan = wf.duration("max_span");
            ZoneId align = wf.zone("align");
            Duration offset = wm.containsKey("offset") ? wf.signedDuration("offset") : Duration.ZERO;
            Duration lookback = wf.nonNegativeDuration("lookback");
            if (span != null && maxSpan != null && maxSpan.compareTo(span) < 0) {
                wf.problem("max_span", ConnectorSpec.iso(maxSpan) + " is shorter than span " + ConnectorSpec.iso(span));
            }
            if (span != null && interval != null && !interval.isZero()
                    && span.toSeconds() % interval.toSeconds() != 0) {
                wf.problem("span", ConnectorSpec.iso(span) + " is not a whole number of " + ConnectorSpec.iso(interval)
                        + " intervals");
            }
            if (f.problems.size() == wBefore) window = new ConnectorSpec.Window(span, maxSpan, align, offset, lookback);
        } else if (w != null) {
            f.problem("window", "expected a mapping with span, max_span, align, lookback; found " + describe(w));
        }
        String listing = f.map.containsKey("listing") ? f.string("listing") : null;
        if (listing != null) endpointProblems(listing, Set.of()).forEach(p -> f.problem("listing", p));
        if (endpoint != null) {
            endpointProblems(endpoint, listing != null ? Set.of("doc") : Set.of()).forEach(p -> f.problem("endpoint", p));
            if (listing != null && !endpoint.contains("{doc}")) {
                f.problem("endpoint", "a dataset with a listing fetches each listed document: the endpoint needs {doc}");
            }
        }
        String fallback = f.map.containsKey("fallback_endpoint") ? f.string("fallback_endpoint") : null;
        if (fallback != null) endpointProblems(fallback, Set.of()).forEach(p -> f.problem("fallback_endpoint", p));
        if (fallback != null && listing != null) {
            f.problem("fallback_endpoint", "a dataset read through a listing has no fallback endpoint");
        }
        String alternativeTo = f.map.containsKey("alternative_to") ? f.string("alternative_to") : null;
        Map<String, String> headers = new LinkedHashMap<>();
        Object h = f.map.get("headers");
        if (h instanceof Map<?, ?> hm) {
            hm.forEach((k, v) -> {
                if (!(k instanceof String ks) || !ks.matches("[A-Za-z0-9-]+") || !(v instanceof String vs)) {
                    f.problem("headers." + k, "expected Header-Name: value, found " + describe(v));
                } else if (ks.equalsIgnoreCase("authorization") || credentialHeader(ks)) {
                    f.problem("headers." + k, "credentials go in 'auth' (from the environment), not in the file");
                } else {
                    headers.put(ks, vs);
                }
            });
        } else if (h != null) {
            f.problem("headers", "expected a mapping of header name to value, found " + describe(h));
        }
        ConnectorSpec.Auth auth = f.map.containsKey("auth") ? auth(f) : null;
        ConnectorSpec.Paging paging = f.map.containsKey("paging") ? paging(f) : null;
        if (paging != null && listing != null) f.problem("paging", "a dataset read through a listing is not paged");
        if (f.problems.size() != before) return null;
        return new ConnectorSpec.Dataset(id, endpoint, market, interval, format, enabled, schedule, window,
                staleAfter, headers, auth, paging, fallback, listing, alternativeTo);
    }

    /** Whether a header name would carry a credential (those come from the environment through 'auth'). */
    private static boolean credentialHeader(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        return HttpFetcher.CREDENTIAL_WORDS.stream().anyMatch(h::contains);
    }

    private static ConnectorSpec.Auth auth(Fields parent) {
        Object a = parent.map.get("auth");
        if (!(a instanceof Map<?, ?> am)) {
            parent.problem("auth", "expected {type: api_key|basic|ercot_token, …}, found " + describe(a));
            return null;
        }
        Fields f = new Fields(am, parent.source, parent.prefix + "auth.", parent.problems);
        int before = f.problems.size();
        f.unknownKeys(AUTH_KEYS);
        String typeText = f.string("type");
        ConnectorSpec.AuthType type = null;
        for (ConnectorSpec.AuthType t : ConnectorSpec.AuthType.values()) if (t.id().equals(typeText)) type = t;
        if (type == null) {
            f.problem("type", "'" + typeText + "' is not one of api_key, basic, ercot_token");
            return null;
        }
        List<String> required = switch (type) {
            case API_KEY -> List.of("header", "key");
            case BASIC -> List.of("username", "password");
            case ERCOT_TOKEN -> List.of("key", "username", "password", "token_url", "client_id", "scope");
        };
        for (String k : AUTH_KEYS) {
            if (k.equals("type")) continue;
            if (required.contains(k) && !am.containsKey(k)) f.problem(k, "required for type " + type.id());
            if (!required.contains(k) && am.containsKey(k)) f.problem(k, "not used by type " + type.id());
        }
        for (String k : List.of("key", "username", "password")) {
            String v = am.get(k) instanceof String sv ? sv : null;
            if (am.containsKey(k) && (v == null || !ENV_NAME.matcher(v).matches())) {
                f.problem(k, "expected the NAME of an environment variable (UPPER_SNAKE), found " + describe(am.get(k)));
            }
        }
        String tokenUrl = am.containsKey("token_url") ? f.string("token_url") : null;
        if (tokenUrl != null) endpointProblems(tokenUrl, Set.of()).forEach(p -> f.problem("token_url", p));
        String header = am.containsKey("header") ? f.string("header") : null;
        String clientId = am.containsKey("client_id") ? f.string("client_id") : null;
        String scope = am.containsKey("scope") ? f.string("scope") : null;
        if (f.problems.size() != before) return null;
        return new ConnectorSpec.Auth(type, header, (String) am.get("key"), (String) am.get("username"),
                (String) am.get("password"), tokenUrl, clientId, scope);
    }

    private static ConnectorSpec.Paging paging(Fields parent) {
        Object p = parent.map.get("paging");
        if (!(p instanceof Map<?, ?> pm)) {
            parent.problem("paging", "expected {param, size_param, size, first, unit: row|page}, found " + describe(p));
            return null;
        }
        Fields f = new Fields(pm, parent.source, parent.prefix + "paging.", parent.problems);
        int before = f.problems.size();
        f.unknownKeys(PAGING_KEYS);
        for (String k : PAGING_KEYS) if (!pm.containsKey(k)) f.problem(k, "required");
        String param = f.string("param");
        String sizeParam = f.string("size_param");
        Integer size = f.integer("size", 1, 1_000_000);
        Integer first = f.integer("first", 0, 1);
        String unit = f.string("unit");
        if (unit != null && !unit.equals("row") && !unit.equals("page")) f.problem("unit", "'" + unit + "' is not row or page");
        if (f.problems.size() != before) return null;
        return new ConnectorSpec.Paging(param, sizeParam, size, first, unit.equals("row"));
    }

    /** Problems of an endpoint template: scheme, {@code ${ENV}} names, {@code {placeholder}} names. */
    static List<String> endpointProblems(String endpoint) {
        return endpointProblems(endpoint, Set.of());
    }

    /** As {@link #endpointProblems(String)}, with {@code extra} placeholder names allowed ({@code doc}). */
    static List<String> endpointProblems(String endpoint, Set<String> extra) {
        List<String> out = new ArrayList<>();
        if (!endpoint.startsWith("${") && !endpoint.startsWith("https://") && !endpoint.startsWith("http://")) {
            out.add("'" + endpoint + "' must start with ${BASE_URL_VARIABLE} or http(s)://");
        }
        Matcher env = ENV.matcher(endpoint);
        while (env.find()) {
            if (!ENV_NAME.matcher(env.group(1)).matches()) {
                out.add("${" + env.group(1) + "} is not an UPPER_SNAKE_CASE environment variable");
            }
        }
        Matcher ph = PLACEHOLDER.matcher(endpoint);
        while (ph.find()) {
            String problem = Windows.placeholderProblem(ph.group(1), extra);
            if (problem != null) out.add(problem);
        }
        if (endpoint.chars().anyMatch(Character::isWhitespace)) out.add("contains whitespace");
        return out;
    }

    /** Typed reads of one mapping; each failure is recorded as {@code <file>: <prefix><key>: <problem>}. */
    private static final class Fields {
        final Map<?, ?> map;
        final String source;
        final String prefix;
        final List<String> problems;

        Fields(Map<?, ?> map, String source, String prefix, List<String> problems) {
            this.map = map;
            this.source = source;
            this.prefix = prefix;
            this.problems = problems;
        }

        void problem(String key, String what) {
            problems.add(source + ": " + prefix + key + ": " + what);
        }

        void unknownKeys(Set<String> allowed) {
            for (Object k : map.keySet()) {
                if (!allowed.contains(String.valueOf(k))) problem(String.valueOf(k), "unknown key (expected one of "
                        + sorted(allowed) + ")");
            }
        }

        String string(String key) {
            Object v = map.get(key);
            if (v == null) return null; // "required" is reported once by the caller
            if (v instanceof String s && !s.isBlank()) return s;
            problem(key, "expected a non-empty string, found " + describe(v));
            return null;
        }

        Boolean bool(String key) {
            Object v = map.get(key);
            if (v == null) return null;
            if (v instanceof Boolean b) return b;
            problem(key, "expected true or false, found " + describe(v));
            return null;
        }

        Integer integer(String key, int min, int max) {
            Object v = map.get(key);
            if (v == null) return null;
            if (v instanceof Integer i && i >= min && i <= max) return i;
            problem(key, "expected a whole number " + min + ".." + max + ", found " + describe(v));
            return null;
        }

        List<?> list(String key, boolean mayBeEmpty) {
            Object v = map.get(key);
            if (v == null) return null;
            if (v instanceof List<?> l && (mayBeEmpty || !l.isEmpty())) return l;
            problem(key, "expected a " + (mayBeEmpty ? "" : "non-empty ") + "list, found " + describe(v));
            return null;
        }

        String cron(String key) {
            String s = string(key);
            if (s == null) return null;
            List<String> p = CronSchedule.problems(s);
            if (p.isEmpty()) return s;
            p.forEach(x -> problem(key, x));
            return null;
        }

        ZoneId zone(String key) {
            String s = string(key);
            if (s == null) return null;
            try {
                return ZoneId.of(s);
            } catch (DateTimeException e) {
                problem(key, "'" + s + "' is not a zone id like America/Los_Angeles or -05:00");
                return null;
            }
        }

        Duration signedDuration(String key) {
            Object v = map.get(key);
            if (v == null) return null; // "required" is reported once by the caller
            if (v instanceof String s) {
                try {
                    return Duration.parse(s);
                } catch (DateTimeParseException e) {
                    // fall through
                }
            }
            problem(key, "expected an ISO-8601 duration like PT5M, PT1H or P1D, found " + describe(v));
            return null;
        }

        Duration nonNegativeDuration(String key) {
            Duration d = signedDuration(key);
            if (d != null && d.isNegative()) {
                problem(key, ConnectorSpec.iso(d) + " must not be negative");
                return null;
            }
            return d;
        }

        Duration duration(String key) {
            Duration d = signedDuration(key);
            if (d != null && (d.isNegative() || d.isZero())) {
                problem(key, ConnectorSpec.iso(d) + " must be positive");
                return null;
            }
            return d;
        }
    }

    /** How a YAML value is named in a problem: {@code nothing}, {@code 'text'}, {@code a mapping}, {@code integer 5}. */
    static String describe(Object v) {
        if (v == null) return "nothing";
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof Map) return "a mapping";
        if (v instanceof List) return "a list";
        return v.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + v;
    }

    private static String sorted(Set<String> s) {
        return String.join(", ", s.stream().sorted().toList());
    }
}
