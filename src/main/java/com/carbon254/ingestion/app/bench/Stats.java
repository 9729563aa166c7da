package com.carbon254.ingestion.app.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians: what every figure of the benchmark reports, on a shared and noisy machine. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
