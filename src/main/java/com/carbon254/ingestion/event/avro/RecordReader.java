package com.carbon254.ingestion.event.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Decoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link GenericRecord} of one schema from Avro's binary encoding written with that same schema (the codecs
 * check the single-object fingerprint first, so no schema resolution is needed), with the decisions taken once per
 * schema: strings come back as {@link String} (not {@code Utf8}, which every mapper would convert), maps as
 * {@link HashMap}, arrays as {@link ArrayList}, {@code timestamp-micros}/{@code date} as their raw long/int — what
 * the mappers read. Stateless and thread-safe once built.
 */
final class RecordReader {
    @FunctionalInterface
    private interface ValueReader {
        Object read(Decoder in) throws IOException;
    }

    private final ValueReader root;

    RecordReader(Schema schema) {
        this.root = reader(schema);
    }

    GenericRecord read(Decoder in) throws IOException {
        return (GenericRecord) root.read(in);
    }

    private static ValueReader reader(Schema s) {
        return switch (s.getType()) {
            case RECORD -> record(s);
            case STRING -> Decoder::readString;
            case LONG -> Decoder::readLong;
            case INT -> Decoder::readInt;
            case DOUBLE -> Decoder::readDouble;
            case FLOAT -> Decoder::readFloat;
            case BOOLEAN -> Decoder::readBoolean;
            case NULL -> in -> {
                in.readNull();
                return null;
            };
            case BYTES -> in -> in.readBytes(null);
            case FIXED -> in -> {
                byte[] b = new byte[s.getFixedSize()];
                in.readFixed(b);
                return new GenericData.Fixed(s, b);
            };
            case ENUM -> in -> new GenericData.EnumSymbol(s, s.getEnumSymbols().get(in.readEnum()));
            case ARRAY -> array(s);
            case MAP -> map(s);
            case UNION -> union(s);
        };
    }

    private static ValueReader record(Schema s) {
        List<Schema.Field> fields = s.getFields();
        ValueReader[] rs = new ValueReader[fields.size()];
        for (int i = 0; i < rs.length; i++) rs[i] = reader(fields.get(i).schema());
        return in -> {
            GenericData.Record r = new GenericData.Record(s);
            for (int i = 0; i < rs.length; i++) r.put(i, rs[i].read(in));
            return r;
        };
    }

    private static ValueReader array(Schema s) {
        ValueReader element = reader(s.getElementType());
        return in -> {
            List<Object> out = new ArrayList<>();
            for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
                for (long i = 0; i < n; i++) out.add(element.read(in));
            }
            return out;
        };
    }

    private static ValueReader map(Schema s) {
        ValueReader value = reader(s.getValueType());
        return in -> {
            long n = in.readMapStart();
            Map<String, Object> out = new HashMap<>((int) Math.min(n * 2, 1 << 16));
            for (; n > 0; n = in.mapNext()) {
                for (long i = 0; i < n; i++) {
                    String k = in.readString();
                    out.put(k, value.read(in));
                }
            }
            return out;
        };
    }

    private static ValueReader union(Schema s) {
        List<Schema> branches = s.getTypes();
        ValueReader[] rs = new ValueReader[branches.size()];
        for (int i = 0; i < rs.length; i++) rs[i] = reader(branches.get(i));
        return in -> {
            int i = in.readIndex();
            if (i < 0 || i >= rs.length) throw new IOException("union index " + i + " out of range in " + s);
            return rs[i].read(in);
        };
    }
}
