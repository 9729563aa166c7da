package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ConnectorSpecsTest {
    private static final Path SHIPPED = IsoSamples.projectRoot().resolve("connectors");

    /** The top-level keys of a MISO spec the request-key tests write, before their environment and datasets. */
    private static final String MISO_HEADER = """
            name: miso
            version: 0.1.0
            market: MISO
            mode: batch
            schedule: "0 0 * * *"
            enabled: true
            output_topic: ingestion.miso.raw.v1
            schema: connectors/miso/schemas/miso_raw_record.avsc
            retries: 1
            backoff_seconds: 1
            tenant_strategy: shared
            transforms: []
            owner: test
            """;

    private static final String VALID = """
            name: demo
            version: 1.0.0
            market: SPP
            mode: batch
            schedule: "0 6 * * MON-FRI"
            enabled: true
            output_topic: ingestion.spp.raw.v1
            schema: connectors/demo/schemas/demo_raw_record.avsc
            retries: 3
            backoff_seconds: 30
            tenant_strategy: shared
            transforms: []
            owner: someone
            environment:
              - {name: SPP_PORTAL_URL, default: "https://portal.spp.org", description: portal base URL}
              - {name: SPP_API_KEY, secret: true, description: subscription key}
            datasets:
              - id: lmp_rt_5min
                endpoint: "${SPP_PORTAL_URL}/rtbm?path={yyyyMMdd}"
                market: RT_5MIN
                interval: PT5M
                format: csv
                window: {span: PT5M, max_span: P1D, align: America/Chicago, lookback: PT0S}
            """;

    @Test
    void shippedConnectorMetadataIsValid() {
        ConnectorSpecs specs = ConnectorSpecs.load(SHIPPED);
        assertThat(specs.specs()).extracting(ConnectorSpec::name).containsExactly("caiso", "ercot", "isone", "miso",
                "nyiso", "pjm", "spp");

        ConnectorSpec miso = specs.byName("miso").orElseThrow();
        assertThat(miso.market()).isEqualTo("MISO");
        assertThat(miso.outputTopic()).isEqualTo("ingestion.miso.raw.v1");
        assertThat(miso.schema()).isEqualTo("connectors/miso/schemas/miso_raw_record.avsc");
        assertThat(miso.dagId()).isEqualTo("ingest_miso_batch");
        assertThat(miso.source()).isEqualTo("connectors/miso/connector.yaml");
        assertThat(miso.datasets()).extracting(ConnectorSpec.Dataset::id)
                .containsExactly("lmp_da_expost", "lmp_da_exante", "lmp_rt_5min");
        ConnectorSpec.Dataset expost = miso.datasets().get(0);
        assertThat(expost.endpoint()).isEqualTo("${MISO_REPORTS_URL}/{yyyyMMdd}_da_expost_lmp.csv");
        assertThat(expost.market()).isEqualTo("DA_HOURLY");
        assertThat(expost.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(expost.window().align()).isEqualTo(ZoneId.of("-05:00"));
        assertThat(miso.datasets().get(2).endpoint())
                .isEqualTo("${MISO_API_URL}/MarketPricing/GetRealTimeFiveMinExPost/Current");
        assertThat(miso.datasets()).allSatisfy(d -> assertThat(d.enabled()).as(d.id()).isTrue());
        assertThat(miso.datasets().get(2).market()).isEqualTo("RT_5MIN");
        assertThat(miso.datasets().get(2).format()).isEqualTo("json");

        ConnectorSpec caiso = specs.byName("caiso").orElseThrow();
        assertThat(caiso.datasets()).extracting(ConnectorSpec.Dataset::id).containsExactly("lmp_da_hourly", "lmp_rt_5min");
        assertThat(caiso.datasets()).allSatisfy(d -> assertThat(d.endpoint()).startsWith("${CAISO_OASIS_URL}/SingleZip?"));
        assertThat(caiso.datasets().get(0).window().maxSpan()).isEqualTo(Duration.ofDays(31));
        assertThat(caiso.minRequestSpacingSeconds()).isGreaterThanOrEqualTo(5);

        ConnectorSpec isone = specs.byName("isone").orElseThrow();
        assertThat(isone.market()).isEqualTo("ISONE");
        assertThat(isone.datasets()).extracting(ConnectorSpec.Dataset::id)
                .containsExactly("lmp_da_ws", "lmp_da_csv", "lmp_rt_5min_ws");
        ConnectorSpec.Dataset ws = isone.datasets().get(0);
        assertThat(ws.endpoint()).isEqualTo("${ISONE_API_URL}/hourlylmp/da/final/day/{day:yyyyMMdd}");
        assertThat(ws.headers()).containsExactly(Map.entry("Accept", "application/json"));
        assertThat(ws.auth().type()).isEqualTo(ConnectorSpec.AuthType.BASIC);
        assertThat(ws.auth().variables()).containsExactly("ISONE_USERNAME", "ISONE_PASSWORD");
        assertThat(ws.window().align()).isEqualTo(ZoneId.of("America/New_York"));
        ConnectorSpec.Dataset csv = isone.datasets().get(1);
        assertThat(csv.auth()).as("ISO Express is anonymous").isNull();
        assertThat(csv.alternativeTo()).isEqualTo("lmp_da_ws");
        assertThat(csv.market()).isEqualTo(ws.market());
        assertThat(isone.datasets().get(2).auth()).isEqualTo(ws.auth());
        assertThat(isone.datasets().get(2).market()).isEqualTo("RT_5MIN");
        ConnectorSpec spp = specs.byName("spp").orElseThrow();
        assertThat(spp.datasets()).extracting(ConnectorSpec.Dataset::id, ConnectorSpec.Dataset::market)
                .containsExactly(tuple("da_lmp_sl", "DA_HOURLY"), tuple("rtbm_lmp_sl", "RT_5MIN"));
        assertThat(spp.datasets()).allSatisfy(d -> {
            assertThat(d.endpoint()).startsWith("${SPP_PORTAL_URL}/file-browser-api/download/");
            assertThat(d.window().align()).isEqualTo(ZoneId.of("America/Chicago"));
        });
        assertThat(spp.datasets().get(1).window().maxSpan()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyBuiltInConnectorHasMetadataForItsIso() {
        ConnectorSpecs specs = ConnectorSpecs.load(SHIPPED);
        assertThat(Isos.connectors()).extracting(Connector::name).containsExactly("miso", "caiso", "ercot", "pjm",
                "nyiso", "isone", "spp");
        for (Connector c : Isos.connectors()) {
            assertThat(specs.byName(c.name())).as(c.name()).hasValueSatisfying(s ->
                    assertThat(s.market()).isEqualTo(c.iso()));
            assertThat(Isos.byConnector(c.name().toUpperCase()).map(Iso::connector)).containsSame(c);
        }
        assertThat(Isos.byConnector("aeso")).isEmpty();
        assertThat(Isos.byConnector(null)).isEmpty();
    }

    /** make run LIVE=1 points every connector at its ISO: every base-URL variable with its live default. */
    @Test
    void makeRunLiveSetsEveryBaseUrlToItsLiveDefault() throws Exception {
        String makefile = Files.readString(IsoSamples.projectRoot().resolve("Makefile"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?s)LIVE_ENV := (.*?)\n\n").matcher(makefile);
        assertThat(m.find()).as("LIVE_ENV in the Makefile").isTrue();
        Map<String, String> live = new java.util.HashMap<>();
        for (String kv : m.group(1).replace("\\\n", " ").trim().split("\\s+")) {
            live.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        for (ConnectorSpec spec : ConnectorSpecs.load(SHIPPED).specs()) {
            for (ConnectorSpec.EnvVar e : spec.environment()) {
                if (e.secret()) {
                    assertThat(live).as("LIVE_ENV carries no credential").doesNotContainKey(e.name());
                } else {
                    assertThat(live).as(spec.name() + " " + e.name()).containsEntry(e.name(), e.defaultValue());
                }
            }
        }
    }

    @Test
    void indexIsPlainJsonData() {
        Map<String, Object> index = ConnectorSpecs.load(SHIPPED).toIndexJson();
        assertJsonData(index, "$");

        List<?> connectors = (List<?>) index.get("connectors");
        assertThat(connectors).hasSize(Isos.all().size());
        @SuppressWarnings("unchecked")
        Map<String, Object> caiso = (Map<String, Object>) connectors.get(0);
        assertThat(caiso).containsEntry("name", "caiso").containsEntry("market", "CAISO")
                .containsEntry("mode", "batch").containsEntry("dag_id", "ingest_caiso_batch")
                .containsEntry("output_topic", "ingestion.caiso.raw.v1").containsEntry("enabled", true)
                .containsEntry("retries", 5).containsEntry("tenant_strategy", "shared")
                .containsKeys("version", "schedule", "schema", "backoff_seconds", "transforms", "owner", "datasets");
        @SuppressWarnings("unchecked")
        Map<String, Object> da = (Map<String, Object>) ((List<?>) caiso.get("datasets")).get(0);
        assertThat(da).containsEntry("id", "lmp_da_hourly").containsEntry("interval", "PT1H")
                .containsEntry("format", "zip");
        assertThat(da.get("window")).isEqualTo(Map.of("span", "P1D", "max_span", "P31D",
                "align", "America/Los_Angeles", "offset", "P1D", "lookback", "P2D"));
    }

    private static void assertJsonData(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                assertThat(k).as(path).isInstanceOf(String.class);
                assertJsonData(x, path + "." + k);
            });
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) assertJsonData(l.get(i), path + "[" + i + "]");
        } else {
            assertThat(v).as(path).isInstanceOfAny(String.class, Integer.class, Long.class, Double.class,
                    Boolean.class);
        }
    }

    @Test
    void requestKeysAreCheckedWithEveryProblemNamed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("connectors/miso"));
        String window = "market: RT_5MIN\n    interval: PT5M\n    format: json\n"
                + "    window: {span: PT5M, max_span: PT5M, align: \"-05:00\", lookback: PT0S}";
        Files.writeString(dir.resolve("connectors/miso/connector.yaml"), MISO_HEADER + """
                environment:
                  - {name: BASE, default: "https://x", description: base}
                  - {name: KEY, description: not marked secret}
                  - {name: PASS, secret: true, default: "hunter2", description: a secret with a default}
                datasets:
                  - id: a
                    endpoint: "${BASE}/a/{doc}"
                    headers: {Authorization: "Basic abc", Accept: json}
                    auth: {type: api_key, key: KEY}
                    paging: {param: startRow, size_param: rowCount, size: 0, first: 1, unit: rows}
                    %1$s
                  - id: b
                    endpoint: "${BASE}/b"
                    listing: "${LISTING}/list?day={day:HH}"
                    fallback_endpoint: "${BASE}/c"
                    auth: {type: basic, username: user, password: PASS, scope: x}
                    %1$s
                  - id: c
                    endpoint: "${BASE}/c"
                    alternative_to: a
                    %1$s
                  - id: d
                    endpoint: "${BASE}/d"
                    alternative_to: c
                    %1$s
                """.formatted(window));
        String f = "connectors/miso/connector.yaml: ";
        assertThatThrownBy(() -> ConnectorSpecs.load(dir.resolve("connectors")))
                .isInstanceOfSatisfying(ConnectorSpecs.InvalidSpecException.class, e -> assertThat(e.problems())
                        .contains(
                                f + "environment[2].default: a secret has no default in the repository",
                                f + "datasets[0].endpoint: unknown placeholder {doc} (known: {yyyyMMdd}, {start},"
                                        + " {end}, {day:PATTERN}, {start:PATTERN}, {end:PATTERN}, {last:PATTERN},"
                                        + " their _utc forms)",
                                f + "datasets[0].headers.Authorization: credentials go in 'auth' (from the"
                                        + " environment), not in the file",
                                f + "datasets[0].auth.header: required for type api_key",
                                f + "datasets[0].paging.size: expected a whole number 1..1000000, found integer 0",
                                f + "datasets[0].paging.unit: 'rows' is not row or page",
                                f + "datasets[1].endpoint: a dataset with a listing fetches each listed document:"
                                        + " the endpoint needs {doc}",
                                f + "datasets[1].fallback_endpoint: a dataset read through a listing has no"
                                        + " fallback endpoint",
                                f + "datasets[1].auth.scope: not used by type basic",
                                f + "datasets[1].auth.username: expected the NAME of an environment variable"
                                        + " (UPPER_SNAKE), found 'user'",
                                f + "datasets[2].alternative_to: 'a' is not another dataset of this connector",
                                f + "datasets[3].alternative_to: 'c' needs no credentials, so it is always"
                                        + " available and this dataset would never run")
                        .anySatisfy(p -> assertThat(p).startsWith(f + "datasets[1].listing: {day:HH}: 'HH' is not"
                                + " a date pattern")));
    }

    /** A spec whose problems are fixed loads, and the index shows the request keys without any secret's value. */
    @Test
    void requestKeysReachTheIndexWithoutValues(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("connectors/miso"));
        Files.writeString(dir.resolve("connectors/miso/connector.yaml"), MISO_HEADER + """
                environment:
                  - {name: BASE, default: "https://x", description: base}
                  - {name: KEY, secret: true, description: key}
                datasets:
                  - id: api
                    endpoint: "${BASE}/a?d={day:yyyy-MM-dd}"
                    auth: {type: api_key, header: Ocp-Apim-Subscription-Key, key: KEY}
                    paging: {param: page, size_param: size, size: 500, first: 1, unit: page}
                    market: DA_HOURLY
                    interval: PT1H
                    format: json
                    window: {span: P1D, max_span: P1D, align: "-05:00", lookback: PT0S}
                  - id: files
                    listing: "${BASE}/list"
                    endpoint: "${BASE}/get?id={doc}"
                    alternative_to: api
                    market: DA_HOURLY
                    interval: PT1H
                    format: zip
                    window: {span: P1D, max_span: P1D, align: "-05:00", lookback: PT0S}
                """);
        ConnectorSpec spec = ConnectorSpecs.load(dir.resolve("connectors")).byName("miso").orElseThrow();
        ConnectorSpec.Dataset api = spec.datasets().get(0);
        assertThat(api.auth().type()).isEqualTo(ConnectorSpec.AuthType.API_KEY);
        assertThat(api.paging().value(0)).isEqualTo(1);
        assertThat(api.paging().value(2)).isEqualTo(3);
        assertThat(api.missingCredentials(Map.of())).containsExactly("KEY");
        assertThat(api.missingCredentials(Map.of("KEY", "v"))).isEmpty();
        assertThat(spec.datasets().get(1).listing()).isEqualTo("${BASE}/list");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ds = (List<Map<String, Object>>) spec.toIndexEntry().get("datasets");
        assertThat(ds.get(0).get("auth")).isEqualTo(Map.of("type", "api_key", "header", "Ocp-Apim-Subscription-Key",
                "variables", List.of("KEY")));
        assertThat(ds.get(1)).containsEntry("alternative_to", "api").containsEntry("listing", "${BASE}/list");
    }

    @Test
    void everyProblemIsListedWithFileAndKey(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("connectors/demo"));
        Files.writeString(dir.resolve("connectors/demo/connector.yaml"), """
                name: demo2
                version: one
                market: MISSO
                mode: sometimes
                schedule: "61 * * *"
                enabled: "yes"
                output_topic: miso.raw
                retries: -1
                backoff_seconds: 30
                tenant_strategy: everyone
                transforms: [Pivot]
                owner: ""
                color: blue
                datasets:
                  - id: lmp_da
                    endpoint: "ftp://x/{date}"
                    market: DA_HOURLY
                    interval: PT5M
                    format: xls
                    window: {span: PT0S, max_span: P1D, align: Mars/Base, lookback: -P1D, extra: 1}
                  - id: lmp_da
                    endpoint: "${MISO_URL}/x"
                    market: DA_DAILY
                    format: csv
                    window: {span: P1D, max_span: PT1H, align: UTC, lookback: P1D}
                """);
        Files.createDirectories(dir.resolve("connectors/other"));
        Files.writeString(dir.resolve("connectors/other/connector.yaml"), "name: [unclosed\n");
        Files.createDirectories(dir.resolve("connectors/schemas_only"));

        String f = "connectors/demo/connector.yaml: ";
        assertThatThrownBy(() -> ConnectorSpecs.load(dir.resolve("connectors")))
                .isInstanceOfSatisfying(ConnectorSpecs.InvalidSpecException.class, e -> assertThat(e.problems())
                        .contains(
                                f + "color: unknown key (expected one of backoff_seconds, datasets, enabled,"
                                        + " environment, market, min_request_spacing_seconds, mode, name, output_topic, owner,"
                                        + " retries, schedule, schema, tenant_strategy, transforms, version)",
                                f + "schema: required",
                                f + "name: 'demo2' must equal its directory name 'demo'",
                                f + "version: 'one' is not a semantic version like 1.2.0",
                                f + "market: 'MISSO' is not one of CAISO, ERCOT, ISONE, MISO, NYISO, PJM, SPP",
                                f + "mode: 'sometimes' is not one of batch, streaming, hybrid",
                                f + "schedule: '61 * * *' has 4 fields; expected 5 (minute hour day-of-month month"
                                        + " day-of-week)",
                                f + "enabled: expected true or false, found 'yes'",
                                f + "retries: expected a whole number 0..20, found integer -1",
                                f + "tenant_strategy: 'everyone' is not one of per_tenant, shared",
                                f + "transforms[0]: expected a lower_snake_case name, found 'Pivot'",
                                f + "owner: expected a non-empty string, found ''",
                                f + "datasets[0].endpoint: 'ftp://x/{date}' must start with ${BASE_URL_VARIABLE} or"
                                        + " http(s)://",
                                f + "datasets[0].endpoint: unknown placeholder {date} (known: {yyyyMMdd}, {start},"
                                        + " {end}, {day:PATTERN}, {start:PATTERN}, {end:PATTERN}, {last:PATTERN},"
                                        + " their _utc forms)",
                                f + "datasets[0].interval: PT5M does not match market DA_HOURLY (PT1H)",
                                f + "datasets[0].format: 'xls' is not one of csv, json, zip",
                                f + "datasets[0].window.span: PT0S must be positive",
                                f + "datasets[0].window.align: 'Mars/Base' is not a zone id like America/Los_Angeles"
                                        + " or -05:00",
                                f + "datasets[0].window.lookback: -P1D must not be negative",
                                f + "datasets[0].window.extra: unknown key (expected one of align, lookback,"
                                        + " max_span, offset, span)",
                                f + "datasets[1].interval: required",
                                f + "datasets[1].market: 'DA_DAILY' is not one of DA_HOURLY, RT_15MIN, RT_5MIN,"
                                        + " RT_HOURLY",
                                f + "datasets[1].window.max_span: PT1H is shorter than span P1D")
                        .noneMatch(p -> p.startsWith(f + "output_topic:")) // not re-reported for an invalid market
                        .anySatisfy(p -> assertThat(p).startsWith("connectors/other/connector.yaml: not valid YAML"))
                        .noneMatch(p -> p.contains("schemas_only")))
                .hasMessageStartingWith("invalid connector metadata (");
    }

    @Test
    void endpointVariablesMustBeDeclaredAndSecretsHaveNoDefault() {
        String undeclared = VALID.replace("  - {name: SPP_PORTAL_URL, default: \"https://portal.spp.org\", description: portal base URL}\n", "");
        assertThatThrownBy(() -> ConnectorSpecs.parse(undeclared, "demo.yaml", "demo"))
                .hasMessageContaining("datasets[0].endpoint: uses ${SPP_PORTAL_URL}, which 'environment' does not declare");
        String leaked = VALID.replace("{name: SPP_API_KEY, secret: true,", "{name: SPP_API_KEY, secret: true, default: abc,");
        assertThatThrownBy(() -> ConnectorSpecs.parse(leaked, "demo.yaml", "demo"))
                .hasMessageContaining("environment[1].default: a secret has no default in the repository");
        ConnectorSpec ok = ConnectorSpecs.parse(VALID, "demo.yaml", "demo");
        assertThat(ok.environmentDefaults()).containsExactly(java.util.Map.entry("SPP_PORTAL_URL", "https://portal.spp.org"));
    }

    @Test
    void aValidSpecParsesAndDuplicateDatasetIdsAreCaught() {
        ConnectorSpec demo = ConnectorSpecs.parse(VALID, "demo.yaml", "demo");
        assertThat(demo.dagId()).isEqualTo("ingest_spp_batch");
        assertThat(demo.minRequestSpacingSeconds()).isZero();
        assertThat(demo.datasets().get(0).window().offset()).isEqualTo(Duration.ZERO);
        assertThat(demo.datasets().get(0).enabled()).isTrue();
        assertThat(ConnectorSpec.iso(Duration.ofHours(-1))).isEqualTo("-PT1H");
        assertThat(ConnectorSpec.iso(Duration.ofDays(-2))).isEqualTo("-P2D");
        assertThat(ConnectorSpec.iso(Duration.ofMinutes(90))).isEqualTo("PT1H30M");

        String twice = VALID + VALID.substring(VALID.indexOf("  - id:"));
        assertThatThrownBy(() -> ConnectorSpecs.parse(twice, "demo.yaml", "demo"))
                .hasMessageContaining("demo.yaml: datasets[1].id: 'lmp_rt_5min' is declared twice");
        assertThatThrownBy(() -> ConnectorSpecs.parse(VALID.replace("ingestion.spp.raw.v1", "spp.raw"), "demo.yaml",
                "demo")).hasMessageContaining("demo.yaml: output_topic: 'spp.raw' must be ingestion.spp.raw.v1");
        assertThatThrownBy(() -> ConnectorSpecs.parse(VALID.replace("market: SPP", "market: CAISO")
                .replace("name: demo\n", "name: miso\n"), "miso.yaml", "miso")).hasMessageContaining("miso.yaml: market: 'CAISO' but the built-in connector 'miso' produces MISO");
    }

    @Test
    void shippedDatasetsDeclareTheirStaleAllowance() {
        ConnectorSpecs specs = ConnectorSpecs.load(SHIPPED);
        assertThat(specs.byName("miso").orElseThrow().datasets()).extracting(ConnectorSpec.Dataset::staleAfter)
                .containsExactly(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(20));
        assertThat(specs.byName("caiso").orElseThrow().datasets()).extracting(ConnectorSpec.Dataset::staleAfter)
                .containsExactly(Duration.ofHours(1), Duration.ofMinutes(90));
        @SuppressWarnings("unchecked")
        Map<String, Object> caiso = (Map<String, Object>) ((List<?>) specs.toIndexJson().get("connectors")).get(0);
        assertThat(((List<?>) caiso.get("datasets")).stream()
                .<Object>map(d -> ((Map<?, ?>) d).get("stale_after")).toList())
                .containsExactly("PT1H", "PT1H30M");
    }

    @Test
    void staleAfterIsOptionalAndParsedAsADuration() {
        ConnectorSpec none = ConnectorSpecs.parse(VALID, "demo.yaml", "demo");
        assertThat(none.datasets().get(0).staleAfter()).isNull();
        assertThat((List<?>) none.toIndexEntry().get("datasets"))
                .allSatisfy(d -> assertThat(((Map<?, ?>) d).containsKey("stale_after")).isFalse());

        ConnectorSpec some = ConnectorSpecs.parse(withStaleAfter("PT20M"), "demo.yaml", "demo");
        assertThat(some.datasets().get(0).staleAfter()).isEqualTo(Duration.ofMinutes(20));
        assertThat((List<?>) some.toIndexEntry().get("datasets"))
                .allSatisfy(d -> assertThat(((Map<?, ?>) d).get("stale_after")).isEqualTo("PT20M"));
        assertThat(ConnectorSpecs.parse(withStaleAfter("P2D"), "demo.yaml", "demo").datasets().get(0).staleAfter())
                .isEqualTo(Duration.ofDays(2));
    }

    @ParameterizedTest(name = "stale_after: {0}")
    @CsvSource(delimiter = '|', value = {
            "20m     | expected an ISO-8601 duration like PT5M, PT1H or P1D, found '20m'",
            "1200    | expected an ISO-8601 duration like PT5M, PT1H or P1D, found integer 1200",
            "-PT20M  | -PT20M must be positive",
            "PT0S    | PT0S must be positive",
            "''      | expected an ISO-8601 duration like PT20M or PT1H (how long after the end of the newest"
                    + " interval the feed counts as stale), found nothing",
    })
    void aBadStaleAfterNamesFileAndKey(String value, String problem) {
        assertThatThrownBy(() -> ConnectorSpecs.parse(withStaleAfter(value), "connectors/demo/connector.yaml", "demo"))
                .isInstanceOfSatisfying(ConnectorSpecs.InvalidSpecException.class, e -> assertThat(e.problems())
                        .containsExactly("connectors/demo/connector.yaml: datasets[0].stale_after: " + problem));
    }

    @ParameterizedTest(name = "schedule: {0}")
    @CsvSource(delimiter = '|', value = {
            "0 0 ? * MON | day-of-month '?': expected *, a value 1..31, a range or a step; ?, L, W and # are Quartz's,"
                    + " not the plain 5-field form",
            "@daily      | '@daily' has 1 fields; expected 5 (minute hour day-of-month month day-of-week); no @"
                    + " macros (@daily is 0 0 * * *)",
    })
    void aQuartzOrMacroScheduleNamesFileKeyAndItem(String value, String problem) {
        String yaml = VALID + "    schedule: \"" + value + "\"\n";
        assertThatThrownBy(() -> ConnectorSpecs.parse(yaml, "connectors/demo/connector.yaml", "demo"))
                .isInstanceOfSatisfying(ConnectorSpecs.InvalidSpecException.class, e -> assertThat(e.problems())
                        .containsExactly("connectors/demo/connector.yaml: datasets[0].schedule: " + problem));
    }

    private static String withStaleAfter(String value) {
        return VALID + "    stale_after: " + value + "\n";
    }

    @Test
    void emptyOrMissingDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> ConnectorSpecs.load(dir)).hasMessageContaining("no */connector.yaml found");
        assertThatThrownBy(() -> ConnectorSpecs.load(dir.resolve("absent"))).hasMessageContaining("not a directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * * *", "*/5 * * * *", "30 19 * * *", "0 6 * * MON-FRI", "0 0 1 JAN,jul *",
            "0-59/15 0-23 1-31 1-12 0-7", "15,45 */2 * * 1"})
    void validCron(String expr) {
        assertThat(CronSchedule.problems(expr)).isEmpty();
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "''                | empty cron expression",
            "* * * *           | has 4 fields",
            "@daily            | has 1 fields",
            "60 * * * *        | minute '60': expected *, a value 0..59",
            "* 24 * * *        | hour '24'",
            "* * 0 * *         | day-of-month '0'",
            "* * * 13 *        | month '13'",
            "* * * * 8         | day-of-week '8'",
            "*/0 * * * *       | minute '*/0': step must be 1..60",
            "5-1 * * * *       | minute '5-1': range start is after its end",
            "1,,2 * * * *      | minute '': empty list item",
            "* * ? * *         | day-of-month '?'",
            "* * * * MON#2     | day-of-week 'MON#2'",
    })
    void invalidCron(String expr, String problem) {
        assertThat(CronSchedule.problems(expr)).anySatisfy(p -> assertThat(p).contains(problem));
    }
}
