package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.pipeline.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code ingestion run --role R | --descriptor FILE}: one long-running process of the role the descriptor names. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a role (all-in-one, registry, normalizer, enricher, aggregator, projector) until stopped.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    static final AtomicBoolean RUNNING = new AtomicBoolean();

    @Option(names = "--role", description = "role descriptor from conf/deployments/<role>.yaml (default all-in-one)")
    String role;

    @Option(names = "--descriptor", paramLabel = "FILE", description = "a descriptor file instead of --role")
    Path descriptor;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP port (env HTTP_PORT; all-in-one default 8500)")
    Integer httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (env DATA_DIR; default ./data)")
    Path dataDir;

    @Option(names = "--no-schedules", description = "the connectors take imports and API-requested runs but pull"
            + " nothing on their own: no scheduled runs, no streaming polls (a benchmark, a test, a one-off import)")
    boolean noSchedules;

    @Override
    public Integer call() {
        AppConfig cfg;
        try {
            cfg = Cli.config(role, descriptor, new AppConfig.Overrides(httpPort, dataDir));
            if (noSchedules) cfg = withoutSchedules(cfg);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        serviceInLogs(cfg.role());
        Metrics metrics = new Metrics();
        Tracing tracing;
        try {
            tracing = tracing(cfg, System.getenv(), System.getProperties());
        } catch (RuntimeException e) { // the OTEL_* variables name an unknown exporter, a malformed endpoint, …
            System.err.println("tracing: " + e.getMessage());
            return 2;
        }
        Vertx vertx = vertx(metrics, tracing);
        try {
            App app = App.start(vertx, cfg, metrics, true, tracing).toCompletionStage().toCompletableFuture()
                    .get(120, TimeUnit.SECONDS);
            RUNNING.set(true);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    app.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                            .get(20, TimeUnit.SECONDS);
                    tracing.close();
                } catch (Exception e) {
                    LOG.warn("shutdown incomplete: {}", e.toString());
                }
            }, "shutdown"));
            return 0;
        } catch (Exception e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            System.err.println("start-up failed: " + c.getMessage());
            vertx.close();
            return 1;
        }
    }

    /** The same process, its connectors stage (if it runs one) pulling nothing on its own. */
    static AppConfig withoutSchedules(AppConfig cfg) {
        return cfg.withStageConfig(Stage.CONNECTORS, "scheduler", Map.of("enabled", false))
                .withStageConfig(Stage.CONNECTORS, "streaming", Map.of("enabled", false));
    }

    static Vertx vertx(Metrics metrics) {
        return vertx(metrics, Tracing.OFF);
    }

    /**
     * The process's Vert.x: Micrometer metrics, and when tracing is on Vert.x's own OpenTelemetry tracer too (spans of
     * HTTP server and client requests). Off, no tracer is configured at all.
     */
    static Vertx vertx(Metrics metrics, Tracing tracing) {
        metrics.bindJvm();
        VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
        VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(metrics.registry()));
        if (tracing.enabled()) {
            options.setTracingOptions(new OpenTelemetryOptions());
            builder.withTracer(new OpenTelemetryTracingFactory(tracing.openTelemetry()));
        }
        return builder.with(options).build();
    }

    /** Every log line's {@code service} from now on: the process's role (logback.xml reads the context property). */
    static void serviceInLogs(String role) {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext lc && role != null) {
            lc.putProperty("service", role);
        }
    }

    /** Tracing as the OTEL_* variables say, the service named after the role unless OTEL_SERVICE_NAME names it. */
    static Tracing tracing(AppConfig cfg, Map<String, String> env, Properties sys) {
        Map<String, String> props = new HashMap<>();
        sys.stringPropertyNames().stream().filter(k -> k.startsWith("otel."))
                .forEach(k -> props.put(k, sys.getProperty(k)));
        Tracing t = Tracing.fromEnvironment(env, props, "carbon-ingestion-" + cfg.role());
        if (t.enabled()) LOG.info("tracing on: spans exported as the OTEL_* variables say");
        return t;
    }
}
