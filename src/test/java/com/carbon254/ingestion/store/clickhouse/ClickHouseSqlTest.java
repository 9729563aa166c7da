package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.store.Tables;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ClickHouseSqlTest {
    /**
     * {@code CREATE TABLE IF NOT EXISTS} never alters the tables of an existing database: the DDL derived from
     * {@link Tables} must stay the DDL those databases were created with ({@code store/clickhouse-tables.sql}), or come
     * with a way for existing databases to follow.
     */
    @Test
    void tablesAreCreatedAsExistingDatabasesHoldThem() throws Exception {
        Path expected = Path.of(ClickHouseSqlTest.class.getResource("/store/clickhouse-tables.sql").toURI());
        assertThat(ClickHouseSql.ddl("`<database>`")).containsExactlyElementsOf(Files.readAllLines(expected));
    }
}
