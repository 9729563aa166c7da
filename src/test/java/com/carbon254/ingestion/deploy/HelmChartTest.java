package com.carbon254.ingestion.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chart/} through the Helm library itself (helm-java): {@code helm lint --strict}, then {@code helm template}
 * with several values, and the rendered manifests checked as Kubernetes would read them.
 */
class HelmChartTest {
    static final Path CHART = Path.of("chart");
    static final List<String> ROLES = List.of("registry", "normalizer", "enricher", "aggregator", "projector");
    static final Map<String, Integer> PORTS = Map.of("registry", 8500, "normalizer", 8510, "enricher", 8511,
            "aggregator", 8512, "projector", 8513);

    @Test
    void lintsCleanInStrictMode() {
        LintResult r = new Helm(CHART).lint().strict().call();
        assertThat(r.isFailed()).as("%s", r.getMessages()).isFalse();
    }

    @Test
    void everyRoleIsOneDeploymentRunningItsRoleWithProbesConnectionsAndConfigMounts() {
        List<Map<String, Object>> docs = render(CHART, Map.of("kafka.bootstrap", "kafka:9092",
                "clickhouse.url", "http://ch:8123/carbon", "redis.url", "redis://redis:6379"));
        for (String role : ROLES) {
            Map<String, Object> d = one(docs, "Deployment", "ci-carbon-ingestion-" + role);
            Map<String, Object> pod = map(map(d, "spec", "template"), "spec");
            Map<String, Object> c = only(list(pod, "containers"));
            assertThat(c.get("args")).as(role).isEqualTo(List.of("run", "--role", role));
            assertThat(map(c, "livenessProbe", "httpGet").get("path")).isEqualTo("/health/live");
            assertThat(map(c, "readinessProbe", "httpGet").get("path")).isEqualTo("/health/ready");
            assertThat(only(list(c, "ports")).get("containerPort")).isEqualTo(PORTS.get(role));
            Map<String, Object> env = env(c);
            assertThat(env).containsEntry("HTTP_PORT", String.valueOf(PORTS.get(role)))
                    .containsEntry("KAFKA_BOOTSTRAP", "kafka:9092")
                    .containsEntry("CLICKHOUSE_URL", "http://ch:8123/carbon")
                    .containsEntry("REDIS_URL", "redis://redis:6379")
                    .containsEntry("NORMALIZATION_RULES_PATH", "/etc/carbon-ingestion/conf/normalization_rules.yaml");
            assertThat((String) env.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75");
            List<Map<String, Object>> mounts = list(c, "volumeMounts");
            assertThat(mounts).anySatisfy(m -> assertThat(m).containsEntry("mountPath",
                    "/opt/carbon-ingestion/conf/deployments/" + role + ".yaml").containsEntry("subPath", role + ".yaml"));
            assertThat(mounts).anySatisfy(m -> assertThat(m).containsEntry("mountPath", "/etc/carbon-ingestion/conf"));
            assertThat(map(map(d, "spec", "template"), "metadata", "annotations"))
                    .containsKeys("checksum/conf", "checksum/descriptors");
            assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
            assertThat(one(docs, "Service", "ci-carbon-ingestion-" + role)).isNotNull();
            assertThat(map(one(docs, "PodDisruptionBudget", "ci-carbon-ingestion-" + role), "spec"))
                    .containsEntry("maxUnavailable", 1);
        }
        assertThat(kinds(docs, "Deployment")).hasSize(ROLES.size());
        assertThat(kinds(docs, "ServiceMonitor")).as("off unless asked").isEmpty();
    }

    @Test
    void theConfigMapsHoldTheRepositorysDescriptorsAndPolicyFiles() throws IOException {
        List<Map<String, Object>> docs = render(CHART, Map.of());
        Map<String, Object> descriptors = map(one(docs, "ConfigMap", "ci-carbon-ingestion-descriptors"), "data");
        Map<String, Object> conf = map(one(docs, "ConfigMap", "ci-carbon-ingestion-conf"), "data");
        try (Stream<Path> files = Files.list(Path.of("conf", "deployments"))) {
            for (Path f : files.toList()) {
                assertThat(descriptors.get(f.getFileName().toString())).as("%s", f).isEqualTo(Files.readString(f));
            }
        }
        for (String f : List.of("normalization_rules.yaml", "enrichment_taxonomy.yaml", "aggregation_policies.yaml")) {
            assertThat(conf.get(f)).as(f).isEqualTo(Files.readString(Path.of("conf", f)));
        }
    }

    @Test
    void theGrafanaDashboardShipsAsAConfigMapTheSidecarPicksUp() throws IOException {
        Map<String, Object> cm = one(render(CHART, Map.of()), "ConfigMap", "ci-carbon-ingestion-dashboards");
        assertThat(map(cm, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        assertThat(map(cm, "data").get("carbon-ingestion.json"))
                .isEqualTo(Files.readString(Path.of("ops", "grafana", "carbon-ingestion.json")));
        assertThat(kinds(render(CHART, Map.of("grafana.dashboards.enabled", false)), "ConfigMap"))
                .extracting(HelmChartTest::name).doesNotContain("ci-carbon-ingestion-dashboards");
    }

    @Test
    void aDisabledRoleHasNoDeploymentServiceOrBudget() {
        List<Map<String, Object>> docs = render(CHART, Map.of("roles.enricher.enabled", false));
        assertThat(kinds(docs, "Deployment")).extracting(HelmChartTest::name)
                .doesNotContain("ci-carbon-ingestion-enricher").hasSize(4);
        assertThat(kinds(docs, "Service")).extracting(HelmChartTest::name).doesNotContain("ci-carbon-ingestion-enricher");
        assertThat(kinds(docs, "PodDisruptionBudget")).extracting(HelmChartTest::name)
                .doesNotContain("ci-carbon-ingestion-enricher");
    }

    @Test
    void valuesReachTheirRoleAndSecretsAreReferencedNotCopied() {
        Map<String, Object> set = new TreeMap<>();
        set.put("kafka.existingSecret", "kafka-conn");
        set.put("clickhouse.existingSecret", "ch-conn");
        set.put("isoCredentials.existingSecret", "iso-keys");
        set.put("roles.normalizer.replicas", 3);
        set.put("roles.normalizer.javaOpts", "-XX:+UseSerialGC");
        set.put("roles.normalizer.resources.limits.memory", "2Gi");
        set.put("roles.normalizer.env.KAFKA_CONSUMER_MAX_POLL_RECORDS", "5000");
        set.put("image.tag", "1.2.3");
        set.put("serviceMonitor.enabled", true);
        List<Map<String, Object>> docs = render(CHART, set);
        Map<String, Object> d = one(docs, "Deployment", "ci-carbon-ingestion-normalizer");
        assertThat(map(d, "spec")).containsEntry("replicas", 3);
        Map<String, Object> c = only(list(map(map(d, "spec", "template"), "spec"), "containers"));
        assertThat(c.get("image")).isEqualTo("ghcr.io/254carbon/carbon-ingestion:1.2.3");
        assertThat(map(c, "resources", "limits")).containsEntry("memory", "2Gi");
        Map<String, Object> env = env(c);
        assertThat((String) env.get("JAVA_TOOL_OPTIONS")).endsWith("-XX:+UseSerialGC");
        assertThat(env).containsEntry("KAFKA_CONSUMER_MAX_POLL_RECORDS", "5000");
        assertThat(env.get("KAFKA_BOOTSTRAP")).isEqualTo(Map.of("secretKeyRef", Map.of("name", "kafka-conn", "key",
                "KAFKA_BOOTSTRAP")));
        assertThat(env.get("CLICKHOUSE_URL")).isEqualTo(Map.of("secretKeyRef", Map.of("name", "ch-conn", "key",
                "CLICKHOUSE_URL")));
        assertThat(list(c, "envFrom")).containsExactly(Map.of("secretRef", Map.of("name", "iso-keys")));
        Map<String, Object> other = one(docs, "Deployment", "ci-carbon-ingestion-enricher");
        assertThat(map(other, "spec")).as("another role keeps its own values").containsEntry("replicas", 1);
        assertThat(env(only(list(map(map(other, "spec", "template"), "spec"), "containers"))))
                .doesNotContainKey("KAFKA_CONSUMER_MAX_POLL_RECORDS");
        assertThat(kinds(docs, "ServiceMonitor")).singleElement()
                .satisfies(m -> assertThat(only(list(map(m, "spec"), "endpoints"))).containsEntry("path", "/metrics"));
    }

    @Test
    void aTlsSecretIsMountedReadOnlyItsFilesNamedToEveryRoleAndProbesFollow() {
        Map<String, Object> plain = only(list(map(map(one(render(CHART, Map.of()), "Deployment",
                "ci-carbon-ingestion-projector"), "spec", "template"), "spec"), "containers"));
        assertThat(env(plain)).doesNotContainKeys("HTTP_TLS_CERT_PATH", "HTTP_TLS_KEY_PATH", "HTTP_TLS_CLIENT_CA_PATH");
        assertThat(map(plain, "readinessProbe", "httpGet")).containsEntry("scheme", "HTTP");

        List<Map<String, Object>> tls = render(CHART, Map.of("tls.existingSecret", "carbon-tls",
                "backendCa.existingSecret", "carbon-backend-ca", "backendCa.clickhouseKey", "ca.crt"));
        for (String role : ROLES) {
            Map<String, Object> pod = map(map(one(tls, "Deployment", "ci-carbon-ingestion-" + role), "spec",
                    "template"), "spec");
            Map<String, Object> c = only(list(pod, "containers"));
            assertThat(env(c)).as(role).containsEntry("HTTP_TLS_CERT_PATH", "/etc/carbon-ingestion/tls/tls.crt")
                    .containsEntry("HTTP_TLS_KEY_PATH", "/etc/carbon-ingestion/tls/tls.key")
                    .containsEntry("CLICKHOUSE_CA_PATH", "/etc/carbon-ingestion/backend-ca/clickhouse-ca.crt")
                    .doesNotContainKeys("HTTP_TLS_CLIENT_CA_PATH", "REDIS_CA_PATH");
            assertThat(list(c, "volumeMounts")).anySatisfy(m -> assertThat(m)
                    .containsEntry("mountPath", "/etc/carbon-ingestion/tls").containsEntry("readOnly", true));
            Map<String, Object> secret = map(list(pod, "volumes").stream().filter(v -> "tls".equals(v.get("name")))
                    .findFirst().orElseThrow(), "secret");
            assertThat(secret).containsEntry("secretName", "carbon-tls");
            assertThat(list(secret, "items")).containsExactly(Map.of("key", "tls.crt", "path", "tls.crt"),
                    Map.of("key", "tls.key", "path", "tls.key"));
            assertThat(map(c, "livenessProbe", "httpGet")).containsEntry("scheme", "HTTPS");
            assertThat(map(c, "readinessProbe", "httpGet")).containsEntry("scheme", "HTTPS");
        }

        List<Map<String, Object>> mtls = render(CHART, Map.of("tls.existingSecret", "carbon-tls",
                "tls.clientAuth", true));
        Map<String, Object> pod = map(map(one(mtls, "Deployment", "ci-carbon-ingestion-registry"), "spec", "template"),
                "spec");
        Map<String, Object> c = only(list(pod, "containers"));
        assertThat(env(c)).containsEntry("HTTP_TLS_CLIENT_CA_PATH", "/etc/carbon-ingestion/tls/ca.crt");
        assertThat(list(map(list(pod, "volumes").stream().filter(v -> "tls".equals(v.get("name"))).findFirst()
                .orElseThrow(), "secret"), "items")).contains(Map.of("key", "ca.crt", "path", "ca.crt"));
        // the kubelet has no client certificate: it probes the plain, health-only port, on every role
        for (String role : ROLES) {
            Map<String, Object> rc = only(list(map(map(one(mtls, "Deployment", "ci-carbon-ingestion-" + role), "spec",
                    "template"), "spec"), "containers"));
            assertThat(env(rc)).as(role).containsEntry("HEALTH_PORT", "8081");
            assertThat(list(rc, "ports")).as(role).containsExactlyInAnyOrder(
                    Map.of("name", "http", "containerPort", PORTS.get(role)),
                    Map.of("name", "health", "containerPort", 8081));
            assertThat(map(rc, "livenessProbe", "httpGet")).as(role).containsEntry("path", "/health/live")
                    .containsEntry("port", "health").containsEntry("scheme", "HTTP");
            assertThat(map(rc, "readinessProbe", "httpGet")).as(role).containsEntry("path", "/health/ready")
                    .containsEntry("port", "health").containsEntry("scheme", "HTTP");
            assertThat(map(rc, "readinessProbe")).as(role).doesNotContainKey("tcpSocket")
                    .containsEntry("periodSeconds", 5);
        }
        Map<String, Object> moved = only(list(map(map(one(render(CHART, Map.of("tls.existingSecret", "carbon-tls",
                "tls.clientAuth", true, "healthPort", 9090)), "Deployment", "ci-carbon-ingestion-projector"), "spec",
                "template"), "spec"), "containers"));
        assertThat(env(moved)).containsEntry("HEALTH_PORT", "9090");
        assertThat(list(moved, "ports")).contains(Map.of("name", "health", "containerPort", 9090));
        // the Service still exposes only the API port
        assertThat(list(map(one(mtls, "Service", "ci-carbon-ingestion-registry"), "spec"), "ports"))
                .noneMatch(p -> "health".equals(p.get("name")) || Integer.valueOf(8081).equals(p.get("port")));
        // without mTLS no health port: the probes ask the API port as before
        for (Map<String, Object> without : List.of(plain, only(list(map(map(one(tls, "Deployment",
                "ci-carbon-ingestion-registry"), "spec", "template"), "spec"), "containers")))) {
            assertThat(env(without)).doesNotContainKey("HEALTH_PORT");
            assertThat(list(without, "ports")).hasSize(1);
            assertThat(map(without, "readinessProbe", "httpGet")).containsEntry("port", "http");
        }
    }

    @Test
    void authIsOnByDefaultWithTheTokensFileFromASecretMountedReadOnly() {
        for (Map<String, Object> d : kinds(render(CHART, Map.of("auth.existingSecret", "api-tokens")), "Deployment")) {
            Map<String, Object> pod = map(map(d, "spec", "template"), "spec");
            Map<String, Object> c = only(list(pod, "containers"));
            assertThat(env(c)).as(name(d)).containsEntry("AUTH_TOKENS_PATH", "/etc/carbon-ingestion/auth/tokens.yaml")
                    .doesNotContainKey("AUTH_REQUIRED");
            assertThat(list(c, "volumeMounts")).anySatisfy(m -> assertThat(m).containsEntry("name", "tokens")
                    .containsEntry("mountPath", "/etc/carbon-ingestion/auth").containsEntry("readOnly", true));
            assertThat(list(pod, "volumes")).anySatisfy(v -> assertThat(v).containsEntry("name", "tokens")
                    .containsEntry("secret", Map.of("secretName", "api-tokens", "defaultMode", 288)));
        }
        Map<String, Object> dflt = one(render(CHART, Map.of()), "Deployment", "ci-carbon-ingestion-projector");
        assertThat(list(map(map(dflt, "spec", "template"), "spec"), "volumes")).as("the release's own Secret")
                .anySatisfy(v -> assertThat(v).containsEntry("name", "tokens").containsEntry("secret",
                        Map.of("secretName", "ci-carbon-ingestion-tokens", "defaultMode", 288)));
        for (Map<String, Object> d : kinds(render(CHART, Map.of("auth.enabled", false)), "Deployment")) {
            Map<String, Object> c = only(list(map(map(d, "spec", "template"), "spec"), "containers"));
            assertThat(env(c)).as("open only when told").containsEntry("AUTH_REQUIRED", "false")
                    .doesNotContainKey("AUTH_TOKENS_PATH");
            assertThat(list(c, "volumeMounts")).noneSatisfy(m -> assertThat(m).containsEntry("name", "tokens"));
        }
    }

    @Test
    void theRegistrysStateCanLiveOnAVolumeThatOutlivesItsPod() {
        List<Map<String, Object>> plain = render(CHART, Map.of());
        assertThat(kinds(plain, "PersistentVolumeClaim")).as("an emptyDir unless asked").isEmpty();
        List<Map<String, Object>> docs = render(CHART, Map.of("roles.registry.persistence.enabled", true,
                "roles.registry.persistence.size", "5Gi"));
        Map<String, Object> pvc = one(docs, "PersistentVolumeClaim", "ci-carbon-ingestion-registry-data");
        assertThat(map(pvc, "spec", "resources", "requests")).containsEntry("storage", "5Gi");
        Map<String, Object> d = one(docs, "Deployment", "ci-carbon-ingestion-registry");
        assertThat(map(d, "spec", "strategy")).containsEntry("type", "Recreate");
        assertThat(list(map(map(d, "spec", "template"), "spec"), "volumes")).anySatisfy(v -> assertThat(v)
                .containsEntry("name", "data").containsEntry("persistentVolumeClaim",
                        Map.of("claimName", "ci-carbon-ingestion-registry-data")));
        assertThat(list(map(map(one(docs, "Deployment", "ci-carbon-ingestion-projector"), "spec", "template"),
                "spec"), "volumes")).anySatisfy(v -> assertThat(v).containsEntry("name", "data")
                .containsKey("emptyDir"));
    }

    @Test
    void editingAPolicyFileChangesThePodsChecksumSoTheyRoll(@TempDir Path tmp) throws IOException {
        Path chart = copyResolvingLinks(CHART, tmp.resolve("chart"));
        String before = checksums(render(chart, Map.of()));
        Path rules = chart.resolve("files/conf/normalization_rules.yaml");
        Files.writeString(rules, Files.readString(rules) + "\n# edited\n", StandardCharsets.UTF_8);
        String after = checksums(render(chart, Map.of()));
        assertThat(after).isNotEqualTo(before);
        assertThat(after.split("\\|")[1]).as("descriptors unchanged").isEqualTo(before.split("\\|")[1]);
    }

    private static String checksums(List<Map<String, Object>> docs) {
        Map<String, Object> a = map(map(one(docs, "Deployment", "ci-carbon-ingestion-normalizer"), "spec",
                "template"), "metadata", "annotations");
        return a.get("checksum/conf") + "|" + a.get("checksum/descriptors");
    }

    static List<Map<String, Object>> render(Path chart, Map<String, Object> set) {
        TemplateCommand t = new Helm(chart).template().withName("ci").withNamespace("carbon");
        set.forEach(t::set);
        String out = t.call();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(out)) {
            if (o != null) docs.add(cast(o));
        }
        return docs;
    }

    private static Path copyResolvingLinks(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    if (Files.isSymbolicLink(p)) copyResolvingLinks(p.toRealPath(), target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static List<Map<String, Object>> kinds(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> one(List<Map<String, Object>> docs, String kind, String name) {
        return kinds(docs, kind).stream().filter(d -> name.equals(name(d))).reduce((a, b) -> {
            throw new AssertionError("two " + kind + " " + name);
        }).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static String name(Map<String, Object> d) {
        return (String) map(d, "metadata").get("name");
    }

    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> out = new TreeMap<>();
        for (Map<String, Object> e : list(container, "env")) {
            out.put((String) e.get("name"), e.containsKey("value") ? e.get("value") : e.get("valueFrom"));
        }
        return out;
    }

    private static Map<String, Object> map(Map<String, Object> m, String... path) {
        Map<String, Object> cur = m;
        for (String k : path) cur = cast(Objects.requireNonNull(cur.get(k), k));
        return cur;
    }

    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return cast(Objects.requireNonNull(m.get(key), key));
    }

    private static Map<String, Object> only(List<Map<String, Object>> l) {
        assertThat(l).hasSize(1);
        return l.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
