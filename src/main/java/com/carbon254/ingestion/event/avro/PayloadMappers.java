package com.carbon254.ingestion.event.avro;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.EventIds;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Tick;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import static com.carbon254.ingestion.event.avro.Avro.checkFields;
import static com.carbon254.ingestion.event.avro.Avro.date;
import static com.carbon254.ingestion.event.avro.Avro.days;
import static com.carbon254.ingestion.event.avro.Avro.instant;
import static com.carbon254.ingestion.event.avro.Avro.instantOrNull;
import static com.carbon254.ingestion.event.avro.Avro.micros;
import static com.carbon254.ingestion.event.avro.Avro.microsOrNull;
import static com.carbon254.ingestion.event.avro.Avro.nanIfNull;
import static com.carbon254.ingestion.event.avro.Avro.nullIfNaN;
import static com.carbon254.ingestion.event.avro.Avro.str;

/** The payload mapper of every topic; field order = the order in the topic's {@code .avsc}. */
final class PayloadMappers {
    private PayloadMappers() {
    }

    static PayloadMapper<Tick> tick(Schema payload) {
        return new TickMapper(payload);
    }

    static PayloadMapper<EnrichedTick> enrichedTick(Schema payload) {
        return new EnrichedTickMapper(payload);
    }

    static PayloadMapper<Bar> bar(Schema payload) {
        return new BarMapper(payload);
    }

    static PayloadMapper<RollingMetric> rollingMetric(Schema payload) {
        return new RollingMetricMapper(payload);
    }

    /** @param kind event-id kind, so a pre-stage point and the published point of one block get different ids */
    static PayloadMapper<CurvePoint> curvePoint(Schema payload, String kind) {
        return new CurvePointMapper(payload, kind);
    }

    static PayloadMapper<Anomaly> anomaly(Schema payload) {
        return new AnomalyMapper(payload);
    }

    static PayloadMapper<RawRecord> raw(Schema payload) {
        return new RawMapper(payload);
    }

    static PayloadMapper<DlqRecord> dlq(Schema payload) {
        return new DlqMapper(payload);
    }

    private static final class TickMapper implements PayloadMapper<Tick> {
        private final Schema schema;

        TickMapper(Schema schema) {
            this.schema = checkFields(schema, "tenant", "iso", "market", "location", "location_type",
                    "interval_start", "interval_end", "operating_day", "local_label", "lmp", "energy", "congestion",
                    "loss", "ghg", "derived", "revision", "document_id", "position", "location_id");
        }

        @Override
        public Class<Tick> type() {
            return Tick.class;
        }

        @Override
        public GenericData.Record write(Tick t) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put(0, t.tenant());
            r.put(1, t.iso());
            r.put(2, t.market());
            r.put(3, t.location());
            r.put(4, t.locationType());
            r.put(5, micros(t.intervalStart()));
            r.put(6, micros(t.intervalEnd()));
            r.put(7, days(t.operatingDay()));
            r.put(8, t.localLabel());
            r.put(9, nullIfNaN(t.lmp()));
            r.put(10, nullIfNaN(t.energy()));
            r.put(11, nullIfNaN(t.congestion()));
            r.put(12, nullIfNaN(t.loss()));
            r.put(13, nullIfNaN(t.ghg()));
            r.put(14, Component.names(t.derived()));
            r.put(15, t.revision());
            r.put(16, t.documentId());
            r.put(17, t.position());
            r.put(18, t.locationId());
            return r;
        }

