package com.carbon254.ingestion.event;

import java.util.Map;

/**
 * One raw unit on {@code ingestion.<iso>.raw.v1}: everything the ISO's document says about one
 * (location, interval), still as the ISO's own strings. The connector only regroups rows (CAISO's long format,
 * MISO's one-row-per-Value layout); all parsing and validation happens in the normalizer, so every raw record ends
 * as exactly one tick or one rejection.
 *
 * @param position   1-based line of the first source row that contributed (for DLQ "original position")
 * @param attributes ISO labels: e.g. {@code opr_dt, opr_hr, interval_start_gmt, interval_end_gmt} (CAISO) or
 *                   {@code date, he, type, revision} (MISO)
 * @param values     raw component strings keyed by the ISO's component name ({@code LMP, MCC, MLC, MCE, MCL, MGHG})
 */
public record RawRecord(String tenant, String iso, String dataset, String market, String documentId, long position,
                        String location, Map<String, String> attributes, Map<String, String> values) {
    /**
     * The attribute any connector may set to the ISO's own location-type label (MISO's {@code Type} column); the
     * enricher maps it through the taxonomy's {@code iso_types}.
     */
    public static final String TYPE = "type";
    /**
     * The attribute any connector may set to the ISO's numeric id of the location (PJM {@code pnode_id}, NYISO
     * {@code PTID}, ISO-NE {@code LocId}); the ISO's dialect keeps it beside the location name on the tick.
     */
    public static final String LOCATION_ID = "location_id";

    public RawRecord {
        attributes = Map.copyOf(attributes);
        values = Map.copyOf(values);
    }

    public String attr(String key) {
        return attributes.get(key);
    }
}
