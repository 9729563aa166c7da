package com.carbon254.ingestion.pipeline;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads YAML files as plain maps (safe constructor: no arbitrary types) and deep-merges layers. The one place the
 * project parses YAML, so every config error reads the same.
 */
public final class Yaml {
    private Yaml() {
    }

    /** @throws ConfigException naming the file when it is unreadable, not YAML, or not a mapping at the top */
    public static Map<String, Object> load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return asMap(parse(r), file.toString());
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read (" + e.getMessage() + ")"));
        }
    }

    public static Map<String, Object> load(InputStream in, String name) {
        try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            return asMap(parse(r), name);
        } catch (IOException e) {
            throw new ConfigException(List.of(name + ": cannot read (" + e.getMessage() + ")"));
        }
    }

    public static Map<String, Object> parse(String text, String name) {
        return asMap(parse(new StringReader(text)), name);
    }

    private static Object parse(Reader r) {
        try {
            return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (RuntimeException e) {
            throw new ConfigException(List.of("not valid YAML: " + e.getMessage().replace('\n', ' ')));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String name) {
        if (o == null) return new LinkedHashMap<>();
        if (!(o instanceof Map)) throw new ConfigException(List.of(name + ": top level must be a mapping"));
        return (Map<String, Object>) o;
    }

    /** Deep merge: maps merge key by key, anything else in {@code over} replaces {@code base}. Inputs untouched. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            Object b = out.get(k);
            if (b instanceof Map && v instanceof Map) {
                out.put(k, merge((Map<String, Object>) b, (Map<String, Object>) v));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
