package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.connector.sim.FaultQueue.Fault;
import com.carbon254.ingestion.connector.sim.FaultQueue.Kind;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultQueueTest {
    @Test
    void parsesEveryFaultKind() {
        assertThat(Fault.parse("429")).isEqualTo(new Fault(Kind.STATUS, 429, "429"));
        assertThat(Fault.parse("500").kind()).isEqualTo(Kind.STATUS);
        assertThat(Fault.parse("error_zip").kind()).isEqualTo(Kind.ERROR_ZIP);
        assertThat(Fault.parse(" EMPTY ").kind()).isEqualTo(Kind.EMPTY);
        assertThat(Fault.parse("slow:2000")).isEqualTo(new Fault(Kind.SLOW, 2000, "slow:2000"));
        assertThat(Fault.parse("truncated").kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(Fault.parse("reset").kind()).isEqualTo(Kind.RESET);
        for (String bad : new String[]{"200", "302", "600", "slow:", "slow:-1", "slow:9999999", "teapot", ""}) {
            assertThatThrownBy(() -> Fault.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("accepted:");
        }
    }

    @Test
    void eachFaultIsServedOnceToTheFirstMatchingRequestInOrder() {
        FaultQueue q = new FaultQueue();
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
        FaultQueue q = new FaultQueue();
        assertThatThrownBy(() -> q.add("/caiso", List.of("429", "nope"))).hasMessageContaining("nope");
        assertThat(q.list()).isEmpty();
        assertThatThrownBy(() -> q.add("caiso", List.of("429"))).hasMessageContaining("path_prefix");
        q.add("/", Collections.nCopies(FaultQueue.MAX_QUEUED, "500"));
        assertThatThrownBy(() -> q.add("/", List.of("500"))).hasMessageContaining("at most");
        assertThat(q.clear()).isEqualTo(FaultQueue.MAX_QUEUED);
        assertThat(q.list()).isEmpty();
    }
}
