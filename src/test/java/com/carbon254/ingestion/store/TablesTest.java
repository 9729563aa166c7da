package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.avro.AvroCodecs;
import com.carbon254.ingestion.store.Column.Type;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables ({@link Tables}) against the Avro records the same data travels as: a column added to one and forgotten
 * in the other fails here. Where names or shapes differ on purpose, the mapping below says why.
 */
class TablesTest {
    /**
     * A table and the Avro record of its rows.
     *
     * @param avroToColumn Avro field name → column name, where they differ
     * @param avroOnly     Avro fields the table does not keep, with the reason
     * @param otherShape   columns whose type is not the Avro field's, with the reason
     */
    record Mapping(Table<?> table, String schema, List<String> recordPath, Map<String, String> avroToColumn,
                   Map<String, String> avroOnly, Map<String, String> otherShape) {
        @Override
        public String toString() {
            return table.name() + " ~ " + schema;
        }
    }

    static final List<Mapping> MAPPINGS = List.of(
            // the payload is the enriched tick: the canonical tick's fields, then the enrichment's
            new Mapping(Tables.SilverTicks.TABLE, AvroCodecs.ENRICHED_TICK, List.of("payload", "tick"), Map.of(),
                    Map.of("tick.location_type", "one location_type is kept, the enrichment's (read back as both)"),
                    Map.of("derived", "a bit mask of components (Component.bit) in the table, their names in Avro")),
            // start/end are reserved words in SQL
            new Mapping(Tables.GoldBars.TABLE, AvroCodecs.OHLC_BAR, List.of("payload"),
                    Map.of("start", "bar_start", "end", "bar_end"), Map.of(), Map.of()),
            new Mapping(Tables.GoldRolling.TABLE, AvroCodecs.ROLLING_METRIC, List.of("payload"), Map.of(), Map.of(),
                    Map.of()),
            // date is a type name in SQL; ClickHouse keeps it as delivery_day (see Tables.GoldCurves)
            new Mapping(Tables.GoldCurves.TABLE, AvroCodecs.CURVE_UPDATE, List.of("payload"),
                    Map.of("date", "delivery_date"), Map.of(), Map.of()),
            new Mapping(Tables.GoldCurves.TABLE, AvroCodecs.CURVE_PRESTAGE, List.of("payload"),
                    Map.of("date", "delivery_date"), Map.of(), Map.of()),
            new Mapping(Tables.Dlq.TABLE, AvroCodecs.DLQ, List.of("payload"), Map.of(), Map.of(), Map.of()),
            // interval names the column as the tick tables do
            new Mapping(Tables.Anomalies.TABLE, AvroCodecs.ANOMALY, List.of("payload"),
                    Map.of("interval", "interval_start"), Map.of(), Map.of()));

    /** Tables no Avro record travels as, with the reason. */
    static final Map<Table<?>, String> WITHOUT_AVRO = Map.of(
            Tables.BronzeDocuments.TABLE, "documents travel as bytes (RawRecord events carry their parsed rows)",
            Tables.BronzeCoverage.TABLE, "written by the connector after extraction, never published",
            Tables.SilverTicks.REVISIONS, "the columns of silver_ticks, checked with it");

    static Stream<Arguments> mappings() {
        return MAPPINGS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void everyColumnIsAnAvroFieldOfTheSameTypeAndNullability(Mapping m) {
        Map<String, Schema> fields = fields(AvroCodecs.schema(m.schema()), m.recordPath());
        Map<String, Column<?>> columns = new LinkedHashMap<>();
        for (Column<?> c : m.table().recordColumns()) columns.put(c.name(), c);

        List<String> problems = new ArrayList<>();
        Set<String> mapped = new HashSet<>();
        fields.forEach((field, schema) -> {
            if (m.avroOnly().containsKey(field)) return;
            String name = m.avroToColumn().getOrDefault(field.substring(field.lastIndexOf('.') + 1),
                    field.substring(field.lastIndexOf('.') + 1));
            Column<?> c = columns.get(name);
            if (c == null) {
                problems.add("Avro field " + field + " has no column " + name);
                return;
            }
            mapped.add(name);
            boolean nullable = schema.isNullable();
            Schema value = nullable ? schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL)
                    .findFirst().orElseThrow() : schema;
            if (!m.otherShape().containsKey(name) && type(value) != c.type()) {
                problems.add(field + " is " + value + " in Avro, " + c.type() + " in " + m.table());
            }
            if (nullable && !c.nullable()) problems.add(field + " may be null in Avro, not in " + m.table());
        });
        for (String name : columns.keySet()) {
            if (!mapped.contains(name)) problems.add("column " + name + " of " + m.table() + " is in no Avro field");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTableIsCheckedAgainstItsAvroRecordOrSaysWhyNot() {
        Set<Table<?>> covered = new HashSet<>(WITHOUT_AVRO.keySet());
        MAPPINGS.forEach(m -> covered.add(m.table()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Tables.ALL);
    }

    /** The fields of the record at {@code path}, nested records flattened with their field name as prefix. */
    private static Map<String, Schema> fields(Schema envelope, List<String> path) {
        Schema record = envelope.getField(path.get(0)).schema();
        Map<String, Schema> out = new LinkedHashMap<>();
        for (Schema.Field f : record.getFields()) {
            if (path.size() > 1 && f.name().equals(path.get(1))) {
                for (Schema.Field inner : f.schema().getFields()) {
                    out.put(f.name() + "." + inner.name(), inner.schema());
                }
            } else {
                out.put(f.name(), f.schema());
            }
        }
        return out;
    }

    private static Type type(Schema s) {
        if (s.getLogicalType() instanceof LogicalTypes.TimestampMicros) return Type.INSTANT;
        if (s.getLogicalType() instanceof LogicalTypes.Date) return Type.DATE;
        return switch (s.getType()) {
            case STRING -> Type.STRING;
            case BYTES -> Type.BYTES;
            case INT -> Type.INT32;
            case LONG -> Type.INT64;
            case DOUBLE -> Type.FLOAT64;
            case BOOLEAN -> Type.BOOL;
            default -> null;
        };
    }
}
