package com.carbon254.ingestion.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code specs.lock.json}: pins every released Avro schema of the project (files under {@code schemas/} and
 * {@code connectors/<iso>/schemas/}) by its Parsing Canonical Form and CRC-64-AVRO fingerprint, plus the full schema
 * (defaults and docs are not part of the canonical form, but compatibility depends on defaults).
 *
 * <p>A change is accepted only when Avro's own checker ({@link SchemaCompatibility#checkReaderWriterCompatibility})
 * finds it compatible in both directions against the pinned schema:
 * <ul>
 *   <li>BACKWARD, the new schema reading data written with the pinned one: a new field needs a default;</li>
 *   <li>FORWARD, the pinned schema reading data written with the new one: consumers still on the pinned schema keep
 *   working, so a field may be removed (or renamed) only if it had a default, and a type may not change.</li>
 * </ul>
 * A breaking change needs a new {@code .v2} topic and schema instead. Every problem is one line naming the file and
 * the field. Not thread-safe; a build-time tool.
 */
public final class SchemaLock {
    /** The lock file, at the project root. */
    public static final String FILE = "specs.lock.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One pinned schema. */
    public record Entry(String path, String fingerprint, String canonical, Schema schema) {
    }

    /**
     * Checks every schema file under {@code projectRoot} against the lock.
     *
     * @return one line per problem (incompatible change, vanished or unparsable file, schema not locked); empty
     *         when every change is compatible. A compatible change that is not re-pinned yet is not a problem here
     *         (see {@link #unpinned}).
     */
    public List<String> validate(Path projectRoot) {
        List<String> problems = new ArrayList<>(checkLocked(projectRoot));
        Map<String, Entry> locked = read(projectRoot);
        for (String file : schemaFiles(projectRoot)) {
            if (!locked.containsKey(file)) {
                problems.add(file + ": not locked: a new schema must be pinned in " + FILE
                        + " (validate-schemas --update)");
            }
        }
        return problems;
    }

    /**
     * Locked schemas whose file changed (compatibly or not) since it was pinned: what {@link #update} would re-pin.
     * CI treats a non-empty list as a failure, so every released change is pinned in the same commit.
     */
    public List<String> unpinned(Path projectRoot) {
        List<String> out = new ArrayList<>();
        for (Entry e : read(projectRoot).values()) {
            Path file = projectRoot.resolve(e.path());
            if (!Files.isRegularFile(file)) continue;
            try {
                String fp = fingerprint(parse(file));
                if (!fp.equals(e.fingerprint())) {
                    out.add(e.path() + ": changed since it was pinned (fingerprint " + e.fingerprint() + " -> " + fp
                            + "); re-pin with validate-schemas --update");
                }
            } catch (RuntimeException ex) {
                out.add(e.path() + ": " + ex.getMessage());
            }
        }
        return out;
    }

