package com.carbon254.ingestion.store.clickhouse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseStoreConfigTest {
    @Test
    void parsesUserPasswordHostPortAndDatabase() {
        assertThat(ClickHouseStoreConfig.fromUrl("http://ingest:s%40cr%3At@ch.internal:8124/carbon"))
                .isEqualTo(new ClickHouseStoreConfig("http://ch.internal:8124", "carbon", "ingest", "s@cr:t"));
    }

    @Test
    void defaultsToTheDefaultUserAndDatabase() {
        assertThat(ClickHouseStoreConfig.fromUrl("http://127.0.0.1:34301"))
                .isEqualTo(new ClickHouseStoreConfig("http://127.0.0.1:34301", "default", "default", ""));
        assertThat(ClickHouseStoreConfig.fromUrl("http://localhost/").url()).isEqualTo("http://localhost:8123");
    }

    @Test
    void refusesDatabaseNamesThatWouldNeedQuoting() {
        assertThatThrownBy(() -> ClickHouseStoreConfig.fromUrl("http://h:8123/a-b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a-b'");
        assertThatThrownBy(() -> ClickHouseStoreConfig.fromUrl("ch.internal:8123"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(new ClickHouseStoreConfig("http://h:1", "d", "u", "hunter2").toString())
                .doesNotContain("hunter2").contains("***");
    }
}
