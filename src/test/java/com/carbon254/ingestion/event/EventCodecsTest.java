package com.carbon254.ingestion.event;

import com.carbon254.ingestion.event.avro.AvroCodecs;
import com.carbon254.ingestion.event.avro.AvroEventCodec;
import com.carbon254.ingestion.testing.Samples;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class EventCodecsTest {
    private static final Instant AT = Instant.parse("2024-07-16T08:00:01.123456Z");

    /** A record of every topic's type (also what {@code RecordWriterTest} writes). */
    public static Stream<Arguments> everyTopic() {
        return Stream.of(
                Arguments.of(Topics.NORMALIZED_TICKS, Samples.tick("TH_NP15_GEN-APND", 0)),
                Arguments.of(Topics.NORMALIZED_TICKS, Samples.sparseTick()),
                Arguments.of(Topics.ENRICHED_TICKS, Samples.enriched()),
                Arguments.of(Topics.ENRICHED_TICKS, Samples.enrichedUnknown()),
                Arguments.of(Topics.OHLC_BARS, Samples.bar()),
                Arguments.of(Topics.ROLLING_METRICS, Samples.rolling()),
                Arguments.of(Topics.CURVE_PRESTAGE, Samples.curve()),
                Arguments.of(Topics.CURVE_UPDATES, Samples.curve()),
                Arguments.of(Topics.ANOMALIES, Samples.anomaly()),
                Arguments.of(Topics.ANOMALIES, Samples.documentAnomaly()),
                Arguments.of(Topics.raw("CAISO"), Samples.caisoRaw()),
                Arguments.of(Topics.raw("miso"), Samples.misoRaw()),
                Arguments.of(Topics.dlq(Topics.raw("caiso")), Samples.dlq()),
                Arguments.of(Topics.dlq(Topics.NORMALIZED_TICKS), Samples.documentDlq()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyTopic")
    void roundTripsEveryTopicsRecordWithItsEnvelope(String topic, Object record) {
        EventCodec<Object> codec = EventCodecs.forTopic(topic);
        EnvelopeMeta meta = codec.meta(record, "trace-7", "acme", AT, "test-producer");

        byte[] bytes = codec.encode(record, meta);
        Decoded<Object> back = codec.decode(bytes);

        assertThat(back.record()).isEqualTo(record);
        assertThat(back.meta()).isEqualTo(meta);
        assertThat(back.meta().schemaVersion()).isEqualTo(1);
        assertThat(codec.type()).isInstanceOf(Class.class).matches(t -> t.isInstance(record));
        assertThat(codec.topic()).isEqualTo(topic);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTopic")
    void bytesAreSingleObjectEncodedWithTheSchemaFingerprint(String topic, Object record) {
        EventCodec<Object> codec = EventCodecs.forTopic(topic);
        byte[] bytes = codec.encode(record, codec.meta(record, "t", "acme", AT, "p"));

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fp = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fp).isEqualTo(SchemaNormalization.parsingFingerprint64(codec.schema()));
    }

    @Test
    void absentComponentsTravelAsNullAndComeBackAsNaN() {
        Tick allAbsent = new Tick("acme", "MISO", "RT_5MIN", "N1", null, Samples.T0, Samples.T0.plusSeconds(300),
                java.time.LocalDate.of(2024, 7, 16), null, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Component.ENERGY.bit() | Component.GHG.bit(), null, Samples.DOC, 1L);
        EventCodec<Tick> codec = EventCodecs.forTopic(Topics.NORMALIZED_TICKS);
        byte[] bytes = codec.encode(allAbsent, codec.meta(allAbsent, "t", "acme", AT, "p"));

        GenericRecord payload = (GenericRecord) plainDecode(codec.schema(), bytes).get("payload");
        for (String c : List.of("lmp", "energy", "congestion", "loss", "ghg")) {
            assertThat(payload.get(c)).as(c).isNull();
        }
        assertThat(payload.get("derived").toString()).isEqualTo("[energy, ghg]");

        Tick back = codec.decode(bytes).record();
        assertThat(back.lmp()).isNaN();
        assertThat(back.ghg()).isNaN();
        assertThat(back.isDerived(Component.ENERGY)).isTrue();
        assertThat(back.isDerived(Component.GHG)).isTrue();
        assertThat(back.isDerived(Component.LMP)).isFalse();
        assertThat(back).isEqualTo(allAbsent);
    }

    /** The ISO's numeric location id travels on both tick topics and is not part of the event id. */
    @Test
    void theLocationIdTravelsBesideTheLocationOnBothTickTopics() {
        Tick without = Samples.tick("WESTERN HUB", 1);
        Tick t = new Tick(without.tenant(), without.iso(), without.market(), without.location(), without.locationType(),
                without.intervalStart(), without.intervalEnd(), without.operatingDay(), without.localLabel(),
                without.lmp(), without.energy(), without.congestion(), without.loss(), without.ghg(),
                without.derived(), without.revision(), without.documentId(), without.position(), "51288");
        EventCodec<Tick> codec = EventCodecs.forTopic(Topics.NORMALIZED_TICKS);
        byte[] bytes = codec.encode(t, codec.meta(t, "t", "acme", AT, "p"));
        assertThat(((GenericRecord) plainDecode(codec.schema(), bytes).get("payload")).get("location_id").toString())
                .isEqualTo("51288");
        assertThat(codec.decode(bytes).record()).isEqualTo(t);
        assertThat(codec.meta(t, "t", "acme", AT, "p").eventId())
                .isEqualTo(codec.meta(without, "t", "acme", AT, "p").eventId());

        EnrichedTick e = new EnrichedTick(t, "hub", "WESTERN HUB", null, "power", "lmp");
        EventCodec<EnrichedTick> enriched = EventCodecs.forTopic(Topics.ENRICHED_TICKS);
        assertThat(enriched.decode(enriched.encode(e, enriched.meta(e, "t", "acme", AT, "p"))).record()).isEqualTo(e);
    }

    @Test
    void instantsTravelAsTimestampMicrosAndDatesAsEpochDays() {
        Tick t = Samples.tick("N1", 2);
        EventCodec<Tick> codec = EventCodecs.forTopic(Topics.NORMALIZED_TICKS);
        GenericRecord env = plainDecode(codec.schema(), codec.encode(t, codec.meta(t, "t", "acme", AT, "p")));
        GenericRecord p = (GenericRecord) env.get("payload");

        assertThat(env.get("occurred_at")).isEqualTo(AT.getEpochSecond() * 1_000_000L + 123_456L);
        assertThat(p.get("interval_start")).isEqualTo(t.intervalStart().toEpochMilli() * 1_000L);
        assertThat(p.get("operating_day")).isEqualTo((int) t.operatingDay().toEpochDay());
        assertThat(codec.schema().getField("occurred_at").schema().getLogicalType().getName())
                .isEqualTo("timestamp-micros");
    }

    @Test
    void decodingIsStrictAboutTheSchemaFingerprint() {
        EventCodec<Bar> bars = EventCodecs.forTopic(Topics.OHLC_BARS);
        EventCodec<Tick> ticks = EventCodecs.forTopic(Topics.NORMALIZED_TICKS);
        byte[] barBytes = bars.encode(Samples.bar(), bars.meta(Samples.bar(), "t", "acme", AT, "p"));
        String barFp = String.format("%016x", ((AvroEventCodec<?>) bars).fingerprint());

        assertThatThrownBy(() -> ticks.decode(barBytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown schema fingerprint " + barFp)
                .hasMessageContaining(Topics.NORMALIZED_TICKS);
        assertThatThrownBy(() -> ticks.decode("{\"lmp\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("C3 01");
        byte[] truncated = java.util.Arrays.copyOf(barBytes, 20);
        assertThatThrownBy(() -> bars.decode(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Topics.OHLC_BARS);
    }

    @Test
    void aNullInARequiredFieldFailsEncodingNamingTheTopic() {
        Bar noLocation = new Bar("acme", "CAISO", "DA_HOURLY", null, Component.LMP, "1h", Samples.T0,
                Samples.T0.plusSeconds(3600), 1, 1, 1, 1, 1, 1, 1, true);
        EventCodec<Bar> codec = EventCodecs.forTopic(Topics.OHLC_BARS);
        EnvelopeMeta meta = new EnvelopeMeta("id", "t", AT, "acme", 1, "p");

        assertThatThrownBy(() -> codec.encode(noLocation, meta))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Topics.OHLC_BARS);
    }

    @Test
    void eventIdsAreDeterministicAndFollowTheNaturalKey() {
        Tick t = Samples.tick("TH_NP15_GEN-APND", 0);
        EventCodec<Tick> codec = EventCodecs.forTopic(Topics.NORMALIZED_TICKS);
        Tick sameKeyOtherPrice = new Tick(t.tenant(), t.iso(), t.market(), t.location(), t.locationType(),
                t.intervalStart(), t.intervalEnd(), t.operatingDay(), t.localLabel(), 99, 98, 0.5, 0.5, 0,
                t.derived(), t.revision(), "other-doc", 99L);
        Tick laterRevision = new Tick(t.tenant(), t.iso(), t.market(), t.location(), t.locationType(),
                t.intervalStart(), t.intervalEnd(), t.operatingDay(), t.localLabel(), t.lmp(), t.energy(),
                t.congestion(), t.loss(), t.ghg(), t.derived(), "final-v2", t.documentId(), t.position());

        String id = codec.eventId(t);
        assertThat(codec.eventId(Samples.tick("TH_NP15_GEN-APND", 0))).isEqualTo(id);
        assertThat(codec.eventId(sameKeyOtherPrice)).isEqualTo(id);
        assertThat(codec.eventId(laterRevision)).isNotEqualTo(id);
        assertThat(codec.eventId(Samples.tick("TH_NP15_GEN-APND", 1))).isNotEqualTo(id);
        assertThat(id).isEqualTo(UUID.nameUUIDFromBytes(
                ("tick|acme|CAISO|DA_HOURLY|TH_NP15_GEN-APND|" + Samples.T0.getEpochSecond() * 1_000_000L + "|final")
                        .getBytes(StandardCharsets.UTF_8)).toString());
        // the envelope carries the id, and it does not depend on when the event was produced
        assertThat(codec.decode(codec.encode(t, codec.meta(t, "a", "acme", AT, "p"))).meta().eventId())
                .isEqualTo(codec.decode(codec.encode(t, codec.meta(t, "b", "acme", AT.plusSeconds(9), "q")))
                        .meta().eventId())
                .isEqualTo(id);
    }

    @Test
    void eventIdsOfOtherKindsAreStableAndDistinct() {
        List<String> ids = new ArrayList<>();
        ids.add(EventIds.tick(Samples.tick("A", 0)));
        ids.add(EventIds.enrichedTick(new EnrichedTick(Samples.tick("A", 0), "hub", null, null, null, null)));
        ids.add(EventIds.bar(Samples.bar()));
        ids.add(EventIds.rollingMetric(Samples.rolling()));
        ids.add(EventIds.curvePoint("curve_prestage", Samples.curve()));
        ids.add(EventIds.curvePoint("curve_update", Samples.curve()));
        ids.add(EventIds.anomaly(Samples.anomaly()));
        ids.add(EventIds.anomaly(Samples.documentAnomaly()));
        ids.add(EventIds.raw(Samples.caisoRaw()));
        ids.add(EventIds.dlq(Samples.dlq()));
        assertThat(ids).doesNotHaveDuplicates();

        assertThat(EventIds.raw(Samples.caisoRaw())).isEqualTo(EventIds.raw(Samples.caisoRaw()));
        assertThat(EventIds.raw(Samples.caisoRaw())).isEqualTo(EventIds.of("raw", "acme", Samples.DOC, "12",
                "TH_NP15_GEN-APND", new java.util.TreeMap<>(Samples.caisoRaw().attributes()).toString()));
        // one MISO row feeds 24 hourly records: same document, line and node, different hour → different ids
        RawRecord he1 = Samples.misoRaw();
        Map<String, String> he2Attrs = new java.util.HashMap<>(he1.attributes());
        he2Attrs.put("he", "2");
        RawRecord he2 = new RawRecord(he1.tenant(), he1.iso(), he1.dataset(), he1.market(), he1.documentId(),
                he1.position(), he1.location(), he2Attrs, he1.values());
        assertThat(EventIds.raw(he2)).isNotEqualTo(EventIds.raw(he1));
        DlqRecord d = Samples.dlq();
        DlqRecord laterSameRejection = new DlqRecord(d.tenant(), "trace-2", d.stage(), d.inputTopic(), d.reason(),
                d.detail(), d.documentId(), d.position(), d.location(), d.at().plusSeconds(60));
        assertThat(EventIds.dlq(laterSameRejection)).as("a replay's rejection is the same").isEqualTo(EventIds.dlq(d));
        DlqRecord otherHourSameLine = new DlqRecord(d.tenant(), d.traceId(), d.stage(), d.inputTopic(), d.reason(),
                d.detail() + " (HE 2)", d.documentId(), d.position(), d.location(), d.at());
        assertThat(EventIds.dlq(otherHourSameLine)).as("two bad hours on one MISO line are two rejections")
                .isNotEqualTo(EventIds.dlq(d));
        // separators inside a part cannot forge another key
        assertThat(EventIds.of("k", "a|b", "c")).isNotEqualTo(EventIds.of("k", "a", "b|c"));
    }

    @Test
    void keysAreTheLocationWithFallbacksForDocumentLevelRecords() {
        assertThat(EventCodecs.<Tick>forTopic(Topics.NORMALIZED_TICKS).key(Samples.tick("N7", 0))).isEqualTo("N7");
        assertThat(EventCodecs.<EnrichedTick>forTopic(Topics.ENRICHED_TICKS).key(Samples.enriched()))
                .isEqualTo("TH_NP15_GEN-APND");
        assertThat(EventCodecs.<RawRecord>forTopic(Topics.raw("miso")).key(Samples.misoRaw()))
                .isEqualTo("ALTW.WELLS1");
        EventCodec<DlqRecord> dlq = EventCodecs.forTopic("ingestion.caiso.raw.dlq.v1");
        assertThat(dlq.key(Samples.dlq())).isEqualTo("TH_NP15_GEN-APND");
        assertThat(dlq.key(Samples.documentDlq())).isEqualTo(Samples.DOC);
        assertThat(EventCodecs.<Anomaly>forTopic(Topics.ANOMALIES).key(Samples.documentAnomaly()))
                .isEqualTo(Samples.DOC);
    }

    @Test
    void resolvesTopicsByNameAndRefusesUnknownOnes() {
        assertThat(EventCodecs.<Object>forTopic(Topics.raw("CAISO")).schema().getName())
                .isEqualTo("CaisoRawRecordEvent");
        assertThat(EventCodecs.<Object>forTopic(Topics.raw("miso")).schema().getName())
                .isEqualTo("MisoRawRecordEvent");
        assertThat(EventCodecs.<Object>forTopic("enriched.market.ticks.dlq.v1").type()).isEqualTo(DlqRecord.class);
        assertThat(EventCodecs.<Object>forTopic(Topics.OHLC_BARS))
                .isSameAs(EventCodecs.forTopic(Topics.OHLC_BARS));

        assertThatThrownBy(() -> EventCodecs.forTopic("ticks"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown topic 'ticks'")
                .hasMessageContaining(Topics.NORMALIZED_TICKS);
        assertThatThrownBy(() -> EventCodecs.forTopic(Topics.raw("xiso")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectors/xiso/schemas/xiso_raw_record.avsc");
    }

    @Test
    void everyTopicSchemaCarriesTheEnvelopeAndEveryFieldIsDocumented() {
        Schema envelope = AvroCodecs.schema(AvroCodecs.ENVELOPE);
        List<String> topics = List.of(Topics.NORMALIZED_TICKS, Topics.ENRICHED_TICKS, Topics.OHLC_BARS,
                Topics.ROLLING_METRICS, Topics.CURVE_PRESTAGE, Topics.CURVE_UPDATES, Topics.ANOMALIES,
                Topics.raw("miso"), Topics.raw("caiso"), Topics.raw("pjm"), "x.dlq.v1");
        List<String> undocumented = new ArrayList<>();
        undocumentedFields(envelope, undocumented);
        for (String topic : topics) {
            Schema s = EventCodecs.forTopic(topic).schema();
            assertThat(s.getNamespace()).as(topic).isEqualTo("com.carbon254.ingestion.events");
            for (int i = 0; i < 6; i++) {
                Schema.Field e = envelope.getFields().get(i);
                Schema.Field f = s.getFields().get(i);
                assertThat(f.name()).as(topic).isEqualTo(e.name());
                assertThat(f.schema()).as(topic + " " + e.name()).isEqualTo(e.schema());
                assertThat(f.doc()).as(topic + " " + e.name()).isEqualTo(e.doc());
            }
            assertThat(s.getFields().get(6).name()).isEqualTo("payload");
            undocumentedFields(s, undocumented);
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void rawSchemasDocumentTheKeysEachIsoUses() {
        Schema miso = EventCodecs.forTopic(Topics.raw("miso")).schema().getField("payload").schema();
        Schema caiso = EventCodecs.forTopic(Topics.raw("caiso")).schema().getField("payload").schema();
        assertThat(miso.getField("attributes").doc()).contains("'date'", "'he'", "'type'", "'revision'");
        assertThat(miso.getField("values").doc()).contains("'LMP'", "'MCC'", "'MLC'");
        assertThat(caiso.getField("attributes").doc()).contains("'opr_dt'", "'opr_hr'", "'opr_interval'",
                "'interval_start_gmt'", "'interval_end_gmt'");
        assertThat(caiso.getField("values").doc()).contains("'LMP'", "'MCE'", "'MCC'", "'MCL'", "'MGHG'");
    }

    private static void undocumentedFields(Schema s, List<String> out) {
        switch (s.getType()) {
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    if (f.doc() == null || f.doc().isBlank()) out.add(s.getFullName() + "." + f.name());
                    undocumentedFields(f.schema(), out);
                }
            }
            case UNION -> s.getTypes().forEach(b -> undocumentedFields(b, out));
            case ARRAY -> undocumentedFields(s.getElementType(), out);
            case MAP -> undocumentedFields(s.getValueType(), out);
            default -> {
            }
        }
    }

    private static GenericRecord plainDecode(Schema schema, byte[] bytes) {
        try {
            return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), schema).decode(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