    /**
     * Re-pins every schema file under {@code projectRoot} (new ones included).
     *
     * @throws IllegalStateException listing every problem when a locked schema changed incompatibly, vanished or no
     *                               longer parses; the lock is left untouched then
     */
    public void update(Path projectRoot) {
        List<String> problems = checkLocked(projectRoot);
        List<String> files = schemaFiles(projectRoot);
        Map<String, Entry> entries = new TreeMap<>();
        for (String f : files) {
            try {
                Schema s = parse(projectRoot.resolve(f));
                entries.put(f, new Entry(f, fingerprint(s), SchemaNormalization.toParsingForm(s), s));
            } catch (RuntimeException e) {
                if (!problems.contains(f + ": " + e.getMessage())) problems.add(f + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("not re-pinning " + FILE + ":\n" + String.join("\n", problems));
        }
        write(projectRoot, entries);
    }

    /** The pinned entries, by relative path; empty when there is no lock file yet. */
    public Map<String, Entry> read(Path projectRoot) {
        Path lock = projectRoot.resolve(FILE);
        Map<String, Entry> out = new TreeMap<>();
        if (!Files.exists(lock)) return out;
        try {
            JsonNode root = JSON.readTree(lock.toFile());
            JsonNode schemas = root.path("schemas");
            for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue();
                Schema s = new Schema.Parser().parse(JSON.writeValueAsString(n.get("schema")));
                out.put(e.getKey(), new Entry(e.getKey(), n.path("fingerprint").asText(),
                        n.path("canonical").asText(), s));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(FILE + " is not a valid lock file: " + e.getMessage(), e);
        }
    }

    /** Schema files under the root, relative, with {@code /} separators, sorted. */
    public static List<String> schemaFiles(Path projectRoot) {
        List<String> out = new ArrayList<>();
        collect(projectRoot, projectRoot.resolve("schemas"), out);
        Path connectors = projectRoot.resolve("connectors");
        if (Files.isDirectory(connectors)) {
            try (Stream<Path> dirs = Files.list(connectors)) {
                dirs.filter(Files::isDirectory).forEach(d -> collect(projectRoot, d.resolve("schemas"), out));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.sort(null);
        return out;
    }

    /** CRC-64-AVRO of the Parsing Canonical Form, as 16 hex digits. */
    public static String fingerprint(Schema s) {
        return String.format("%016x", SchemaNormalization.parsingFingerprint64(s));
    }

    private List<String> checkLocked(Path projectRoot) {
        List<String> problems = new ArrayList<>();
        for (Entry e : read(projectRoot).values()) {
            Path file = projectRoot.resolve(e.path());
            if (!Files.isRegularFile(file)) {
                problems.add(e.path() + ": locked schema file is missing; a released schema cannot be removed"
                        + " (publish a new .v2 topic instead)");
                continue;
            }
            Schema current;
            try {
                current = parse(file);
            } catch (RuntimeException ex) {
                problems.add(e.path() + ": " + ex.getMessage());
                continue;
            }
            check(e.path(), current, e.schema(), true, problems);
            check(e.path(), e.schema(), current, false, problems);
        }
        return problems;
    }

    /** One direction: {@code backward} = new schema reads pinned data; otherwise pinned schema reads new data. */
    private static void check(String file, Schema reader, Schema writer, boolean backward, List<String> problems) {
        SchemaCompatibility.SchemaCompatibilityResult r =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        for (Incompatibility inc : r.getIncompatibilities()) {
            String field = fieldPath(reader, inc.getLocation());
            String what = switch (inc.getType()) {
                case READER_FIELD_MISSING_DEFAULT_VALUE -> backward
                        ? "added without a default, so events written with the pinned schema cannot be read"
                        : "removed or renamed, and it has no default in the pinned schema, so consumers on the"
                          + " pinned schema cannot read new events";
                case TYPE_MISMATCH -> "type changed (" + inc.getMessage() + ")";
                default -> inc.getMessage();
            };
            problems.add(file + ": field '" + field + "' " + what + " [" + (backward ? "BACKWARD" : "FORWARD") + " "
                    + inc.getType() + " at " + inc.getLocation() + "]");
        }
    }

    /**
     * Turns a compatibility location ({@code /fields/6/type/fields/16/type/1}, a path into the reader schema) into
     * dotted field names ({@code payload.derived}); falls back to the raw location.
     */
    static String fieldPath(Schema reader, String location) {
        if (location == null || location.isEmpty() || location.equals("/")) return "<root>";
        try {
            String[] t = location.substring(1).split("/");
            Schema cur = reader;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < t.length; i++) {
                String tok = t[i];
                if (tok.equals("fields") && i + 1 < t.length) {
                    Schema.Field f = cur.getFields().get(Integer.parseInt(t[++i]));
                    names.add(f.name());
                    cur = f.schema();
                } else if (tok.equals("items")) {
                    cur = cur.getElementType();
                } else if (tok.equals("values")) {
                    cur = cur.getValueType();
                } else if (cur.getType() == Schema.Type.UNION && tok.chars().allMatch(Character::isDigit)) {
                    cur = cur.getTypes().get(Integer.parseInt(tok));
                } else if (!tok.equals("type")) {
                    break;
                }
            }
            return names.isEmpty() ? location : String.join(".", names);
        } catch (RuntimeException e) {
            return location;
        }
    }

    private static void write(Path projectRoot, Map<String, Entry> entries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("comment", "Pinned Avro schemas: Parsing Canonical Form and CRC-64-AVRO fingerprint per file."
                + " Checked by validate-schemas (BACKWARD and FORWARD against the pinned schema); re-pin with"
                + " validate-schemas --update after a compatible change. Do not edit by hand.");
        ObjectNode schemas = root.putObject("schemas");
        try {
            for (Entry e : entries.values()) {
                ObjectNode n = schemas.putObject(e.path());
                n.put("fingerprint", e.fingerprint());
                n.put("canonical", e.canonical());
                n.set("schema", JSON.readTree(e.schema().toString()));
            }
            String text = JSON.writeValueAsString(root) + "\n";
            Path tmp = projectRoot.resolve(FILE + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, projectRoot.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("does not parse as an Avro schema: " + e.getMessage(), e);
        }
    }

    private static void collect(Path root, Path dir, List<String> out) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".avsc") && Files.isRegularFile(p))
                    .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
