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
}
