package com.carbon254.ingestion.store.latest;

import com.carbon254.ingestion.pipeline.store.LatestStore;
import com.carbon254.ingestion.store.redis.RedisLatestStore;
import com.carbon254.ingestion.testing.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on a real redis-server, and the documented key layout. */
class RedisLatestStoreTest extends LatestStoreContract {
    static RedisServer server;
    static Vertx vertx;
    static RedisLatestStore store;

    @BeforeAll
    static void up() throws Exception {
        server = RedisServer.startNew();
        vertx = Vertx.vertx();
        store = new RedisLatestStore(vertx, server.url(), 3600);
    }

    @AfterAll
    static void down() throws Exception {
        if (store != null) await(store.close());
        if (vertx != null) await(vertx.close());
        if (server != null) server.close();
    }

    @Override
    LatestStore store() {
        return store;
    }

    @Test
    void keysAreTheDocumentedOnesAndExpire() throws Exception {
        await(store.put(List.of(tick("t9", "NODE.A", 1_000, 2, "x"), bar("HUB", "lmp:1d", 10, "d"))));
        Redis raw = Redis.createClient(vertx, server.url());
        try {
            List<String> keys = new ArrayList<>();
            for (Response k : await(raw.send(Request.cmd(Command.KEYS).arg("carbon:*")))) keys.add(k.toString());
            assertThat(keys).contains("carbon:t9:latest:tick:MISO:DA_HOURLY", "carbon:t9:latest:tick:MISO:DA_HOURLY:order",
                    "carbon:t1:latest:bar:MISO:DA_HOURLY:HUB", "carbon:t1:latest:bar:MISO:DA_HOURLY:HUB:order",
                    "carbon:t1:latest:bars:MISO:DA_HOURLY");
            assertThat(await(raw.send(Request.cmd(Command.HGET).arg("carbon:t9:latest:tick:MISO:DA_HOURLY")
                    .arg("NODE.A"))).toString()).isEqualTo("{\"v\":\"x\"}");
            assertThat(await(raw.send(Request.cmd(Command.HGET).arg("carbon:t9:latest:tick:MISO:DA_HOURLY:order")
                    .arg("NODE.A"))).toString()).isEqualTo("1000:2");
            long ttl = await(raw.send(Request.cmd(Command.TTL).arg("carbon:t9:latest:tick:MISO:DA_HOURLY"))).toLong();
            assertThat(ttl).isBetween(3000L, 3600L);
        } finally {
            await(raw.close());
        }
    }

    @Test
    void aBatchLargerThanOneScriptCallIsKeptWhole() throws Exception {
        List<LatestStore.Entry> many = new ArrayList<>();
        for (int i = 0; i < RedisLatestStore.CHUNK * 3 + 7; i++) many.add(tick("t8", "N" + i, i, 0, "v" + i));
        await(store.put(many));
        assertThat(await(store.get(LatestStore.TICK, "t8", "MISO", "DA_HOURLY", null))).hasSize(many.size());
    }
}
