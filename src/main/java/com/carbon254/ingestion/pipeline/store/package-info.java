/**
 * The store ports, split by role: {@link com.carbon254.ingestion.pipeline.store.BronzeStore} (documents as fetched,
 * and which intervals each holds), {@link com.carbon254.ingestion.pipeline.store.SilverStore} (canonical ticks),
 * {@link com.carbon254.ingestion.pipeline.store.GoldStore} (bars, rolling metrics, curve points),
 * {@link com.carbon254.ingestion.pipeline.store.AuditStore} (DLQ records and anomalies) and
 * {@link com.carbon254.ingestion.pipeline.store.StoreQueries} (what the read API serves), bundled with the engine's
 * lifecycle in {@link com.carbon254.ingestion.pipeline.store.Stores}. DuckDB (embedded default) and ClickHouse
 * (cluster, over HTTP) implement every port; the descriptor chooses, and a stage cannot tell which it got.
 *
 * <p>Every method is non-blocking (blocking drivers run on worker threads) and fails its future on a store error.
 *
 * <p>Idempotency, the promise every port keeps: rows are keyed by their natural keys — ticks by (tenant, iso, market,
 * location, interval_start), bars by (tenant, iso, market, location, component, resolution, start), rolling metrics
 * by (tenant, iso, market, location, component, window, window_end), curve points by (tenant, iso, location, date,
 * block) — and writing a key again replaces the row (upsert in DuckDB, ReplacingMergeTree + FINAL in ClickHouse), so
 * replays never duplicate. Tick revisions are kept one per (tick key, revision, document), the latest write winning.
 * DLQ records and anomalies are keyed by their deterministic event id
 * ({@link com.carbon254.ingestion.event.EventIds#dlq}, {@link com.carbon254.ingestion.event.EventIds#anomaly}, which
 * leave out the time): writing one again keeps the FIRST write, so the time an operator first saw it stays.
 */
package com.carbon254.ingestion.pipeline.store;
