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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
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
 *
 * <p>{@link #withTls()} is a second, separate broker (always embedded, also shared by the classes that ask for it)
 * that listens in TLS too, with certificates it makes ({@link TestPki}, PKCS#12 key- and truststores): an {@code SSL}
 * listener where clients verify the broker, and an {@code MTLS} listener that also requires a client certificate
 * signed by the same CA ({@code ssl.client.auth=required}). Its plain listener is for the broker itself (inter-broker)
 * and {@link #admin()}; {@link #tls()} says where the TLS listeners are and which files a client uses.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final boolean withTls;
    private Broker broker;

    public KafkaBrokerExtension() {
        this(false);
    }

    private KafkaBrokerExtension(boolean withTls) {
        this.withTls = withTls;
    }

    /** The broker with TLS listeners (see the class comment). */
    public static KafkaBrokerExtension withTls() {
        return new KafkaBrokerExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = withTls
                ? context.getRoot().getStore(NS).getOrComputeIfAbsent("tls-broker", k -> Broker.startTls(),
                Broker.class)
                : context.getRoot().getStore(NS).getOrComputeIfAbsent(Broker.class, k -> Broker.start(),
                Broker.class);
    }

    /**
     * Where a TLS broker's TLS listeners are, and the files a client needs: every store PKCS#12 with password
     * {@link TestPki#PASSWORD}.
     *
     * @param sslBootstrap    the listener where only the broker shows a certificate
     * @param mtlsBootstrap   the listener that also requires a client certificate
     * @param truststore      trusts the CA that signed the broker's (and the client's) certificate
     * @param clientKeystore  a client certificate signed by that CA, with its key
     * @param strangerKeystore a client certificate signed by another CA
     */
    public record Tls(String sslBootstrap, String mtlsBootstrap, Path truststore, Path clientKeystore,
                      Path strangerKeystore) {
    }

    /** The TLS listeners and files of a {@link #withTls()} broker. */
    public Tls tls() {
        Tls t = broker().tls;
        if (t == null) throw new IllegalStateException("this broker has no TLS listeners: use withTls()");
        return t;
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
        final Tls tls;
        private final KafkaRaftServer server;
        private final Path dir;

        private Broker(String bootstrap, KafkaRaftServer server, Path dir) {
            this(bootstrap, server, dir, null);
        }

        private Broker(String bootstrap, KafkaRaftServer server, Path dir, Tls tls) {
            this.bootstrap = bootstrap;
            this.server = server;
            this.dir = dir;
            this.tls = tls;
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
                return startEmbedded(false);
            } catch (IOException | GeneralSecurityException | InterruptedException e) {
                throw new IllegalStateException("cannot start the embedded Kafka broker", e);
            }
        }

        /** An embedded broker with the SSL and MTLS listeners, whatever {@code KAFKA_BOOTSTRAP} says. */
        static Broker startTls() {
            try {
                return startEmbedded(true);
            } catch (IOException | GeneralSecurityException | InterruptedException e) {
                throw new IllegalStateException("cannot start the embedded Kafka broker with TLS", e);
            }
        }

        private static Broker startEmbedded(boolean withTls) throws IOException, GeneralSecurityException,
                InterruptedException {
            long t0 = System.nanoTime();
            Path dir = Files.createTempDirectory("carbon-kafka-it-");
            String logDir = dir.resolve("kraft").toString();
            int brokerPort = freePort();
            int controllerPort = freePort();
            Map<String, Object> p = new HashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            String listeners = "PLAINTEXT://127.0.0.1:" + brokerPort;
            Tls tls = null;
            if (withTls) {
                int sslPort = freePort();
                int mtlsPort = freePort();
                listeners += ",SSL://127.0.0.1:" + sslPort + ",MTLS://127.0.0.1:" + mtlsPort;
                Path pki = Files.createDirectories(dir.resolve("pki"));
                TestPki.Ca ca = TestPki.ca(pki, "kafka");
                TestPki.Ca other = TestPki.ca(pki, "other");
                Path brokerStore = TestPki.keystore(pki.resolve("broker.p12"), ca, TestPki.leaf(pki, ca, "localhost"));
                tls = new Tls("127.0.0.1:" + sslPort, "127.0.0.1:" + mtlsPort,
                        TestPki.truststore(pki.resolve("truststore.p12"), ca),
                        TestPki.keystore(pki.resolve("client.p12"), ca, TestPki.leaf(pki, ca, "kafka-client")),
                        TestPki.keystore(pki.resolve("stranger.p12"), other, TestPki.leaf(pki, other, "stranger")));
                p.put("ssl.keystore.type", "PKCS12");
                p.put("ssl.keystore.location", brokerStore.toString());
                p.put("ssl.keystore.password", TestPki.PASSWORD);
                p.put("ssl.key.password", TestPki.PASSWORD);
                p.put("ssl.truststore.type", "PKCS12");
                p.put("ssl.truststore.location", tls.truststore().toString());
                p.put("ssl.truststore.password", TestPki.PASSWORD);
                p.put("listener.name.mtls.ssl.client.auth", "required");
            }
            p.put("listeners", listeners + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", listeners);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                    + (withTls ? ",SSL:SSL,MTLS:SSL" : ""));
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
            Broker b = new Broker("127.0.0.1:" + brokerPort, server, dir, tls);
            b.awaitReady();
            LOG.info("embedded Kafka broker up at {}{} in {} ms", b.bootstrap,
                    tls == null ? "" : " (SSL " + tls.sslBootstrap() + ", MTLS " + tls.mtlsBootstrap() + ")",
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
