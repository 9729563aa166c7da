package com.carbon254.ingestion.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.testing.KafkaBrokerExtension;
import com.carbon254.ingestion.transport.kafka.KafkaTransport;
import com.carbon254.ingestion.transport.kafka.KafkaTransportConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static com.carbon254.ingestion.app.RunningApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TracingPipelineTest} over a real Kafka broker: the all-in-one process on the Kafka transport, every stage a
 * consumer group reading its topic. One import is one trace from the import through every stage to the store (the
 * parent travels as the W3C {@code traceparent} record header), the envelopes a consumer reads carry that trace's id
 * as {@code trace_id}, and the import's log line carries it too.
 */
class TracingOverKafkaIT {
    static {
        RunCommand.serviceInLogs("all-in-one"); // what `ingestion run` does at start: every line's "service"
    }

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    @TempDir
    Path dataDir;

    @Test
    void oneImportIsOneTraceThroughEveryStageOverKafka() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        TracingPipelineTest.importLogger().addAppender(logs);
        Vertx client = Vertx.vertx();
        KafkaTransport reader = new KafkaTransport(client, KafkaTransportConfig.of(kafka.bootstrapServers(),
                "it-trace-reader"));
        Set<String> envelopeTraces = ConcurrentHashMap.newKeySet();
        AppConfig cfg = RunningApp.isolatedAllInOne(dataDir, Map.of("TRANSPORT", "kafka", "KAFKA_BOOTSTRAP",
                kafka.bootstrapServers()), Map.of("ingestion.store.type", "duckdb"));
        try (RunningApp app = RunningApp.start(cfg, Tracing.with(sdk))) {
            await(reader.<EnrichedTick>subscribe(Topics.ENRICHED_TICKS, "it-trace-" + UUID.randomUUID(), b -> {
                envelopeTraces.add(b.traceId());
                return Future.succeededFuture();
            }));
            JsonObject job = app.importFile("miso", AggregatorRestartPipelineTest.misoRt(5, 60));
            assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");

            TracingPipelineTest.assertConnectedTrace(spans, job.getString("id"));
            String trace = TracingPipelineTest.traceOf(spans);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> envelopeTraces.contains(trace));
            TracingPipelineTest.assertLogLineCarriesTrace(logs, job.getString("id"), trace);
        } finally {
            TracingPipelineTest.importLogger().detachAppender(logs);
            await(reader.close());
            await(client.close());
            sdk.close();
        }
    }
}
