package com.carbon254.ingestion.app;

import com.carbon254.ingestion.connector.sim.SimulatorConfig;
import com.carbon254.ingestion.connector.sim.SimulatorVerticle;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.caiso.CaisoSimulator;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ingestion simulate}: the ISO simulator alone (MISO market reports and API, CAISO OASIS), until the process is
 * killed. Prints the three base URLs to point the connectors at it.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Serve simulated MISO and CAISO endpoints (real formats, synthetic prices) until killed.")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port = SimulatorConfig.DEFAULT_PORT;

    @Option(names = "--host", paramLabel = "ADDR", description = "interface to bind (default ${DEFAULT-VALUE})")
    String host = SimulatorConfig.DEFAULT_HOST;

    @Option(names = "--speed", paramLabel = "X",
            description = "simulated seconds per real second (default ${DEFAULT-VALUE}; 60 = an hour per minute)")
    double speed = 1;

    @Option(names = "--seed", paramLabel = "N", description = "price model seed (default ${DEFAULT-VALUE})")
    long seed = SimulatorConfig.DEFAULT_SEED;

    @Option(names = "--start", paramLabel = "INSTANT",
            description = "simulated time at start, e.g. 2024-11-03T06:00:00Z (default: now)")
    Instant start;

    @Option(names = "--caiso-min-spacing-ms", paramLabel = "MS",
            description = "CAISO answers 429 within this many ms of its last answer (default ${DEFAULT-VALUE}; 0 = off)")
    long caisoMinSpacingMs = CaisoSimulator.OASIS_RATE_LIMIT.defaultSpacingMs();

    @Override
    public Integer call() throws InterruptedException {
        SimulatorConfig cfg;
        try {
            cfg = new SimulatorConfig(host, port, speed, seed, start,
                    Map.of(CaisoSimulator.OASIS_RATE_LIMIT.configKey(), caisoMinSpacingMs));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        SimulatorVerticle sim = new SimulatorVerticle(Isos.all(), cfg);
        try {
            vertx.deployVerticle(sim).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            System.err.println("simulator failed to start: " + c.getMessage());
            vertx.close();
            return 1;
        }
        printUrls(System.out, sim);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // exiting anyway
            } finally {
                stopped.countDown();
            }
        }, "simulator-shutdown"));
        stopped.await(); // runs until killed
        return 0;
    }

    static void printUrls(PrintStream out, SimulatorVerticle sim) {
        String base = sim.baseUrl();
        out.println("ISO simulator listening on " + base + " (speed " + sim.clock().speed() + "x, simulated time "
                + sim.clock().now() + ")");
        out.println("Point the connectors at it:");
        sim.baseUrls().forEach((variable, url) -> out.println("  export " + variable + "=" + url));
        out.println("Faults: curl -X POST " + base + "/sim/faults -d '{\"path_prefix\":\"/caiso\",\"responses\":[\"429\"]}'"
                + "   status: curl " + base + "/sim/status");
        out.flush();
    }
}
