package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.store.BarQuery;
import com.carbon254.ingestion.pipeline.store.DocumentCounts;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the read API answers about rows written through several ports: values that round-trip exactly, tenants kept
 * apart.
 */
public abstract class StoreQueriesContract extends StoreContract {
    @Test
    void instantsRoundTripAtMicrosecondPrecision() throws Exception {
        Instant start = Instant.parse("2023-11-05T08:59:59.999999Z");
        Instant end = Instant.parse("2023-11-05T09:00:00.000001Z");
        EnrichedTick t = new EnrichedTick(new Tick(tenant, "CAISO", "RTM", "NODE_US", "node", start, end,
                LocalDate.of(2023, 11, 5), "label", 1, 1, 0, 0, 0, 0, "r", "doc-us", 1), "node", "h", "z", "c", "p");
        Instant at = Instant.parse("1999-12-31T23:59:59.000007Z");
        Anomaly a = new Anomaly(tenant, "CAISO", "caiso.lmp.rtm", "NODE_US", start, "price_spike", "x", "doc-us", at);

        await(silver().writeTicks(List.of(t)));
        await(audit().writeAnomalies(List.of(a)));

        List<EnrichedTick> back = await(queries().queryTicks(new TickQuery(tenant, "CAISO", "RTM", "NODE_US", start, end)));
        assertThat(back).containsExactly(t);
        assertThat(back.get(0).tick().intervalStart()).isEqualTo(start);
        assertThat(back.get(0).tick().intervalEnd()).isEqualTo(end);
        assertThat(await(queries().queryAnomalies(tenant))).containsExactly(a);
    }

    /**
     * Hostile query values (issue 13): quotes, backslashes, NUL, SQL fragments, a 100,000-character string, non-ASCII —
     * as the iso, market, location or tenant of a read — find nothing and never fail, and the row that is there is
     * still found by its own name: the same row set on both engines.
     */
    @Test
    void hostileQueryValuesFindNothingAndNeverFail() throws Exception {
        EnrichedTick ok = tick("NODE_OK", T0, 10, "r", "doc-ok");
        await(silver().writeTicks(List.of(ok)));
        List<String> hostile = List.of("NODE_OK' OR '1'='1", "NODE_OK\\' OR 1=1 --", "\\", "'", "\"", "NODE_OK\u0000",
                "\u0000", "NODE_OK;DROP TABLE silver_ticks", "%", "_", "NODE_%", "ñøðé 𝄞", "x".repeat(100_000),
                "\r\n", "NODE_OK\n", "`", "$1", "?", "{}", "\\N");
        for (String h : hostile) {
            String at = h.length() > 40 ? h.substring(0, 40) + "…" : h;
            assertThat(await(queries().queryTicks(new TickQuery(tenant, "CAISO", "DAM", h, T0, T0.plus(HOUR)))))
                    .as("location %s", at).isEmpty();
            assertThat(await(queries().queryTicks(new TickQuery(tenant, h, "DAM", "NODE_OK", T0, T0.plus(HOUR)))))
                    .as("iso %s", at).isEmpty();
            assertThat(await(queries().queryTicks(new TickQuery(tenant, "CAISO", h, "NODE_OK", T0, T0.plus(HOUR)))))
                    .as("market %s", at).isEmpty();
            assertThat(await(queries().queryTicks(new TickQuery(h, "CAISO", "DAM", "NODE_OK", T0, T0.plus(HOUR)))))
                    .as("tenant %s", at).isEmpty();
            assertThat(await(queries().queryTickRevisions(new TickQuery(tenant, "CAISO", "DAM", h, T0,
                    T0.plus(HOUR))))).as("revisions of %s", at).isEmpty();
            assertThat(await(queries().queryBars(new BarQuery(tenant, "CAISO", "DAM", h, Component.LMP, "1d", T0,
                    T0.plus(HOUR))))).as("bars of %s", at).isEmpty();
        }
        assertThat(await(queries().queryTicks(window("NODE_OK", T0, T0.plus(HOUR))))).containsExactly(ok);
    }

