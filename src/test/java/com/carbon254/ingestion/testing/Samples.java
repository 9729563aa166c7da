package com.carbon254.ingestion.testing;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Tick;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/** Small, realistic records of every event type, for codec and transport tests. */
public final class Samples {
    public static final Instant T0 = Instant.parse("2024-07-16T07:00:00Z");
    public static final String DOC = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Samples() {
    }

    /** A CAISO DA tick for {@code location} at hour {@code i} after {@link #T0}; LMP = 30 + i. */
    public static Tick tick(String location, int i) {
        Instant start = T0.plus(Duration.ofHours(i));
        return new Tick("acme", "CAISO", "DA_HOURLY", location, "node", start, start.plus(Duration.ofHours(1)),
                LocalDate.of(2024, 7, 16), "2024-07-16 HE " + (i + 1), 30.0 + i, 29.5, 0.25, 0.25, 0.0, 0,
                "final", DOC, 2L + i);
    }

    /** A MISO tick with no GHG published, energy derived, and no label or revision. */
    public static Tick sparseTick() {
        return new Tick("acme", "MISO", "RT_5MIN", "ALTW.WELLS1", null, T0, T0.plus(Duration.ofMinutes(5)),
                LocalDate.of(2024, 7, 16), null, 24.61, 24.0, 0.37, 0.24, Double.NaN,
                Component.ENERGY.bit(), null, DOC, 7L);
    }

    public static EnrichedTick enriched() {
        return new EnrichedTick(tick("TH_NP15_GEN-APND", 3), "hub", "NP15", null, "power", "NP15 DA");
    }

    public static EnrichedTick enrichedUnknown() {
        return new EnrichedTick(sparseTick(), "unknown", null, null, null, null);
    }

    public static Bar bar() {
        return new Bar("acme", "CAISO", "DA_HOURLY", "TH_NP15_GEN-APND", Component.LMP, "1d", T0,
                T0.plus(Duration.ofDays(1)), 31.5, 88.25, 12.0, 40.125, 37.75, 24, 24, true);
    }

    public static RollingMetric rolling() {
        return new RollingMetric("acme", "MISO", "RT_5MIN", "ALTW.WELLS1", Component.CONGESTION, "12x5m",
                T0.plus(Duration.ofMinutes(60)), 11, 0.42, 0.13, 0.1, 0.9);
    }

    public static CurvePoint curve() {
        return new CurvePoint("acme", "CAISO", "TH_NP15_GEN-APND", LocalDate.of(2024, 7, 16), CurvePoint.ON_PEAK,
                54.3125, 16, true);
    }

    public static Anomaly anomaly() {
        return new Anomaly("acme", "CAISO", "PRC_LMP", "TH_NP15_GEN-APND", T0, "out_of_range",
                "lmp 12000.0 above 9999.0", DOC, T0.plusSeconds(42));
    }

    /** A document-level finding: no location, no interval. */
    public static Anomaly documentAnomaly() {
        return new Anomaly("acme", "MISO", null, null, null, "header_drift", "column 'HE 25' unexpected", DOC,
                T0.plusSeconds(1));
    }

    public static DlqRecord dlq() {
        return new DlqRecord("acme", "trace-1", "normalizer", "ingestion.caiso.raw.v1", "non_numeric_value",
                "MW 'n/a' on line 12", DOC, 12L, "TH_NP15_GEN-APND", T0.plusSeconds(5));
    }

    /** A whole-document rejection: no trace, no location. */
    public static DlqRecord documentDlq() {
        return new DlqRecord("acme", null, "connector", "ingestion.caiso.raw.v1", "truncated_document",
                "zip ends after 512 bytes", DOC, 0L, null, T0.plusSeconds(6));
    }

    public static RawRecord caisoRaw() {
        return new RawRecord("acme", "CAISO", "PRC_LMP", "DAM", DOC, 12L, "TH_NP15_GEN-APND",
                Map.of("opr_dt", "2024-07-16", "opr_hr", "1", "opr_interval", "0",
                        "interval_start_gmt", "2024-07-16T07:00:00-00:00", "interval_end_gmt", "2024-07-16T08:00:00-00:00"),
                Map.of("LMP", "31.5", "MCE", "30.9", "MCC", "0.3", "MCL", "0.3", "MGHG", "0"));
    }

    public static RawRecord misoRaw() {
        return new RawRecord("acme", "MISO", "da_expost_lmp", "DA_HOURLY", DOC, 5L, "ALTW.WELLS1",
                Map.of("date", "07/16/2024", "he", "1", "type", "Gennode", "revision", "expost"),
                Map.of("LMP", "24.61", "MCC", ".37", "MLC", "-.24"));
    }
}
