package com.carbon254.ingestion.event.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link GenericRecord} of one schema in Avro's binary encoding, byte for byte what
 * {@link org.apache.avro.generic.GenericDatumWriter} writes for it, with the per-datum decisions taken once per schema
 * instead of once per value: no union resolution by name lookups (a nullable field's branch is the null check), no
 * logical-type conversion lookups (the mappers hand over the raw long/int of {@code timestamp-micros} and
 * {@code date}). Unions of several non-null types fall back to {@link GenericData#resolveUnion}.
 *
 * <p>Stateless and thread-safe once built.
 */
final class RecordWriter {
    @FunctionalInterface
    private interface ValueWriter {
        void write(Object value, Encoder out) throws IOException;
    }

    private final ValueWriter root;

    RecordWriter(Schema schema) {
        this.root = writer(schema);
    }

    void write(GenericRecord record, Encoder out) throws IOException {
        root.write(record, out);
    }

    private static ValueWriter writer(Schema s) {
        return switch (s.getType()) {
            case RECORD -> record(s);
            case STRING -> (v, out) -> {
                if (v instanceof String str) out.writeString(str);
                else out.writeString((CharSequence) v);
            };
            case LONG -> (v, out) -> out.writeLong(((Number) v).longValue());
            case INT -> (v, out) -> out.writeInt(((Number) v).intValue());
            case DOUBLE -> (v, out) -> out.writeDouble(((Number) v).doubleValue());
            case FLOAT -> (v, out) -> out.writeFloat(((Number) v).floatValue());
            case BOOLEAN -> (v, out) -> out.writeBoolean((Boolean) v);
            case NULL -> (v, out) -> {
                if (v != null) throw new IllegalArgumentException("not null: " + v);
                out.writeNull();
            };
            case BYTES -> (v, out) -> out.writeBytes((ByteBuffer) v);
            case FIXED -> (v, out) -> out.writeFixed(((GenericData.Fixed) v).bytes());
            case ENUM -> (v, out) -> out.writeEnum(s.getEnumOrdinal(v.toString()));
            case ARRAY -> array(s);
            case MAP -> map(s);
            case UNION -> union(s);
        };
    }

    private static ValueWriter record(Schema s) {
        List<Schema.Field> fields = s.getFields();
        ValueWriter[] ws = new ValueWriter[fields.size()];
        String[] names = new String[fields.size()];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = writer(fields.get(i).schema());
            names[i] = fields.get(i).name();
        }
        return (v, out) -> {
            GenericRecord r = (GenericRecord) v;
            for (int i = 0; i < ws.length; i++) {
                try {
                    ws[i].write(r.get(i), out);
                } catch (NullPointerException | ClassCastException e) {
                    throw new IllegalArgumentException("field " + s.getName() + "." + names[i] + ": "
                            + e.getMessage(), e);
                }
            }
        };
    }

    private static ValueWriter array(Schema s) {
        ValueWriter element = writer(s.getElementType());
        return (v, out) -> {
            Collection<?> c = (Collection<?>) v;
            out.writeArrayStart();
            out.setItemCount(c.size());
            for (Object e : c) {
                out.startItem();
                element.write(e, out);
            }
            out.writeArrayEnd();
        };
    }

    private static ValueWriter map(Schema s) {
        ValueWriter value = writer(s.getValueType());
        return (v, out) -> {
            Map<?, ?> m = (Map<?, ?>) v;
            out.writeMapStart();
            out.setItemCount(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.startItem();
                out.writeString(e.getKey().toString());
                value.write(e.getValue(), out);
            }
            out.writeMapEnd();
        };
    }

    private static ValueWriter union(Schema s) {
        List<Schema> branches = s.getTypes();
        ValueWriter[] ws = new ValueWriter[branches.size()];
        for (int i = 0; i < ws.length; i++) ws[i] = writer(branches.get(i));
        int nullIndex = -1;
        for (int i = 0; i < branches.size(); i++) if (branches.get(i).getType() == Schema.Type.NULL) nullIndex = i;
        if (branches.size() == 2 && nullIndex >= 0) {
            int nulls = nullIndex;
            int other = 1 - nullIndex;
            ValueWriter w = ws[other];
            return (v, out) -> {
                if (v == null) {
                    out.writeIndex(nulls);
                    out.writeNull();
                } else {
                    out.writeIndex(other);
                    w.write(v, out);
                }
            };
        }
        return (v, out) -> {
            int i = GenericData.get().resolveUnion(s, v);
            out.writeIndex(i);
            ws[i].write(v, out);
        };
    }
}
