package com.carbon254.ingestion.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One policy file ({@code conf/*.yaml}, a {@code connector.yaml}) and the value parsed from it, re-read on demand.
 * A path is read from disk when the file exists there, else from the copy packaged in the jar under the same
 * relative path, so the jar runs from any directory while an operator's edited file always wins.
 *
 * <p>A file the process follows ({@link PolicyFiles}) is shared by every verticle instance, so a refresh reaches them
 * all at once. A refresh compares the file's text, not its modification time (an edit within the file system's
 * timestamp granularity still counts). A broken edit is logged with every problem and the last good value kept: a
 * typo in a rules file never stops a running pipeline.
 *
 * @param <T> the parsed policy
 */
public final class PolicyFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFile.class);
    private final String path;
    private final Function<String, T> parse;
    private final Function<T, Duration> checkEvery;
    private volatile String text;
    private volatile T value;

    private PolicyFile(String path, Function<String, T> parse, Function<T, Duration> checkEvery, String text, T value) {
        this.path = path;
        this.parse = parse;
        this.checkEvery = checkEvery;
        this.text = text;
        this.value = value;
    }

    /**
     * Reads and parses the file now (blocking).
     *
     * @param parse      text to value; throws (e.g. {@link ConfigException}) on an invalid file
     * @param checkEvery how long after a check the file is due again, from its current value
     * @throws RuntimeException whatever {@code parse} throws: an invalid file at start is a startup error
     */
    public static <T> PolicyFile<T> load(String path, Function<String, T> parse, Function<T, Duration> checkEvery) {
        String text = text(path);
        return new PolicyFile<>(path, parse, checkEvery, text, Objects.requireNonNull(parse.apply(text),
                "parsed policy"));
    }

    /** The file's text from disk, else from the jar (blocking). */
    public static String text(String path) {
        Path p = Path.of(path);
        try {
            if (Files.isRegularFile(p)) return Files.readString(p, StandardCharsets.UTF_8);
            try (InputStream in = PolicyFile.class.getClassLoader().getResourceAsStream(path.replace('\\', '/'))) {
                if (in == null) throw new ConfigException(List.of(path + ": policy file not found on disk or in the jar"));
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(path + ": cannot read (" + e.getMessage() + ")"));
        }
    }

    /** The file as a YAML mapping, from disk, else from the jar (blocking). */
    public static Map<String, Object> yaml(String path) {
        return Yaml.parse(text(path), path);
    }

    public String path() {
        return path;
    }

    /** The last good value. */
    public T get() {
        return value;
    }

    /** How long after a check this file is due again. */
    public Duration checkEvery() {
        return checkEvery.apply(value);
    }

    /**
     * Re-reads the file (blocking: call on a worker); parses and swaps in the new value when the text changed.
     *
     * @return true when a new value was taken
     */
    public synchronized boolean refresh() {
        String now;
        try {
            now = text(path);
        } catch (RuntimeException e) {
            LOG.error("policy file {} not re-read, keeping the previous one: {}", path, e.getMessage());
            return false;
        }
        if (now.equals(text)) return false;
        try {
            value = Objects.requireNonNull(parse.apply(now), "parsed policy");
            LOG.info("reloaded policy file {}", path);
            return true;
        } catch (RuntimeException e) {
            String why = e instanceof ConfigException ce ? String.join("; ", ce.problems()) : e.getMessage();
            LOG.error("policy file {} is invalid, keeping the previous one: {}", path, why);
            return false;
        } finally {
            text = now; // a broken edit is reported once, not on every check
        }
    }
}
