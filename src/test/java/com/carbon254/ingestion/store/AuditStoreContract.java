package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.pipeline.store.AnomalyQuery;
import com.carbon254.ingestion.pipeline.store.DlqQuery;
import com.carbon254.ingestion.pipeline.store.DocumentCounts;
import com.carbon254.ingestion.pipeline.store.StoreQueries;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit: DLQ records and anomalies written through the audit port, each kept once per event id with its first write,
 * read back through the read API (lists, filters, an import's rejection counts).
 */
public abstract class AuditStoreContract extends StoreContract {
    @Test
    void anomaliesFilterByIsoTypeAndWindowNewestFirst() throws Exception {
        Instant h1 = Instant.parse("2021-06-01T07:00:00Z");
        Instant h2 = Instant.parse("2021-06-01T08:00:00Z");
        Instant at = Instant.parse("2021-06-02T00:00:00Z");
        Anomaly miss = new Anomaly(tenant, "CAISO", "ds", "N1", h1, "missing_interval", "m", "d1", at);
        Anomaly mismatch = new Anomaly(tenant, "CAISO", "ds", "N2", h2, "component_mismatch", "c", "d1", at);
        Anomaly miso = new Anomaly(tenant, "MISO", "ds", "H", h2, "missing_interval", "m", "d2", at);
        // a rejected document has no interval: its detection time places it
        Anomaly drift = new Anomaly(tenant, "CAISO", null, null, null, "schema_drift", "s", "d3", at);
        await(audit().writeAnomalies(List.of(miss, mismatch, miso, drift)));

        assertThat(await(queries().queryAnomalies(new AnomalyQuery(tenant, null, null, null, null, 10))))
                .containsExactly(drift, miso, mismatch, miss);
        assertThat(await(queries().queryAnomalies(new AnomalyQuery(tenant, "CAISO", "missing_interval", null, null, 10))))
                .containsExactly(miss);
        assertThat(await(queries().queryAnomalies(new AnomalyQuery(tenant, "CAISO", null, h2, at, 10))))
                .containsExactly(mismatch);
        assertThat(await(queries().queryAnomalies(new AnomalyQuery(tenant, null, null, h1, null, 1))))
                .containsExactly(drift);
    }

    @Test
    void dlqRecordsAreListedNewestFirstAndFiltered() throws Exception {
        DlqRecord older = new DlqRecord(tenant, "tr", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "MW 'abc' at line 7", "doc-a", 7, "NODE_A", T0);
        DlqRecord newer = new DlqRecord(tenant, "tr", "connectors", "ingestion.caiso.raw.v1", "truncated_document",
                "zip ends early", "doc-b", 0, null, T0.plusSeconds(60));
        await(audit().writeDlq(List.of(older, newer)));
        StoreQueries r = queries();
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, null, null, 10)))).containsExactly(newer, older);
        assertThat(await(r.queryDlq(new DlqQuery(tenant, "doc-a", null, null, 10)))).containsExactly(older);
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, "connectors", null, 10)))).containsExactly(newer);
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, null, "non_numeric_value", 1)))).containsExactly(older);
        assertThat(await(r.queryDlq(new DlqQuery(tenant + "x", null, null, null, 10)))).isEmpty();
    }

    @Test
    void documentCountsGroupRejectionsByReasonMostFrequentFirst() throws Exception {
        await(audit().writeDlq(List.of(
                dlq("doc-a", 4, "non_numeric_value", "line 4: LMP 'n/a' is not a number"),
                dlq("doc-a", 9, "non_numeric_value", "line 9: MCC '' is not a number"),
                dlq("doc-b", 2, "non_numeric_value", "line 2: LMP '-' is not a number"),
                dlq("doc-a", 1, "header_drift", "column 7 is 'MW', expected 'LMP'"),
                // distinct positions: one position is one record (writing the same record again stores it once)
                dlq("doc-c", 11, "truncated_document", "ends inside a row"),
                dlq("doc-c", 12, "truncated_document", "ends inside a row"),
                dlq("doc-c", 13, "truncated_document", "ends inside a row"),
                dlq("doc-c", 14, "truncated_document", "ends inside a row"))));
        await(silver().writeTicks(List.of(
                tick("NODE_A", T0, 1, "r", "doc-a"),
                tick("NODE_A", T0.plus(HOUR), 1, "r", "doc-a"),
                tick("NODE_B", T0, 1, "r", "doc-b"),
                tick("NODE_C", T0, 1, "r", "doc-c"))));
        // a later document revises one of doc-a's intervals: it no longer counts for doc-a
        await(silver().writeTicks(List.of(tick("NODE_A", T0.plus(HOUR), 2, "r2", "doc-c"))));

        DocumentCounts ab = await(queries().countsForDocuments(tenant, List.of("doc-a", "doc-b")));
        assertThat(ab.ticks()).isEqualTo(2);
        assertThat(ab.rejected()).isEqualTo(4);
        assertThat(ab.reasons()).extracting(DocumentCounts.ReasonCount::reason, DocumentCounts.ReasonCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("non_numeric_value", 3L),
                        org.assertj.core.groups.Tuple.tuple("header_drift", 1L));
        assertThat(ab.reasons().get(0).example()).isIn("line 4: LMP 'n/a' is not a number",
                "line 9: MCC '' is not a number", "line 2: LMP '-' is not a number");
        assertThat(ab.reasons().get(1).example()).isEqualTo("column 7 is 'MW', expected 'LMP'");

        DocumentCounts c = await(queries().countsForDocuments(tenant, List.of("doc-c")));
        assertThat(c).isEqualTo(new DocumentCounts(2, 4,
                List.of(new DocumentCounts.ReasonCount("truncated_document", 4, "ends inside a row"))));
        assertThat(await(queries().countsForDocuments(tenant, List.of("doc-unknown"))))
                .isEqualTo(new DocumentCounts(0, 0, List.of()));
        assertThat(await(queries().countsForDocuments(tenant, List.of()))).isEqualTo(new DocumentCounts(0, 0, List.of()));
    }

    @Test
    void writingTheSameDlqRecordsAgainStoresAndCountsThemOnce() throws Exception {
        DlqRecord bad = new DlqRecord(tenant, "tr-1", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "line 7: LMP 'abc'", "doc-a", 7, "NODE_A", T0);
        DlqRecord whole = new DlqRecord(tenant, "tr-1", "connectors", "ingestion.caiso.raw.v1", "truncated_document",
                "zip ends early", "doc-a", 0, null, T0.plusSeconds(1));
        await(audit().writeDlq(List.of(bad, whole)));

        // a replay an hour later (new trace, same rejection), redelivered twice in one batch
        DlqRecord badAgain = new DlqRecord(tenant, "tr-2", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "line 7: LMP 'abc'", "doc-a", 7, "NODE_A", T0.plusSeconds(3600));
        DlqRecord wholeAgain = new DlqRecord(tenant, "tr-2", "connectors", "ingestion.caiso.raw.v1",
                "truncated_document", "zip ends early", "doc-a", 0, null, T0.plusSeconds(3601));
        await(audit().writeDlq(List.of(badAgain, wholeAgain, badAgain)));

        StoreQueries r = queries();
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, null, null, 10)))).as("first write kept, its time too")
                .containsExactly(whole, bad);
        assertThat(await(queries().countsForDocuments(tenant, List.of("doc-a")))).isEqualTo(new DocumentCounts(0, 2, List.of(
                new DocumentCounts.ReasonCount("non_numeric_value", 1, "line 7: LMP 'abc'"),
                new DocumentCounts.ReasonCount("truncated_document", 1, "zip ends early"))));

        // a new record twice in one batch: one row, the first occurrence
        DlqRecord other = new DlqRecord(tenant, "tr-3", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "line 9: MCC ''", "doc-a", 9, "NODE_B", T0.plusSeconds(2));
        DlqRecord otherLater = new DlqRecord(tenant, "tr-4", "normalizer", "ingestion.caiso.raw.v1",
                "non_numeric_value", "line 9: MCC ''", "doc-a", 9, "NODE_B", T0.plusSeconds(5));
        // the same line and node, another hour (one MISO line holds 24): a rejection of its own
        DlqRecord otherHour = new DlqRecord(tenant, "tr-3", "normalizer", "ingestion.caiso.raw.v1",
                "non_numeric_value", "line 9: MCC '' (HE 2)", "doc-a", 9, "NODE_B", T0.plusSeconds(2));
        await(audit().writeDlq(List.of(other, otherLater, otherHour)));
        assertThat(await(r.queryDlq(new DlqQuery(tenant, "doc-a", null, null, 10))))
                .containsExactlyInAnyOrder(other, otherHour, whole, bad);
        assertThat(await(queries().countsForDocuments(tenant, List.of("doc-a"))).rejected()).isEqualTo(4);
        assertThat(await(r.queryDlq(new DlqQuery(tenant, null, null, "non_numeric_value", 10))))
                .containsExactlyInAnyOrder(other, otherHour, bad);
    }

    @Test
    void writingTheSameAnomaliesAgainKeepsOneRowWithTheFirstTime() throws Exception {
        Instant h1 = Instant.parse("2021-06-01T07:00:00Z");
        Anomaly spike = new Anomaly(tenant, "CAISO", "ds", "N1", h1, "price_spike", "lmp 9000 > cap", "doc-1", T0);
        Anomaly drift = new Anomaly(tenant, "CAISO", null, null, null, "schema_drift", "column 7", "doc-2",
                T0.plusSeconds(1));
        await(audit().writeAnomalies(List.of(spike, drift)));

        // found again by a replay an hour later, and redelivered twice in one batch
        Anomaly spikeAgain = new Anomaly(tenant, "CAISO", "ds", "N1", h1, "price_spike", "lmp 9000 > cap", "doc-1",
                T0.plusSeconds(3600));
        Anomaly driftAgain = new Anomaly(tenant, "CAISO", null, null, null, "schema_drift", "column 7", "doc-2",
                T0.plusSeconds(3601));
        await(audit().writeAnomalies(List.of(spikeAgain, driftAgain, spikeAgain)));

        assertThat(await(queries().queryAnomalies(tenant))).containsExactly(spike, drift);
        assertThat(await(queries().queryAnomalies(new AnomalyQuery(tenant, null, null, null, null, 10))))
                .containsExactly(drift, spike);
        assertThat(await(queries().queryAnomalies(new AnomalyQuery(tenant, "CAISO", "price_spike", null, null, 10))))
                .containsExactly(spike);

        // a new anomaly twice in one batch: one row, the first occurrence; another detail is another anomaly
        Anomaly gap = new Anomaly(tenant, "CAISO", "ds", "N2", h1, "missing_interval", "HE 1", "doc-1",
                T0.plusSeconds(2));
        Anomaly gapLater = new Anomaly(tenant, "CAISO", "ds", "N2", h1, "missing_interval", "HE 1", "doc-1",
                T0.plusSeconds(5));
        Anomaly otherSpike = new Anomaly(tenant, "CAISO", "ds", "N1", h1, "price_spike", "lmp 9100 > cap", "doc-1",
                T0.plusSeconds(3));
        await(audit().writeAnomalies(List.of(gap, gapLater, otherSpike)));
        assertThat(await(queries().queryAnomalies(tenant))).containsExactly(spike, drift, gap, otherSpike);
    }
}
