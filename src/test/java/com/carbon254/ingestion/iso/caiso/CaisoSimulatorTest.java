package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.caiso.CaisoSimFormats.CaisoReport;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimClock;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;
import com.carbon254.ingestion.testing.IsoSamples;
import com.carbon254.ingestion.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CAISO's simulated SingleZip as a pure handler: OASIS's answers to good, early and bad requests. */
class CaisoSimulatorTest {
    /** 12:02 PST on the fall-back day. */
    private static final Instant NOW = Instant.parse("2024-11-03T20:02:00Z");

    private final PriceModel model = new PriceModel(7);
    private final SimClock clock = new SimClock(NOW, 1, new ManualClock(Instant.EPOCH));
    private final CaisoConnector connector = new CaisoConnector();

    private SimResponse singleZip(String... params) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) q.put(params[i], List.of(params[i + 1]));
        return CaisoSimulator.singleZip(new SimRequest(CaisoSimulator.OASIS_PATH + CaisoSimulator.SINGLE_ZIP, q,
                clock, model));
    }

    private SimResponse rtm(String start, String end) {
        return singleZip("queryname", "PRC_INTVL_LMP", "market_run_id", "RTM", "resultformat", "6", "version", "3",
                "startdatetime", start, "enddatetime", end);
    }

    @Test
    void aWindowThatHasEndedIsTheRenderedZipNamedAfterTheRequest() {
        SimResponse r = rtm("20241103T19:00-0000", "20241103T20:00-0000");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        String member = CaisoSimFormats.memberName(CaisoReport.PRC_INTVL_LMP, Instant.parse("2024-11-03T19:00:00Z"),
                Instant.parse("2024-11-03T20:00:00Z"), NOW, 3);
        assertThat(r.headers()).containsExactly(Map.entry("Content-Disposition",
                "inline; filename=" + member.replace(".csv", ".zip")));
        assertThat(r.body()).isEqualTo(CaisoSimFormats.singleZip(model, CaisoReport.PRC_INTVL_LMP,
                Instant.parse("2024-11-03T19:00:00Z"), Instant.parse("2024-11-03T20:00:00Z"), "ALL_APNODES", 3, NOW));
    }

    @Test
    void nothingYetIsTheNoDataZipAndABadRequestTheInvalidOneNamingIt() {
        SimResponse early = rtm("20241103T20:00-0000", "20241103T21:00-0000");
        assertThat(early.status()).isEqualTo(200);
        assertThat(early.body()).isEqualTo(CaisoSimFormats.noDataZip(NOW));
        assertThat(early.headers()).containsEntry("Content-Disposition", "inline; filename=INVALID_REQUEST.xml.zip");

        SimResponse tooLong = rtm("20241103T17:00-0000", "20241103T20:00-0000");
        assertThatThrownBy(() -> connector.extract(IsoSamples.document("caiso", "SingleZip", tooLong.body())))
                .isInstanceOf(DocumentRejectedException.class).hasMessageContaining("1001")
                .hasMessageContaining("exceeds the maximum of 1 hours for PRC_INTVL_LMP");
        SimResponse unknown = singleZip("queryname", "PRC_FOO");
        assertThatThrownBy(() -> connector.extract(IsoSamples.document("caiso", "SingleZip", unknown.body())))
                .hasMessageContaining("queryname 'PRC_FOO' is not simulated");
    }

    @Test
    void theErrorZipFaultIsTheNoDataZipWhateverWasAsked() {
        var fault = CaisoSimulator.SIMULATOR.faults().get(0);
        assertThat(fault.name()).isEqualTo(CaisoSimulator.ERROR_ZIP_FAULT);
        SimResponse r = fault.handler().handle(new SimRequest("/anything", Map.of(), clock, model));
        assertThat(r.body()).isEqualTo(CaisoSimFormats.noDataZip(NOW));
        assertThat(r.contentType()).isEqualTo("application/zip");
    }
}
