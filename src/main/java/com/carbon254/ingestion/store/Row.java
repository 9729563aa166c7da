package com.carbon254.ingestion.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of a read answer whose select list is a table's {@link Table#recordColumns()}, each value read by its
 * column: the decoders of {@link Tables} are the same for both engines (a JDBC result set in DuckDB, a TabSeparated
 * answer in ClickHouse). A read fails with the engine's own exception (a JDBC {@code SQLException} in DuckDB).
 */
public interface Row {
    String string(Column<?> c) throws Exception;

    byte[] bytes(Column<?> c) throws Exception;

    int int32(Column<?> c) throws Exception;

    long int64(Column<?> c) throws Exception;

    /** NULL (an absent component) reads as NaN. */
    double float64(Column<?> c) throws Exception;

    boolean bool(Column<?> c) throws Exception;

    /** NULL reads as null. */
    Instant instant(Column<?> c) throws Exception;

    /** NULL reads as null. */
    LocalDate date(Column<?> c) throws Exception;
}
