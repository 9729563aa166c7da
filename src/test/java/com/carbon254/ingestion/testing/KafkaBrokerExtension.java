package com.carbon254.ingestion.testing;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapDirectory;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.MetaPropertiesVersion;
import org.apache.kafka.server.common.MetadataVersion;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real Kafka 3.7 broker for {@code *IT} tests: one KRaft node (broker and controller in one process) inside the
 * test JVM, on free loopback ports, with its log directory in a temp dir. It is started once per JVM, by the first
 * test class that uses the extension, and shared by all of them; JUnit closes it when the whole run ends.
 * When {@code KAFKA_BOOTSTRAP} is set, that broker is used instead and nothing is started.
 *
 * <pre>{@code @RegisterExtension static KafkaBrokerExtension kafka = new KafkaBrokerExtension();}</pre>
 *
 * Settings are light for a 2-core machine: replication 1, one partition per internal topic, few threads, no
 * initial rebalance delay. Never calls {@code kafka.Kafka.main}: it exits the JVM.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private Broker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = context.getRoot().getStore(NS).getOrComputeIfAbsent(Broker.class, k -> Broker.start(),
                Broker.class);
    }

    /** {@code host:port} of the broker. */
    public String bootstrapServers() {
        return broker().bootstrap;
    }

    /** An admin client on the broker, shared; do not close it. */
    public Admin admin() {
        return broker().admin;
    }

    /** Creates {@code name} with replication 1 and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        Admin admin = admin();
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        Awaitility.await("leaders for every partition of " + name).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> {
                    TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames()
                            .get(5, TimeUnit.SECONDS).get(name);
                    return d.partitions().size() == partitions
                            && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                });
    }

    /** A name no other test in this JVM (or an earlier run against an external broker) uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
    }

    private Broker broker() {
        if (broker == null) {
            throw new IllegalStateException("KafkaBrokerExtension is not started: register it as a static field"
                    + " with @RegisterExtension, or use @ExtendWith on the class");
        }
        return broker;
    }

    /** The running broker (or the external one); closed by JUnit with the root store. */
    static final class Broker implements ExtensionContext.Store.CloseableResource {
        final String bootstrap;
        final Admin admin;
        private final KafkaRaftServer server;
        private final Path dir;

        private Broker(String bootstrap, KafkaRaftServer server, Path dir) {
            this.bootstrap = bootstrap;
            this.server = server;
            this.dir = dir;
            this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.CLIENT_ID_CONFIG, "it-admin"));
        }

        static Broker start() {
            String external = System.getenv("KAFKA_BOOTSTRAP");
            if (external != null && !external.isBlank()) {
                LOG.info("using the Kafka broker at {} (KAFKA_BOOTSTRAP)", external);
                return new Broker(external, null, null);
            }
            try {
                return startEmbedded();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
            }
        }

        private static Broker startEmbedded() throws IOException {
            long t0 = System.nanoTime();
            Path dir = Files.createTempDirectory("carbon-kafka-it-");
            String logDir = dir.resolve("kraft").toString();
            int brokerPort = freePort();
            int controllerPort = freePort();
            Map<String, Object> p = new HashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", logDir);
            p.put("num.partitions", "1");
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("num.network.threads", "2");
            p.put("num.io.threads", "2");
            p.put("background.threads", "2");
            p.put("num.replica.fetchers", "1");
            p.put("num.recovery.threads.per.data.dir", "1");
            p.put("log.cleaner.enable", "false");
            p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
            p.put("auto.create.topics.enable", "true");
            KafkaConfig config = new KafkaConfig(p, false);
            format(logDir);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            Broker b = new Broker("127.0.0.1:" + brokerPort, server, dir);
            b.awaitReady();
            LOG.info("embedded Kafka broker up at {} in {} ms", b.bootstrap,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return b;
        }

        /**
         * What {@code kafka-storage.sh format} does, in process: write {@code meta.properties} (cluster id, node id,
         * directory id) and the bootstrap metadata checkpoint into the empty log dir.
         */
        private static void format(String logDir) throws IOException {
            MetaProperties meta = new MetaProperties.Builder()
                    .setVersion(MetaPropertiesVersion.V1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .build();
            BootstrapMetadata bootstrap = BootstrapMetadata.fromVersion(MetadataVersion.LATEST_PRODUCTION,
                    "carbon-ingestion test broker");
            MetaPropertiesEnsemble ensemble = new MetaPropertiesEnsemble.Loader()
                    .addLogDir(logDir)
                    .addMetadataLogDir(logDir)
                    .load();
            MetaPropertiesEnsemble.Copier copier = new MetaPropertiesEnsemble.Copier(ensemble);
            for (String d : ensemble.emptyLogDirs()) {
                Files.createDirectories(Paths.get(d));
                copier.setLogDirProps(d, new MetaProperties.Builder(meta)
                        .setDirectoryId(copier.generateValidDirectoryId())
                        .build());
            }
            copier.setPreWriteHandler((d, isNew, props) -> {
                Files.createDirectories(Paths.get(d));
                new BootstrapDirectory(d, Optional.empty()).writeBinaryFile(bootstrap);
            });
            copier.writeLogDirChanges();
        }

        private void awaitReady() {
            try {
                Awaitility.await("embedded Kafka broker to answer").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(5));
            if (server == null) return;
            long t0 = System.nanoTime();
            server.shutdown();
            server.awaitShutdown();
            deleteQuietly(dir);
            LOG.info("embedded Kafka broker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                return s.getLocalPort();
            }
        }

        private static void deleteQuietly(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                LOG.warn("could not delete {}", dir, e);
            }
        }
    }
}
