package com.carbon254.ingestion.testing;

import com.carbon254.ingestion.event.RawDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Finds the real ISO samples in {@code ../shared/iso-samples} relative to the project root (system property
 * {@code project.root}, set by surefire; else the working directory). They are read in place, never copied.
 */
public final class IsoSamples {
    public static final String MISSING = "../shared/iso-samples not found next to the project root; skipping the"
            + " real-sample test";

    private IsoSamples() {
    }

    public static Path projectRoot() {
        String root = System.getProperty("project.root");
        return (root != null && !root.isBlank() ? Paths.get(root) : Paths.get("")).toAbsolutePath();
    }

    /** The sample at {@code ../shared/iso-samples/<relative>}, if present. */
    public static Optional<Path> find(String relative) {
        Path p = projectRoot().resolve("../shared/iso-samples").resolve(relative).normalize();
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    public static RawDocument document(String connector, String name, byte[] content) {
        return new RawDocument("t1", connector, name, null, sha256(content), content, Instant.EPOCH, "trace-1");
    }

    public static RawDocument document(String connector, Path file) {
        try {
            return document(connector, file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
