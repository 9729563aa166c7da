package com.carbon254.ingestion.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Locates {@code ../shared/iso-samples} (read in place, never copied) and builds small fixtures in ISO formats. */
public final class Samples {
    private Samples() {
    }

    public static Path projectRoot() {
        String p = System.getProperty("project.root");
        return p != null ? Path.of(p) : Path.of("").toAbsolutePath();
    }

    /** A real recorded ISO file; the calling test is skipped with a clear message when the folder is absent. */
    public static Path shared(String relative) {
        Path dir = projectRoot().resolve("../shared/iso-samples").normalize();
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "skipped: real ISO samples not found at " + dir + " (they live in ../shared/iso-samples)");
        Path f = dir.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(f), "skipped: sample " + f + " not found");
        return f;
    }

    public static byte[] zip(String member, String content) {
        try (ByteArrayOutputStream bos = new ByteArrayOutputStream(); ZipOutputStream z = new ZipOutputStream(bos)) {
            z.putNextEntry(new ZipEntry(member));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.finish();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final String CAISO_HEADER = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,"
            + "NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP";

    /** One CAISO PRC_LMP DAM row. */
    public static String caisoRow(String startGmt, String endGmt, String oprDt, int hr, String node, String type,
                                  String mw) {
        String item = switch (type) {
            case "LMP" -> "LMP_PRC";
            case "MCE" -> "LMP_ENE_PRC";
            case "MCC" -> "LMP_CONG_PRC";
            case "MCL" -> "LMP_LOSS_PRC";
            default -> "LMP_GHG_PRC";
        };
        return String.join(",", startGmt, endGmt, oprDt, String.valueOf(hr), "0", node, node, node, "DAM", type,
                item, node, "ALL_APNODES", "0", mw, "1");
    }
}
