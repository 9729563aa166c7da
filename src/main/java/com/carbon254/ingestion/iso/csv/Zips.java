package com.carbon254.ingestion.iso.csv;

import java.io.IOException;
import java.io.InputStream;

/** What the connectors reading zipped documents (CAISO OASIS, ERCOT MIS, NYISO archives) check on the bytes. */
public final class Zips {
    private Zips() {
    }

    /**
     * True when the zip ends with its End Of Central Directory record (PK\5\6 whose comment runs exactly to the last
     * byte). A download cut short loses it; damage inside a member is caught later by the zip stream (CRC, size).
     */
    public static boolean hasEndOfCentralDirectory(byte[] c) {
        int min = Math.max(0, c.length - 22 - 0xFFFF);
        for (int i = c.length - 22; i >= min; i--) {
            if (c[i] == 'P' && c[i + 1] == 'K' && c[i + 2] == 5 && c[i + 3] == 6) {
                int commentLength = (c[i + 20] & 0xff) | (c[i + 21] & 0xff) << 8;
                if (i + 22 + commentLength == c.length) return true;
            }
        }
        return false;
    }

    /** Reads a member to its end so that the zip stream verifies its size and CRC. */
    public static void drain(InputStream in) throws IOException {
        byte[] skip = new byte[8192];
        while (in.read(skip) >= 0) {
            // discard
        }
    }
}
