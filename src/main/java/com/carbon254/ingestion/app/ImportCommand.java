package com.carbon254.ingestion.app;

import com.carbon254.ingestion.connector.ImportJob;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.pipeline.ConfigException;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ingestion import --connector NAME FILE...}: offline import through the whole pipeline in this process, on
 * the embedded store in the data dir; prints a summary per file and exits non-zero if any file could not be read.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import ISO files offline through every stage into the embedded store, then print a summary.")
public final class ImportCommand implements Callable<Integer> {
    @Option(names = "--connector", required = true, description = "connector name (miso, caiso)")
    String connector;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "files exactly as downloaded from the ISO")
    List<Path> files;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (env DATA_DIR; default ./data)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Connector c = Isos.byConnector(connector).map(Iso::connector).orElse(null);
        if (c == null) {
            System.err.println("unknown connector '" + connector + "' (known: " + Isos.connectorNames() + ")");
            return 2;
        }
        AppConfig cfg;
        try {
            cfg = config();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Tracing tracing;
        try {
            tracing = RunCommand.tracing(cfg, System.getenv(), System.getProperties());
        } catch (RuntimeException e) { // the OTEL_* variables name an unknown exporter, a malformed endpoint, …
            System.err.println("tracing: " + e.getMessage());
            return 2;
        }
        try {
            return importAll(c, cfg, tracing, System.out);
        } finally {
            tracing.close(); // exports what is still buffered before the process exits
        }
    }

    /**
     * The pipeline of all-in-one, fed only by these files: no simulator, no scheduled or streaming pulls, and no
     * stale-feed checks (imported files are usually history: every feed would look stale).
     */
    AppConfig config() {
        AppConfig cfg = Cli.config("all-in-one", null, new AppConfig.Overrides(null, dataDir))
                .withoutStage(Stage.SIMULATOR);
        return RunCommand.withoutSchedules(cfg).withStageConfig(Stage.CONNECTORS, "stale_check_seconds", 0);
    }

    /**
     * Imports every file through the pipeline of {@code cfg}, printing a summary of each to {@code out}. Traced as
     * {@code ingestion run} is when {@code tracing} is on: each file is one trace ({@code import <connector>} and the
     * stages' spans under it). Returns the exit code: 0, or 1 when a file could not be read or failed.
     */
    int importAll(Connector c, AppConfig cfg, Tracing tracing, PrintStream out) throws Exception {
        Metrics metrics = new Metrics();
        Vertx vertx = RunCommand.vertx(metrics, tracing);
        int unreadable = 0;
        try {
            App app = App.start(vertx, cfg, metrics, false, tracing).toCompletionStage().toCompletableFuture()
                    .get(120, TimeUnit.SECONDS);
            for (Path f : files) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(f);
                } catch (IOException e) {
                    out.printf("%s: cannot read (%s)%n", f, e.getMessage());
                    unreadable++;
                    continue;
                }
                ImportJob j = app.imports().run(c, f.getFileName().toString(), bytes).toCompletionStage()
                        .toCompletableFuture().get(1, TimeUnit.HOURS);
                print(out, f, j);
                if ("failed".equals(j.status())) unreadable++;
            }
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return unreadable == 0 ? 0 : 1;
    }

    static void print(PrintStream out, Path f, ImportJob j) {
        double s = Math.max(j.elapsedSeconds(), 1e-6);
        out.printf(Locale.ROOT, "%s: %s%s%n", f, j.status(), j.duplicates() > 0 ? " (duplicate: already imported, nothing re-emitted)" : "");
        out.printf(Locale.ROOT, "  dataset %s, documents %d, records in %d, ticks out %d, rejected %d%n",
                j.dataset(), j.documents(), j.recordsIn(), j.ticksOut(), j.rejected());
        for (ImportJob.Reason r : j.reasons()) {
            out.printf(Locale.ROOT, "    %-24s %8d  e.g. %s%n", r.reason(), r.count(), r.example());
        }
        if (j.error() != null) out.printf("  error: %s%n", j.error());
        out.printf(Locale.ROOT, "  elapsed %.3f s, %.0f rows/s%n", s, j.recordsIn() / s);
    }
}
