package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.connector.sim.FaultQueue.Fault;
import com.carbon254.ingestion.connector.sim.FaultQueue.Kind;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultQueueTest {
    /** An ISO's own fault, as CAISO's error zip. */
    private static final List<String> ISO_FAULTS = List.of("error_zip");

    @Test
    void parsesEveryFaultKind() {
        FaultQueue q = new FaultQueue(ISO_FAULTS);
        assertThat(q.parse("429")).isEqualTo(new Fault(Kind.STATUS, 429, "429"));
        assertThat(q.parse("500").kind()).isEqualTo(Kind.STATUS);
        assertThat(q.parse("error_zip")).isEqualTo(new Fault(Kind.ISO, 0, "error_zip"));
        assertThat(q.parse(" EMPTY ").kind()).isEqualTo(Kind.EMPTY);
        assertThat(q.parse("slow:2000")).isEqualTo(new Fault(Kind.SLOW, 2000, "slow:2000"));
        assertThat(q.parse("truncated").kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(q.parse("reset").kind()).isEqualTo(Kind.RESET);
        for (String bad : new String[]{"200", "302", "600", "slow:", "slow:-1", "slow:9999999", "teapot", ""}) {
            assertThatThrownBy(() -> q.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("accepted:");
        }
    }

    @Test
    void isoFaultsAreAcceptedOnlyWhereAnIsoDeclaresThem() {
        assertThatThrownBy(() -> new FaultQueue(List.of()).parse("error_zip"))
                .hasMessage("unknown fault 'error_zip'; accepted: an HTTP status 400..599 (e.g. 429, 500), empty,"
                        + " slow:<ms> (<= 600000), truncated, reset");
        assertThatThrownBy(() -> new FaultQueue(ISO_FAULTS).parse("teapot"))
                .hasMessage("unknown fault 'teapot'; accepted: an HTTP status 400..599 (e.g. 429, 500), error_zip,"
                        + " empty, slow:<ms> (<= 600000), truncated, reset");
        // an ISO cannot take a shared fault's name, nor one the API could not write
        assertThatThrownBy(() -> new FaultQueue(List.of("empty"))).hasMessageContaining("'empty'");
        assertThatThrownBy(() -> new FaultQueue(List.of("slow:1"))).hasMessageContaining("'slow:1'");
    }

    @Test
    void eachFaultIsServedOnceToTheFirstMatchingRequestInOrder() {
        FaultQueue q = new FaultQueue(ISO_FAULTS);
        q.add("/caiso", List.of("429", "empty"));
        q.add("/miso", List.of("500"));
        q.add("/caiso/oasisapi", List.of("slow:10"));
        assertThat(q.take("/miso/api/x").orElseThrow().spec()).isEqualTo("500");
        assertThat(q.take("/miso/api/x")).isEmpty();
        assertThat(q.take("/caiso/oasisapi/SingleZip").orElseThrow().spec()).isEqualTo("429");
        assertThat(q.take("/caiso/oasisapi/SingleZip").orElseThrow().spec()).isEqualTo("empty");
        assertThat(q.take("/caiso/oasisapi/SingleZip").orElseThrow().spec()).isEqualTo("slow:10");
        assertThat(q.take("/caiso/oasisapi/SingleZip")).isEmpty();
    }

    @Test
    void addIsAllOrNothingAndBounded() {
        FaultQueue q = new FaultQueue(ISO_FAULTS);
        assertThatThrownBy(() -> q.add("/caiso", List.of("429", "nope"))).hasMessageContaining("nope");
        assertThat(q.list()).isEmpty();
        assertThatThrownBy(() -> q.add("caiso", List.of("429"))).hasMessageContaining("path_prefix");
        q.add("/", Collections.nCopies(FaultQueue.MAX_QUEUED, "500"));
        assertThatThrownBy(() -> q.add("/", List.of("500"))).hasMessageContaining("at most");
        assertThat(q.clear()).isEqualTo(FaultQueue.MAX_QUEUED);
        assertThat(q.list()).isEmpty();
    }
}
