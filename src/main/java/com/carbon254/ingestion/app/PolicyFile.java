package com.carbon254.ingestion.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.Function;

/**
 * One policy file ({@code conf/*.yaml}, see {@link Policies}) and the value parsed from it, re-read on demand. Every
 * verticle instance of a process shares one, so a refresh reaches them all at once.
 *
 * <p>A refresh compares the file's text, not its modification time (an edit within the file system's timestamp
 * granularity still counts). A broken edit is logged with every problem and the last good value kept: a typo in a
 * rules file never stops a running pipeline.
 *
 * @param <T> the parsed policy
 */
public final class PolicyFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFile.class);
    private final String path;
    private final Function<String, T> parse;
    private volatile String text;
    private volatile T value;

    private PolicyFile(String path, Function<String, T> parse, String text, T value) {
        this.path = path;
        this.parse = parse;
        this.text = text;
        this.value = value;
    }

    /**
     * Reads and parses the file now (blocking).
     *
     * @param parse text to value; throws (e.g. {@link ConfigException}) on an invalid file
     * @throws RuntimeException whatever {@code parse} throws: an invalid file at start is a startup error
     */
    public static <T> PolicyFile<T> load(String path, Function<String, T> parse) {
        String text = Policies.text(path);
        return new PolicyFile<>(path, parse, text, Objects.requireNonNull(parse.apply(text), "parsed policy"));
    }

    public String path() {
        return path;
    }

    /** The last good value. */
    public T get() {
        return value;
    }

    /**
     * Re-reads the file (blocking: call on a worker); parses and swaps in the new value when the text changed.
     *
     * @return true when a new value was taken
     */
    public synchronized boolean refresh() {
        String now;
        try {
            now = Policies.text(path);
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
