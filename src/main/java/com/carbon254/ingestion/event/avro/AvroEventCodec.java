package com.carbon254.ingestion.event.avro;

import com.carbon254.ingestion.event.Decoded;
import com.carbon254.ingestion.event.EnvelopeMeta;
import com.carbon254.ingestion.event.EventCodec;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.util.function.Function;

import static com.carbon254.ingestion.event.avro.Avro.checkFields;

/**
 * The codec of one topic: the shared envelope around a payload record, as Avro single-object encoding with
 * {@link GenericData} (no generated classes, no reflection per record).
 *
 * <p>Thread-safe: the encoder's buffer and the decoder are per thread, and
 * the mapper is stateless. Build one per topic (through {@code EventCodecs}) and share it.
 */
public final class AvroEventCodec<T> implements EventCodec<T> {
    /** Single-object encoding marker (Avro specification). */
    public static final byte MAGIC_0 = (byte) 0xC3;
    public static final byte MAGIC_1 = (byte) 0x01;
    private static final int HEADER = 10;
    private static final String[] ENVELOPE = {"event_id", "trace_id", "occurred_at", "tenant_id", "schema_version",
            "producer", "payload"};

    private final String topic;
    private final Schema schema;
    private final int schemaVersion;
    private final long fingerprint;
    private final PayloadMapper<T> mapper;
    private final RecordWriter writer;
    private final byte[] header;
    private final RecordReader reader;
    /** Per thread: the output buffer and the encoder over it, reused from record to record. */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);
    private static final ThreadLocal<Input> INPUT = ThreadLocal.withInitial(Input::new);

    /**
     * @param schema  the topic's event schema: the envelope fields in {@code envelope.avsc}'s order, then
     *                {@code payload}
     * @param mappers builds the payload mapper from the payload record schema
     */
    AvroEventCodec(String topic, Schema schema, int schemaVersion, Function<Schema, PayloadMapper<T>> mappers) {
        this.topic = topic;
        this.schema = checkFields(schema, ENVELOPE);
        this.schemaVersion = schemaVersion;
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.mapper = mappers.apply(Avro.recordOf(schema.getFields().get(6).schema()));
        this.writer = new RecordWriter(schema);
        this.header = ByteBuffer.allocate(HEADER).order(java.nio.ByteOrder.LITTLE_ENDIAN).put(MAGIC_0).put(MAGIC_1)
                .putLong(fingerprint).array();
        this.reader = new RecordReader(schema);
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Class<T> type() {
        return mapper.type();
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    /** CRC-64-AVRO fingerprint of the schema's parsing canonical form, as in the single-object header. */
    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public byte[] encode(T record, EnvelopeMeta meta) {
        GenericData.Record env = new GenericData.Record(schema);
        env.put(0, meta.eventId());
        env.put(1, meta.traceId());
        env.put(2, Avro.micros(meta.occurredAt()));
        env.put(3, meta.tenantId());
        env.put(4, meta.schemaVersion());
        env.put(5, meta.producer());
        try {
            env.put(6, mapper.write(record));
            // single-object encoding: marker, schema fingerprint, then the binary datum
            Output o = OUTPUT.get();
            o.bytes.reset();
            o.bytes.write(header, 0, HEADER);
            o.encoder = EncoderFactory.get().binaryEncoder(o.bytes, o.encoder);
            writer.write(env, o.encoder);
            o.encoder.flush();
            return o.bytes.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + mapper.type().getSimpleName() + " for topic "
                    + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Decoded<T> decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new IllegalArgumentException("not an Avro single-object encoded event on " + topic
                    + " (expected marker C3 01 and an 8-byte schema fingerprint; got "
                    + (bytes == null ? "null" : bytes.length + " bytes") + ")");
        }
        long fp = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        if (fp != fingerprint) {
            throw new IllegalArgumentException(String.format(
                    "unknown schema fingerprint %016x on %s: this codec reads only %s (fingerprint %016x)",
                    fp, topic, schema.getFullName(), fingerprint));
        }
        GenericRecord env;
        try {
            Input i = INPUT.get();
            i.decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, i.decoder);
            env = reader.read(i.decoder);
            if (!i.decoder.isEnd()) throw new IOException((bytes.length - HEADER) + "-byte datum has bytes left over");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt " + schema.getName() + " on " + topic + ": " + e, e);
        }
        try {
            EnvelopeMeta meta = new EnvelopeMeta(Avro.str(env.get(0)), Avro.str(env.get(1)),
                    Avro.instant(env.get(2)), Avro.str(env.get(3)), (Integer) env.get(4), Avro.str(env.get(5)));
            return new Decoded<>(mapper.read((GenericRecord) env.get(6)), meta);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid " + schema.getName() + " on " + topic + ": " + e, e);
        }
    }

    @Override
    public String key(T record) {
        return mapper.key(record);
    }

    @Override
    public String eventId(T record) {
        return mapper.eventId(record);
    }

    /** The decoder reused from record to record. */
    private static final class Input {
        BinaryDecoder decoder;
    }

    /** An unsynchronized growable byte buffer and the encoder writing into it. */
    private static final class Output {
        final Bytes bytes = new Bytes();
        BinaryEncoder encoder;
    }

    private static final class Bytes extends OutputStream {
        private byte[] buf = new byte[1024];
        private int n;

        void reset() {
            n = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, n);
        }

        private void ensure(int more) {
            if (n + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }

    @Override
    public String toString() {
        return "AvroEventCodec[" + topic + " " + schema.getFullName() + String.format(" %016x]", fingerprint);
    }
}
