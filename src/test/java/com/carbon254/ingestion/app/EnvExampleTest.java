package com.carbon254.ingestion.app;

import com.carbon254.ingestion.connector.ConnectorSpec;
import com.carbon254.ingestion.connector.ConnectorSpecs;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code .env.example} lists exactly the environment variables the code reads: the configuration layer's keys and
 * Kafka prefixes, every {@code getenv("…")} / {@code env.get("…")} in the sources, the logging configuration's, and
 * every variable a connector declares.
 */
class EnvExampleTest {
    static final Path ROOT = IsoSamples.projectRoot();

    @Test
    void theExampleListsEveryVariableTheCodeReadsAndNothingElse() throws Exception {
        Set<String> read = new TreeSet<>(AppConfig.ENV_KEYS.keySet());
        AppConfig.KAFKA_ENV_PREFIXES.keySet().forEach(p -> read.add(p + "<PROPERTY>"));
        Pattern literal = Pattern.compile("(?:getenv|env\\.get)\\(\"([A-Z][A-Z0-9_]*)\"\\)");
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) read.add(m.group(1));
            }
        }
        Matcher log = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(
                Files.readString(ROOT.resolve("src/main/resources/logback.xml")));
        while (log.find()) read.add(log.group(1));
        for (ConnectorSpec spec : ConnectorSpecs.load(ROOT.resolve("connectors")).specs()) {
            spec.environment().forEach(e -> read.add(e.name()));
        }

        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^(?:# )?([A-Z][A-Z0-9_]*(?:<PROPERTY>)?)=").matcher(
                Files.readString(ROOT.resolve(".env.example")));
        while (m.find()) listed.add(m.group(1));

        // OpenTelemetry's SDK reads every standard OTEL_* variable; the example shows the ones that turn tracing on
        read.add("OTEL_TRACES_EXPORTER");
        read.add("OTEL_EXPORTER_OTLP_ENDPOINT");
        listed.stream().filter(n -> n.startsWith("OTEL_")).forEach(read::add);
        assertThat(listed).as("variables in .env.example").containsAll(read);
        assertThat(read).as("variables the code reads").containsAll(listed);
    }

    /** A credential never has a value in the example: only a commented, empty entry. */
    @Test
    void secretsAreListedWithoutValues() throws Exception {
        String example = Files.readString(ROOT.resolve(".env.example"));
        for (ConnectorSpec spec : ConnectorSpecs.load(ROOT.resolve("connectors")).specs()) {
            for (ConnectorSpec.EnvVar e : spec.environment()) {
                if (e.secret()) assertThat(example).as(e.name()).containsPattern("(?m)^# " + e.name() + "=$");
            }
        }
    }
}
