package com.carbon254.ingestion.transport.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the Kafka transport. Delivery guarantees are not configurable: producers always use {@code acks=all}
 * with idempotence (no duplicates or reordering from retries), consumers never auto-commit.
 *
 * @param bootstrapServers   {@code host:port[,host:port]} ({@code KAFKA_BOOTSTRAP})
 * @param clientId           prefix of every client id (producer, consumers, admin), e.g. the process role
 * @param maxInFlightRecords a subscription pauses fetching when more records than this are delivered but not yet
 *                           committable (default 5000)
 * @param lowWaterMark       ... and resumes when they fall to this (default half the maximum)
 * @param maxPollRecords     records per poll, hence the largest batch a handler sees (default 500)
 * @param pollTimeout        longest a poll waits for records (also how long a commit may queue behind it)
 * @param retryBackoff       wait before a failed batch is fetched again, and before retrying a failed poll/commit
 * @param pingTimeout        {@link KafkaTransport#ping()} fails after this
 * @param clientOverrides    extra Kafka client properties for every client (e.g. security: SASL/SSL); they cannot
 *                           weaken the delivery guarantees above
 * @param producerOverrides  extra producer properties (e.g. compression, linger), over {@code clientOverrides}
 * @param consumerOverrides  extra consumer properties (e.g. fetch sizes, session timeout), over
 *                           {@code clientOverrides}
 * @param groupInstanceId    static group membership (letters, digits, {@code .}, {@code _}, {@code -}): each consumer's
 *                           {@code group.instance.id} is this, then its
 *                           group and member number, so a member restarted with the same id takes its partitions back
 *                           at once instead of waiting for the dead one's session to expire; null: dynamic membership
 */
public record KafkaTransportConfig(String bootstrapServers, String clientId, int maxInFlightRecords,
                                   int lowWaterMark, int maxPollRecords, Duration pollTimeout, Duration retryBackoff,
                                   Duration pingTimeout, Map<String, String> clientOverrides,
                                   Map<String, String> producerOverrides, Map<String, String> consumerOverrides,
                                   String groupInstanceId) {
    /**
     * Records a subscription keeps delivered but not yet committable before it pauses: several polls' worth, so a
     * stage works on one batch while the next is fetched.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 60_000;
    /**
     * Records per poll: a batch of thousands amortises what every batch costs a stage (a store insert, a recompute of
     * the bars it touches); the run headers keep a location's records of one batch together whatever the cut.
     */
    public static final int DEFAULT_MAX_POLL_RECORDS = 20_000;
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(5);

    public KafkaTransportConfig {
        clientOverrides = Map.copyOf(Objects.requireNonNullElse(clientOverrides, Map.of()));
        producerOverrides = Map.copyOf(Objects.requireNonNullElse(producerOverrides, Map.of()));
        consumerOverrides = Map.copyOf(Objects.requireNonNullElse(consumerOverrides, Map.of()));
        StringBuilder problems = new StringBuilder();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.append("; bootstrapServers must be host:port[,host:port] (KAFKA_BOOTSTRAP)");
        }
        if (clientId == null || clientId.isBlank()) problems.append("; clientId must not be blank");
        if (maxInFlightRecords < 1) problems.append("; maxInFlightRecords must be >= 1, got ").append(maxInFlightRecords);
        if (lowWaterMark < 0 || lowWaterMark >= Math.max(1, maxInFlightRecords)) {
            problems.append("; lowWaterMark must be in [0, maxInFlightRecords), got ").append(lowWaterMark);
        }
        if (maxPollRecords < 1) problems.append("; maxPollRecords must be >= 1, got ").append(maxPollRecords);
        if (groupInstanceId != null && !groupInstanceId.matches("[a-zA-Z0-9._-]{1,200}")) {
            problems.append("; groupInstanceId must be letters, digits, '.', '_' and '-' (what Kafka accepts), got '")
                    .append(groupInstanceId).append("'");
        }
        for (Object[] d : new Object[][]{{"pollTimeout", pollTimeout}, {"retryBackoff", retryBackoff},
                {"pingTimeout", pingTimeout}}) {
            Duration v = (Duration) d[1];
            if (v == null || v.isNegative() || v.isZero()) problems.append("; ").append(d[0]).append(" must be > 0");
        }
        if (problems.length() > 0) {
            throw new IllegalArgumentException("invalid kafka transport config: " + problems.substring(2));
        }
    }

    /** Defaults for everything but the servers and the client id. */
    public static KafkaTransportConfig of(String bootstrapServers, String clientId) {
        return new KafkaTransportConfig(bootstrapServers, clientId, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT / 2,
                DEFAULT_MAX_POLL_RECORDS, DEFAULT_POLL_TIMEOUT, DEFAULT_RETRY_BACKOFF, DEFAULT_PING_TIMEOUT, Map.of(),
                Map.of(), Map.of(), null);
    }

    /** The in-flight bound, with the low-water mark at half of it. */
    public KafkaTransportConfig withMaxInFlight(int max) {
        return new KafkaTransportConfig(bootstrapServers, clientId, max, max / 2, maxPollRecords, pollTimeout,
                retryBackoff, pingTimeout, clientOverrides, producerOverrides, consumerOverrides, groupInstanceId);
    }

    public KafkaTransportConfig withMaxPollRecords(int n) {
        return new KafkaTransportConfig(bootstrapServers, clientId, Math.max(maxInFlightRecords, n + 1),
                Math.max(maxInFlightRecords, n + 1) / 2, n, pollTimeout, retryBackoff, pingTimeout, clientOverrides,
                producerOverrides, consumerOverrides, groupInstanceId);
    }

    public KafkaTransportConfig withRetryBackoff(Duration d) {
        return new KafkaTransportConfig(bootstrapServers, clientId, maxInFlightRecords, lowWaterMark,
                maxPollRecords, pollTimeout, d, pingTimeout, clientOverrides, producerOverrides, consumerOverrides,
                groupInstanceId);
    }

    public KafkaTransportConfig withClientOverrides(Map<String, String> overrides) {
        return new KafkaTransportConfig(bootstrapServers, clientId, maxInFlightRecords, lowWaterMark,
                maxPollRecords, pollTimeout, retryBackoff, pingTimeout, overrides, producerOverrides,
                consumerOverrides, groupInstanceId);
    }

    /** Properties for every client, then for producers only, then for consumers only. */
    public KafkaTransportConfig withOverrides(Map<String, String> all, Map<String, String> producers,
                                              Map<String, String> consumers) {
        return new KafkaTransportConfig(bootstrapServers, clientId, maxInFlightRecords, lowWaterMark,
                maxPollRecords, pollTimeout, retryBackoff, pingTimeout, all, producers, consumers, groupInstanceId);
    }

    /** Static membership under {@code id} (null: dynamic). */
    public KafkaTransportConfig withGroupInstanceId(String id) {
        return new KafkaTransportConfig(bootstrapServers, clientId, maxInFlightRecords, lowWaterMark,
                maxPollRecords, pollTimeout, retryBackoff, pingTimeout, clientOverrides, producerOverrides,
                consumerOverrides, id);
    }

    /** Producer properties: acks=all and idempotence, whatever the overrides say. */
    public Map<String, String> producerConfig() {
        Map<String, String> m = base(clientId + "-producer");
        m.putAll(producerOverrides);
        m.putIfAbsent("linger.ms", "5");
        m.putIfAbsent("batch.size", Integer.toString(1024 * 1024));
        m.put("acks", "all");
        m.put("enable.idempotence", "true");
        m.put("max.in.flight.requests.per.connection",
                Integer.toString(Math.min(5, Integer.parseInt(m.getOrDefault("max.in.flight.requests.per.connection", "5")))));
        return m;
    }

    /** Consumer properties of one group member: manual commits, earliest offset for a new group. */
    public Map<String, String> consumerConfig(String group, String memberClientId) {
        return consumerConfig(group, memberClientId, 0);
    }

    /**
     * Consumer properties of member {@code number} of a group in this process: manual commits, earliest offset for a
     * new group, large fetches, and with {@link #groupInstanceId} a static {@code group.instance.id}.
     */
    public Map<String, String> consumerConfig(String group, String memberClientId, int number) {
        Map<String, String> m = base(memberClientId);
        m.putAll(consumerOverrides);
        m.putIfAbsent("max.partition.fetch.bytes", Integer.toString(16 * 1024 * 1024));
        m.putIfAbsent("fetch.max.bytes", Integer.toString(64 * 1024 * 1024));
        m.putIfAbsent("session.timeout.ms", "30000");
        if (groupInstanceId != null && !groupInstanceId.isBlank()) {
            m.put("group.instance.id", groupInstanceId + "-" + group + "-" + number);
        }
        m.put("group.id", group);
        m.put("enable.auto.commit", "false");
        m.put("auto.offset.reset", "earliest");
        m.put("max.poll.records", Integer.toString(maxPollRecords));
        return m;
    }

    /**
     * Properties of a consumer that reads without a group (the progress tail): assigned partitions, no commits, from
     * the end.
     */
    public Map<String, String> tailConfig(String name) {
        Map<String, String> m = base(clientId + "-" + name);
        m.putAll(consumerOverrides);
        m.remove("group.instance.id");
        m.remove("group.id");
        m.put("enable.auto.commit", "false");
        m.put("auto.offset.reset", "latest");
        return m;
    }

    /** Admin client properties; requests time out after {@link #pingTimeout}. */
    public Map<String, String> adminConfig() {
        Map<String, String> m = base(clientId + "-admin");
        String ms = Long.toString(pingTimeout.toMillis());
        m.put("request.timeout.ms", ms);
        m.put("default.api.timeout.ms", ms);
        return m;
    }

    private Map<String, String> base(String id) {
        Map<String, String> m = new HashMap<>(clientOverrides);
        m.put("bootstrap.servers", bootstrapServers);
        m.put("client.id", id);
        return m;
    }
}
