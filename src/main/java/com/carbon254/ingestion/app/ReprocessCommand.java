package com.carbon254.ingestion.app;

import com.carbon254.ingestion.pipeline.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ingestion reprocess --from --to [--iso ...]}: asks a running process ({@code POST /reprocess}) to replay
 * the Bronze documents of a window, then follows the job ({@code GET /reprocess/{id}}) with a progress bar on
 * stderr until it ends. Exit 0 when the job is done, 1 when it failed or was cancelled, 2 when the request was
 * refused or no process answered.
 */
@Command(name = "reprocess", mixinStandardHelpOptions = true,
        description = {"Replay the Bronze documents of a window through a stage and everything after it, on a running"
                + " process (all-in-one, or a normalizer/enricher/aggregator role), showing progress.",
                "The window is [from, to): a date is the start of that operating day in each ISO's zone."})
public final class ReprocessCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "window start: YYYY-MM-DD or an ISO-8601 instant")
    String from;

    @Option(names = "--to", required = true, description = "window end, exclusive: YYYY-MM-DD or an ISO-8601 instant")
    String to;

    @Option(names = "--iso", paramLabel = "ISO", split = ",",
            description = "only these ISOs (repeat or comma-separate; default: every ISO)")
    List<String> isos;

    @Option(names = "--stage", description = "first stage to replay through: normalizer (default on all-in-one),"
            + " enricher or aggregator")
    String stage;

    @Option(names = "--tenant", description = "tenant whose documents to replay (default: the process's tenant)")
    String tenant;

    @Option(names = "--url", description = "base URL of the process (default: http://127.0.0.1:<all-in-one port>)")
    String url;

    @Option(names = "--poll-ms", defaultValue = "500", description = "how often to ask for progress (default 500)")
    long pollMs;

    PrintStream out = System.out;
    PrintStream err = System.err;
    /** Whether the bar may redraw itself in place (a terminal), or prints one line per change (a log). */
    boolean terminal = System.console() != null;

    @Override
    public Integer call() throws Exception {
        String base = url;
        if (base == null) {
            try {
                base = "http://127.0.0.1:" + Cli.config("all-in-one", null, new AppConfig.Overrides(null, null))
                        .httpPort();
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        base = base.replaceAll("/+$", "");
        JsonObject body = new JsonObject().put("from", from).put("to", to);
        if (isos != null && !isos.isEmpty()) body.put("isos", new JsonArray(List.copyOf(isos)));
        if (stage != null) body.put("stage", stage);
        if (tenant != null) body.put("tenant", tenant);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> posted;
        try {
            posted = http.send(HttpRequest.newBuilder(URI.create(base + "/reprocess"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("no process answers at " + base + " (" + e.getMessage() + "); start one with `make run`"
                    + " or give --url");
            return 2;
        }
        JsonObject answer = parse(posted.body());
        if (posted.statusCode() != 202 || answer == null || answer.getString("id") == null) {
            err.println("reprocess refused (HTTP " + posted.statusCode() + "): " + describe(answer, posted.body()));
            return 2;
        }
        String id = answer.getString("id");
        err.println("reprocess " + id + " submitted to " + base);
        String lastLine = null;
        while (true) {
            HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(base + "/reprocess/" + id)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonObject job = parse(got.body());
            if (got.statusCode() != 200 || job == null) {
                err.println();
                err.println("lost track of reprocess " + id + " (HTTP " + got.statusCode() + "): "
                        + describe(job, got.body()));
                return 2;
            }
            String line = bar(job, 30);
            if (terminal) {
                err.print("\r" + line);
                err.flush();
            } else if (!line.equals(lastLine)) {
                err.println(line);
            }
            lastLine = line;
            String status = job.getString("status", "");
            if (status.equals("done") || status.equals("failed") || status.equals("cancelled")) {
                if (terminal) err.println();
                out.println(summary(job));
                return status.equals("done") ? 0 : 1;
            }
            Thread.sleep(pollMs);
        }
    }

    /** {@code [#########-----]  3/5 documents  12,040 records  eta 4s  running}. */
    static String bar(JsonObject job, int width) {
        int total = job.getInteger("documents_total", 0);
        int done = job.getInteger("documents_done", 0);
        String status = job.getString("status", "?");
        int filled = total == 0 ? (status.equals("done") ? width : 0) : (int) ((long) done * width / total);
        Long eta = job.getLong("eta_seconds");
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] "
                + String.format(Locale.ROOT, "%d/%d documents  %,d records", done, total, job.getLong("records", 0L))
                + (eta == null ? "" : "  eta " + eta + "s") + "  " + status;
    }

    static String summary(JsonObject job) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "reprocess %s: %s, %d of %d documents"
                        + " replayed, %d skipped, %,d records", job.getString("id"), job.getString("status"),
                job.getInteger("documents_done", 0) - job.getInteger("documents_skipped", 0),
                job.getInteger("documents_total", 0), job.getInteger("documents_skipped", 0),
                job.getLong("records", 0L)));
        if (job.getString("error") != null) sb.append("\n  error: ").append(job.getString("error"));
        JsonArray skipped = job.getJsonArray("skipped");
        if (skipped != null) skipped.forEach(s -> sb.append("\n  skipped ").append(s));
        return sb.toString();
    }

    private static JsonObject parse(String body) {
        try {
            return body == null || body.isBlank() ? null : new JsonObject(body);
        } catch (DecodeException e) {
            return null;
        }
    }

    private static String describe(JsonObject answer, String raw) {
        if (answer == null) return raw == null || raw.isBlank() ? "(empty answer)" : raw;
        JsonArray problems = answer.getJsonArray("problems");
        if (problems == null) return answer.getString("error", answer.encode());
        StringBuilder sb = new StringBuilder(answer.getString("error", ""));
        problems.forEach(p -> sb.append("\n  ").append(p));
        return sb.toString();
    }
}