        @Override
        public Tick read(GenericRecord r) {
            int derived = 0;
            for (Object name : (Iterable<?>) r.get(14)) derived |= Component.parse(name.toString()).bit();
            return new Tick(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)), str(r.get(4)),
                    instant(r.get(5)), instant(r.get(6)), date(r.get(7)), str(r.get(8)),
                    nanIfNull(r.get(9)), nanIfNull(r.get(10)), nanIfNull(r.get(11)), nanIfNull(r.get(12)),
                    nanIfNull(r.get(13)), derived, str(r.get(15)), str(r.get(16)), (Long) r.get(17),
                    str(r.get(18)));
        }

        @Override
        public String key(Tick t) {
            return t.location();
        }

        @Override
        public String eventId(Tick t) {
            return EventIds.tick(t);
        }
    }

    private static final class EnrichedTickMapper implements PayloadMapper<EnrichedTick> {
        private final Schema schema;
        private final TickMapper tick;

        EnrichedTickMapper(Schema schema) {
            this.schema = checkFields(schema, "tick", "location_type", "hub", "zone", "commodity", "product");
            this.tick = new TickMapper(Avro.recordOf(schema.getFields().get(0).schema()));
        }

        @Override
        public Class<EnrichedTick> type() {
            return EnrichedTick.class;
        }

        @Override
        public GenericData.Record write(EnrichedTick e) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put(0, tick.write(e.tick()));
            r.put(1, e.locationType());
            r.put(2, e.hub());
            r.put(3, e.zone());
            r.put(4, e.commodity());
            r.put(5, e.product());
            return r;
        }

        @Override
        public EnrichedTick read(GenericRecord r) {
            return new EnrichedTick(tick.read((GenericRecord) r.get(0)), str(r.get(1)), str(r.get(2)),
                    str(r.get(3)), str(r.get(4)), str(r.get(5)));
        }

        @Override
        public String key(EnrichedTick e) {
            return e.tick().location();
        }

        @Override
        public String eventId(EnrichedTick e) {
            return EventIds.enrichedTick(e);
        }
    }

    private static final class BarMapper implements PayloadMapper<Bar> {
        private final Schema schema;

        BarMapper(Schema schema) {
            this.schema = checkFields(schema, "tenant", "iso", "market", "location", "component", "resolution",
                    "start", "end", "open", "high", "low", "close", "mean", "count", "expected", "complete");
        }

        @Override
        public Class<Bar> type() {
            return Bar.class;
        }

        @Override
        public GenericData.Record write(Bar b) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put(0, b.tenant());
            r.put(1, b.iso());
            r.put(2, b.market());
            r.put(3, b.location());
            r.put(4, b.component().id());
            r.put(5, b.resolution());
            r.put(6, micros(b.start()));
            r.put(7, micros(b.end()));
            r.put(8, b.open());
            r.put(9, b.high());
            r.put(10, b.low());
            r.put(11, b.close());
            r.put(12, b.mean());
            r.put(13, b.count());
            r.put(14, b.expected());
            r.put(15, b.complete());
            return r;
        }

        @Override
        public Bar read(GenericRecord r) {
            return new Bar(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)),
                    Component.parse(r.get(4).toString()), str(r.get(5)), instant(r.get(6)), instant(r.get(7)),
                    (Double) r.get(8), (Double) r.get(9), (Double) r.get(10), (Double) r.get(11),
                    (Double) r.get(12), (Integer) r.get(13), (Integer) r.get(14), (Boolean) r.get(15));
        }

        @Override
        public String key(Bar b) {
            return b.location();
        }

        @Override
        public String eventId(Bar b) {
            return EventIds.bar(b);
        }
    }

    private static final class RollingMetricMapper implements PayloadMapper<RollingMetric> {
        private final Schema schema;

        RollingMetricMapper(Schema schema) {
            this.schema = checkFields(schema, "tenant", "iso", "market", "location", "component", "window",
                    "window_end", "count", "mean", "stddev", "min", "max");
        }

        @Override
        public Class<RollingMetric> type() {
            return RollingMetric.class;
        }

        @Override
        public GenericData.Record write(RollingMetric m) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put(0, m.tenant());
            r.put(1, m.iso());
            r.put(2, m.market());
            r.put(3, m.location());
            r.put(4, m.component().id());
            r.put(5, m.window());
            r.put(6, micros(m.windowEnd()));
            r.put(7, m.count());
            r.put(8, m.mean());
            r.put(9, m.stddev());
            r.put(10, m.min());
            r.put(11, m.max());
            return r;
        }

        @Override
        public RollingMetric read(GenericRecord r) {
            return new RollingMetric(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)),
                    Component.parse(r.get(4).toString()), str(r.get(5)), instant(r.get(6)), (Integer) r.get(7),
                    (Double) r.get(8), (Double) r.get(9), (Double) r.get(10), (Double) r.get(11));
        }

        @Override
        public String key(RollingMetric m) {
            return m.location();
        }

        @Override
        public String eventId(RollingMetric m) {
            return EventIds.rollingMetric(m);
        }
    }

    private static final class CurvePointMapper implements PayloadMapper<CurvePoint> {
        private final Schema schema;
        private final String kind;

        CurvePointMapper(Schema schema, String kind) {
            this.schema = checkFields(schema, "tenant", "iso", "location", "date", "block", "price", "hours",
                    "complete");
            this.kind = kind;
        }

        @Override
        public Class<CurvePoint> type() {
            return CurvePoint.class;
        }

        @Override
        public GenericData.Record write(CurvePoint p) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put(0, p.tenant());
            r.put(1, p.iso());
            r.put(2, p.location());
            r.put(3, days(p.date()));
            r.put(4, p.block());
            r.put(5, p.price());
            r.put(6, p.hours());
            r.put(7, p.complete());
            return r;
        }

        @Override
        public CurvePoint read(GenericRecord r) {
            return new CurvePoint(str(r.get(0)), str(r.get(1)), str(r.get(2)), date(r.get(3)), str(r.get(4)),
                    (Double) r.get(5), (Integer) r.get(6), (Boolean) r.get(7));
        }

        @Override
        public String key(CurvePoint p) {
            return p.location();
        }

        @Override
        public String eventId(CurvePoint p) {
            return EventIds.curvePoint(kind, p);
        }
    }

    private static final class AnomalyMapper implements PayloadMapper<Anomaly> {
        private final Schema schema;

        AnomalyMapper(Schema schema) {
            this.schema = checkFields(schema, "tenant", "iso", "dataset", "location", "interval", "type", "detail",
                    "document_id", "at");
        }

        @Override
        public Class<Anomaly> type() {
            return Anomaly.class;
        }

        @Override
        public GenericData.Record write(Anomaly a) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put(0, a.tenant());
            r.put(1, a.iso());
            r.put(2, a.dataset());
            r.put(3, a.location());
            r.put(4, microsOrNull(a.interval()));
            r.put(5, a.type());
            r.put(6, a.detail());
            r.put(7, a.documentId());
            r.put(8, micros(a.at()));
            return r;
        }

        @Override
        public Anomaly read(GenericRecord r) {
            return new Anomaly(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)), instantOrNull(r.get(4)),
                    str(r.get(5)), str(r.get(6)), str(r.get(7)), instant(r.get(8)));
        }

        /** Location, else document, else the ISO: a document-level finding still has a stable partition. */
        @Override
        public String key(Anomaly a) {
            if (a.location() != null) return a.location();
            if (a.documentId() != null) return a.documentId();
            return a.iso();
        }

        @Override
        public String eventId(Anomaly a) {
            return EventIds.anomaly(a);
        }
    }

    private static final class RawMapper implements PayloadMapper<RawRecord> {
        private final Schema schema;

        RawMapper(Schema schema) {
            this.schema = checkFields(schema, "tenant", "iso", "dataset", "market", "document_id", "position",
                    "location", "attributes", "values");
        }

        @Override
        public Class<RawRecord> type() {
            return RawRecord.class;
        }

        @Override
        public GenericData.Record write(RawRecord raw) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put(0, raw.tenant());
            r.put(1, raw.iso());
            r.put(2, raw.dataset());
            r.put(3, raw.market());
            r.put(4, raw.documentId());
            r.put(5, raw.position());
            r.put(6, raw.location());
            r.put(7, raw.attributes());
            r.put(8, raw.values());
            return r;
        }

        @Override
        public RawRecord read(GenericRecord r) {
            return new RawRecord(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)), str(r.get(4)),
                    (Long) r.get(5), str(r.get(6)), Avro.stringMap(r.get(7)), Avro.stringMap(r.get(8)));
        }

        @Override
        public String key(RawRecord r) {
            return r.location();
        }

        @Override
        public String eventId(RawRecord r) {
            return EventIds.raw(r);
        }
    }

    private static final class DlqMapper implements PayloadMapper<DlqRecord> {
        private final Schema schema;

        DlqMapper(Schema schema) {
            this.schema = checkFields(schema, "tenant", "trace_id", "stage", "input_topic", "reason", "detail",
                    "document_id", "position", "location", "at");
        }

        @Override
        public Class<DlqRecord> type() {
            return DlqRecord.class;
        }

        @Override
        public GenericData.Record write(DlqRecord d) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put(0, d.tenant());
            r.put(1, d.traceId());
            r.put(2, d.stage());
            r.put(3, d.inputTopic());
            r.put(4, d.reason());
            r.put(5, d.detail());
            r.put(6, d.documentId());
            r.put(7, d.position());
            r.put(8, d.location());
            r.put(9, micros(d.at()));
            return r;
        }

        @Override
        public DlqRecord read(GenericRecord r) {
            return new DlqRecord(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)), str(r.get(4)),
                    str(r.get(5)), str(r.get(6)), (Long) r.get(7), str(r.get(8)), instant(r.get(9)));
        }

        /** Location, else document, else the input topic (a transport-level rejection has neither). */
        @Override
        public String key(DlqRecord d) {
            if (d.location() != null) return d.location();
            if (d.documentId() != null) return d.documentId();
            return d.inputTopic();
        }

        @Override
        public String eventId(DlqRecord d) {
            return EventIds.dlq(d);
        }
    }
}
