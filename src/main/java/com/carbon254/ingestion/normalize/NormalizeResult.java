package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Tick;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch became: every input record is exactly one tick or one rejected entry, so
 * {@code ticks.size() + rejected.size() == batch.size()} (conservation, DESIGN.md invariant 2).
 */
public record NormalizeResult(List<Tick> ticks, List<Rejected> rejected) {

    /** A raw record the normalizer refused, with why; the shell turns it into a DLQ record. */
    public record Rejected(RawRecord record, Rejection rejection) {
    }

    public NormalizeResult {
        ticks = List.copyOf(ticks);
        rejected = List.copyOf(rejected);
    }

    /** Records accounted for: ticks plus rejections. */
    public int size() {
        return ticks.size() + rejected.size();
    }

    /** Rejection counts by reason code (sorted), for metrics and logs. */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> out = new TreeMap<>();
        for (Rejected r : rejected) out.merge(r.rejection().reason(), 1L, Long::sum);
        return out;
    }
}
