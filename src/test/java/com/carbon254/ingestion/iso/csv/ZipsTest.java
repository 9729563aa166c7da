package com.carbon254.ingestion.iso.csv;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Isos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A zip bomb is refused while it inflates, by every connector that reads zips, with the reason {@code zip_bomb}; an
 * ordinary zip passes untouched.
 */
public class ZipsTest {
    /** One member of {@code size} zero bytes, deflated as hard as possible (~1 MB per GB). */
    public static byte[] zeros(String member, long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            z.putNextEntry(new ZipEntry(member));
            byte[] block = new byte[1 << 20];
            for (long n = 0; n < size; n += block.length) z.write(block, 0, (int) Math.min(block.length, size - n));
            z.closeEntry();
        }
        return out.toByteArray();
    }

    static byte[] zip(String member, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(member));
            z.write(content);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    private static long readAll(InputStream in) throws IOException {
        long n = 0;
        byte[] b = new byte[8192];
        for (int r; (r = in.read(b)) >= 0; ) n += r;
        return n;
    }

    @Test
    void aMemberInflatingPastTheRatioIsRefusedWhileReading() throws Exception {
        byte[] bomb = zeros("a.csv", 64L << 20); // 64 MiB of zeros: ~1000:1
        assertThat(bomb.length).isLessThan(200_000);
        try (ZipInputStream z = Zips.open(bomb, Long.MAX_VALUE, 200)) {
            z.getNextEntry();
            assertThatThrownBy(() -> readAll(z)).isInstanceOf(Zips.BombException.class)
                    .hasMessageContaining("member a.csv").hasMessageContaining("200 times");
        }
    }

    @Test
    void allMembersTogetherInflatingPastTheTotalAreRefused() throws Exception {
        byte[] z1 = zeros("a.csv", 3L << 20);
        try (ZipInputStream z = Zips.open(z1, 2L << 20, 1_000_000)) {
            z.getNextEntry();
            assertThatThrownBy(() -> readAll(z)).isInstanceOf(Zips.BombException.class)
                    .hasMessageContaining("past " + (2L << 20) + " bytes");
        }
    }

    @Test
    void anOrdinaryZipReadsWhole() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 50_000; i++) csv.append(i).append(",NODE_").append(i % 97).append(",").append(i * 0.37).append('\n');
        byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
        try (ZipInputStream z = Zips.open(zip("a.csv", content))) {
            assertThat(z.getNextEntry().getName()).isEqualTo("a.csv");
            assertThat(readAll(z)).isEqualTo(content.length);
        }
    }

    /** Every connector that unzips refuses a 1 GB member of zeros (a ~1 MB zip) with the reason {@code zip_bomb}. */
    @ParameterizedTest
    @ValueSource(strings = {"caiso", "ercot", "nyiso"})
    void everyZipReadingConnectorRejectsABombAsADocument(String connector) throws Exception {
        byte[] bomb = zeros("notes.txt", 1L << 30);
        assertThat(bomb.length).isBetween(500_000, 2_000_000);
        var c = Isos.all().stream().map(i -> i.connector()).filter(x -> x.name().equals(connector)).findFirst()
                .orElseThrow();
        RawDocument doc = new RawDocument("t", connector, "bomb.zip", null, "0".repeat(64), bomb, Instant.now(), "x");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.extract(doc)).isInstanceOf(DocumentRejectedException.class)
                .satisfies(e -> assertThat(((DocumentRejectedException) e).reason()).isEqualTo("zip_bomb"))
                .hasMessageContaining("notes.txt");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms: refused after the ratio's worth, not 1 GB")
                .isLessThan(20_000);
    }
}
