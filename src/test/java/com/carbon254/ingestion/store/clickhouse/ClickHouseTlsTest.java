package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.testing.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code CLICKHOUSE_URL=https://…} with {@code CLICKHOUSE_CA_PATH}: the store's client verifies the server's
 * certificate against that CA. The server is an HTTPS endpoint answering a query as ClickHouse's HTTP interface does
 * (200, the result as text) — what is under test is the client's TLS, not ClickHouse; {@code ClickHouseStoreIT} runs
 * the real server over plain HTTP.
 */
class ClickHouseTlsTest {
    @TempDir
    static Path dir;
    static TestPki.Ca ca;
    static TestPki.Ca otherCa;
    static Vertx vertx;
    static HttpServer server;

    @BeforeAll
    static void up() throws Exception {
        ca = TestPki.ca(dir, "ch");
        otherCa = TestPki.ca(dir, "other");
        TestPki.Leaf leaf = TestPki.leaf(dir, ca, "localhost");
        vertx = Vertx.vertx();
        server = await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(
                        new PemKeyCertOptions().setCertPath(leaf.cert().toString()).setKeyPath(leaf.key().toString())))
                .requestHandler(req -> req.body().onSuccess(b -> req.response().end("1\n")))
                .listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void down() throws Exception {
        if (vertx != null) await(vertx.close());
    }

    @Test
    void anHttpsServerSignedByTheConfiguredCaAnswers() throws Exception {
        Stores s = open(url().withCaPath(ca.cert().toString()));
        await(s.engine().ping());
        await(s.engine().close());
    }

    @Test
    void withoutTheCaOrWithAnotherTheServerIsRefused() throws Exception {
        for (ClickHouseStoreConfig cfg : new ClickHouseStoreConfig[]{url(), url().withCaPath(otherCa.cert().toString())}) {
            Stores s = open(cfg);
            assertThatThrownBy(() -> await(s.engine().ping())).as("%s", cfg)
                    .hasStackTraceContaining("did not answer");
            await(s.engine().close());
        }
    }

    @Test
    void theUrlDecidesTlsAndTheCaIsShownNotHidden() {
        assertThat(ClickHouseHttp.options(url().withCaPath("/etc/ca.pem")).isSsl()).isTrue();
        assertThat(ClickHouseHttp.options(url()).isTrustAll()).isFalse();
        assertThat(ClickHouseHttp.options(ClickHouseStoreConfig.fromUrl("http://h:8123")).isSsl()).isFalse();
        assertThat(ClickHouseStoreConfig.fromUrl("https://u:secret@h/db").withCaPath("/etc/ca.pem").toString())
                .contains("caPath=/etc/ca.pem").doesNotContain("secret");
    }

    private static ClickHouseStoreConfig url() {
        return ClickHouseStoreConfig.fromUrl("https://localhost:" + server.actualPort() + "/carbon");
    }

    private static Stores open(ClickHouseStoreConfig cfg) {
        return ClickHouseStores.open(vertx, cfg);
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
