package com.carbon254.ingestion.event;

import com.carbon254.ingestion.app.ValidateSchemasCommand;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaLockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BAR = "schemas/ohlc_bar.avsc";
    private static final String TICK = "schemas/normalized_market_tick.avsc";

    @TempDir
    Path root;
    private final SchemaLock lock = new SchemaLock();

    static Path projectRoot() {
        String p = System.getProperty("project.root");
        return (p != null ? Paths.get(p) : Paths.get("")).toAbsolutePath();
    }

    @BeforeEach
    void copyTheCheckedInSchemasAndLock() throws IOException {
        Path src = projectRoot();
        for (String file : SchemaLock.schemaFiles(src)) {
            Path to = root.resolve(file);
            Files.createDirectories(to.getParent());
            Files.copy(src.resolve(file), to);
        }
        Files.copy(src.resolve(SchemaLock.FILE), root.resolve(SchemaLock.FILE));
    }

    @Test
    void unchangedSchemasPass() {
        assertThat(lock.validate(root)).isEmpty();
        assertThat(lock.unpinned(root)).isEmpty();
    }

    @Test
    void addingAFieldWithADefaultIsCompatibleAndCanBePinned() throws IOException {
        editPayload(BAR, fields -> fields.addObject().put("name", "volume_mwh").put("type", "double")
                .put("default", 0.0).put("doc", "Cleared volume."));

        assertThat(lock.validate(root)).isEmpty();
        assertThat(lock.unpinned(root)).singleElement().asString().contains(BAR, "changed since it was pinned");

        lock.update(root);
        assertThat(lock.validate(root)).isEmpty();
        assertThat(lock.unpinned(root)).isEmpty();
        assertThat(lock.read(root).get(BAR).canonical()).contains("volume_mwh");
    }

    @Test
    void addingAFieldWithoutADefaultFailsNamingIt() throws IOException {
        editPayload(BAR, fields -> fields.addObject().put("name", "volume_mwh").put("type", "double")
                .put("doc", "Cleared volume."));

        assertThat(lock.validate(root)).singleElement().asString()
                .contains(BAR, "'payload.volume_mwh'", "added without a default", "BACKWARD");
        assertThatThrownBy(() -> lock.update(root)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("payload.volume_mwh");
        assertThat(lock.read(root).get(BAR).canonical()).doesNotContain("volume_mwh");
    }

    @Test
    void removingAFieldWithoutADefaultFailsNamingIt() throws IOException {
        editPayload(BAR, fields -> fields.remove(indexOf(fields, "expected")));

        assertThat(lock.validate(root)).singleElement().asString()
                .contains(BAR, "'payload.expected'", "removed or renamed", "FORWARD");
    }

    @Test
    void removingAFieldThatHadADefaultIsCompatible() throws IOException {
        editPayload(TICK, fields -> fields.remove(indexOf(fields, "local_label")));

        assertThat(lock.validate(root)).isEmpty();
    }

    @Test
    void renamingAFieldFailsNamingBothNames() throws IOException {
        editPayload(BAR, fields -> ((ObjectNode) fields.get(indexOf(fields, "mean"))).put("name", "average"));

        assertThat(lock.validate(root))
                .anySatisfy(p -> assertThat(p).contains(BAR, "'payload.average'", "added without a default"))
                .anySatisfy(p -> assertThat(p).contains(BAR, "'payload.mean'", "removed or renamed"));
    }

    @Test
    void changingATypeFailsNamingTheField() throws IOException {
        editPayload(BAR, fields -> ((ObjectNode) fields.get(indexOf(fields, "count"))).put("type", "string"));

        assertThat(lock.validate(root)).isNotEmpty()
                .allSatisfy(p -> assertThat(p).contains(BAR, "'payload.count'", "type changed"));
    }

    @Test
    void wideningATypeBreaksConsumersOnThePinnedSchema() throws IOException {
        // int -> long is BACKWARD compatible in Avro, but a consumer still on the pinned schema cannot read a long
        editPayload(BAR, fields -> ((ObjectNode) fields.get(indexOf(fields, "count"))).put("type", "long"));

        assertThat(lock.validate(root)).singleElement().asString()
                .contains(BAR, "'payload.count'", "type changed", "FORWARD");
    }

    @Test
    void aVanishedLockedSchemaAndANewUnlockedOneAreProblems() throws IOException {
        Files.delete(root.resolve("schemas/curve_update.avsc"));
        Files.createDirectories(root.resolve("connectors/xiso/schemas"));
        Files.copy(root.resolve("connectors/miso/schemas/miso_raw_record.avsc"),
                root.resolve("connectors/xiso/schemas/xiso_raw_record.avsc"));

        assertThat(lock.validate(root))
                .anySatisfy(p -> assertThat(p).contains("schemas/curve_update.avsc", "missing"))
                .anySatisfy(p -> assertThat(p).contains("connectors/xiso/schemas/xiso_raw_record.avsc", "not locked"))
                .hasSize(2);
        assertThatThrownBy(() -> lock.update(root)).hasMessageContaining("curve_update.avsc");
    }

    @Test
    void updatePinsNewSchemasWhenEverythingLockedIsCompatible() throws IOException {
        Files.createDirectories(root.resolve("connectors/xiso/schemas"));
        Files.copy(root.resolve("connectors/miso/schemas/miso_raw_record.avsc"),
                root.resolve("connectors/xiso/schemas/xiso_raw_record.avsc"));

        lock.update(root);

        assertThat(lock.validate(root)).isEmpty();
        assertThat(lock.read(root)).containsKey("connectors/xiso/schemas/xiso_raw_record.avsc");
    }

    @Test
    void theCheckedInLockPinsExactlyTheCheckedInSchemas() {
        Path project = projectRoot();
        assertThat(lock.validate(project)).as("validate-schemas problems").isEmpty();
        assertThat(lock.unpinned(project)).as("changed schemas not re-pinned (validate-schemas --update)").isEmpty();
        assertThat(lock.read(project).keySet()).containsExactlyElementsOf(SchemaLock.schemaFiles(project));
        lock.read(project).values().forEach(e -> assertThat(e.fingerprint())
                .isEqualTo(SchemaLock.fingerprint(new org.apache.avro.Schema.Parser().parse(e.canonical()))));
    }

    @Test
    void theCommandExitsOneWithEveryProblemOnStderr() throws IOException {
        editPayload(BAR, fields -> {
            fields.remove(indexOf(fields, "expected"));
            fields.addObject().put("name", "volume_mwh").put("type", "double").put("doc", "Cleared volume.");
        });
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ValidateSchemasCommand()).setErr(new PrintWriter(err))
                .setOut(new PrintWriter(new StringWriter()));

        assertThat(cli.execute("--root", root.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("payload.expected", "payload.volume_mwh", "2 schema problem(s)");
        assertThat(cli.execute("--root", root.toString(), "--update")).isEqualTo(1);
    }

    @Test
    void theCommandRePinsACompatibleChangeWithUpdate() throws IOException {
        editPayload(BAR, fields -> fields.addObject().put("name", "volume_mwh").put("type", "double")
                .put("default", 0.0).put("doc", "Cleared volume."));
        CommandLine cli = new CommandLine(new ValidateSchemasCommand()).setErr(new PrintWriter(new StringWriter()))
                .setOut(new PrintWriter(new StringWriter()));

        assertThat(cli.execute("--root", root.toString())).as("unpinned change").isEqualTo(1);
        assertThat(cli.execute("--root", root.toString(), "--update")).isEqualTo(0);
        assertThat(cli.execute("--root", root.toString())).isEqualTo(0);
    }

    private void editPayload(String file, Consumer<ArrayNode> edit) throws IOException {
        Path p = root.resolve(file);
        ObjectNode schema = (ObjectNode) JSON.readTree(p.toFile());
        ArrayNode fields = (ArrayNode) schema.get("fields");
        ObjectNode payload = (ObjectNode) fields.get(indexOf(fields, "payload")).get("type");
        edit.accept((ArrayNode) payload.get("fields"));
        Files.writeString(p, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema));
    }

    private static int indexOf(ArrayNode fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(name)) return i;
        }
        throw new IllegalArgumentException("no field " + name);
    }
}
