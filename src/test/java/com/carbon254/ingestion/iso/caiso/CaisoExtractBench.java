package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Micro-benchmark (not a test): extract + normalize of the real CAISO day-ahead zip (1.3 MB zip, 31.9 MB CSV,
 * 162,848 rows), median of 10 warm runs after 5 warm-ups. Prints wall time and, because the build machine is
 * shared, this thread's CPU time too (less disturbed by other processes). Run from the project root:
 * <pre>
 * mvn -B -q test-compile &amp;&amp; java -Xmx512m -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     com.carbon254.ingestion.iso.caiso.CaisoExtractBench
 * </pre>
 * ({@code target/cp.txt} from {@code mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt}.)
 */
public final class CaisoExtractBench {
    private static final String SAMPLE =
            "caiso/caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip";

    public static void main(String[] args) throws Exception {
        Path file = IsoSamples.find(SAMPLE).orElse(null);
        if (file == null) {
            System.out.println(IsoSamples.MISSING);
            return;
        }
        RawDocument doc = IsoSamples.document("caiso", file);
        CaisoConnector connector = new CaisoConnector();
        Normalizer normalizer = new Normalizer();
        int warmups = 5;
        int runs = 10;
        double[] extractMs = new double[runs];
        double[] totalMs = new double[runs];
        double[] cpuMs = new double[runs];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long ticks = 0;
        for (int i = -warmups; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Extraction x = connector.extract(doc);
            long t1 = System.nanoTime();
            NormalizeResult r = normalizer.normalize(x.records());
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            ticks = r.ticks().size();
            if (i >= 0) {
                extractMs[i] = (t1 - t0) / 1e6;
                totalMs[i] = (t2 - t0) / 1e6;
                cpuMs[i] = (c2 - c0) / 1e6;
            }
        }
        System.out.printf("CaisoExtractBench: %d rows -> %d ticks; median of %d warm runs: extract+normalize %.1f ms"
                        + " wall (min %.1f, max %.1f; extract alone %.1f ms), %.1f ms thread CPU; max heap %d MB%n",
                162_848, ticks, runs, median(totalMs), Arrays.stream(totalMs).min().orElse(0),
                Arrays.stream(totalMs).max().orElse(0), median(extractMs), median(cpuMs),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
