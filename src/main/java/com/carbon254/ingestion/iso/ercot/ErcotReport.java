package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.iso.Markets;

/**
 * The ERCOT price reports the connector reads, with what identifies them: the EMIL id (the public API's path and
 * {@code report.reportEMIL}), the MIS report type id ({@code IceDocListJsonWS?reportTypeId=}), the file-name stem of
 * their MIS documents, and the canonical market.
 */
enum ErcotReport {
    /** NP4-190-CD DAM Settlement Point Prices: hourly, {@code DeliveryDate,HourEnding,SettlementPoint,...}. */
    DAM_SPP("NP4-190-CD", "12331", "DAM Settlement Point Prices", "DAMSPNP4190", Markets.DA_HOURLY),
    /** NP6-788-CD LMPs by Resource Nodes, Load Zones and Trading Hubs: one document per SCED run. */
    SCED_LMP("NP6-788-CD", "12300", "LMPs by Resource Nodes, Load Zones and Trading Hubs", "LMPSROSNODENP6788",
            Markets.RT_5MIN),
    /** NP6-905-CD Settlement Point Prices at Resource Nodes, Hubs and Load Zones: one document per 15 minutes. */
    RT_SPP("NP6-905-CD", "12301", "Settlement Point Prices at Resource Nodes, Hubs and Load Zones", "SPPHLZNP6905",
            Markets.RT_15MIN);

    final String emil;
    final String reportTypeId;
    final String title;
    final String stem;
    final String market;

    ErcotReport(String emil, String reportTypeId, String title, String stem, String market) {
        this.emil = emil;
        this.reportTypeId = reportTypeId;
        this.title = title;
        this.stem = stem;
        this.market = market;
    }

    /** {@code NP4-190-CD (DAM Settlement Point Prices)}, for messages. */
    String describe() {
        return emil + " (" + title + ")";
    }

    /** The report with that MIS report type id, or null. */
    static ErcotReport byReportTypeId(String id) {
        for (ErcotReport r : values()) if (r.reportTypeId.equals(id)) return r;
        return null;
    }
}
