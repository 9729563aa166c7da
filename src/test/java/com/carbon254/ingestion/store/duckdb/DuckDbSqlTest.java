package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.store.Tables;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DuckDbSqlTest {
    /**
     * {@code CREATE TABLE IF NOT EXISTS} never alters the tables of an existing file: the DDL derived from
     * {@link Tables} must stay the DDL those files were created with ({@code store/duckdb-tables.sql}), or come with a
     * way for existing files to follow.
     */
    @Test
    void tablesAreCreatedAsExistingFilesHoldThem() throws Exception {
        Path expected = Path.of(DuckDbSqlTest.class.getResource("/store/duckdb-tables.sql").toURI());
        assertThat(Tables.ALL.stream().map(DuckDbSql::create).toList())
                .containsExactlyElementsOf(Files.readAllLines(expected));
    }
}
