package com.carbon254.ingestion.event.avro;

import org.apache.avro.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Conversions between Java record values and the Avro generic representation the schemas use. */
final class Avro {
    private Avro() {
    }

    /** {@code timestamp-micros}: microseconds since the epoch (sub-microsecond digits are dropped). */
    static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
    }

    static Long microsOrNull(Instant i) {
        return i == null ? null : micros(i);
    }

    static Instant instant(Object micros) {
        long m = (Long) micros;
        return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1_000L);
    }

    static Instant instantOrNull(Object micros) {
        return micros == null ? null : instant(micros);
    }

    /** {@code date}: days since the epoch. */
    static int days(LocalDate d) {
        return Math.toIntExact(d.toEpochDay());
    }

    static LocalDate date(Object days) {
        return LocalDate.ofEpochDay((Integer) days);
    }

    /** Avro strings decode as {@code Utf8}. */
    static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** NaN (an absent component) travels as null. */
    static Double nullIfNaN(double d) {
        return Double.isNaN(d) ? null : d;
    }

    static double nanIfNull(Object o) {
        return o == null ? Double.NaN : (Double) o;
    }

    /** A map of strings; as it is when it already holds only {@link String}s (what {@link RecordReader} reads). */
    @SuppressWarnings("unchecked")
    static Map<String, String> stringMap(Object o) {
        Map<?, ?> m = (Map<?, ?>) o;
        boolean strings = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() == null || e.getValue() instanceof String)) {
                strings = false;
                break;
            }
        }
        if (strings) return (Map<String, String>) m;
        Map<String, String> out = new HashMap<>(m.size() * 2);
        for (Map.Entry<?, ?> e : m.entrySet()) out.put(e.getKey().toString(), str(e.getValue()));
        return out;
    }

    static List<String> stringList(Object o) {
        List<?> l = (List<?>) o;
        List<String> out = new ArrayList<>(l.size());
        for (Object e : l) out.add(e.toString());
        return out;
    }

    /**
     * Fails unless {@code record}'s fields start with {@code names} in that order: the mappers read and write by
     * position, so a schema edit that reorders fields must fail at start-up, not corrupt data.
     */
    static Schema checkFields(Schema record, String... names) {
        List<Schema.Field> fields = record.getFields();
        for (int i = 0; i < names.length; i++) {
            if (i >= fields.size() || !fields.get(i).name().equals(names[i])) {
                throw new IllegalStateException("schema " + record.getFullName() + ": field " + i + " must be '"
                        + names[i] + "' but is '" + (i < fields.size() ? fields.get(i).name() : "<missing>")
                        + "' (payload mappers read and write by position; append new fields at the end)");
            }
        }
        return record;
    }

    /** The record branch of a field's type (the type itself, or the non-null branch of a nullable union). */
    static Schema recordOf(Schema s) {
        if (s.getType() == Schema.Type.RECORD) return s;
        if (s.getType() == Schema.Type.UNION) {
            for (Schema b : s.getTypes()) if (b.getType() == Schema.Type.RECORD) return b;
        }
        throw new IllegalStateException("expected a record type, got " + s);
    }
}
