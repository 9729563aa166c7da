package com.carbon254.ingestion.ops;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * OpenTelemetry tracing of documents through the pipeline: one trace per document, its root span started by the
 * connector that fetched or imported it ({@link #document}), one child span per stage's work on a batch
 * ({@link #stage}), the parent carried between stages as a W3C {@code traceparent} string (event-bus message headers,
 * Kafka record headers). A span's trace id is the envelope's {@code trace_id}.
 *
 * <p>Off ({@link #OFF}) unless the standard {@code OTEL_*} variables configure an exporter ({@link #fromEnvironment}):
 * then nothing is started, {@link DocumentSpan#traceId()} is the caller's own id (the behaviour before tracing) and a
 * stage pays one null check per batch. Spans are per document and per batch, never per record.
 *
 * <p>Thread-safe.
 */
public final class Tracing {
    /** Tracing off: no spans, trace ids as the callers make them. */
    public static final Tracing OFF = new Tracing(null, null);
    /** The MDC keys JSON log lines carry ({@code logback.xml}'s encoder prints the MDC). */
    public static final String MDC_TRACE_ID = "trace_id";
    public static final String MDC_SPAN_ID = "span_id";
    /** The W3C Trace Context header a parent span travels in. */
    public static final String TRACEPARENT = "traceparent";
    static final AttributeKey<String> TOPIC = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<Long> RECORDS = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant_id");

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    private Tracing(OpenTelemetry openTelemetry, Tracer tracer) {
        this.openTelemetry = openTelemetry;
        this.tracer = tracer;
    }

    /** Tracing with {@code openTelemetry} (a test's in-memory exporter, or the SDK {@link #fromEnvironment} built). */
    public static Tracing with(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry, openTelemetry.getTracer("carbon-ingestion"));
    }

    /**
     * Tracing as the standard OpenTelemetry variables say ({@code OTEL_TRACES_EXPORTER}, {@code
     * OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, {@code OTEL_SERVICE_NAME}, …, or
     * their {@code otel.*} system properties): on when one of them names an exporter or an OTLP endpoint, off when
     * none is set, when the exporter is {@code none} or when {@code OTEL_SDK_DISABLED=true}. Only traces are
     * exported unless {@code OTEL_METRICS_EXPORTER} / {@code OTEL_LOGS_EXPORTER} ask for more (metrics are
     * Prometheus's at {@code /metrics}).
     *
     * @param service the service name when {@code OTEL_SERVICE_NAME} does not give one
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException when the variables are invalid (an
     *                                                                        unknown exporter, a malformed endpoint)
     */
    public static Tracing fromEnvironment(Map<String, String> env, Map<String, String> sys, String service) {
        if (!configured(env, sys)) return OFF;
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", service);
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        OpenTelemetry sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .disableShutdownHook()
                .build().getOpenTelemetrySdk();
        return with(sdk);
    }

    /** Whether the OTEL_* variables (or otel.* properties) ask for a trace exporter. */
    static boolean configured(Map<String, String> env, Map<String, String> sys) {
        if ("true".equalsIgnoreCase(setting(env, sys, "otel.sdk.disabled"))) return false;
        String exporter = setting(env, sys, "otel.traces.exporter");
        if (exporter != null) return !exporter.strip().equalsIgnoreCase("none");
        return setting(env, sys, "otel.exporter.otlp.endpoint") != null
                || setting(env, sys, "otel.exporter.otlp.traces.endpoint") != null;
    }

    /** A property as OpenTelemetry reads it: the system property, else its {@code OTEL_…} variable; blank is unset. */
    private static String setting(Map<String, String> env, Map<String, String> sys, String property) {
        String v = sys.get(property);
        if (v == null) v = env.get(property.toUpperCase(Locale.ROOT).replace('.', '_'));
        return v == null || v.isBlank() ? null : v;
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** The OpenTelemetry instance (Vert.x's own HTTP tracing uses it); null when off. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /**
     * Starts the root span of one document's trace (a connector's import, fetch or poll of it).
     *
     * @param ownId the trace id the document carries when tracing is off (an import id, a run id)
     */
    public DocumentSpan document(String name, String ownId, Map<String, String> attributes) {
        if (tracer == null) return new DocumentSpan(null, ownId);
        var b = tracer.spanBuilder(name).setNoParent().setSpanKind(SpanKind.PRODUCER);
        attributes.forEach(b::setAttribute);
        return new DocumentSpan(b.startSpan(), ownId);
    }

    /**
     * Starts a stage's span over one batch, a child of the span that published it. Null (nothing to end) when tracing
     * is off or the batch carries no readable parent: a batch from outside a traced document starts no trace.
     */
    public Span stage(String stage, String topic, String traceparent, int records, String tenant) {
        if (tracer == null || traceparent == null) return null;
        SpanContext parent = parse(traceparent);
        if (parent == null) return null;
        return tracer.spanBuilder(stage).setParent(Context.root().with(Span.wrap(parent)))
                .setSpanKind(SpanKind.CONSUMER)
                .setAllAttributes(Attributes.of(TOPIC, topic, RECORDS, (long) records, TENANT, String.valueOf(tenant)))
                .startSpan();
    }

    /** Ends a span, marked as an error when {@code failure} is not null; null spans are ignored. */
    public static void end(Span span, Throwable failure) {
        if (span == null) return;
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end();
    }

    /** {@code 00-<trace id>-<span id>-<flags>} of {@code span}; null for a span that is not valid. */
    public static String traceparent(Span span) {
        if (span == null) return null;
        SpanContext c = span.getSpanContext();
        if (!c.isValid()) return null;
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }

    /** The remote span context a W3C {@code traceparent} names; null when it is not one (version 00 layout). */
    static SpanContext parse(String traceparent) {
        if (traceparent.length() != 55 || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-'
                || traceparent.charAt(52) != '-') {
            return null;
        }
        String flags = traceparent.substring(53);
        if (!isHex(flags)) return null;
        SpanContext c = SpanContext.createFromRemoteParent(traceparent.substring(3, 35), traceparent.substring(36, 52),
                TraceFlags.fromHex(flags, 0), TraceState.getDefault());
        return c.isValid() ? c : null;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }

    /**
     * Puts {@code trace_id} and {@code span_id} (when there is a span) into the logging MDC of this thread until the
     * returned scope closes, which restores what was there. For the synchronous work of a batch or a document's end,
     * never per record.
     */
    public static LogScope log(String traceId, Span span) {
        String oldTrace = MDC.get(MDC_TRACE_ID);
        String oldSpan = MDC.get(MDC_SPAN_ID);
        put(MDC_TRACE_ID, traceId);
        put(MDC_SPAN_ID, span == null ? null : span.getSpanContext().getSpanId());
        return () -> {
            put(MDC_TRACE_ID, oldTrace);
            put(MDC_SPAN_ID, oldSpan);
        };
    }

    private static void put(String key, String value) {
        if (value == null) MDC.remove(key);
        else MDC.put(key, value);
    }

    /** Flushes and stops the exporter (at process stop). */
    public void close() {
        if (openTelemetry instanceof java.io.Closeable c) {
            try {
                c.close();
            } catch (java.io.IOException ignored) {
                // the SDK's close does not throw; nothing to do at shutdown
            }
        }
    }

    /** What {@link #log} returns: closing it restores the MDC. */
    @FunctionalInterface
    public interface LogScope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * One document's root span, or none when tracing is off. {@link #traceId()} is what the document's envelopes,
     * Bronze row, DLQ records and log lines carry as {@code trace_id}.
     */
    public static final class DocumentSpan {
        private final Span span;
        private final String traceId;
        private final String traceparent;

        DocumentSpan(Span span, String ownId) {
            this.span = span;
            this.traceId = span == null ? ownId : span.getSpanContext().getTraceId();
            this.traceparent = Tracing.traceparent(span);
        }

        /** The span's trace id (32 hex) when tracing, else the caller's own id. */
        public String traceId() {
            return traceId;
        }

        /** The W3C parent the document's batches carry; null when tracing is off. */
        public String traceparent() {
            return traceparent;
        }

        /** MDC {@code trace_id}/{@code span_id} of this document until the scope closes. */
        public LogScope log() {
            return Tracing.log(traceId, span);
        }

        /** Ends the span (an error when {@code failure} is not null). */
        public void end(Throwable failure) {
            Tracing.end(span, failure);
        }
    }
}
