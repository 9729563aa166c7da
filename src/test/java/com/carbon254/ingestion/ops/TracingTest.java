package com.carbon254.ingestion.ops;

import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When the OTEL_* variables turn tracing on, and which traceparent headers a stage accepts as its parent. */
class TracingTest {

    @ParameterizedTest(name = "{0}={1}, {2}={3} → {4}")
    @CsvSource({
            "NONE,,,, false",
            "OTEL_TRACES_EXPORTER,otlp,,, true",
            "OTEL_TRACES_EXPORTER,none,OTEL_EXPORTER_OTLP_ENDPOINT,http://collector:4318, false",
            "OTEL_EXPORTER_OTLP_ENDPOINT,http://collector:4318,,, true",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,http://collector:4318/v1/traces,,, true",
            "OTEL_EXPORTER_OTLP_ENDPOINT,http://collector:4318,OTEL_SDK_DISABLED,true, false",
            "OTEL_SERVICE_NAME,svc,,, false",
            "OTEL_TRACES_EXPORTER,'  ',,, false",
    })
    void onlyAnExporterOrEndpointTurnsTracingOn(String k1, String v1, String k2, String v2, boolean on) {
        Map<String, String> env = new HashMap<>();
        if (v1 != null) env.put(k1, v1);
        if (k2 != null) env.put(k2, v2);
        assertThat(Tracing.configured(env, Map.of())).isEqualTo(on);
    }

    @Test
    void aSystemPropertyWinsOverItsVariable() {
        assertThat(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "otlp"), Map.of("otel.traces.exporter", "none")))
                .isFalse();
        assertThat(Tracing.fromEnvironment(Map.of(), Map.of(), "svc")).isSameAs(Tracing.OFF);
    }

    @Test
    void aTraceparentIsReadBackIntoItsSpanContext() {
        SpanContext c = Tracing.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(c.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(c.getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(c.isSampled()).isTrue();
        assertThat(c.isRemote()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"'00-00000000000000000000000000000000-00f067aa0ba902b7-01'", "'00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'",
            "'import-1234'", "'00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz'", "''"})
    void whatIsNotATraceparentStartsNoSpan(String header) {
        assertThat(Tracing.parse(header)).isNull();
        assertThat(Tracing.OFF.stage("normalizer", "t", header, 1, "x")).isNull();
    }
}
