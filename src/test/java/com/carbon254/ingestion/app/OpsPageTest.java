package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoFixtures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ops page at {@code /} in a real headless Chromium (Debian's {@code chromium}, which {@code scripts/setup.sh}
 * installs; skipped with a message where it is missing): after an import, the page served from the jar shows that
 * import {@code done} and the stages' throughput moved. Leaves {@code target/ops-page.png} to look at.
 */
class OpsPageTest {
    static final String MISO = "miso/miso_da_lmp_2011-07-16_full_mtp13.csv";
    static final Path SCREENSHOT = Path.of("target", "ops-page.png");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path profile;
    static RunningApp running;
    static Path chromium;

    @BeforeAll
    static void boot() throws Exception {
        chromium = onPath("chromium").orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (scripts/setup.sh installs Debian's"
                + " chromium); skipping the ops page's browser test");
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));
    }

    @AfterAll
    static void shutdown() {
        if (running != null) running.close();
    }

    @Test
    void theOpsPageShowsAnImportDoneAndTheThroughputMoved() throws Exception {
        JsonObject done = running.importFile("miso", Files.readAllBytes(IsoFixtures.shared(MISO)));
        assertThat(done.getString("status")).isEqualTo("done");
        // the same report with a drifted header: a failed import, a DLQ record and a schema_drift anomaly to show
        String drifted = "Day Ahead Market LMPs\n07/17/2011\n\n,,,All Hours-Ending are Eastern Standard Time (EST)\n"
                + "Node,Kind,Value,HE 1\nAEC,Interface,LMP,26.82\n";
        JsonObject failed = running.importFile("miso", drifted.getBytes(StandardCharsets.UTF_8));
        assertThat(failed.getString("status")).isEqualTo("failed");
        String url = "http://127.0.0.1:" + running.app.httpPort() + "/";

        String dom = browser("--dump-dom", url);
        Matcher row = Pattern.compile("<tr data-kind=\"import\" data-id=\"" + done.getString("id")
                + "\" data-status=\"([a-z]+)\">(.*?)</tr>").matcher(dom);
        assertThat(row.find()).as("the import's row in %s", dom).isTrue();
        assertThat(row.group(1)).isEqualTo("done");
        assertThat(row.group(2)).contains(">done<").contains("miso");
        assertThat(dom).contains("data-moved=\"true\"");
        assertThat(dom).contains("<tr data-kind=\"import\" data-id=\"" + failed.getString("id")
                + "\" data-status=\"failed\">");
        assertThat(dom).as("the DLQ counts by reason").containsPattern("<tr data-reason=\"connectors/[a-z_]+\" data-count=\"1\">");
        assertThat(dom).as("the newest anomalies").containsPattern("<li data-type=\"[a-z_]+\">");
        for (String stage : new String[]{"connectors", "normalizer", "enricher", "aggregator", "projector"}) {
            Matcher m = Pattern.compile("data-stage=\"" + stage + "\" data-in=\"(\\d+)\"").matcher(dom);
            assertThat(m.find()).as("throughput row of %s", stage).isTrue();
            assertThat(Long.parseLong(m.group(1))).as("records into %s", stage).isPositive();
        }
        assertThat(dom).as("the connectors are listed").contains("data-connector=\"miso\"")
                .contains("data-connector=\"caiso\"");
        assertThat(dom).as("page came from this process alone").doesNotContain("src=\"http").doesNotContain("href=\"http");

        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        browser("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1400,1000", url);
        assertThat(SCREENSHOT).exists();
        assertThat(Files.size(SCREENSHOT)).as("a screenshot with content").isGreaterThan(20_000);
    }

    /** Runs headless Chromium on the page, giving it 8 s of (virtual) time to read the API and the bridge. */
    private static String browser(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=8000"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(profile, "chromium", ".out");
        Path err = Files.createTempFile(profile, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(err));
        }
        assertThat(p.exitValue()).as("chromium: %s", Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
