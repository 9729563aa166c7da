package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.EventIds;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import com.carbon254.ingestion.store.Column.Type;

import java.util.List;

import static com.carbon254.ingestion.store.Table.Versioning.APPEND_LATEST_ON_READ;
import static com.carbon254.ingestion.store.Table.Versioning.FIRST_WINS;
import static com.carbon254.ingestion.store.Table.Versioning.IF_ABSENT;
import static com.carbon254.ingestion.store.Table.Versioning.LATEST_WINS;

/**
 * Every table of the store, defined once: both engines' DDL, insert column lists, row encoders and select lists come
 * from these definitions, and the decoders here read both engines' answers. A column is declared once, in table
 * order, so it cannot be in one engine's table and missing from the other's, nor from an insert.
 *
 * <p>Physical names and types are those the tables have always had: {@code CREATE TABLE IF NOT EXISTS} never alters
 * an existing DuckDB file or ClickHouse database (there is no migration), so changing a column here means those
 * tables must be recreated. Where the Avro schema of the same record names a field otherwise, {@code TablesTest}
 * lists why.
 */
public final class Tables {
    private Tables() {
    }

    /** Bronze: every document exactly as fetched or posted, once per (tenant, sha256). */
    public static final class BronzeDocuments {
        private static final Table.Builder<RawDocument> B = Table.builder("bronze_documents", IF_ABSENT);
        public static final Column<RawDocument> SHA256 = B.string("sha256", RawDocument::sha256);
        public static final Column<RawDocument> TENANT = B.string("tenant", RawDocument::tenant);
        public static final Column<RawDocument> CONNECTOR = B.nullableString("connector", RawDocument::connector);
        public static final Column<RawDocument> DATASET = B.nullableString("dataset", RawDocument::dataset);
        public static final Column<RawDocument> NAME = B.nullableString("name", RawDocument::name);
        public static final Column<RawDocument> SIZE = B.int64("size", d -> content(d).length);
        public static final Column<RawDocument> RECEIVED_AT = B.nullableInstant("received_at", RawDocument::receivedAt);
        public static final Column<RawDocument> TRACE_ID = B.nullableString("trace_id", RawDocument::traceId);
        /** A document without content is stored empty. */
        public static final Column<RawDocument> CONTENT = B.bytes("content", BronzeDocuments::content);
        public static final Table<RawDocument> TABLE = B.build(r -> new RawDocument(r.string(TENANT),
                r.string(CONNECTOR), r.string(NAME), r.string(DATASET), r.string(SHA256), r.bytes(CONTENT),
                r.instant(RECEIVED_AT), r.string(TRACE_ID)), TENANT, SHA256);

        private BronzeDocuments() {
        }

        private static byte[] content(RawDocument d) {
            return d.content() == null ? new byte[0] : d.content();
        }
    }

    /** Which intervals each Bronze document holds (reprocessing picks a window's documents with it). */
    public static final class BronzeCoverage {
        private static final Table.Builder<DocumentCoverage> B = Table.builder("bronze_coverage", LATEST_WINS);
        public static final Column<DocumentCoverage> TENANT = B.string("tenant", DocumentCoverage::tenant);
        public static final Column<DocumentCoverage> DOCUMENT_ID = B.string("document_id",
                DocumentCoverage::documentId);
        public static final Column<DocumentCoverage> CONNECTOR = B.nullableString("connector",
                DocumentCoverage::connector);
        public static final Column<DocumentCoverage> ISO = B.nullableString("iso", DocumentCoverage::iso);
        public static final Column<DocumentCoverage> DATASET = B.nullableString("dataset", DocumentCoverage::dataset);
        public static final Column<DocumentCoverage> FIRST_INTERVAL_END = B.nullableInstant("first_interval_end",
                DocumentCoverage::firstIntervalEnd);
        public static final Column<DocumentCoverage> LAST_INTERVAL_END = B.nullableInstant("last_interval_end",
                DocumentCoverage::lastIntervalEnd);
        public static final Column<DocumentCoverage> RECEIVED_AT = B.nullableInstant("received_at",
                DocumentCoverage::receivedAt);
        public static final Column<DocumentCoverage> UPDATED_AT = B.updatedAt();
        public static final Table<DocumentCoverage> TABLE = B.build(r -> new DocumentCoverage(r.string(TENANT),
                r.string(DOCUMENT_ID), r.string(CONNECTOR), r.string(ISO), r.string(DATASET),
                r.instant(FIRST_INTERVAL_END), r.instant(LAST_INTERVAL_END), r.instant(RECEIVED_AT)),
                TENANT, DOCUMENT_ID);

