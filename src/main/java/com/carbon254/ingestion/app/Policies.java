package com.carbon254.ingestion.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a policy file ({@code conf/*.yaml}) from disk, falling back to the copy packaged in the jar under the same
 * relative path, so the jar runs from any directory while an operator's edited file always wins.
 */
public final class Policies {
    private Policies() {
    }

    public static Map<String, Object> load(String path) {
        Path p = Path.of(path);
        if (Files.isRegularFile(p)) return Yaml.load(p);
        try (InputStream in = Policies.class.getClassLoader().getResourceAsStream(path.replace('\\', '/'))) {
            if (in == null) throw new ConfigException(List.of(path + ": policy file not found on disk or in the jar"));
            return Yaml.load(in, "jar:" + path);
        } catch (IOException e) {
            throw new ConfigException(List.of(path + ": " + e.getMessage()));
        }
    }

    /** The file's text from disk, else from the jar. */
    public static String text(String path) {
        Path p = Path.of(path);
        try {
            if (Files.isRegularFile(p)) return Files.readString(p, java.nio.charset.StandardCharsets.UTF_8);
            try (InputStream in = Policies.class.getClassLoader().getResourceAsStream(path.replace('\\', '/'))) {
                if (in == null) throw new ConfigException(List.of(path + ": policy file not found on disk or in the jar"));
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(path + ": cannot read (" + e.getMessage() + ")"));
        }
    }

    /** Modification time on disk, 0 for the packaged copy (never changes). */
    public static long lastModified(String path) {
        try {
            Path p = Path.of(path);
            return Files.isRegularFile(p) ? Files.getLastModifiedTime(p).toMillis() : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }
}