    @Test
    void awkwardStringsRoundTrip() throws Exception {
        String location = "N'ODE\\\"X\t€";
        String label = "line1\nline2\r\n\ttabbed \\N not null \\t literal 'q' \"dq\" 𝄞 ñ \u0000 end";
        EnrichedTick t = new EnrichedTick(new Tick(tenant, "ISO\\NE", "DA'M", location, "node", T0,
                T0.plus(HOUR), LocalDate.of(2024, 3, 10), label, 1, 2, 3, 4, 5, 0, "\\N", "doc\t1", 1), "node",
                "", null, "pøwer", "\\");
        String sha = sha();
        RawDocument doc = new RawDocument(tenant, "c\tonn", label, "ds\n", sha, label.getBytes(java.nio.charset.StandardCharsets.UTF_8), T0, "tr'ace");
        DlqRecord dlq = new DlqRecord(tenant, "tr\\ace", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                label, "doc\t1", 4, location, T0);
        Anomaly anomaly = new Anomaly(tenant, "ISO\\NE", "d'ataset", location, null, "ty\npe", label, "doc\t1", T0);

        await(silver().writeTicks(List.of(t)));
        await(bronze().putDocumentIfAbsent(doc));
        await(audit().writeDlq(List.of(dlq)));
        await(audit().writeAnomalies(List.of(anomaly)));

        assertThat(await(queries().queryTicks(new TickQuery(tenant, "ISO\\NE", "DA'M", location, T0, T0.plus(HOUR)))))
                .containsExactly(t);
        RawDocument back = await(bronze().getDocument(tenant, sha)).orElseThrow();
        assertThat(back).usingRecursiveComparison().ignoringFields("content").isEqualTo(doc);
        assertThat(back.content()).isEqualTo(doc.content());
        assertThat(await(queries().countsForDocuments(tenant, List.of("doc\t1"))).reasons())
                .containsExactly(new DocumentCounts.ReasonCount("non_numeric_value", 1, label));
        assertThat(await(queries().queryAnomalies(tenant))).containsExactly(anomaly);
    }

    @Test
    void aTenantNeverSeesAnotherTenantsRows() throws Exception {
        String other = tenant + "_other";
        EnrichedTick mine = tick("NODE_A", T0, 10, "r", "doc-shared");
        EnrichedTick theirs = new EnrichedTick(new Tick(other, "CAISO", "DAM", "NODE_A", "node", T0, T0.plus(HOUR),
                LocalDate.of(2024, 3, 10), "HE 1", 99, 99, 0, 0, 0, 0, "r", "doc-shared", 1), "node", null, null,
                "power", "lmp");
        Bar myBar = bar(Component.LMP, "1h", T0, 10, 12);
        Bar theirBar = new Bar(other, "CAISO", "DAM", "NODE_A", Component.LMP, "1h", T0, T0.plus(HOUR), 99, 99, 99,
                99, 99, 12, 12, true);

        await(silver().writeTicks(List.of(mine)));
        await(silver().writeTicks(List.of(theirs))); // same natural key except the tenant: must not replace mine
        await(gold().writeBars(List.of(myBar, theirBar)));
        await(audit().writeDlq(List.of(new DlqRecord(other, "tr", "normalizer", "in", "header_drift", "d",
                "doc-shared", 0, null, T0))));

        assertThat(await(queries().queryTicks(window("NODE_A", T0, T0.plus(HOUR))))).containsExactly(mine);
        assertThat(await(queries().queryBars(bars(Component.LMP, "1h", T0, T0.plus(HOUR))))).containsExactly(myBar);
        assertThat(await(queries().countsForDocuments(tenant, List.of("doc-shared"))))
                .isEqualTo(new DocumentCounts(1, 0, List.of()));
        assertThat(await(queries().countsForDocuments(other, List.of("doc-shared"))).rejected()).isEqualTo(1);
    }
}
