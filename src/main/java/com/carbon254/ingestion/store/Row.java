package com.carbon254.ingestion.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of a read answer whose select list is a table's {@link Table#recordColumns()}, each value read by its
 * column: the decoders of {@link Tables} are the same for both engines (a JDBC result set in DuckDB, a TabSeparated
 * answer in ClickHouse).
 */
public interface Row {
    String string(Column<?> c);

    byte[] bytes(Column<?> c);

    int int32(Column<?> c);

    long int64(Column<?> c);

    /** NULL (an absent component) reads as NaN. */
    double float64(Column<?> c);

    boolean bool(Column<?> c);

    /** NULL reads as null. */
    Instant instant(Column<?> c);

    /** NULL reads as null. */
    LocalDate date(Column<?> c);
}
