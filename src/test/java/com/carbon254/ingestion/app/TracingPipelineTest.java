package com.carbon254.ingestion.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.carbon254.ingestion.connector.ImportService;
import com.carbon254.ingestion.ops.Tracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One import, traced in the all-in-one process on the event bus: its spans form one trace, rooted at the import's
 * span, with every stage a child of the stage before it down to the projector that stores the bars; the import's log
 * line, encoded as the JSON the process prints, carries the trace id. Without tracing nothing changes: the trace id
 * is the import's own id. A reprocess traces each document it replays the same way, under a root of its own, and so
 * does the offline {@code import} command.
 */
class TracingPipelineTest {
    static {
        RunCommand.serviceInLogs("all-in-one"); // what `ingestion run` does at start: every line's "service"
    }

    @TempDir
    Path dataDir;
    InMemorySpanExporter spans;
    OpenTelemetrySdk sdk;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void tracer() {
        spans = InMemorySpanExporter.create();
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        logs = new ListAppender<>();
        logs.start();
        importLogger().addAppender(logs);
    }

    @AfterEach
    void close() {
        importLogger().detachAppender(logs);
        sdk.close();
    }

    static Logger importLogger() {
        return (Logger) LoggerFactory.getLogger(ImportService.class);
    }

    @Test
    void oneImportIsOneTraceThroughEveryStageToTheStore() throws Exception {
        try (RunningApp app = RunningApp.start(RunningApp.isolatedAllInOne(dataDir), Tracing.with(sdk))) {
            JsonObject job = app.importFile("miso", AggregatorRestartPipelineTest.misoRt(5, 60));
            assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
            assertConnectedTrace(spans, job.getString("id"));
            assertLogLineCarriesTrace(logs, job.getString("id"), traceOf(spans));
        }
    }

