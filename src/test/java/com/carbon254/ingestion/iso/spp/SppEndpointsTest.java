package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.connector.ConnectorSpec;
import com.carbon254.ingestion.connector.ConnectorSpecs;
import com.carbon254.ingestion.connector.fetch.Windows;
import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped {@code connectors/spp/connector.yaml} asks for exactly the files SPP's portal (and the simulator) has:
 * its endpoint templates, filled for the windows a run makes, give the portal's paths.
 */
class SppEndpointsTest {
    private static final ConnectorSpec SPEC = ConnectorSpecs.load(IsoSamples.projectRoot().resolve("connectors"))
            .byName("spp").orElseThrow();
    private static final Map<String, String> ENV = Map.of("SPP_PORTAL_URL", "https://portal.spp.org");

    private static ConnectorSpec.Dataset dataset(String id) {
        return SPEC.datasets().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    private static String path(ConnectorSpec.Dataset ds, Windows.Window w) {
        URI uri = URI.create(Windows.url(ds.endpoint(), w, ds.window().align(), ENV, Map.of()));
        assertThat(uri.getHost()).isEqualTo("portal.spp.org");
        String query = uri.getRawQuery();
        assertThat(query).startsWith("path=");
        return URLDecoder.decode(query.substring(5), StandardCharsets.UTF_8);
    }

    @Test
    void aDayAheadRunAsksForTomorrowsFileAndTheLookbackDays() {
        ConnectorSpec.Dataset da = dataset("da_lmp_sl");
        assertThat(URI.create(Windows.url(da.endpoint(), Windows.split(da.window(), SppFixtures.FALL_BACK,
                SppFixtures.FALL_BACK.plusDays(1)).get(0), da.window().align(), ENV, Map.of())).getPath())
                .isEqualTo("/file-browser-api/download/da-lmp-by-settlement-location");
        // 20:00 UTC on 2024-11-02 (a run as scheduled): tomorrow, the fall-back day, and the days before it
        List<Windows.Window> ws = Windows.forRun(da.window(), Instant.parse("2024-11-02T20:00:00Z"));
        assertThat(ws).extracting(w -> path(da, w)).containsExactly(
                "/2024/10/By_Day/DA-LMP-SL-202410310100.csv", "/2024/11/By_Day/DA-LMP-SL-202411010100.csv",
                "/2024/11/By_Day/DA-LMP-SL-202411020100.csv", "/2024/11/By_Day/DA-LMP-SL-202411030100.csv");
        Windows.Window fallBack = ws.get(3);
        assertThat(fallBack.length().toHours()).isEqualTo(25);
        assertThat(SppSimFormats.dayAheadOf(path(da, fallBack))).contains(SppFixtures.FALL_BACK);
    }

    @Test
    void aRealTimeRunAsksForTheFilesOfTheTwoIntervalsThatEndedFiveAndTenMinutesBefore() {
        ConnectorSpec.Dataset rt = dataset("rtbm_lmp_sl");
        List<Windows.Window> ws = Windows.forRun(rt.window(), Instant.parse("2025-03-31T13:55:30Z")); // 08:55 CDT
        assertThat(ws).extracting(w -> path(rt, w)).containsExactly(
                "/2025/03/By_Interval/31/RTBM-LMP-SL-202503310845.csv",
                "/2025/03/By_Interval/31/RTBM-LMP-SL-202503310850.csv");
        for (Windows.Window w : ws) assertThat(SppSimFormats.rtbmOf(path(rt, w))).contains(w.end());
        // the interval ending at midnight is in the folder of the day it started, as SPP files it
        Windows.Window midnight = Windows.forRun(rt.window(), Instant.parse("2024-07-01T05:10:00Z")).get(0);
        assertThat(path(rt, midnight)).isEqualTo("/2024/06/By_Interval/30/RTBM-LMP-SL-202407010000.csv");
    }

    @Test
    void everyIntervalOfAnOrdinaryAndASpringForwardDayIsAskedForByItsOwnName() {
        ConnectorSpec.Dataset rt = dataset("rtbm_lmp_sl");
        for (LocalDate day : List.of(LocalDate.of(2024, 7, 16), SppFixtures.SPRING_FORWARD)) {
            for (Windows.Window w : Windows.split(rt.window(), day, day.plusDays(1))) {
                assertThat(SppSimFormats.rtbmOf(path(rt, w))).as(path(rt, w)).contains(w.end());
            }
        }
    }

    /**
     * The fall-back day's second pass of 01:00-01:55 is named with a {@code d} ({@code RTBM-LMP-SL-202411030105d.csv}):
     * {@code {end_repeat:d}} writes it for exactly those 12 windows, so all 300 intervals are asked for by their own name.
     */
    @Test
    void theFallBacksSecondPassIsAskedForByItsDName() {
        ConnectorSpec.Dataset rt = dataset("rtbm_lmp_sl");
        List<Windows.Window> day = Windows.split(rt.window(), SppFixtures.FALL_BACK, SppFixtures.FALL_BACK.plusDays(1));
        assertThat(day).hasSize(300);
        for (Windows.Window w : day) {
            assertThat(SppSimFormats.rtbmOf(path(rt, w))).as(path(rt, w)).contains(w.end());
        }
        Windows.Window secondPass = day.stream().filter(w -> w.end().equals(Instant.parse("2024-11-03T07:05:00Z")))
                .findFirst().orElseThrow();
        assertThat(path(rt, secondPass)).isEqualTo("/2024/11/By_Interval/03/RTBM-LMP-SL-202411030105d.csv");
        assertThat(day.stream().map(w -> path(rt, w)).filter(p -> p.endsWith("d.csv")).count()).isEqualTo(12);
    }
}
