package com.carbon254.ingestion.iso.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** What the simulated ISOs' documents are written with: JSON string literals and one-member zips. Pure. */
public final class SimDocuments {
    private SimDocuments() {
    }

    /** Appends {@code s} as a JSON string literal (quotes, backslashes and control characters escaped). */
    public static StringBuilder jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"');
    }

    /** {@code s} as a JSON string literal. */
    public static String jsonString(String s) {
        return jsonString(new StringBuilder(s.length() + 2), s).toString();
    }

    /**
     * A zip holding {@code content} as its only member, stamped {@code modified}: a zip's DOS time is local, so the
     * caller gives the ISO's local time (never the JVM's zone).
     */
    public static byte[] zip(String member, byte[] content, LocalDateTime modified) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length / 8 + 512);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry(member);
            e.setTimeLocal(modified);
            zip.putNextEntry(e);
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return bytes.toByteArray();
    }
}
