package com.carbon254.ingestion.store.clickhouse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** ClickHouse's TabSeparated output as 18.16 writes it (the IT checks the real server; this runs without one). */
class TsvReaderTest {
    @Test
    void splitsOnRawTabsAndNewlinesAndUnescapesTheRest() {
        String answer = "a\\tb\\nc\\\\d \\'q\\' €\t\\N\t-0\tnan\t1e-300\t2024-03-10\t1\n"
                + "\t\\\\N\tinf\t-inf\t\\N\t\\N\t0\n";
        TsvReader r = new TsvReader(answer.getBytes(StandardCharsets.UTF_8));

        assertThat(r.nextRow()).isTrue();
        assertThat(r.string()).isEqualTo("a\tb\nc\\d 'q' €");
        assertThat(r.string()).isNull();
        assertThat(r.float64()).isEqualTo(-0.0);
        assertThat(r.float64()).isNaN();
        assertThat(r.float64()).isEqualTo(1e-300);
        assertThat(r.date()).isEqualTo(LocalDate.of(2024, 3, 10));
        assertThat(r.bool()).isTrue();

        assertThat(r.nextRow()).isTrue();
        assertThat(r.string()).as("empty, not null").isEmpty();
        assertThat(r.string()).as("an escaped backslash before N is text").isEqualTo("\\N");
        assertThat(r.float64()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.float64()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(r.float64()).as("NULL component").isNaN();
        assertThat(r.nullableInt64()).isNull();
        assertThat(r.bool()).isFalse();

        assertThat(r.nextRow()).isFalse();
    }

    @Test
    void keepsBinaryBytes() {
        byte[] answer = {(byte) 0xFF, '\\', '0', (byte) 0x80, '\\', 't', '\n'};
        TsvReader r = new TsvReader(answer);

        assertThat(r.nextRow()).isTrue();
        assertThat(r.bytes()).containsExactly((byte) 0xFF, 0, (byte) 0x80, '\t');
    }
}
