package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;

import java.util.List;

/**
 * What a document yielded: its dataset and market, the raw records, and the rows that could not even be grouped
 * (ragged lines, missing node) with their reasons.
 *
 * @param sourceRows data rows read from the document (audit)
 */
public record Extraction(String dataset, String market, List<RawRecord> records, List<Rejection> rejections,
                         long sourceRows) {
}