        private BronzeCoverage() {
        }
    }

    /**
     * Silver: the latest tick per interval ({@link #TABLE}) and every revision ({@link #REVISIONS}). One
     * {@code location_type} is kept: the enrichment's; a tick read back carries it as both {@link Tick#locationType()}
     * and {@link EnrichedTick#locationType()}. Absent components (NaN) are NULL.
     */
    public static final class SilverTicks {
        private static final Table.Builder<EnrichedTick> B = Table.builder("silver_ticks", LATEST_WINS);
        public static final Column<EnrichedTick> TENANT = B.string("tenant", e -> e.tick().tenant());
        public static final Column<EnrichedTick> ISO = B.string("iso", e -> e.tick().iso());
        public static final Column<EnrichedTick> MARKET = B.string("market", e -> e.tick().market());
        public static final Column<EnrichedTick> LOCATION = B.string("location", e -> e.tick().location());
        public static final Column<EnrichedTick> INTERVAL_START = B.instant("interval_start",
                e -> e.tick().intervalStart());
        public static final Column<EnrichedTick> INTERVAL_END = B.nullableInstant("interval_end",
                e -> e.tick().intervalEnd());
        public static final Column<EnrichedTick> OPERATING_DAY = B.nullableDate("operating_day",
                e -> e.tick().operatingDay());
        public static final Column<EnrichedTick> LOCAL_LABEL = B.nullableString("local_label",
                e -> e.tick().localLabel());
        public static final Column<EnrichedTick> LMP = B.nullableFloat64("lmp", e -> e.tick().lmp());
        public static final Column<EnrichedTick> ENERGY = B.nullableFloat64("energy", e -> e.tick().energy());
        public static final Column<EnrichedTick> CONGESTION = B.nullableFloat64("congestion",
                e -> e.tick().congestion());
        public static final Column<EnrichedTick> LOSS = B.nullableFloat64("loss", e -> e.tick().loss());
        public static final Column<EnrichedTick> GHG = B.nullableFloat64("ghg", e -> e.tick().ghg());
        /** The mask of derived components ({@link Component#bit()}). */
        public static final Column<EnrichedTick> DERIVED = B.int32("derived", e -> e.tick().derived());
        public static final Column<EnrichedTick> REVISION = B.nullableString("revision", e -> e.tick().revision());
        public static final Column<EnrichedTick> DOCUMENT_ID = B.nullableString("document_id",
                e -> e.tick().documentId());
        public static final Column<EnrichedTick> POSITION = B.int64("position", e -> e.tick().position());
        public static final Column<EnrichedTick> LOCATION_TYPE = B.nullableString("location_type",
                EnrichedTick::locationType);
        public static final Column<EnrichedTick> HUB = B.nullableString("hub", EnrichedTick::hub);
        public static final Column<EnrichedTick> ZONE = B.nullableString("zone", EnrichedTick::zone);
        public static final Column<EnrichedTick> COMMODITY = B.nullableString("commodity", EnrichedTick::commodity);
        public static final Column<EnrichedTick> PRODUCT = B.nullableString("product", EnrichedTick::product);
        public static final Column<EnrichedTick> UPDATED_AT = B.updatedAt();
        /** The ISO's numeric location id; added after the table first shipped (see {@link Table#added}). */
        public static final Column<EnrichedTick> LOCATION_ID = B.nullableString("location_id",
                e -> e.tick().locationId());
        public static final Table<EnrichedTick> TABLE = B.clickHouseMonthOf(INTERVAL_START)
                .build(SilverTicks::decode, TENANT, ISO, MARKET, LOCATION, INTERVAL_START);
        /**
         * Every write of a tick, for revisions=all: one row per (tick key, revision, document), the latest write of it
         * winning; a null revision or document counts as the empty string (as in {@link EventIds}).
         */
        public static final Table<EnrichedTick> REVISIONS = TABLE.copy("silver_tick_revisions",
                APPEND_LATEST_ON_READ, TENANT, ISO, MARKET, LOCATION, INTERVAL_START, REVISION, DOCUMENT_ID);

