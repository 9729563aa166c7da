package com.carbon254.ingestion.app;

import com.carbon254.ingestion.connector.ConnectorSpecs;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ingestion connectors-index [--out FILE]}: validates every {@code connectors/<name>/connector.yaml} and writes
 * the index that orchestration (Airflow DAG loader) reads. Prints to stdout without {@code --out}.
 */
@Command(name = "connectors-index", mixinStandardHelpOptions = true,
        description = "Validate every connectors/*/connector.yaml and write connectors_index.json.")
public final class ConnectorsIndexCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", description = "write the index here instead of stdout")
    Path out;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "connectors",
            description = "directory holding <name>/connector.yaml (default: ${DEFAULT-VALUE}; env CONNECTORS_PATH)")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Path d = System.getenv("CONNECTORS_PATH") != null && "connectors".equals(dir.toString())
                ? Path.of(System.getenv("CONNECTORS_PATH")) : dir;
        ConnectorSpecs specs;
        try {
            specs = ConnectorSpecs.load(d);
        } catch (ConnectorSpecs.InvalidSpecException e) {
            System.err.println("invalid connector metadata:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            return 1;
        }
        String json = new JsonObject(specs.toIndexJson()).encodePrettily() + "\n";
        if (out == null) {
            System.out.print(json);
        } else {
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.err.println("wrote " + out + " (" + specs.specs().size() + " connectors, "
                    + specs.enabled().size() + " enabled)");
        }
        return 0;
    }
}
