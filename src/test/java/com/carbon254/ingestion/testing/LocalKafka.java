package com.carbon254.ingestion.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code make infra-up}'s Kafka: the same KRaft broker the tests start in their JVM, as a plain process (no Docker).
 * Writes {@code KAFKA_BOOTSTRAP=host:port} to the file named by the first argument once the broker is up, then runs
 * until killed.
 */
public final class LocalKafka {
    private LocalKafka() {
    }

    public static void main(String[] args) throws Exception {
        KafkaBrokerExtension.Broker broker = KafkaBrokerExtension.Broker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
        String line = "KAFKA_BOOTSTRAP=" + broker.bootstrap + "\n";
        if (args.length > 0) {
            Path tmp = Path.of(args[0] + ".tmp");
            Files.writeString(tmp, line, StandardCharsets.UTF_8);
            Files.move(tmp, Path.of(args[0]), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.print(line);
        Thread.currentThread().join();
    }
}