        private SilverTicks() {
        }

        private static EnrichedTick decode(Row r) throws Exception {
            String locationType = r.string(LOCATION_TYPE);
            Tick t = new Tick(r.string(TENANT), r.string(ISO), r.string(MARKET), r.string(LOCATION), locationType,
                    r.instant(INTERVAL_START), r.instant(INTERVAL_END), r.date(OPERATING_DAY), r.string(LOCAL_LABEL),
                    r.float64(LMP), r.float64(ENERGY), r.float64(CONGESTION), r.float64(LOSS), r.float64(GHG),
                    r.int32(DERIVED), r.string(REVISION), r.string(DOCUMENT_ID), r.int64(POSITION),
                    r.string(LOCATION_ID));
            return new EnrichedTick(t, locationType, r.string(HUB), r.string(ZONE), r.string(COMMODITY),
                    r.string(PRODUCT));
        }
    }

    /** Gold: OHLC bars, one per (series, component, resolution, start). */
    public static final class GoldBars {
        private static final Table.Builder<Bar> B = Table.builder("gold_bars", LATEST_WINS);
        public static final Column<Bar> TENANT = B.string("tenant", Bar::tenant);
        public static final Column<Bar> ISO = B.string("iso", Bar::iso);
        public static final Column<Bar> MARKET = B.string("market", Bar::market);
        public static final Column<Bar> LOCATION = B.string("location", Bar::location);
        public static final Column<Bar> COMPONENT = B.string("component", b -> b.component().id());
        public static final Column<Bar> RESOLUTION = B.string("resolution", Bar::resolution);
        public static final Column<Bar> START = B.instant("bar_start", Bar::start);
        public static final Column<Bar> END = B.instant("bar_end", Bar::end);
        public static final Column<Bar> OPEN = B.float64("open", Bar::open);
        public static final Column<Bar> HIGH = B.float64("high", Bar::high);
        public static final Column<Bar> LOW = B.float64("low", Bar::low);
        public static final Column<Bar> CLOSE = B.float64("close", Bar::close);
        public static final Column<Bar> MEAN = B.float64("mean", Bar::mean);
        public static final Column<Bar> COUNT = B.int32("count", Bar::count);
        public static final Column<Bar> EXPECTED = B.int32("expected", Bar::expected);
        public static final Column<Bar> COMPLETE = B.bool("complete", Bar::complete);
        public static final Column<Bar> UPDATED_AT = B.updatedAt();
        public static final Table<Bar> TABLE = B.clickHouseMonthOf(START).build(r -> new Bar(r.string(TENANT),
                r.string(ISO), r.string(MARKET), r.string(LOCATION), Component.parse(r.string(COMPONENT)),
                r.string(RESOLUTION), r.instant(START), r.instant(END), r.float64(OPEN), r.float64(HIGH),
                r.float64(LOW), r.float64(CLOSE), r.float64(MEAN), r.int32(COUNT), r.int32(EXPECTED),
                r.bool(COMPLETE)), TENANT, ISO, MARKET, LOCATION, COMPONENT, RESOLUTION, START);

        private GoldBars() {
        }
    }

