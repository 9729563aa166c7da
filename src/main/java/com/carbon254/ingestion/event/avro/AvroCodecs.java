package com.carbon254.ingestion.event.avro;

import com.carbon254.ingestion.event.EventCodec;
import com.carbon254.ingestion.event.Topics;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the codec of a topic from the schema files on the classpath; {@code EventCodecs} caches the result. */
public final class AvroCodecs {
    /** Every topic schema is version 1 of its {@code .v1} topic until a pinned compatible change bumps it. */
    static final int VERSION = 1;
    /** Classpath locations (= paths relative to the project root) of the topic schemas. */
    public static final String NORMALIZED_TICK = "schemas/normalized_market_tick.avsc";
    public static final String ENRICHED_TICK = "schemas/enriched_market_tick.avsc";
    public static final String OHLC_BAR = "schemas/ohlc_bar.avsc";
    public static final String ROLLING_METRIC = "schemas/rolling_metric.avsc";
    public static final String CURVE_PRESTAGE = "schemas/curve_prestage_point.avsc";
    public static final String CURVE_UPDATE = "schemas/curve_update.avsc";
    public static final String ANOMALY = "schemas/dq_anomaly.avsc";
    public static final String DLQ = "schemas/dlq_record.avsc";
    public static final String ENVELOPE = "schemas/envelope.avsc";

    private static final Pattern RAW = Pattern.compile("ingestion\\.([a-z0-9_-]+)\\.raw\\.v1");
    private static final List<String> FIXED = List.of(Topics.NORMALIZED_TICKS, Topics.ENRICHED_TICKS,
            Topics.OHLC_BARS, Topics.ROLLING_METRICS, Topics.CURVE_PRESTAGE, Topics.CURVE_UPDATES, Topics.ANOMALIES);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private AvroCodecs() {
    }

    /** Classpath location of an ISO's raw record schema: {@code connectors/<iso>/schemas/<iso>_raw_record.avsc}. */
    public static String rawSchemaResource(String iso) {
        String i = iso.toLowerCase(Locale.ROOT);
        return "connectors/" + i + "/schemas/" + i + "_raw_record.avsc";
    }

    /**
     * A new codec for {@code topic}.
     *
     * @throws IllegalArgumentException for a topic no schema serves, naming the accepted topics
     * @throws IllegalStateException    when the topic's schema file is missing or invalid
     */
    public static EventCodec<?> create(String topic) {
        switch (topic) {
            case Topics.NORMALIZED_TICKS:
                return new AvroEventCodec<>(topic, schema(NORMALIZED_TICK), VERSION, PayloadMappers::tick);
            case Topics.ENRICHED_TICKS:
                return new AvroEventCodec<>(topic, schema(ENRICHED_TICK), VERSION, PayloadMappers::enrichedTick);
            case Topics.OHLC_BARS:
                return new AvroEventCodec<>(topic, schema(OHLC_BAR), VERSION, PayloadMappers::bar);
            case Topics.ROLLING_METRICS:
                return new AvroEventCodec<>(topic, schema(ROLLING_METRIC), VERSION, PayloadMappers::rollingMetric);
            case Topics.CURVE_PRESTAGE:
                return new AvroEventCodec<>(topic, schema(CURVE_PRESTAGE), VERSION,
                        s -> PayloadMappers.curvePoint(s, "curve_prestage"));
            case Topics.CURVE_UPDATES:
                return new AvroEventCodec<>(topic, schema(CURVE_UPDATE), VERSION,
                        s -> PayloadMappers.curvePoint(s, "curve_update"));
            case Topics.ANOMALIES:
                return new AvroEventCodec<>(topic, schema(ANOMALY), VERSION, PayloadMappers::anomaly);
            default:
                break;
        }
        if (topic.endsWith(Topics.DLQ_SUFFIX)) {
            return new AvroEventCodec<>(topic, schema(DLQ), VERSION, PayloadMappers::dlq);
        }
        Matcher m = RAW.matcher(topic);
        if (m.matches()) {
            String resource = rawSchemaResource(m.group(1));
            if (AvroCodecs.class.getClassLoader().getResource(resource) == null) {
                throw new IllegalArgumentException("no raw record schema for topic " + topic + ": expected "
                        + resource + " on the classpath (one per connector)");
            }
            return new AvroEventCodec<>(topic, schema(resource), VERSION, PayloadMappers::raw);
        }
        throw new IllegalArgumentException("unknown topic '" + topic + "': expected one of " + FIXED
                + ", ingestion.<iso>.raw.v1 or <topic>.dlq.v1");
    }

    /** The parsed schema at a classpath location (parsed once; each file with its own parser, so names may repeat). */
    public static Schema schema(String resource) {
        return SCHEMAS.computeIfAbsent(resource, AvroCodecs::load);
    }

    private static Schema load(String resource) {
        try (InputStream in = AvroCodecs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("schema " + resource + " is not on the classpath");
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("invalid schema " + resource + ": " + e.getMessage(), e);
        }
    }
}
