package com.carbon254.ingestion.store.redis;

import com.carbon254.ingestion.pipeline.store.LatestStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The latest values in Redis, for desks and the read API. Key layout (all under {@code carbon:<tenant>:latest:}):
 * <pre>
 *   tick:&lt;iso&gt;:&lt;market&gt;                    HASH  location → tick JSON
 *   tick:&lt;iso&gt;:&lt;market&gt;:order              HASH  location → "&lt;interval start µs&gt;:&lt;revision rank&gt;"
 *   bar:&lt;iso&gt;:&lt;market&gt;:&lt;location&gt;          HASH  &lt;component&gt;:&lt;resolution&gt; → bar JSON
 *   bar:&lt;iso&gt;:&lt;market&gt;:&lt;location&gt;:order    HASH  &lt;component&gt;:&lt;resolution&gt; → "&lt;bar start µs&gt;:0"
 *   bars:&lt;iso&gt;:&lt;market&gt;                    SET   locations that have bars
 * </pre>
 * Every key written expires {@code ttlSeconds} after its last write (a location that stops publishing ages out).
 * A batch of entries is one pipelined round trip of {@code EVAL}s of one Lua script that compares each entry with the
 * stored order and writes it only if newer ({@link Entry#replaces}), so concurrent and out-of-order writers converge.
 */
public final class RedisLatestStore implements LatestStore {
    /** Entries per EVAL: bounded script arguments; all chunks of a batch still go in one pipelined round trip. */
    public static final int CHUNK = 500;
    private static final String PREFIX = "carbon:";
    private static final String SCRIPT = """
            local ttl = tonumber(ARGV[1])
            local written = 0
            for i = 0, (#KEYS / 3) - 1 do
              local vk, ok, ik = KEYS[3 * i + 1], KEYS[3 * i + 2], KEYS[3 * i + 3]
              local field, at, rank = ARGV[6 * i + 2], tonumber(ARGV[6 * i + 3]), tonumber(ARGV[6 * i + 4])
              local order, json, member = ARGV[6 * i + 5], ARGV[6 * i + 6], ARGV[6 * i + 7]
              local cur = redis.call('HGET', ok, field)
              local newer = true
              if cur then
                local sep = string.find(cur, ':', 1, true)
                local cat, crank = tonumber(string.sub(cur, 1, sep - 1)), tonumber(string.sub(cur, sep + 1))
                newer = at > cat or (at == cat and rank >= crank)
              end
              if newer then
                redis.call('HSET', vk, field, json)
                redis.call('HSET', ok, field, order)
                written = written + 1
              end
              redis.call('EXPIRE', vk, ttl)
              redis.call('EXPIRE', ok, ttl)
              if member ~= '' then
                redis.call('SADD', ik, member)
                redis.call('EXPIRE', ik, ttl)
              end
            end
            return written
            """;

    private final Redis redis;
    private final long ttlSeconds;

    public RedisLatestStore(Vertx vertx, String url, long ttlSeconds) {
        this(vertx, url, ttlSeconds, null);
    }

    /**
     * @param caPath PEM CA certificates a {@code rediss://} server's certificate is verified against; null: the JVM's
     *               trusted CAs
     */
    public RedisLatestStore(Vertx vertx, String url, long ttlSeconds, String caPath) {
        this.redis = Redis.createClient(vertx, options(url, caPath));
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * The client's options. {@code rediss://} is TLS with the server's certificate and host name verified (never
     * trust all), against {@code caPath} when set.
     */
    public static RedisOptions options(String url, String caPath) {
        // a location-less read of a market's bars is one pipelined batch of two commands per location
        RedisOptions o = new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(4).setMaxPoolWaiting(256).setMaxWaitingHandlers(1 << 16);
        if (url.startsWith("rediss://")) {
            NetClientOptions net = o.getNetClientOptions().setSsl(true).setTrustAll(false)
                    .setHostnameVerificationAlgorithm("HTTPS");
            if (caPath != null && !caPath.isBlank()) net.setTrustOptions(new PemTrustOptions().addCertPath(caPath));
            o.setNetClientOptions(net);
        }
        return o;
    }

    static String valueKey(Entry e) {
        return LatestStore.TICK.equals(e.kind()) ? tickKey(e.tenant(), e.iso(), e.market())
                : barKey(e.tenant(), e.iso(), e.market(), e.location());
    }

    static String tickKey(String tenant, String iso, String market) {
        return PREFIX + tenant + ":latest:tick:" + iso + ":" + market;
    }

    static String barKey(String tenant, String iso, String market, String location) {
        return PREFIX + tenant + ":latest:bar:" + iso + ":" + market + ":" + location;
    }

    static String barIndexKey(String tenant, String iso, String market) {
        return PREFIX + tenant + ":latest:bars:" + iso + ":" + market;
    }

    @Override
    public Future<Void> put(List<Entry> entries) {
        if (entries.isEmpty()) return Future.succeededFuture();
        List<Request> evals = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += CHUNK) {
            List<Entry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
            Request eval = Request.cmd(Command.EVAL).arg(SCRIPT).arg(chunk.size() * 3);
            for (Entry e : chunk) {
                String vk = valueKey(e);
                boolean bar = LatestStore.BAR.equals(e.kind());
                eval.arg(vk).arg(vk + ":order").arg(bar ? barIndexKey(e.tenant(), e.iso(), e.market()) : vk);
            }
            eval.arg(ttlSeconds);
            for (Entry e : chunk) {
                boolean bar = LatestStore.BAR.equals(e.kind());
                eval.arg(bar ? e.field() : e.location()).arg(e.at()).arg(e.rank()).arg(e.at() + ":" + e.rank())
                        .arg(e.json()).arg(bar ? e.location() : "");
            }
            evals.add(eval);
        }
        return redis.batch(evals).mapEmpty();
    }

    @Override
    public Future<List<Entry>> get(String kind, String tenant, String iso, String market, String location) {
        if (LatestStore.TICK.equals(kind)) {
            String k = tickKey(tenant, iso, market);
            List<Request> reqs = location == null
                    ? List.of(Request.cmd(Command.HGETALL).arg(k), Request.cmd(Command.HGETALL).arg(k + ":order"))
                    : List.of(Request.cmd(Command.HMGET).arg(k).arg(location),
                    Request.cmd(Command.HMGET).arg(k + ":order").arg(location));
            return redis.batch(reqs).map(rs -> location == null
                    ? entries(kind, tenant, iso, market, null, rs.get(0), rs.get(1))
                    : single(kind, tenant, iso, market, location, "", rs.get(0), rs.get(1)));
        }
        Future<List<String>> locations = location != null ? Future.succeededFuture(List.of(location))
                : redis.send(Request.cmd(Command.SMEMBERS).arg(barIndexKey(tenant, iso, market))).map(r -> {
                    List<String> out = new ArrayList<>();
                    if (r != null) for (Response m : r) out.add(m.toString());
                    return out;
                });
        return locations.compose(locs -> {
            if (locs.isEmpty()) return Future.succeededFuture(List.<Entry>of());
            List<Request> reqs = new ArrayList<>(locs.size() * 2);
            for (String loc : locs) {
                String k = barKey(tenant, iso, market, loc);
                reqs.add(Request.cmd(Command.HGETALL).arg(k));
                reqs.add(Request.cmd(Command.HGETALL).arg(k + ":order"));
            }
            return redis.batch(reqs).map(rs -> {
                List<Entry> out = new ArrayList<>();
                for (int i = 0; i < locs.size(); i++) {
                    out.addAll(entries(kind, tenant, iso, market, locs.get(i), rs.get(2 * i), rs.get(2 * i + 1)));
                }
                out.sort(Comparator.comparing(Entry::location).thenComparing(Entry::field));
                return out;
            });
        });
    }

    /** A HGETALL of values and one of orders: for ticks the fields are locations, for bars component:resolution. */
    private static List<Entry> entries(String kind, String tenant, String iso, String market, String location,
                                       Response values, Response orders) {
        List<Entry> out = new ArrayList<>();
        if (values == null) return out;
        for (String field : values.getKeys()) {
            Response order = orders == null ? null : orders.get(field);
            String loc = LatestStore.TICK.equals(kind) ? field : location;
            String f = LatestStore.TICK.equals(kind) ? "" : field;
            out.add(entry(kind, tenant, iso, market, loc, f, values.get(field).toString(),
                    order == null ? null : order.toString()));
        }
        out.sort(Comparator.comparing(Entry::location).thenComparing(Entry::field));
        return out;
    }

    private static List<Entry> single(String kind, String tenant, String iso, String market, String location,
                                      String field, Response values, Response orders) {
        Response v = values == null || values.size() == 0 ? null : values.get(0);
        if (v == null) return List.of();
        Response o = orders == null || orders.size() == 0 ? null : orders.get(0);
        return List.of(entry(kind, tenant, iso, market, location, field, v.toString(), o == null ? null
                : o.toString()));
    }

    private static Entry entry(String kind, String tenant, String iso, String market, String location, String field,
                               String json, String order) {
        long at = 0;
        int rank = 0;
        if (order != null) {
            int sep = order.indexOf(':');
            at = Long.parseLong(order.substring(0, sep));
            rank = Integer.parseInt(order.substring(sep + 1));
        }
        return new Entry(tenant, kind, iso, market, location, field, at, rank, json);
    }

    @Override
    public Future<Void> ping() {
        return redis.send(Request.cmd(Command.PING)).mapEmpty();
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Future<Void> close() {
        return redis.close();
    }
}
