package com.carbon254.ingestion.event;

/**
 * Why one record (or a whole document, {@code position == 0}) was not turned into output. Stage shells turn these
 * into {@link DlqRecord}s.
 *
 * @param reason   short stable code, e.g. {@code non_numeric_value}, {@code header_drift}, {@code truncated_document}
 * @param detail   human readable, names the column/line/value
 * @param position 1-based source line, 0 for the whole document
 * @param location location id when known, else null
 */
public record Rejection(String reason, String detail, long position, String location) {
    /**
     * {@code malformed_row}: a CSV row of {@code found} cells where the header has {@code expected}; {@code where}
     * names the row ({@code line 7}, {@code DAM.csv line 7}).
     */
    public static Rejection wrongCellCount(String where, long line, int expected, int found) {
        return new Rejection("malformed_row", where + ": expected " + expected + " cells as in the header, found "
                + found, line, null);
    }
}
