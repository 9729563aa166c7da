/**
 * The store ports ({@link com.carbon254.ingestion.pipeline.store}) implemented on DuckDB ({@code store.duckdb}, the
 * embedded default) and ClickHouse over HTTP ({@code store.clickhouse}). Each engine is one engine object (lifecycle,
 * DDL, connection or HTTP client) shared by one small class per port — Bronze, Silver, Gold, Audit, Queries — and a
 * factory ({@code DuckDbStores.open}, {@code ClickHouseStores.open}) returning the
 * {@link com.carbon254.ingestion.pipeline.store.Stores} bundle; only {@code app} chooses one.
 *
 * <p>Every table is defined once, in {@link com.carbon254.ingestion.store.Tables}: columns, key, how a key written
 * twice is resolved. Both engines derive their DDL, insert column lists, row encoders and select lists from it, and
 * read rows back with its decoders ({@link com.carbon254.ingestion.store.Row}).
 */
package com.carbon254.ingestion.store;
