package com.carbon254.ingestion.store.latest;

import com.carbon254.ingestion.pipeline.store.LatestStore;
import com.carbon254.ingestion.pipeline.store.LatestStore.Entry;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link LatestStore} keeps: the newest value per key, whatever order the writes come in. */
abstract class LatestStoreContract {
    abstract LatestStore store();

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Entry tick(String tenant, String location, long at, int rank, String v) {
        return new Entry(tenant, LatestStore.TICK, "MISO", "DA_HOURLY", location, "", at, rank, "{\"v\":\"" + v + "\"}");
    }

    static Entry bar(String location, String field, long at, String v) {
        return new Entry("t1", LatestStore.BAR, "MISO", "DA_HOURLY", location, field, at, 0, "{\"v\":\"" + v + "\"}");
    }

    private List<String> values(String kind, String tenant, String location) throws Exception {
        List<String> out = new ArrayList<>();
        for (Entry e : await(store().get(kind, tenant, "MISO", "DA_HOURLY", location))) {
            out.add(e.location() + "/" + e.field() + "=" + e.json() + "@" + e.at() + ":" + e.rank());
        }
        return out;
    }

    @Test
    void anOlderIntervalOrAnOlderRevisionNeverReplacesANewerOne() throws Exception {
        await(store().put(List.of(tick("t1", "A", 2_000, 1, "ex-ante 2"))));
        await(store().put(List.of(tick("t1", "A", 1_000, 2, "ex-post 1")))); // older interval: kept out
        assertThat(values(LatestStore.TICK, "t1", "A")).containsExactly("A/={\"v\":\"ex-ante 2\"}@2000:1");
        await(store().put(List.of(tick("t1", "A", 2_000, 2, "ex-post 2")))); // same interval, later revision
        await(store().put(List.of(tick("t1", "A", 2_000, 1, "ex-ante 2 again")))); // older revision: kept out
        assertThat(values(LatestStore.TICK, "t1", "A")).containsExactly("A/={\"v\":\"ex-post 2\"}@2000:2");
        await(store().put(List.of(tick("t1", "A", 2_000, 2, "corrected")))); // same key: the later write wins
        assertThat(values(LatestStore.TICK, "t1", "A")).containsExactly("A/={\"v\":\"corrected\"}@2000:2");
    }

    @Test
    void theOrderOfWritesWithinAndAcrossBatchesDoesNotMatter() throws Exception {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) all.add(tick("t2", "N" + (i % 7), 1_000L * (i % 50), 0, "i" + (i % 50)));
        Collections.shuffle(all, new java.util.Random(7));
        await(store().put(all.subList(0, 600)));
        await(store().put(all.subList(600, all.size())));
        List<String> got = values(LatestStore.TICK, "t2", null);
        assertThat(got).hasSize(7);
        for (String s : got) {
            String location = s.substring(0, s.indexOf('/'));
            long max = all.stream().filter(e -> e.location().equals(location)).mapToLong(Entry::at).max()
                    .orElseThrow();
            assertThat(s).as("the newest interval of %s", location).endsWith("@" + max + ":0");
        }
    }

    @Test
    void barsAreKeptPerComponentAndResolutionAndFoundWithOrWithoutALocation() throws Exception {
        await(store().put(List.of(bar("HUB", "lmp:1d", 10, "d1"), bar("HUB", "lmp:1h", 20, "h2"),
                bar("HUB", "lmp:1d", 5, "older"), bar("NODE", "energy:1d", 10, "e1"))));
        assertThat(values(LatestStore.BAR, "t1", "HUB")).containsExactly("HUB/lmp:1d={\"v\":\"d1\"}@10:0",
                "HUB/lmp:1h={\"v\":\"h2\"}@20:0");
        assertThat(values(LatestStore.BAR, "t1", null)).containsExactly("HUB/lmp:1d={\"v\":\"d1\"}@10:0",
                "HUB/lmp:1h={\"v\":\"h2\"}@20:0", "NODE/energy:1d={\"v\":\"e1\"}@10:0");
        assertThat(values(LatestStore.BAR, "t1", "ELSEWHERE")).isEmpty();
        assertThat(values(LatestStore.TICK, "t1", "HUB")).as("ticks and bars are apart").isEmpty();
    }

    @Test
    void tenantsDoNotSeeEachOther() throws Exception {
        await(store().put(List.of(tick("t3", "A", 1, 0, "mine"), tick("t4", "A", 2, 0, "theirs"))));
        assertThat(values(LatestStore.TICK, "t3", null)).containsExactly("A/={\"v\":\"mine\"}@1:0");
        assertThat(values(LatestStore.TICK, "t4", null)).containsExactly("A/={\"v\":\"theirs\"}@2:0");
    }
}
