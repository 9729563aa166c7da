package com.carbon254.ingestion.orchestration;

import com.carbon254.ingestion.connector.ConnectorSpec;
import com.carbon254.ingestion.connector.ConnectorSpecs;
import com.carbon254.ingestion.testing.IsoSamples;
import org.apache.seatunnel.shade.com.typesafe.config.Config;
import org.apache.seatunnel.shade.com.typesafe.config.ConfigException;
import org.apache.seatunnel.shade.com.typesafe.config.ConfigFactory;
import org.apache.seatunnel.shade.com.typesafe.config.ConfigList;
import org.apache.seatunnel.shade.com.typesafe.config.ConfigObject;
import org.apache.seatunnel.shade.com.typesafe.config.ConfigParseOptions;
import org.apache.seatunnel.shade.com.typesafe.config.ConfigResolveOptions;
import org.apache.seatunnel.shade.com.typesafe.config.ConfigSyntax;
import org.apache.seatunnel.shade.com.typesafe.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every {@code seatunnel/jobs/*.conf}, parsed with SeaTunnel's own HOCON parser (seatunnel-config-shade 2.3.8) the
 * way its ConfigBuilder does before it substitutes {@code -i} variables, and checked against connector.yaml: the job
 * named {@code <connector>_*.conf} reads one of that connector's dataset endpoints over Http and writes to its
 * output_topic over Kafka, using only known variables. SeaTunnel's parser is not stock Typesafe config: it turns
 * {@code source { Http {...} }} into a list of objects with {@code plugin_name} and keeps dotted keys such as
 * {@code job.mode} whole, so a job that parses here has the shape SeaTunnel itself reads.
 */
class SeaTunnelJobsTest {
    private static final Path ROOT = IsoSamples.projectRoot();
    private static final Path JOBS = ROOT.resolve("seatunnel/jobs");

    /** The {@code -i} variables a job may use; anything else is a typo or an undocumented requirement. */
    static final Set<String> KNOWN_VARIABLES = Set.of("MISO_API_URL", "MISO_REPORTS_URL", "CAISO_OASIS_URL",
            "KAFKA_BOOTSTRAP", "WINDOW_START", "WINDOW_END");
    /** connector.yaml's window placeholders and the job variables that stand for them. */
    static final Map<String, String> WINDOW_VARIABLES = Map.of("{start}", "${WINDOW_START}", "{end}", "${WINDOW_END}");
    /** SeaTunnel 2.3.8 ConfigBuilder.PLACEHOLDER_REGEX: {@code ${NAME}} or {@code ${NAME:default}}, in any string. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:{}]+)(?::[^}]*)?}");
    private static final Pattern LEADING_VARIABLE = Pattern.compile("^\\$\\{[^}]+}");

    private static final ConnectorSpecs SPECS = ConnectorSpecs.load(ROOT.resolve("connectors"));

    static Stream<Path> jobs() throws IOException {
        try (Stream<Path> s = Files.list(JOBS)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    /** Parsed as SeaTunnel parses a job file, substitutions left unresolved (they are {@code -i} variables). */
    static Config parse(Path file) {
        return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                        .setAllowMissing(false))
                .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    }

    @Test
    void theJobsForMisoAndCaisoAreThere() throws IOException {
        assertThat(jobs().map(p -> p.getFileName().toString())).contains("miso_realtime.conf", "caiso_daily.conf");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void jobParsesAndMatchesItsConnector(Path job) {
        Config config = parse(job);
        assertThat(problems(job.getFileName().toString(), config, SPECS)).isEmpty();
    }

    @Test
    void seaTunnelsParserGivesPluginListsWithDottedKeysKept() {
        Config miso = parse(JOBS.resolve("miso_realtime.conf"));
        assertThat(text(miso.root(), "env", "job.mode")).isEqualTo("STREAMING");
        Config http = plugin(miso, "source", "Http").orElseThrow();
        assertThat(text(http.root(), "url")).isEqualTo("${MISO_API_URL}/MarketPricing/GetRealTimeFiveMinExPost/Current");
        assertThat(http.root().get("poll_interval_millis").unwrapped()).isEqualTo(300_000);
        Config kafka = plugin(miso, "sink", "Kafka").orElseThrow();
        assertThat(text(kafka.root(), "topic")).isEqualTo("ingestion.miso.raw.v1");
        assertThat(text(kafka.root(), "bootstrap.servers")).isEqualTo("${KAFKA_BOOTSTRAP}");

        Config caiso = parse(JOBS.resolve("caiso_daily.conf"));
        assertThat(text(caiso.root(), "env", "job.mode")).isEqualTo("BATCH");
        assertThat(text(plugin(caiso, "source", "Http").orElseThrow().root(), "url"))
                .startsWith("${CAISO_OASIS_URL}/SingleZip?queryname=PRC_LMP&")
                .endsWith("&startdatetime=${WINDOW_START}&enddatetime=${WINDOW_END}");
        assertThat(text(plugin(caiso, "sink", "Kafka").orElseThrow().root(), "topic")).isEqualTo("ingestion.caiso.raw.v1");
    }

    @Test
    void brokenHoconDoesNotParse(@TempDir Path tmp) throws IOException {
        Path broken = tmp.resolve("miso_broken.conf");
        Files.writeString(broken, """
                env { job.mode = "BATCH" }
                source { Http { url = "${MISO_API_URL}/x" method = "GET" }
                sink { Kafka { topic = "ingestion.miso.raw.v1" ] }
                """);
        assertThatThrownBy(() -> parse(broken)).isInstanceOf(ConfigException.Parse.class)
                .hasMessageContaining("miso_broken.conf");
    }

    @Test
    void wrongTopicUnknownVariableAndForeignEndpointAreReported(@TempDir Path tmp) throws IOException {
        Path job = tmp.resolve("miso_typo.conf");
        Files.writeString(job, Files.readString(JOBS.resolve("miso_realtime.conf"))
                .replace("${MISO_API_URL}/MarketPricing", "${MISO_API_ULR}/MarketPricing")
                .replace("\"ingestion.miso.raw.v1\"", "\"ingestion.caiso.raw.v1\"")
                .replace("${KAFKA_BOOTSTRAP}", "${KAFKA_BROKERS}"));
        List<String> problems = problems("miso_typo.conf", parse(job), SPECS);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("topic 'ingestion.caiso.raw.v1'")
                        .contains("ingestion.miso.raw.v1"))
                .anySatisfy(p -> assertThat(p).contains("${MISO_API_ULR} is not a known variable"))
                .anySatisfy(p -> assertThat(p).contains("${KAFKA_BROKERS} is not a known variable"))
                .anySatisfy(p -> assertThat(p).contains("bootstrap.servers: must be \"${KAFKA_BOOTSTRAP}\""))
                .anySatisfy(p -> assertThat(p).contains("url").contains("no dataset endpoint of miso"));
    }

    @Test
    void jobForAnUnknownConnectorIsReported() {
        Config config = ConfigFactory.parseString("""
                env { job.mode = "BATCH" }
                source { Http { result_table_name = "t", url = "${AESO_URL}/x" } }
                sink { Kafka { source_table_name = "t", topic = "ingestion.aeso.raw.v1",
                               bootstrap.servers = "${KAFKA_BOOTSTRAP}" } }
                """);
        assertThat(problems("aeso_daily.conf", config, SPECS))
                .anySatisfy(p -> assertThat(p).contains("no connector 'aeso'"));
    }

    // ------------------------------------------------------------------ the checks

    /** Everything wrong with one job, each problem as {@code <file>: <path>: <what>}; empty when it is right. */
    static List<String> problems(String fileName, Config job, ConnectorSpecs specs) {
        List<String> out = new ArrayList<>();
        String mode = text(job.root(), "env", "job.mode");
        if (!"BATCH".equals(mode) && !"STREAMING".equals(mode)) {
            out.add(fileName + ": env.job.mode: '" + mode + "' is neither BATCH nor STREAMING");
        }
        List<String> sources = pluginNames(job, "source");
        List<String> sinks = pluginNames(job, "sink");
        if (!sources.equals(List.of("Http"))) {
            out.add(fileName + ": source: expected exactly one Http source, found " + sources);
        }
        if (!sinks.equals(List.of("Kafka"))) out.add(fileName + ": sink: expected exactly one Kafka sink, found " + sinks);
        if (!out.isEmpty()) return out;
        ConfigObject http = plugin(job, "source", "Http").orElseThrow().root();
        ConfigObject kafka = plugin(job, "sink", "Kafka").orElseThrow().root();

        for (String v : variables(job.root())) {
            if (!KNOWN_VARIABLES.contains(v)) {
                out.add(fileName + ": ${" + v + "} is not a known variable " + KNOWN_VARIABLES.stream().sorted().toList());
            }
        }
        if (!"${KAFKA_BOOTSTRAP}".equals(text(kafka, "bootstrap.servers"))) {
            out.add(fileName + ": sink.Kafka.bootstrap.servers: must be \"${KAFKA_BOOTSTRAP}\"");
        }
        String table = text(http, "result_table_name");
        if (table == null || !table.equals(text(kafka, "source_table_name"))) {
            out.add(fileName + ": sink.Kafka.source_table_name: must name source.Http.result_table_name ('" + table
                    + "')");
        }

        String name = fileName.contains("_") ? fileName.substring(0, fileName.indexOf('_')) : fileName;
        Optional<ConnectorSpec> connector = specs.byName(name);
        if (connector.isEmpty()) {
            out.add(fileName + ": no connector '" + name + "' in connectors/*/connector.yaml (a job file is named"
                    + " <connector>_<what>.conf)");
            return out;
        }
        ConnectorSpec c = connector.get();
        String topic = text(kafka, "topic");
        if (!c.outputTopic().equals(topic)) {
            out.add(fileName + ": sink.Kafka.topic: topic '" + topic + "' but connector " + c.name() + " writes "
                    + c.outputTopic());
        }
        String url = String.valueOf(text(http, "url"));
        Optional<ConnectorSpec.Dataset> dataset = c.datasets().stream()
                .filter(d -> jobUrl(d.endpoint()).equals(url)).findFirst();
        if (dataset.isEmpty()) {
            out.add(fileName + ": source.Http.url: '" + url + "' is no dataset endpoint of " + c.name() + " "
                    + c.datasets().stream().map(d -> jobUrl(d.endpoint())).toList());
            return out;
        }
        ConnectorSpec.Dataset d = dataset.get();
        Matcher lead = LEADING_VARIABLE.matcher(d.endpoint());
        if (lead.find() && !url.startsWith(lead.group())) {
            out.add(fileName + ": source.Http.url: must start with " + lead.group());
        }
        if ("STREAMING".equals(mode)) {
            long interval = d.interval().toMillis();
            ConfigValue poll = http.get("poll_interval_millis");
            if (poll == null || !(poll.unwrapped() instanceof Number n) || n.longValue() != interval) {
                out.add(fileName + ": source.Http.poll_interval_millis: must be the dataset's interval, " + interval);
            }
        }
        return out;
    }

    /** SeaTunnel's parser turns {@code source { Http {...} }} into a list of objects carrying {@code plugin_name}. */
    static List<String> pluginNames(Config job, String block) {
        return job.getConfigList(block).stream().map(p -> String.valueOf(text(p.root(), "plugin_name"))).toList();
    }

    static Optional<Config> plugin(Config job, String block, String name) {
        return job.getConfigList(block).stream().<Config>map(p -> p).filter(p -> name.equals(text(p.root(), "plugin_name"))).findFirst();
    }

    /**
     * The string at {@code keys}, one key per level: SeaTunnel keeps dotted keys such as {@code job.mode} and
     * {@code bootstrap.servers} whole, so they are not paths. Null when absent or not a string.
     */
    static String text(ConfigObject root, String... keys) {
        ConfigValue v = root;
        for (String k : keys) {
            if (!(v instanceof ConfigObject o)) return null;
            v = o.get(k);
        }
        return v != null && v.unwrapped() instanceof String s ? s : null;
    }

    /** A connector.yaml endpoint as a job writes it: its window placeholders become job variables. */
    static String jobUrl(String endpoint) {
        String url = endpoint;
        for (Map.Entry<String, String> e : WINDOW_VARIABLES.entrySet()) url = url.replace(e.getKey(), e.getValue());
        return url;
    }

    /** Every {@code ${NAME}} in every string value of the job. */
    static Set<String> variables(ConfigValue value) {
        Set<String> out = new LinkedHashSet<>();
        collect(value, out);
        return out;
    }

    private static void collect(ConfigValue value, Set<String> out) {
        switch (value.valueType()) {
            case OBJECT -> ((ConfigObject) value).values().forEach(v -> collect(v, out));
            case LIST -> ((ConfigList) value).forEach(v -> collect(v, out));
            case STRING -> {
                Matcher m = PLACEHOLDER.matcher((String) value.unwrapped());
                while (m.find()) out.add(m.group(1));
            }
            default -> {
            }
        }
    }
}
