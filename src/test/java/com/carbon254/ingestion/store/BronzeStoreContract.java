package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bronze: documents stored once per (tenant, sha256), and the coverage reprocessing replays by.
 */
public abstract class BronzeStoreContract extends StoreContract {
    @Test
    void secondDocumentWithSameShaIsNotStoredAgain() throws Exception {
        byte[] content = new byte[256];
        for (int i = 0; i < content.length; i++) content[i] = (byte) i; // every byte, \0 \t \n \\ included
        String sha = sha();
        RawDocument first = new RawDocument(tenant, "caiso", "PRC_LMP_DAM_20240310.csv", "caiso.lmp.dam", sha,
                content, T0, "trace-1");

        assertThat(await(bronze().putDocumentIfAbsent(first))).isTrue();
        assertThat(await(bronze().putDocumentIfAbsent(new RawDocument(tenant, "caiso", "again.csv", null, sha,
                content, T0.plusSeconds(60), "trace-2")))).isFalse();
        assertThat(await(bronze().putDocumentIfAbsent(new RawDocument(tenant + "-other", "caiso", "same-bytes.csv", null,
                sha, content, T0.plusSeconds(90), "trace-3")))).as("another tenant's copy is its own document").isTrue();

        Optional<RawDocument> stored = await(bronze().getDocument(tenant, sha));
        assertThat(stored).isPresent();
        assertThat(stored.get().content()).isEqualTo(content);
        assertThat(stored.get()).usingRecursiveComparison().ignoringFields("content").isEqualTo(first);
        assertThat(await(bronze().getDocument(tenant, sha()))).isEmpty();
    }

    @Test
    void documentsCoveringAWindowHaveAnIntervalEndInItAndComeInArrivalOrder() throws Exception {
        Instant from = T0;
        Instant to = T0.plus(Duration.ofDays(1));
        DocumentCoverage endsAtFrom = coverage("doc-ends-at-from", "CAISO", from.minus(HOUR.multipliedBy(23)), from,
                T0.plusSeconds(1));
        DocumentCoverage oneEndInside = coverage("doc-one-end-inside", "CAISO", from.minus(HOUR.multipliedBy(23)),
                from.plus(HOUR), T0.plusSeconds(40));
        DocumentCoverage firstEndAtTo = coverage("doc-first-end-at-to", "MISO", to, to.plus(HOUR.multipliedBy(23)),
                T0.plusSeconds(20));
        DocumentCoverage afterTo = coverage("doc-after-to", "MISO", to.plus(HOUR), to.plus(Duration.ofDays(1)),
                T0.plusSeconds(2));
        DocumentCoverage insideB = coverage("doc-inside-b", "MISO", from.plus(HOUR), to.minus(HOUR), T0.plusSeconds(30));
        // same arrival as insideB: the document id orders them
        DocumentCoverage insideA = coverage("doc-inside-a", "CAISO", from.plus(HOUR), from.plus(HOUR),
                T0.plusSeconds(30));
        DocumentCoverage spanning = new DocumentCoverage(tenant, "doc-spanning", null, "CAISO", null,
                from.minus(Duration.ofDays(2)), to.plus(Duration.ofDays(2)), T0.plusSeconds(10));
        DocumentCoverage otherTenants = new DocumentCoverage(tenant + "_other", "doc-inside-b", "miso", "MISO",
                "miso.da", from.plus(HOUR), to, T0);
        for (DocumentCoverage c : List.of(endsAtFrom, oneEndInside, firstEndAtTo, afterTo, insideB, insideA, spanning,
                otherTenants)) {
            await(bronze().putCoverage(c));
        }

        assertThat(await(bronze().documentsCovering(tenant, from, to, Set.of())))
                .containsExactly(spanning, firstEndAtTo, insideA, insideB, oneEndInside);
        assertThat(await(bronze().documentsCovering(tenant, from, to, Set.of("MISO"))))
                .containsExactly(firstEndAtTo, insideB);
        assertThat(await(bronze().documentsCovering(tenant, from, to, Set.of("CAISO", "MISO"))))
                .containsExactly(spanning, firstEndAtTo, insideA, insideB, oneEndInside);
        assertThat(await(bronze().documentsCovering(tenant, from, to, Set.of("ERCOT")))).isEmpty();
        assertThat(await(bronze().documentsCovering(tenant + "_other", from, to, Set.of())))
                .containsExactly(otherTenants);
        assertThat(await(bronze().documentsCovering(tenant + "_none", from, to, Set.of()))).isEmpty();
    }

    @Test
    void writingACoverageAgainReplacesIt() throws Exception {
        Instant from = T0;
        Instant to = T0.plus(Duration.ofDays(1));
        await(bronze().putCoverage(coverage("doc-1", "CAISO", from.plus(HOUR), from.plus(HOUR.multipliedBy(2)), T0)));
        DocumentCoverage replayed = new DocumentCoverage(tenant, "doc-1", "caiso-v2", "CAISO", "caiso.lmp.dam.v2",
                from.plus(HOUR), to, T0.plusSeconds(5));
        await(bronze().putCoverage(replayed));

        assertThat(await(bronze().documentsCovering(tenant, from, to, Set.of()))).containsExactly(replayed);

        // moved out of the window: what it held before must not match any more
        DocumentCoverage moved = coverage("doc-1", "MISO", to.plus(HOUR), to.plus(HOUR.multipliedBy(2)),
                T0.plusSeconds(6));
        await(bronze().putCoverage(moved));
        assertThat(await(bronze().documentsCovering(tenant, from, to, Set.of()))).isEmpty();
        assertThat(await(bronze().documentsCovering(tenant, to, to.plus(Duration.ofDays(1)), Set.of("MISO"))))
                .containsExactly(moved);
    }

    DocumentCoverage coverage(String documentId, String iso, Instant first, Instant last, Instant receivedAt) {
        String lower = iso.toLowerCase(java.util.Locale.ROOT);
        return new DocumentCoverage(tenant, documentId, lower, iso, lower + ".lmp.dam", first, last, receivedAt);
    }
}
