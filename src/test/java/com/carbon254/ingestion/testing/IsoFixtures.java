package com.carbon254.ingestion.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Real ISO files for end-to-end tests (via {@link IsoSamples}) and small fixtures written in ISO formats. */
public final class IsoFixtures {
    private IsoFixtures() {
    }

    /** A real recorded ISO file; the calling test is skipped with a clear message when the folder is absent. */
    public static Path shared(String relative) {
        Optional<Path> f = IsoSamples.find(relative);
        Assumptions.assumeTrue(f.isPresent(), IsoSamples.MISSING + " (" + relative + ")");
        return f.get();
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