    /**
     * Gold: rolling metrics, one per (series, component, window, window end). The largest gold table (a row per tick
     * and component): DuckDB appends it without a key index, which cost as much as the rest of an import to maintain,
     * with a version per row, and its reads keep the newest row per key.
     */
    public static final class GoldRolling {
        private static final Table.Builder<RollingMetric> B = Table.builder("gold_rolling", APPEND_LATEST_ON_READ);
        public static final Column<RollingMetric> TENANT = B.string("tenant", RollingMetric::tenant);
        public static final Column<RollingMetric> ISO = B.string("iso", RollingMetric::iso);
        public static final Column<RollingMetric> MARKET = B.string("market", RollingMetric::market);
        public static final Column<RollingMetric> LOCATION = B.string("location", RollingMetric::location);
        public static final Column<RollingMetric> COMPONENT = B.string("component", m -> m.component().id());
        public static final Column<RollingMetric> WINDOW = B.string("window", RollingMetric::window);
        public static final Column<RollingMetric> WINDOW_END = B.instant("window_end", RollingMetric::windowEnd);
        public static final Column<RollingMetric> COUNT = B.int32("count", RollingMetric::count);
        public static final Column<RollingMetric> MEAN = B.float64("mean", RollingMetric::mean);
        public static final Column<RollingMetric> STDDEV = B.float64("stddev", RollingMetric::stddev);
        public static final Column<RollingMetric> MIN = B.float64("min", RollingMetric::min);
        public static final Column<RollingMetric> MAX = B.float64("max", RollingMetric::max);
        public static final Column<RollingMetric> UPDATED_AT = B.updatedAt();
        public static final Column<RollingMetric> VERSION = B.rowVersion();
        public static final Table<RollingMetric> TABLE = B.clickHouseMonthOf(WINDOW_END).build(r -> new RollingMetric(
                r.string(TENANT), r.string(ISO), r.string(MARKET), r.string(LOCATION),
                Component.parse(r.string(COMPONENT)), r.string(WINDOW), r.instant(WINDOW_END), r.int32(COUNT),
                r.float64(MEAN), r.float64(STDDEV), r.float64(MIN), r.float64(MAX)),
                TENANT, ISO, MARKET, LOCATION, COMPONENT, WINDOW, WINDOW_END);

        private GoldRolling() {
        }
    }

    /** Gold: curve block points, one per (tenant, iso, location, delivery date, block). */
    public static final class GoldCurves {
        private static final Table.Builder<CurvePoint> B = Table.builder("gold_curves", LATEST_WINS);
        public static final Column<CurvePoint> TENANT = B.string("tenant", CurvePoint::tenant);
        public static final Column<CurvePoint> ISO = B.string("iso", CurvePoint::iso);
        public static final Column<CurvePoint> LOCATION = B.string("location", CurvePoint::location);
        /**
         * ClickHouse has kept it as {@code delivery_day Int32} (days since 1970-01-01, so any date round-trips and
         * ranges compare as ints) since its first version, DuckDB as {@code delivery_date DATE}.
         */
        public static final Column<CurvePoint> DELIVERY_DATE = B.date("delivery_date", CurvePoint::date)
                .clickHouseAs("delivery_day", Type.EPOCH_DAY);
        public static final Column<CurvePoint> BLOCK = B.string("block", CurvePoint::block);
        public static final Column<CurvePoint> PRICE = B.float64("price", CurvePoint::price);
        public static final Column<CurvePoint> HOURS = B.int32("hours", CurvePoint::hours);
        public static final Column<CurvePoint> COMPLETE = B.bool("complete", CurvePoint::complete);
        public static final Column<CurvePoint> UPDATED_AT = B.updatedAt();
        public static final Table<CurvePoint> TABLE = B.build(r -> new CurvePoint(r.string(TENANT), r.string(ISO),
                r.string(LOCATION), r.date(DELIVERY_DATE), r.string(BLOCK), r.float64(PRICE), r.int32(HOURS),
                r.bool(COMPLETE)), TENANT, ISO, LOCATION, DELIVERY_DATE, BLOCK);

        private GoldCurves() {
        }
    }

