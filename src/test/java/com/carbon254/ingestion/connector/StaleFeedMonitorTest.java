package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.EventIds;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.ConfigException;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.store.duckdb.DuckDbStores;
import com.carbon254.ingestion.testing.IsoSamples;
import com.carbon254.ingestion.testing.ManualClock;
import com.carbon254.ingestion.transport.eventbus.EventBusTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The stale-feed monitor on real parts: the shipped connector specs, an in-memory DuckDB holding the ticks, the
 * event-bus transport carrying the anomalies to a subscriber, the registry state file, and a clock the test moves.
 */
class StaleFeedMonitorTest {
    static final String TENANT = "default";
    /** The newest MISO 5-minute interval stored ends here; lmp_rt_5min allows PT20M. */
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;
    Vertx vertx;
    Stores stores;
    EventBusTransport transport;
    Metrics metrics;
    RegistryState state;
    final ManualClock clock = new ManualClock(T);
    final List<Anomaly> published = new CopyOnWriteArrayList<>();

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        stores = DuckDbStores.open(vertx, Path.of(":memory:"));
        await(stores.engine().init());
        transport = new EventBusTransport(vertx, 10_000);
        await(transport.<Anomaly>subscribe(Topics.ANOMALIES, "projector", b -> {
            published.addAll(b.records());
            return stores.audit().writeAnomalies(b.records());
        }));
        metrics = new Metrics();
        state = await(RegistryState.load(vertx, dir.resolve("registry-state.json")));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(stores.engine().close());
        await(vertx.close());
    }

    static Map<String, ConnectorSpec> shipped() {
        return ConnectorsVerticle.specs(Isos.connectors(), IsoSamples.projectRoot().resolve("connectors").toString());
    }

    StaleFeedMonitor monitor(Map<String, ConnectorSpec> specs, RegistryState st) {
        return new StaleFeedMonitor(specs, st, stores.silver(), transport, metrics, TENANT, clock);
    }

    /** One MISO tick of {@code market} for the interval {@code [end - length, end)}. */
    void storeInterval(String market, Duration length, Instant end) throws Exception {
        Instant start = end.minus(length);
        LocalDate day = start.atZone(ZoneOffset.ofHours(-5)).toLocalDate();
        await(stores.silver().writeTicks(List.of(new EnrichedTick(new Tick(TENANT, "MISO", market, "INDIANA.HUB", "hub", start,
                end, day, "label", 30, 29, 0.5, 0.5, Double.NaN, 0, "expost", "doc-" + end, 1), "hub", "INDIANA.HUB",
                null, "power", "lmp"))));
    }

    double counted() {
        return metrics.scrape().lines().filter(l -> l.startsWith("data_quality_anomalies_total{")
                        && l.contains("type=\"stale_feed\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void oneAnomalyPerEpisodeOnceTheAllowanceHasPassed() throws Exception {
        StaleFeedMonitor m = monitor(shipped(), state);
        storeInterval("RT_5MIN", Duration.ofMinutes(5), T);

        clock.set(T.plus(Duration.ofMinutes(20)).minusSeconds(1));
        assertThat(await(m.check())).isEmpty();
        clock.set(T.plus(Duration.ofMinutes(20)));
        assertThat(await(m.check())).as("exactly at the allowance is not yet stale").isEmpty();
        assertThat(published).isEmpty();
        assertThat(counted()).isZero();

        Instant staleAt = T.plus(Duration.ofMinutes(20)).plusSeconds(1);
        clock.set(staleAt);
        assertThat(await(m.check())).hasSize(1);
        assertThat(published).hasSize(1);
        Anomaly a = published.get(0);
        assertThat(a.tenant()).isEqualTo(TENANT);
        assertThat(a.iso()).isEqualTo("MISO");
        assertThat(a.dataset()).isEqualTo("lmp_rt_5min");
        assertThat(a.location()).isNull();
        assertThat(a.interval()).isEqualTo(T);
        assertThat(a.type()).isEqualTo("stale_feed");
        assertThat(a.detail()).isEqualTo("no interval after 2026-11-27T10:00:00Z (allowance PT20M)");
        assertThat(a.documentId()).isNull();
        assertThat(a.at()).isEqualTo(staleAt);
        assertThat(counted()).isEqualTo(1.0);

        // later checks of the same episode stay silent
        clock.set(T.plus(Duration.ofHours(3)));
        assertThat(await(m.check())).isEmpty();
        assertThat(await(m.check())).isEmpty();
        assertThat(published).hasSize(1);
        assertThat(counted()).isEqualTo(1.0);

        // fresh data, then stale again: a new episode, a new anomaly
        Instant later = T.plus(Duration.ofHours(3));
        storeInterval("RT_5MIN", Duration.ofMinutes(5), later);
        clock.set(later.plus(Duration.ofMinutes(10)));
        assertThat(await(m.check())).isEmpty();
        clock.set(later.plus(Duration.ofMinutes(21)));
        assertThat(await(m.check())).extracting(Anomaly::interval, Anomaly::detail)
                .containsExactly(tuple(later,
                        "no interval after 2026-11-27T13:00:00Z (allowance PT20M)"));
        assertThat(published).hasSize(2);
        assertThat(counted()).isEqualTo(2.0);

        // the day-ahead datasets have an allowance too, but nothing of DA_HOURLY was ever stored: no anomaly
        assertThat(published).extracting(Anomaly::dataset).containsOnly("lmp_rt_5min");
    }

    @Test
    void aSlowCatchUpThatStaysStaleIsTheSameEpisode() throws Exception {
        StaleFeedMonitor m = monitor(shipped(), state);
        storeInterval("RT_5MIN", Duration.ofMinutes(5), T);
        clock.set(T.plus(Duration.ofHours(2)));
        assertThat(await(m.check())).hasSize(1);
        // a backfill lands one interval per check, each still far behind
        for (int i = 1; i <= 3; i++) {
            storeInterval("RT_5MIN", Duration.ofMinutes(5), T.plus(Duration.ofMinutes(5L * i)));
            clock.set(T.plus(Duration.ofHours(2)).plusSeconds(60L * i));
            assertThat(await(m.check())).as("check %d of the open episode", i).isEmpty();
        }
        assertThat(published).hasSize(1);
        assertThat(state.staleReported("miso", "lmp_rt_5min")).contains(T);
        // caught up: the episode closes, and a later stall is a new one
        Instant caughtUp = T.plus(Duration.ofHours(2));
        storeInterval("RT_5MIN", Duration.ofMinutes(5), caughtUp);
        clock.set(caughtUp.plusSeconds(30));
        assertThat(await(m.check())).isEmpty();
        assertThat(state.staleReported("miso", "lmp_rt_5min")).isEmpty();
        clock.set(caughtUp.plus(Duration.ofMinutes(21)));
        assertThat(await(m.check())).extracting(Anomaly::interval).containsExactly(caughtUp);
        assertThat(published).hasSize(2);
    }

    @Test
    void theIdOfAnEpisodesAnomalyDoesNotDependOnWhenItWasRaised() throws Exception {
        storeInterval("RT_5MIN", Duration.ofMinutes(5), T);
        clock.set(T.plus(Duration.ofHours(1)));
        Anomaly first = await(monitor(shipped(), state).check()).get(0);

        // the same episode judged by another process (fresh state), later: same id, so a replay or redelivery dedupes
        RegistryState other = await(RegistryState.load(vertx, dir.resolve("other-state.json")));
        clock.set(T.plus(Duration.ofHours(2)));
        Anomaly again = await(monitor(shipped(), other).check()).get(0);
        assertThat(again.at()).isNotEqualTo(first.at());
        assertThat(EventIds.anomaly(again)).isEqualTo(EventIds.anomaly(first));
    }

    @Test
    void aRestartDoesNotReportTheSameEpisodeAgain() throws Exception {
        storeInterval("RT_5MIN", Duration.ofMinutes(5), T);
        clock.set(T.plus(Duration.ofHours(1)));
        assertThat(await(monitor(shipped(), state).check())).hasSize(1);
        // a check completes once the episode is in the state file
        assertThat(Files.readString(dir.resolve("registry-state.json"))).contains("\"miso/lmp_rt_5min\"");

        RegistryState reloaded = await(RegistryState.load(vertx, dir.resolve("registry-state.json")));
        clock.set(T.plus(Duration.ofHours(2)));
        assertThat(await(monitor(shipped(), reloaded).check())).isEmpty();
        assertThat(published).hasSize(1);
    }

    @Test
    void datasetsSharingAMarketEachUseTheirOwnAllowance() throws Exception {
        // MISO's ex-post and ex-ante day-ahead are both DA_HOURLY; give ex-ante a longer allowance than the shipped one
        String file = IsoSamples.projectRoot().resolve("connectors/miso/connector.yaml").toString();
        String yaml = Files.readString(Path.of(file)).replace("stale_after: PT1H         # as lmp_da_expost",
                "stale_after: PT3H         # as lmp_da_expost");
        Map<String, ConnectorSpec> specs = new HashMap<>(shipped());
        specs.put("miso", ConnectorSpecs.parse(yaml, file, "miso"));
        assertThat(specs.get("miso").datasets()).extracting(ConnectorSpec.Dataset::staleAfter)
                .containsExactly(Duration.ofHours(1), Duration.ofHours(3), Duration.ofMinutes(20));
        StaleFeedMonitor m = monitor(specs, state);

        // operating day 2026-11-27 (EST) ends at 2026-11-28T05:00Z
        Instant dayEnd = LocalDate.of(2026, 11, 28).atStartOfDay(ZoneId.of("-05:00")).toInstant();
        storeInterval("DA_HOURLY", Duration.ofHours(1), dayEnd);
        clock.set(dayEnd.plus(Duration.ofHours(2)));
        assertThat(await(m.check())).extracting(Anomaly::dataset, Anomaly::interval, Anomaly::detail)
                .containsExactly(tuple("lmp_da_expost", dayEnd,
                        "no interval after 2026-11-28T05:00:00Z (allowance PT1H)"));
        clock.set(dayEnd.plus(Duration.ofHours(3)).plusSeconds(1));
        assertThat(await(m.check())).extracting(Anomaly::dataset, Anomaly::detail)
                .containsExactly(tuple("lmp_da_exante",
                        "no interval after 2026-11-28T05:00:00Z (allowance PT3H)"));
        assertThat(published).hasSize(2);
    }

    @Test
    void aDisabledConnectorIsNotWatched() throws Exception {
        await(state.setEnabled("miso", false));
        storeInterval("RT_5MIN", Duration.ofMinutes(5), T);
        clock.set(T.plus(Duration.ofDays(1)));
        assertThat(await(monitor(shipped(), state).check())).isEmpty();

        await(state.setEnabled("miso", true));
        assertThat(await(monitor(shipped(), state).check())).extracting(Anomaly::dataset).containsExactly("lmp_rt_5min");
    }

    @Test
    void everyCheckThatRanToItsEndIsCounted() throws Exception {
        StaleFeedMonitor m = monitor(shipped(), state);
        await(m.check());
        await(m.check());
        assertThat(metrics.registry().find("connector.stale.checks").counter().count()).isEqualTo(2);
    }

    @Test
    void checkIntervalComesFromTheConnectorsStageConfig() {
        assertThat(ConnectorsConfig.from(Map.of(), "d.yaml").staleCheck()).isEqualTo(60);
        assertThat(ConnectorsConfig.from(Map.of("stale_check_seconds", 5), "d.yaml").staleCheck()).isEqualTo(5);
        assertThat(ConnectorsConfig.from(Map.of("stale_check_seconds", 0), "d.yaml").staleCheck()).isZero();
        for (Object bad : List.of(-1, 86_401, "60", 1.5)) {
            assertThatThrownBy(() -> ConnectorsConfig.from(Map.of("stale_check_seconds", bad), "d.yaml").staleCheck())
                    .as(String.valueOf(bad)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                            .singleElement().asString()
                            .startsWith("d.yaml: verticles[connectors].config.stale_check_seconds: expected a whole"
                                    + " number of seconds 0..86400 (0 = no stale-feed checks), found "));
        }
    }

}
