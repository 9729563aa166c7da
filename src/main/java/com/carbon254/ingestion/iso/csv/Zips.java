package com.carbon254.ingestion.iso.csv;

import com.carbon254.ingestion.iso.DocumentRejectedException;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * What the connectors reading zipped documents (CAISO OASIS, ERCOT MIS, NYISO archives) check on the bytes, and the
 * one way they inflate them ({@link #open}): counted while reading, so a zip bomb is refused after at most the limit's
 * worth of inflating, never unpacked first.
 */
public final class Zips {
    /** Below this many inflated bytes a member's ratio is not judged (a tiny zip of a repetitive CSV is no bomb). */
    static final long RATIO_FLOOR = 1L << 20;
    private static volatile long maxBytes = 2L << 30;
    private static volatile int maxRatio = 200;

    private Zips() {
    }

    /**
     * Sets, for the whole process, the most a zipped document may inflate to (all members together) and the largest
     * inflated:compressed ratio of one member ({@code limits.zip_max_bytes}, {@code limits.zip_max_ratio}).
     */
    public static void limit(long bytes, int ratio) {
        if (bytes < 1 || ratio < 2) throw new IllegalArgumentException("zip limits: bytes >= 1, ratio >= 2");
        maxBytes = bytes;
        maxRatio = ratio;
    }

    public static long maxBytes() {
        return maxBytes;
    }

    public static int maxRatio() {
        return maxRatio;
    }

    /**
     * A zip stream over {@code zip} that throws {@link BombException} from {@code read} as soon as the current member
     * inflates past {@link #maxRatio} times its compressed size (the whole zip's size when the member's header does
     * not say) or all members together past {@link #maxBytes}.
     */
    public static ZipInputStream open(byte[] zip) {
        return open(zip, maxBytes, maxRatio);
    }

    /** {@link #open(byte[])} with these limits rather than the process's. */
    public static ZipInputStream open(byte[] zip, long maxBytes, int maxRatio) {
        return new Guarded(zip, maxBytes, maxRatio);
    }

    /** A zip that would inflate past a limit: the connector turns it into a {@code zip_bomb} rejection. */
    public static final class BombException extends IOException {
        private static final long serialVersionUID = 1L;

        BombException(String message) {
            super(message);
        }

        public DocumentRejectedException rejected() {
            return new DocumentRejectedException("zip_bomb", getMessage(), this);
        }
    }

    private static final class Guarded extends ZipInputStream {
        private final long zipLength;
        private final long maxTotal;
        private final int ratio;
        private long total;
        private long member;
        private long memberLimit;
        private String name;

        Guarded(byte[] zip, long maxTotal, int ratio) {
            super(new ByteArrayInputStream(zip));
            this.zipLength = zip.length;
            this.maxTotal = maxTotal;
            this.ratio = ratio;
        }

        @Override
        public ZipEntry getNextEntry() throws IOException {
            ZipEntry e = super.getNextEntry();
            member = 0;
            name = e == null ? null : e.getName();
            long compressed = e == null || e.getCompressedSize() < 0 ? zipLength : e.getCompressedSize();
            memberLimit = Math.max(RATIO_FLOOR, compressed > Long.MAX_VALUE / ratio ? Long.MAX_VALUE
                    : compressed * ratio);
            return e;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                member += n;
                total += n;
                if (member > memberLimit) {
                    throw new BombException("member " + name + " inflates past " + memberLimit + " bytes, more than "
                            + ratio + " times its compressed size (limits.zip_max_ratio); refused while reading");
                }
                if (total > maxTotal) {
                    throw new BombException("zip inflates past " + maxTotal + " bytes (limits.zip_max_bytes) at "
                            + "member " + name + "; refused while reading");
                }
            }
            return n;
        }
    }

    /** One file member of a zipped document: read as far as the connector wants (the rest is drained after it). */
    @FunctionalInterface
    public interface MemberReader {
        void read(String name, InputStream member) throws IOException, DocumentRejectedException;
    }

    /**
     * Reads the file members of the zipped document {@code zip}, in order, through {@link #open}: the one place a
     * connector's zip failures become rejections.
     * <ul>
     *   <li>no end-of-central-directory record (a download cut short): {@code truncated_document};</li>
     *   <li>each member is drained after {@code reader} (its CRC and size are checked whatever the reader left), and
     *       before a rejection of {@code reader} goes on: garbage from a corrupt member can look like a drifted header
     *       or a foreign CSV, so corruption is reported as such;</li>
     *   <li>a bomb: {@code zip_bomb}; a line past {@link ByteLines#MAX_LINE_BYTES}: {@code unrecognized_document}; a
     *       corrupt or truncated member: {@code truncated_document} naming it.</li>
     * </ul>
     *
     * @return the names of the file members (directories left out), in order
     */
    public static List<String> readMembers(byte[] zip, MemberReader reader) throws DocumentRejectedException {
        if (!hasEndOfCentralDirectory(zip)) {
            throw new DocumentRejectedException("truncated_document", "zip of " + zip.length
                    + " bytes has no end-of-central-directory record: the download was cut short");
        }
        List<String> members = new ArrayList<>(2);
        String current = null;
        try (ZipInputStream zin = open(zip)) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                current = e.getName();
                if (e.isDirectory()) continue;
                members.add(current);
                try {
                    reader.read(current, zin);
                } catch (DocumentRejectedException rejected) {
                    drain(zin);
                    throw rejected;
                }
                drain(zin);
            }
        } catch (ByteLines.LineTooLongException e) {
            throw new DocumentRejectedException("unrecognized_document", "member " + current + ": " + e.getMessage(), e);
        } catch (BombException e) {
            throw e.rejected();
        } catch (ZipException | EOFException e) {
            throw new DocumentRejectedException("truncated_document", "zip is truncated or corrupt"
                    + (current == null ? "" : " in member " + current) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DocumentRejectedException("truncated_document", "cannot read zip"
                    + (current == null ? "" : " member " + current) + ": " + e.getMessage(), e);
        }
        return members;
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
