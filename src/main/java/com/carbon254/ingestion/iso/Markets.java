package com.carbon254.ingestion.iso;

/** The canonical market names every ISO's records are mapped to, and the length of their intervals. */
public final class Markets {
    public static final String DA_HOURLY = "DA_HOURLY";
    public static final String RT_HOURLY = "RT_HOURLY";
    public static final String RT_15MIN = "RT_15MIN";
    public static final String RT_5MIN = "RT_5MIN";

    private Markets() {
    }

    /** Interval length of a market in seconds, or 0 when unknown. */
    public static long intervalSeconds(String market) {
        if (market == null) return 0;
        return switch (market) {
            case DA_HOURLY, RT_HOURLY -> 3600;
            case RT_15MIN -> 900;
            case RT_5MIN -> 300;
            default -> 0;
        };
    }
}