    /**
     * Audit: records a stage rejected, keyed by (tenant, {@link EventIds#dlq}), which leaves out the time: a record
     * written again (a replay, a redelivery) keeps its first write. Not partitioned by time in ClickHouse: rows of one
     * id collapse only within a partition, and a replay's {@code at} may fall in another month.
     */
    public static final class Dlq {
        private static final Table.Builder<DlqRecord> B = Table.builder("dlq", FIRST_WINS);
        public static final Column<DlqRecord> TENANT = B.string("tenant", DlqRecord::tenant);
        public static final Column<DlqRecord> TRACE_ID = B.nullableString("trace_id", DlqRecord::traceId);
        public static final Column<DlqRecord> STAGE = B.nullableString("stage", DlqRecord::stage);
        public static final Column<DlqRecord> INPUT_TOPIC = B.nullableString("input_topic", DlqRecord::inputTopic);
        public static final Column<DlqRecord> REASON = B.string("reason", DlqRecord::reason);
        public static final Column<DlqRecord> DETAIL = B.nullableString("detail", DlqRecord::detail);
        public static final Column<DlqRecord> DOCUMENT_ID = B.nullableString("document_id", DlqRecord::documentId);
        public static final Column<DlqRecord> POSITION = B.int64("position", DlqRecord::position);
        public static final Column<DlqRecord> LOCATION = B.nullableString("location", DlqRecord::location);
        public static final Column<DlqRecord> AT = B.instant("at", DlqRecord::at);
        public static final Column<DlqRecord> ID = B.eventId(EventIds::dlq);
        public static final Column<DlqRecord> VERSION = B.firstWinsVersion();
        public static final Table<DlqRecord> TABLE = B.build(r -> new DlqRecord(r.string(TENANT), r.string(TRACE_ID),
                r.string(STAGE), r.string(INPUT_TOPIC), r.string(REASON), r.string(DETAIL), r.string(DOCUMENT_ID),
                r.int64(POSITION), r.string(LOCATION), r.instant(AT)), TENANT, ID);

        private Dlq() {
        }
    }

    /**
     * Audit: data-quality findings, keyed by (tenant, {@link EventIds#anomaly}), the first write staying, as in
     * {@link Dlq}.
     */
    public static final class Anomalies {
        private static final Table.Builder<Anomaly> B = Table.builder("anomalies", FIRST_WINS);
        public static final Column<Anomaly> TENANT = B.string("tenant", Anomaly::tenant);
        public static final Column<Anomaly> ISO = B.nullableString("iso", Anomaly::iso);
        public static final Column<Anomaly> DATASET = B.nullableString("dataset", Anomaly::dataset);
        public static final Column<Anomaly> LOCATION = B.nullableString("location", Anomaly::location);
        public static final Column<Anomaly> INTERVAL_START = B.nullableInstant("interval_start", Anomaly::interval);
        public static final Column<Anomaly> TYPE = B.string("type", Anomaly::type);
        public static final Column<Anomaly> DETAIL = B.nullableString("detail", Anomaly::detail);
        public static final Column<Anomaly> DOCUMENT_ID = B.nullableString("document_id", Anomaly::documentId);
        public static final Column<Anomaly> AT = B.instant("at", Anomaly::at);
        public static final Column<Anomaly> ID = B.eventId(EventIds::anomaly);
        public static final Column<Anomaly> VERSION = B.firstWinsVersion();
        public static final Table<Anomaly> TABLE = B.build(r -> new Anomaly(r.string(TENANT), r.string(ISO),
                r.string(DATASET), r.string(LOCATION), r.instant(INTERVAL_START), r.string(TYPE), r.string(DETAIL),
                r.string(DOCUMENT_ID), r.instant(AT)), TENANT, ID);

        private Anomalies() {
        }
    }

    /** Every table, in the order the engines create them (a copy after the table it copies). */
    public static final List<Table<?>> ALL = List.of(BronzeDocuments.TABLE, BronzeCoverage.TABLE, SilverTicks.TABLE,
            SilverTicks.REVISIONS, GoldBars.TABLE, GoldRolling.TABLE, GoldCurves.TABLE, Dlq.TABLE, Anomalies.TABLE);
}
