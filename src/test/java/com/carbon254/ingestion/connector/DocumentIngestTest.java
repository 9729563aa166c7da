package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.event.RawRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentIngestTest {
    static List<RawRecord> sorted(int... perLocation) {
        List<RawRecord> out = new ArrayList<>();
        for (int l = 0; l < perLocation.length; l++) {
            for (int i = 0; i < perLocation[l]; i++) {
                out.add(new RawRecord("t", "CAISO", "d", "DA_HOURLY", "doc", i, String.format("L%03d", l),
                        Map.of("opr_hr", String.valueOf(i)), Map.of("LMP", "1")));
            }
        }
        return out;
    }

    @Test
    void batchesNeverSplitALocationAndStayNearTheirSize() {
        List<RawRecord> r = sorted(24, 24, 24, 24, 24); // 120 records, batch size 50
        List<Integer> cuts = DocumentIngest.cuts(r, 50);
        assertThat(cuts).containsExactly(0, 72, 120);
        for (int i = 1; i < cuts.size() - 1; i++) {
            assertThat(r.get(cuts.get(i)).location()).isNotEqualTo(r.get(cuts.get(i) - 1).location());
        }
    }

    @Test
    void aLocationLargerThanTwiceTheSizeIsCutRatherThanMakingOneHugeBatch() {
        List<Integer> cuts = DocumentIngest.cuts(sorted(300), 50);
        assertThat(cuts).containsExactly(0, 100, 200, 300);
    }

    @Test
    void emptyDocumentHasNoBatch() {
        assertThat(DocumentIngest.cuts(List.of(), 50)).containsExactly(0);
    }
}
