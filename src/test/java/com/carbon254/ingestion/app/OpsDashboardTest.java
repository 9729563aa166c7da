package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard ({@code ops/grafana/carbon-ingestion.json}) against the real {@code /metrics} of a running
 * all-in-one after imports: every metric its PromQL queries exists, with every label it filters or groups by, and
 * every label value it filters on. A renamed metric or label breaks this test, not an operator's dashboard.
 */
class OpsDashboardTest {
    static final Path DASHBOARD = Path.of("ops", "grafana", "carbon-ingestion.json");
    static final String MISO = "miso/miso_da_lmp_2011-07-16_full_mtp13.csv";
    /** PromQL's own words (functions, aggregations, keywords), which are not metric names. */
    static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "delta", "deriv", "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "offset", "topk", "bottomk", "abs", "clamp_min", "clamp_max", "label_values");
    /** Labels Prometheus adds when it scrapes, absent from the exposition itself. */
    static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");
    static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @TempDir
    static Path dataDir;
    static RunningApp running;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));
    }

    @AfterAll
    static void shutdown() {
        if (running != null) running.close();
    }

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws Exception {
        assertThat(running.importFile("miso", Files.readAllBytes(IsoFixtures.shared(MISO))).getString("status"))
                .isEqualTo("done");
        String drifted = "Day Ahead Market LMPs\n07/17/2011\n\n,,,All Hours-Ending are Eastern Standard Time (EST)\n"
                + "Node,Kind,Value,HE 1\nAEC,Interface,LMP,26.82\n";
        assertThat(running.importFile("miso", drifted.getBytes(StandardCharsets.UTF_8)).getString("status"))
                .isEqualTo("failed");
        assertThat(running.get("/api/v1/connectors").statusCode()).isEqualTo(200); // what refreshes the lag gauges
        System.gc(); // GC pause timers appear with the first collection the process sees
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("jvm_gc_pause_seconds_count"));
        String metrics = scrape();

        List<String> exprs = expressions(new JsonObject(Files.readString(DASHBOARD)));
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);
        Set<String> queried = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String e : exprs) {
            Set<String> names = metricNames(e);
            queried.addAll(names);
            for (String n : names) {
                if (series(metrics, n).isEmpty()) problems.add(n + " (in " + e + ") is not in /metrics");
            }
            Set<String> labels = new LinkedHashSet<>();
            Matcher g = GROUPING.matcher(e);
            while (g.find()) for (String l : g.group(1).split(",")) labels.add(l.trim());
            Matcher s = SELECTOR.matcher(e);
            while (s.find()) {
                Matcher m = MATCHER.matcher(s.group(2));
                while (m.find()) {
                    labels.add(m.group(1));
                    String exact = m.group(1) + "=\"" + m.group(3) + "\"";
                    if (m.group(2).equals("=") && !SCRAPE_LABELS.contains(m.group(1))
                            && series(metrics, s.group(1)).stream().noneMatch(l -> l.contains(exact))) {
                        problems.add(s.group(1) + " has no series with " + exact + " (in " + e + ")");
                    }
                }
            }
            for (String l : labels) {
                if (l.isEmpty() || SCRAPE_LABELS.contains(l)) continue;
                boolean found = names.stream().flatMap(n -> series(metrics, n).stream())
                        .anyMatch(line -> line.contains("{" + l + "=\"") || line.contains("," + l + "=\""));
                if (!found) problems.add("label " + l + " is on none of " + names + " (in " + e + ")");
            }
        }
        assertThat(problems).as("what the dashboard queries that /metrics does not serve").isEmpty();
        assertThat(queried).as("the dashboard charts throughput, lag, DLQ, anomalies, import durations and the JVM")
                .contains("stage_records_total", "connector_data_lag_seconds", "dlq_records_total",
                        "data_quality_anomalies_total", "import_duration_seconds_bucket", "jvm_memory_used_bytes",
                        "jvm_gc_pause_seconds_sum");
    }

    private static String scrape() throws Exception {
        return running.get("/metrics").bodyAsString();
    }

    /** The exposition lines of metric {@code name} (its samples, not its HELP/TYPE comments). */
    static List<String> series(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).toList();
    }

    /** Every PromQL expression of the dashboard: its panels' targets (rows' nested panels too) and variables. */
    static List<String> expressions(JsonObject dashboard) {
        List<String> out = new ArrayList<>();
        collectTargets(dashboard.getJsonArray("panels", new JsonArray()), out);
        for (Object v : dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())) {
            JsonObject var = (JsonObject) v;
            if ("query".equals(var.getString("type"))) out.add(var.getString("definition"));
        }
        return out;
    }

    private static void collectTargets(JsonArray panels, List<String> out) {
        for (Object o : panels) {
            JsonObject p = (JsonObject) o;
            for (Object t : p.getJsonArray("targets", new JsonArray())) out.add(((JsonObject) t).getString("expr"));
            collectTargets(p.getJsonArray("panels", new JsonArray()), out);
        }
    }

    /** The metric names of a PromQL expression: what is left once strings, matchers, ranges and PromQL's words go. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String w = m.group();
            int before = m.start() - 1;
            boolean partOfNumber = before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.');
            if (!PROMQL.contains(w) && !partOfNumber) out.add(w);
        }
        // label_values(metric, label): the label is not a metric
        Matcher lv = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*(\\w+)\\s*\\)").matcher(expr);
        while (lv.find()) out.remove(lv.group(2));
        return out;
    }

    @Test
    void metricNamesOfAnExpressionAreFoundAndPromqlWordsAreNot() {
        assertThat(metricNames("histogram_quantile(0.95, sum by (le, connector) (rate(import_duration_seconds_bucket"
                + "{job=~\"$job\",x=\"a b\"}[$__rate_interval])))")).containsExactly("import_duration_seconds_bucket");
        assertThat(metricNames("label_values(stage_records_total, job)")).containsExactly("stage_records_total");
        assertThat(metricNames("a_total / on (stage) b_total * 1e3")).containsExactly("a_total", "b_total");
    }
}
