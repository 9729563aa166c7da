package com.carbon254.ingestion.iso.csv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The 8-bytes-at-a-time splitters must agree with a naive byte loop on every input. */
class CsvFieldsTest {

    /** Reference: RFC 4180 split, one character at a time. */
    static List<String> naiveSplit(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    static List<String> fastSplit(CsvFields f, byte[] b, int from, int to) {
        int n = f.split(b, from, to);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new String(f.data(), f.start(i), f.length(i), StandardCharsets.UTF_8));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "a", "a,b", ",,,", "2020-01-02T05:00:00-00:00,-0.32719,-.37,MCC",
            "x,\"a,b\",y", "\"he said \"\"hi\"\"\",2", "1234567,12345678,123456789,1234567890123456789,-,-,-",
            "\"\"", "a,\"\""})
    void splitsLikeTheNaiveLoop(String line) {
        byte[] b = ("##" + line + "##").getBytes(StandardCharsets.UTF_8);
        assertThat(fastSplit(new CsvFields(), b, 2, b.length - 2)).isEqualTo(naiveSplit(line));
    }

    @Test
    void randomLinesAgree() {
        Random random = new Random(11);
        String alphabet = ",,,,--..\"0123456789abcT:";
        CsvFields f = new CsvFields();
        for (int k = 0; k < 20_000; k++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(80);
            for (int i = 0; i < len; i++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String line = s.toString();
            int pad = random.nextInt(9);
            byte[] b = ("x".repeat(pad) + line + "yyyyyyyy").getBytes(StandardCharsets.UTF_8);
            assertThat(fastSplit(f, b, pad, pad + line.length())).as(line).isEqualTo(naiveSplit(line));
        }
    }

    @Test
    void manyFieldsGrowTheArrays() {
        String line = "v,".repeat(100) + "end";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        CsvFields f = new CsvFields();
        assertThat(f.split(b, 0, b.length)).isEqualTo(101);
        assertThat(f.string(100)).isEqualTo("end");
        assertThat(f.equalsAscii(99, "v")).isTrue();
    }

    @Test
    void byteLinesAgreeWithStringLinesAcrossBufferRefills() throws Exception {
        Random random = new Random(5);
        for (int k = 0; k < 300; k++) {
            StringBuilder text = new StringBuilder();
            List<String> expected = new ArrayList<>();
            int lines = random.nextInt(40);
            for (int i = 0; i < lines; i++) {
                String line = "L" + i + ",".repeat(random.nextInt(3)) + "x".repeat(random.nextInt(3000));
                expected.add(line);
                text.append(line).append(random.nextBoolean() ? "\r\n" : "\n");
            }
            if (random.nextBoolean() && lines > 0) { // last line without a newline
                text.setLength(text.length() - (text.charAt(text.length() - 2) == '\r' ? 2 : 1));
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            // a stream that hands out few bytes per read, so lines straddle refills
            InputStream trickle = new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 1 + random.nextInt(700)));
                }
            };
            ByteLines reader = new ByteLines(trickle, 1024);
            List<String> got = new ArrayList<>();
            while (reader.next()) {
                got.add(new String(reader.buffer(), reader.start(), reader.end() - reader.start(),
                        StandardCharsets.UTF_8));
                assertThat(reader.lineNumber()).isEqualTo(got.size());
            }
            assertThat(got).isEqualTo(expected);
        }
    }

    @Test
    void symbolsInternByContent() {
        ByteSymbols symbols = new ByteSymbols(2);
        byte[] b = "2020-01-02T05:00:00-00:00|2020-01-02T05:00:00-00:00|TH_NP15_GEN-APND".getBytes(StandardCharsets.UTF_8);
        int a = symbols.id(b, 0, 25);
        int again = symbols.id(b, 26, 25);
        int node = symbols.id(b, 52, 16);
        assertThat(again).isEqualTo(a);
        assertThat(node).isNotEqualTo(a);
        assertThat(symbols.string(a)).isSameAs(symbols.string(again)).isEqualTo("2020-01-02T05:00:00-00:00");
        assertThat(symbols.equals(node, b, 52, 16)).isTrue();
        assertThat(symbols.equals(node, b, 52, 15)).isFalse();
        for (int i = 0; i < 10_000; i++) {
            byte[] k = ("node" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(symbols.id(k, 0, k.length)).isEqualTo(i + 2);
        }
        assertThat(symbols.size()).isEqualTo(10_002);
        byte[] k = "node1234".getBytes(StandardCharsets.UTF_8);
        assertThat(symbols.string(symbols.id(k, 0, k.length))).isEqualTo("node1234");
    }
}
