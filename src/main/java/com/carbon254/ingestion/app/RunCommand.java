package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
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
        Metrics metrics = new Metrics();
        Vertx vertx = vertx(metrics);
        try {
            App app = App.start(vertx, cfg, metrics, true).toCompletionStage().toCompletableFuture()
                    .get(120, TimeUnit.SECONDS);
            RUNNING.set(true);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    app.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                            .get(20, TimeUnit.SECONDS);
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
        metrics.bindJvm();
        return Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
    }
}