    @Test
    void withoutTracingTheTraceIdIsTheImportsOwnId() throws Exception {
        try (RunningApp app = RunningApp.start(RunningApp.isolatedAllInOne(dataDir))) {
            JsonObject job = app.importFile("miso", AggregatorRestartPipelineTest.misoRt(5, 60));
            assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
            assertLogLineCarriesTrace(logs, job.getString("id"), job.getString("id"));
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    /**
     * A reprocess of the imported day: the document it replays is a trace of its own, rooted at
     * {@code reprocess miso} (carrying the job id), with every stage under it down to the projector storing bars —
     * connected as the import's were, not a second set of parentless stage work.
     */
    @Test
    void aReprocessedDocumentIsOneTraceThroughEveryStageToTheStore() throws Exception {
        try (RunningApp app = RunningApp.start(RunningApp.isolatedAllInOne(dataDir), Tracing.with(sdk))) {
            JsonObject imported = app.importFile("miso", AggregatorRestartPipelineTest.misoRt(5, 60));
            assertThat(imported.getString("status")).as(imported.encode()).isEqualTo("done");
            assertConnectedTrace(spans, "import miso", imported.getString("id"));

            JsonObject job = ReprocessPipelineTest.reprocess(app, new JsonObject().put("from", "2024-01-15")
                    .put("to", "2024-01-16").put("isos", new io.vertx.core.json.JsonArray().add("MISO")));
            assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
            assertThat(job.getInteger("documents_done")).isEqualTo(1);
            SpanData root = assertConnectedTrace(spans, "reprocess miso", job.getString("id"));
            assertThat(root.getTraceId()).as("a trace of its own, not the import's").isNotEqualTo(traceOf(spans));
            assertThat(root.getAttributes().asMap().toString()).contains(imported.getString("document_sha256"));
            assertThat(spans.getFinishedSpanItems()).filteredOn(sp -> sp.getName().startsWith("reprocess"))
                    .as("one root per document replayed").hasSize(1);
        }
    }

    /** The offline {@code ingestion import} command, traced: each file one trace through every stage to the store. */
    @Test
    void theOfflineImportIsOneTracePerFileThroughEveryStage() throws Exception {
        Path file = dataDir.resolve("miso-rt.json");
        java.nio.file.Files.write(file, AggregatorRestartPipelineTest.misoRt(5, 60));
        ImportCommand cmd = new ImportCommand();
        cmd.connector = "miso";
        cmd.files = List.of(file);
        cmd.dataDir = dataDir.resolve("offline");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int rc = cmd.importAll(com.carbon254.ingestion.iso.Isos.byConnector("miso").orElseThrow().connector(),
                cmd.config(), Tracing.with(sdk), new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(": done");
        assertConnectedTrace(spans, "import miso", null);
    }

    /** The id of the one import trace among the finished spans. */
    static String traceOf(InMemorySpanExporter spans) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("import miso")).findFirst()
                .orElseThrow().getTraceId();
    }

    /**
     * The import's spans: one root ({@code import miso}, carrying the job id), and a projector span storing bars whose
     * parents lead through the aggregator, the enricher and the normalizer to that root, all in one trace.
     */
    static void assertConnectedTrace(InMemorySpanExporter spans, String importId) {
        assertConnectedTrace(spans, "import miso", importId);
        List<SpanData> all = spans.getFinishedSpanItems();
        String trace = traceOf(spans);
        assertThat(all.stream().filter(s -> List.of("normalizer", "enricher", "aggregator", "projector")
                .contains(s.getName()))).as("every stage span is the import's").allSatisfy(s ->
                assertThat(s.getTraceId()).as(s.getName()).isEqualTo(trace));
    }

    /**
     * The trace rooted at the one span named {@code rootName} (whose attributes mention {@code jobId}, when given):
     * the root has no parent, and a projector span storing bars in that trace leads through the aggregator, the
     * enricher and the normalizer to it. Waits (up to 30 s) until that trace's stage spans have all ended.
     *
     * @return the root
     */
    static SpanData assertConnectedTrace(InMemorySpanExporter spans, String rootName, String jobId) {
        SpanData[] found = new SpanData[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> roots = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(rootName)
                    && (jobId == null || s.getAttributes().asMap().toString().contains(jobId))).toList();
            assertThat(roots).as("one " + rootName + " span").hasSize(1);
            found[0] = roots.get(0);
            assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getTraceId().equals(found[0].getTraceId()))
                    .extracting(SpanData::getName).contains("normalizer", "enricher", "aggregator", "projector");
        });
        SpanData root = found[0];
        List<SpanData> all = spans.getFinishedSpanItems();
        assertThat(root.getParentSpanContext().isValid()).as(rootName + " starts its trace").isFalse();
        assertThat(root.getTraceId()).matches("[0-9a-f]{32}");

        List<SpanData> pipeline = all.stream().filter(s -> s.getTraceId().equals(root.getTraceId())
                && List.of("normalizer", "enricher", "aggregator", "projector").contains(s.getName())).toList();

        Map<String, SpanData> byId = all.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity(),
                (a, b) -> a));
        SpanData storedBars = pipeline.stream().filter(s -> s.getName().equals("projector")
                        && "aggregation.ohlc.bars.v1".equals(s.getAttributes().asMap().entrySet().stream()
                        .filter(e -> e.getKey().getKey().equals("messaging.destination.name"))
                        .map(e -> String.valueOf(e.getValue())).findFirst().orElse(null)))
                .findFirst().orElseThrow(() -> new AssertionError("no projector span storing bars: " + pipeline));
        StringBuilder chain = new StringBuilder(storedBars.getName());
        SpanData at = storedBars;
        while (at.getParentSpanContext().isValid()) {
            at = Optional.ofNullable(byId.get(at.getParentSpanId())).orElseThrow(() ->
                    new AssertionError("a parent span was never exported: " + chain));
            chain.append(" ← ").append(at.getName());
        }
        assertThat(chain.toString()).isEqualTo("projector ← aggregator ← enricher ← normalizer ← " + rootName);
        return root;
    }

    /**
     * The import's closing line, as logback.xml's encoder prints it (the one its JSON appender really uses), has the
     * seed's keys at the top: ts (ISO-8601 UTC), level, service, message, connector, records, and the trace id.
     */
    static void assertLogLineCarriesTrace(ListAppender<ILoggingEvent> logs, String importId, String traceId) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logs.list.stream()
                .anyMatch(e -> e.getFormattedMessage().startsWith("import " + importId)));
        ILoggingEvent line = logs.list.stream().filter(e -> e.getFormattedMessage().startsWith("import " + importId))
                .findFirst().orElseThrow();
        // the production logback.xml (tests log through logback-test.xml), its JSON appender's encoder
        LoggerContext production = new LoggerContext();
        ch.qos.logback.classic.joran.JoranConfigurator joran = new ch.qos.logback.classic.joran.JoranConfigurator();
        joran.setContext(production);
        try {
            joran.doConfigure(TracingPipelineTest.class.getClassLoader().getResource("logback.xml"));
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new AssertionError("logback.xml does not configure", e);
        }
        @SuppressWarnings("unchecked")
        ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder =
                ((ch.qos.logback.core.OutputStreamAppender<ILoggingEvent>) production
                        .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON")).getEncoder();
        JsonObject json = new JsonObject(new String(encoder.encode(line), StandardCharsets.UTF_8).strip());
        production.stop();
        assertThat(json.getString("trace_id")).as(json.encode()).isEqualTo(traceId);
        assertThat(json.getString("ts")).as(json.encode()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(json.getString("level")).isEqualTo("INFO");
        assertThat(json.getString("service")).as(json.encode()).isEqualTo("all-in-one");
        assertThat(json.getString("connector")).isEqualTo("miso");
        assertThat(json.getLong("records")).as(json.encode()).isPositive();
        assertThat(json.getString("message")).startsWith("import " + importId + " of ").contains("(miso) done");
    }
}
