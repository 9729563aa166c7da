package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.NormalizationRules;
import com.carbon254.ingestion.iso.Rejections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns raw records into canonical ticks, each through the {@link Dialect} of its ISO (its package, made for the ISO's
 * rules of {@code conf/normalization_rules.yaml}). Every input record ends as exactly one tick or one
 * {@link NormalizeResult.Rejected}; a bad record never stops the batch. A record of an ISO without both a dialect and
 * rules is rejected {@code unknown_iso}.
 *
 * <p>Immutable and thread-safe: {@link #normalize} keeps its state on the stack, so one instance serves every
 * verticle instance.
 */
public final class Normalizer {
    private final NormalizationRules rules;
    private final Map<String, Dialect> dialects = new HashMap<>();
    private final String known;

    /** The registered ISOs with their packages' default rules. */
    public Normalizer() {
        this(NormalizationRules.defaults());
    }

    /** The registered ISOs ({@link Isos}) with {@code rules}. */
    public Normalizer(NormalizationRules rules) {
        this(rules, Isos.all());
    }

    /** {@code isos} with {@code rules}: an ISO in only one of the two has no dialect here. */
    public Normalizer(NormalizationRules rules, Collection<Iso> isos) {
        this.rules = rules;
        for (Iso iso : isos) rules.forIso(iso.code()).ifPresent(r -> dialects.put(iso.code(), iso.dialect(r)));
        this.known = String.join(", ", new TreeSet<>(dialects.keySet()));
    }

    public NormalizationRules rules() {
        return rules;
    }

    /** Normalizes a batch; the result accounts for every input record exactly once, in input order per list. */
    public NormalizeResult normalize(List<RawRecord> batch) {
        List<Tick> ticks = new ArrayList<>(batch.size());
        List<NormalizeResult.Rejected> rejected = new ArrayList<>();
        Rejections out = new Rejections();
        Dialect last = null;
        String lastIso = null;
        for (RawRecord r : batch) {
            // a batch is one ISO's records: look the dialect up when the ISO changes, not once per record
            if (lastIso == null || !lastIso.equals(r.iso())) {
                lastIso = r.iso();
                last = lastIso == null ? null : dialects.get(lastIso);
            }
            Tick t = last != null ? last.normalize(r, out)
                    : out.reject(r, "unknown_iso", "no normalization rules for ISO '" + r.iso() + "' (known: "
                    + known + ")");
            if (t != null) ticks.add(t);
            else rejected.add(new NormalizeResult.Rejected(r, out.take()));
        }
        return new NormalizeResult(ticks, rejected);
    }
}
