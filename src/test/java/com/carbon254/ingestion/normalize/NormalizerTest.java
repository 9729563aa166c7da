package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.NormalizationRules;
import com.carbon254.ingestion.iso.Numbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NormalizerTest {
    private final Normalizer normalizer = new Normalizer();

    // ------------------------------------------------------------------ builders

    static RawRecord miso(String date, String he, Map<String, String> values) {
        return new RawRecord("t1", "MISO", "lmp_da_expost", "DA_HOURLY", "doc-1", 6, "TEST.HUB",
                Map.of("date", date, "he", he, "type", "Hub", "revision", "expost"), values);
    }

    static RawRecord misoRt(String intervalEnd, Map<String, String> values) {
        return new RawRecord("t1", "MISO", "lmp_rt_5min", "RT_5MIN", "doc-3", 3, "TEST.NODE",
                Map.of("interval_end_est", intervalEnd, "revision", "expost"), values);
    }

    static RawRecord caiso(String market, String start, String end, Map<String, String> values) {
        return caiso(market, start, end, "2024-03-02", "10", market.equals("RT_5MIN") ? "1" : "0", values);
    }

    static RawRecord caiso(String market, String start, String end, String oprDt, String hr, String interval,
                           Map<String, String> values) {
        Map<String, String> attrs = new HashMap<>(Map.of("opr_dt", oprDt, "opr_hr", hr, "opr_interval", interval,
                "interval_start_gmt", start, "interval_end_gmt", end, "price_column", "MW", "version", "v1"));
        return new RawRecord("t1", "CAISO", market.equals("RT_5MIN") ? "lmp_rt_5min" : "lmp_da_hourly", market,
                "doc-2", 42, "TH_TEST_GEN-APND", attrs, values);
    }

    static Map<String, String> caisoValues(String lmp, String mce, String mcc, String mcl, String mghg) {
        Map<String, String> v = new HashMap<>();
        if (lmp != null) v.put("LMP", lmp);
        if (mce != null) v.put("MCE", mce);
        if (mcc != null) v.put("MCC", mcc);
        if (mcl != null) v.put("MCL", mcl);
        if (mghg != null) v.put("MGHG", mghg);
        return v;
    }

    private Tick tick(RawRecord r) {
        NormalizeResult n = normalizer.normalize(List.of(r));
        assertThat(n.rejected()).as("rejections").isEmpty();
        return n.ticks().get(0);
    }

    private NormalizeResult.Rejected rejected(RawRecord r) {
        NormalizeResult n = normalizer.normalize(List.of(r));
        assertThat(n.ticks()).as("ticks").isEmpty();
        return n.rejected().get(0);
    }

    // ------------------------------------------------------------------ MISO

    @ParameterizedTest(name = "{0} HE {1} -> [{2}, {3})")
    @CsvSource({
            // EST all year: July is not shifted for daylight saving time
            "2011-07-16, 1,  2011-07-16T05:00:00Z, 2011-07-16T06:00:00Z",
            "2011-07-16, 24, 2011-07-17T04:00:00Z, 2011-07-17T05:00:00Z",
            "2024-01-15, 1,  2024-01-15T05:00:00Z, 2024-01-15T06:00:00Z",
            "2024-03-10, 3,  2024-03-10T07:00:00Z, 2024-03-10T08:00:00Z", // spring-forward day: nothing special
            "2024-11-03, 2,  2024-11-03T06:00:00Z, 2024-11-03T07:00:00Z", // fall-back day: no repeated hour
            "2024-12-31, 24, 2025-01-01T04:00:00Z, 2025-01-01T05:00:00Z",
    })
    void misoHourEndingIsFixedEst(String date, String he, Instant start, Instant end) {
        Tick t = tick(miso(date, he, Map.of("LMP", "30", "MCC", "1", "MLC", ".5")));
        assertThat(t.intervalStart()).isEqualTo(start);
        assertThat(t.intervalEnd()).isEqualTo(end);
        assertThat(t.operatingDay()).isEqualTo(LocalDate.parse(date));
        assertThat(t.localLabel()).isEqualTo(date + " HE " + he);
    }

    @Test
    void misoComponentsAndDerivedEnergy() {
        Tick t = tick(miso("2011-07-16", "1", Map.of("LMP", "26.54", "MCC", ".79", "MLC", ".38")));
        assertThat(t.tenant()).isEqualTo("t1");
        assertThat(t.iso()).isEqualTo("MISO");
        assertThat(t.market()).isEqualTo("DA_HOURLY");
        assertThat(t.location()).isEqualTo("TEST.HUB");
        assertThat(t.locationType()).isEqualTo("Hub");
        assertThat(t.lmp()).isEqualTo(26.54);
        assertThat(t.congestion()).isEqualTo(0.79);
        assertThat(t.loss()).isEqualTo(0.38);
        assertThat(t.energy()).isEqualTo(25.37);
        assertThat(t.ghg()).isNaN();
        assertThat(t.derived()).isEqualTo(Component.ENERGY.bit());
        assertThat(t.revision()).isEqualTo("expost");
        assertThat(t.documentId()).isEqualTo("doc-1");
        assertThat(t.position()).isEqualTo(6);
    }

    @Test
    void aFlippedCongestionSignFlipsCongestionAndTheEnergyDerivedFromIt() {
        NormalizationRules flipped = NormalizationRules.parse("""
                isos:
                  MISO: {zone: "-05:00", label: hour_ending, price_floor: -2000, price_cap: 10000, congestion_sign: -1}
                  CAISO: {zone: America/Los_Angeles, label: hour_ending, price_floor: -2000, price_cap: 2500,
                          congestion_sign: -1}
                """, "rules.yaml");
        Normalizer n = new Normalizer(flipped);
        Tick m = n.normalize(List.of(miso("2011-07-16", "1", Map.of("LMP", "26.54", "MCC", ".79", "MLC", ".38"))))
                .ticks().get(0);
        assertThat(m.lmp()).isEqualTo(26.54);
        assertThat(m.congestion()).isEqualTo(-0.79);
        assertThat(m.energy()).as("lmp - congestion - loss with the signed congestion").isEqualTo(26.95);
        Tick c = n.normalize(List.of(caiso("DA_HOURLY", "2020-01-02T00:00:00-00:00", "2020-01-02T01:00:00-00:00",
                "2020-01-01", "17", "0", caisoValues("34.48078", "34.80798", "0", "-0.32719", null)))).ticks().get(0);
        assertThat(c.congestion()).as("zero stays +0.0, never -0.0 in the API").isEqualTo(0.0)
                .matches(d -> Double.doubleToRawLongBits(d) == 0L);
        assertThat(c.energy()).isEqualTo(34.80798);
    }

    @Test
    void misoPublishedEnergyIsNotDerivedAndALostLmpCanBeRebuilt() {
        Tick published = tick(miso("2024-01-15", "5", Map.of("LMP", "30", "MEC", "29", "MCC", ".6", "MLC", ".4")));
        assertThat(published.energy()).isEqualTo(29);
        assertThat(published.derived()).isZero();

        Tick rebuilt = tick(miso("2024-01-15", "5", Map.of("MEC", "29", "MCC", ".6", "MLC", ".4")));
        assertThat(rebuilt.lmp()).isEqualTo(30);
        assertThat(rebuilt.isDerived(Component.LMP)).isTrue();
    }

    @ParameterizedTest(name = "date {0} HE ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
            "2011-07-16 | 0    | HE '0' is outside 1..24",
            "2011-07-16 | 25   | HE '25' is outside 1..24",
            "2011-07-16 | abc  | HE 'abc' is outside 1..24",
            "2011-07-16 | -1   | HE '-1' is outside 1..24",
            "2011-02-30 | 1    | date '2011-02-30' is not a yyyy-MM-dd date",
            "07/16/2011 | 1    | date '07/16/2011' is not a yyyy-MM-dd date",
    })
    void misoBadTimestamps(String date, String he, String detail) {
        NormalizeResult.Rejected r = rejected(miso(date, he, Map.of("LMP", "30")));
        assertThat(r.rejection().reason()).isEqualTo("bad_timestamp");
        assertThat(r.rejection().detail()).startsWith(detail).contains("line 6").contains("TEST.HUB");
        assertThat(r.rejection().position()).isEqualTo(6);
    }

    @Test
    void misoWithoutLmpIsMissingComponent() {
        NormalizeResult.Rejected r = rejected(miso("2011-07-16", "3", Map.of("MCC", "1", "MLC", "2")));
        assertThat(r.rejection().reason()).isEqualTo("missing_component");
        assertThat(r.rejection().detail()).contains("LMP is absent").contains("[MCC, MLC]").contains("HE 3");
    }

    // ------------------------------------------------------------------ MISO real-time 5-minute

    @ParameterizedTest(name = "INTERVAL {0} -> [{1}, {2}) day {3}")
    @CsvSource(delimiter = '|', value = {
            // INTERVAL is the interval END in EST (UTC-5) all year
            "2024-01-15T08:15:00 | 2024-01-15T13:10:00Z | 2024-01-15T13:15:00Z | 2024-01-15 | 2024-01-15 INT 08:15 EST",
            "2024-07-16T12:00:00 | 2024-07-16T16:55:00Z | 2024-07-16T17:00:00Z | 2024-07-16 | 2024-07-16 INT 12:00 EST",
            // the interval ending at midnight is the last one of the day before
            "2024-01-15T00:00:00 | 2024-01-15T04:55:00Z | 2024-01-15T05:00:00Z | 2024-01-14 | 2024-01-15 INT 00:00 EST",
            "2024-01-15T00:05:00 | 2024-01-15T05:00:00Z | 2024-01-15T05:05:00Z | 2024-01-15 | 2024-01-15 INT 00:05 EST",
            "2025-01-01T00:00:00 | 2025-01-01T04:55:00Z | 2025-01-01T05:00:00Z | 2024-12-31 | 2025-01-01 INT 00:00 EST",
            // fall-back and spring-forward mornings: nothing special in EST
            "2024-11-03T02:00:00 | 2024-11-03T06:55:00Z | 2024-11-03T07:00:00Z | 2024-11-03 | 2024-11-03 INT 02:00 EST",
            "2024-03-10T02:30:00 | 2024-03-10T07:25:00Z | 2024-03-10T07:30:00Z | 2024-03-10 | 2024-03-10 INT 02:30 EST",
            // spellings seen in MISO APIs
            "2024-01-15 08:15:00 | 2024-01-15T13:10:00Z | 2024-01-15T13:15:00Z | 2024-01-15 | 2024-01-15 INT 08:15 EST",
            "2024-01-15T08:15    | 2024-01-15T13:10:00Z | 2024-01-15T13:15:00Z | 2024-01-15 | 2024-01-15 INT 08:15 EST",
    })
    void misoRealTimeIntervalIsTheEndInFixedEst(String interval, Instant start, Instant end, LocalDate day,
                                                String label) {
        Tick t = tick(misoRt(interval, Map.of("LMP", "30", "MCC", "1", "MLC", ".5")));
        assertThat(t.intervalStart()).isEqualTo(start);
        assertThat(t.intervalEnd()).isEqualTo(end);
        assertThat(t.operatingDay()).isEqualTo(day);
        assertThat(t.localLabel()).isEqualTo(label);
        assertThat(t.market()).isEqualTo("RT_5MIN");
        assertThat(t.revision()).isEqualTo("expost");
        assertThat(t.locationType()).isNull();
        assertThat(t.position()).isEqualTo(3);
    }

    @Test
    void misoRealTimeComponentsAreDerivedAsForDayAhead() {
        Tick derived = tick(misoRt("2024-01-15T08:15:00", Map.of("LMP", "24.61", "MCC", "0.37", "MLC", "0.24")));
        assertThat(derived.lmp()).isEqualTo(24.61);
        assertThat(derived.congestion()).isEqualTo(0.37);
        assertThat(derived.loss()).isEqualTo(0.24);
        assertThat(derived.energy()).isEqualTo(24.0);
        assertThat(derived.derived()).isEqualTo(Component.ENERGY.bit());

        Tick published = tick(misoRt("2024-01-15T08:15:00",
                Map.of("LMP", "24.61", "MEC", "24", "MCC", "0.37", "MLC", "0.24")));
        assertThat(published.energy()).isEqualTo(24.0);
        assertThat(published.derived()).isZero();
    }

    @ParameterizedTest(name = "INTERVAL ''{0}''")
    @CsvSource(delimiter = '|', value = {
            "2024-01-15 8:10:00 AM | is not a yyyy-MM-ddTHH:mm:ss EST time",
            "''                    | is not a yyyy-MM-ddTHH:mm:ss EST time",
            "2024-02-30T00:05:00   | is not a yyyy-MM-ddTHH:mm:ss EST time",
            "27-Jul-2026 08:15     | is not a yyyy-MM-ddTHH:mm:ss EST time",
            "2024-01-15T08:17:00   | is not on the 5-minute grid of RT_5MIN",
            "2024-01-15T08:15:30   | is not on the 5-minute grid of RT_5MIN",
    })
    void misoRealTimeBadTimestamps(String interval, String detail) {
        NormalizeResult.Rejected r = rejected(misoRt(interval, Map.of("LMP", "30")));
        assertThat(r.rejection().reason()).isEqualTo("bad_timestamp");
        assertThat(r.rejection().detail()).isEqualTo("INTERVAL '" + interval + "' " + detail
                + " at row 3 (node TEST.NODE)");
        assertThat(r.rejection().position()).isEqualTo(3);
    }

    @Test
    void misoRealTimeBadValueNamesTheRowAndInterval() {
        NormalizeResult.Rejected r = rejected(misoRt("2024-01-15T08:15:00", Map.of("LMP", "n/a", "MCC", "1")));
        assertThat(r.rejection().reason()).isEqualTo("non_numeric_value");
        assertThat(r.rejection().detail())
                .isEqualTo("LMP 'n/a' is not a number at row 3 (node TEST.NODE, INT 08:15 EST)");
    }

    // ------------------------------------------------------------------ CAISO

    @Test
    void caisoPublishedComponents() {
        Tick t = tick(caiso("DA_HOURLY", "2020-01-02T00:00:00-00:00", "2020-01-02T01:00:00-00:00", "2020-01-01",
                "17", "0", caisoValues("34.48078", "34.80798", "0", "-0.32719", null)));
        assertThat(t.intervalStart()).isEqualTo(Instant.parse("2020-01-02T00:00:00Z"));
        assertThat(t.intervalEnd()).isEqualTo(Instant.parse("2020-01-02T01:00:00Z"));
        assertThat(t.operatingDay()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(t.localLabel()).isEqualTo("2020-01-01 HR 17");
        assertThat(t.lmp()).isEqualTo(34.48078);
        assertThat(t.energy()).isEqualTo(34.80798);
        assertThat(t.congestion()).isEqualTo(0);
        assertThat(t.loss()).isEqualTo(-0.32719);
        assertThat(t.ghg()).isNaN();
        assertThat(t.derived()).isZero();
        assertThat(t.revision()).isEqualTo("v1");
        assertThat(t.locationType()).as("CAISO files name no node type; the taxonomy decides").isNull();
    }

    @ParameterizedTest(name = "LMP={0} MCE={1} MCC={2} MCL={3} MGHG={4}")
    @CsvSource(nullValues = "-", value = {
            // lmp     mce     mcc    mcl    mghg  -> lmp     energy  ghg   derived
            "-,        40.5,   1.1,   -0.35, -,       41.25,  40.5,   NaN,  LMP",
            "-,        24.0,   0.5,   0.33,  0.3,     25.13,  24.0,   0.3,  LMP",
            "41.25,    -,      1.1,   -0.35, -,       41.25,  40.5,   NaN,  ENERGY",
            "25.13,    -,      0.5,   0.33,  0.3,     25.13,  24.0,   0.3,  ENERGY",
            "25.13,    24.0,   0.5,   0.33,  0.3,     25.13,  24.0,   0.3,  -",
            "25.13,    -,      -,     0.33,  -,       25.13,  NaN,    NaN,  -",
    })
    void caisoDerivesWhatIsMissing(String lmp, String mce, String mcc, String mcl, String mghg, double wantLmp,
                                   double wantEnergy, double wantGhg, String derived) {
        Tick t = tick(caiso("RT_5MIN", "2024-03-02T17:00:00-00:00", "2024-03-02T17:05:00-00:00",
                caisoValues(lmp, mce, mcc, mcl, mghg)));
        assertThat(t.lmp()).isEqualTo(wantLmp);
        if (Double.isNaN(wantEnergy)) assertThat(t.energy()).isNaN();
        else assertThat(t.energy()).isEqualTo(wantEnergy);
        if (Double.isNaN(wantGhg)) assertThat(t.ghg()).isNaN();
        else assertThat(t.ghg()).isEqualTo(wantGhg);
        assertThat(t.derived()).isEqualTo(derived == null ? 0 : Component.parse(derived).bit());
        assertThat(t.localLabel()).isEqualTo("2024-03-02 HR 10 INT 1");
    }

    @Test
    void caisoLmpThatCannotBeDerivedIsMissingComponent() {
        NormalizeResult.Rejected r = rejected(caiso("DA_HOURLY", "2024-03-02T07:00:00-00:00",
                "2024-03-02T08:00:00-00:00", caisoValues(null, "40.5", "1.1", null, null)));
        assertThat(r.rejection().reason()).isEqualTo("missing_component");
        assertThat(r.rejection().detail()).contains("needs MCE, MCC and MCL").contains("[MCC, MCE]")
                .contains("line 42").contains("TH_TEST_GEN-APND");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "end before start     | DA_HOURLY | 2024-03-02T08:00:00-00:00 | 2024-03-02T07:00:00-00:00 | is not after its start",
            "end equals start     | DA_HOURLY | 2024-03-02T08:00:00-00:00 | 2024-03-02T08:00:00-00:00 | is not after its start",
            "15 min in DA_HOURLY  | DA_HOURLY | 2024-03-02T08:00:00-00:00 | 2024-03-02T08:15:00-00:00 | DA_HOURLY intervals last 60 min",
            "1 h in RT_5MIN       | RT_5MIN   | 2024-03-02T08:00:00-00:00 | 2024-03-02T09:00:00-00:00 | RT_5MIN intervals last 5 min",
            "impossible date      | DA_HOURLY | 2024-02-30T08:00:00-00:00 | 2024-02-30T09:00:00-00:00 | INTERVALSTARTTIME_GMT '2024-02-30T08:00:00-00:00' is not",
            "hour 24              | DA_HOURLY | 2024-03-02T24:00:00-00:00 | 2024-03-03T01:00:00-00:00 | INTERVALSTARTTIME_GMT",
            "no offset            | DA_HOURLY | 2024-03-02T08:00:00-00:00 | 2024-03-02T09:00:00       | INTERVALENDTIME_GMT '2024-03-02T09:00:00' is not",
            "garbage              | DA_HOURLY | yesterday                 | 2024-03-02T09:00:00-00:00 | INTERVALSTARTTIME_GMT 'yesterday' is not",
    })
    void caisoBadTimestamps(String name, String market, String start, String end, String detail) {
        NormalizeResult.Rejected r = rejected(caiso(market, start, end, caisoValues("1", "1", "0", "0", null)));
        assertThat(r.rejection().reason()).isEqualTo("bad_timestamp");
        assertThat(r.rejection().detail()).contains(detail).contains("line 42");
    }

    @Test
    void caisoBadLabels() {
        RawRecord hr = caiso("DA_HOURLY", "2024-03-02T08:00:00-00:00", "2024-03-02T09:00:00-00:00", "2024-03-02",
                "26", "0", caisoValues("1", null, null, null, null));
        assertThat(rejected(hr).rejection().detail()).startsWith("OPR_HR '26' is outside 1..25");
        RawRecord interval = caiso("RT_5MIN", "2024-03-02T08:00:00-00:00", "2024-03-02T08:05:00-00:00", "2024-03-02",
                "1", "13", caisoValues("1", null, null, null, null));
        assertThat(rejected(interval).rejection().detail()).startsWith("OPR_INTERVAL '13' is outside 1..12");
        RawRecord day = caiso("DA_HOURLY", "2024-03-02T08:00:00-00:00", "2024-03-02T09:00:00-00:00", "20240302",
                "1", "0", caisoValues("1", null, null, null, null));
        assertThat(rejected(day).rejection().reason()).isEqualTo("bad_timestamp");
    }

    @Test
    void caisoTimestampsWithOtherOffsetsAndZulu() {
        Tick plus = tick(caiso("DA_HOURLY", "2024-03-02T00:00:00-08:00", "2024-03-02T01:00:00-08:00",
                caisoValues("1", null, null, null, null)));
        assertThat(plus.intervalStart()).isEqualTo(Instant.parse("2024-03-02T08:00:00Z"));
        Tick zulu = tick(caiso("DA_HOURLY", "2024-03-02T08:00:00Z", "2024-03-02T09:00:00Z",
                caisoValues("1", null, null, null, null)));
        assertThat(zulu.intervalEnd()).isEqualTo(Instant.parse("2024-03-02T09:00:00Z"));
    }

    @Test
    void caisoRevisionFallsBackToFinal() {
        RawRecord r = caiso("DA_HOURLY", "2024-03-02T08:00:00-00:00", "2024-03-02T09:00:00-00:00",
                caisoValues("1", null, null, null, null));
        Map<String, String> attrs = new HashMap<>(r.attributes());
        attrs.remove("version");
        RawRecord noVersion = new RawRecord(r.tenant(), r.iso(), r.dataset(), r.market(), r.documentId(), r.position(),
                "NODE_B_7", attrs, r.values());
        Tick t = tick(noVersion);
        assertThat(t.revision()).isEqualTo("final");
    }

    // ------------------------------------------------------------------ numbers

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            ".6          | 0.6",
            "-.37        | -0.37",
            "+5          | 5",
            "1e3         | 1000",
            "1.5E-3      | 0.0015",
            "' 27.04 '   | 27.04",
            "0           | 0",
            "-0.32719    | -0.32719",
            "34.48078    | 34.48078",
            "12345678901234567890.5 | 12345678901234567890.5",
            "1.            | 1",
    })
    void numbersParseLikeParseDouble(String text, double expected) {
        assertThat(Numbers.parse(text)).isEqualTo(expected);
    }

    @Test
    void fastPathAgreesWithParseDoubleBitForBit() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200_000; i++) {
            long mantissa = random.nextLong() % 1_000_000_000_000L;
            int decimals = random.nextInt(8);
            String s = java.math.BigDecimal.valueOf(mantissa, decimals).toPlainString();
            assertThat(Double.doubleToRawLongBits(Numbers.parse(s))).as(s)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        }
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "abc        | non_numeric_value | MW 'abc' is not a number at line 42",
            "''         | non_numeric_value | MW '' is not a number",
            "1.2.3      | non_numeric_value | MW '1.2.3' is not a number",
            "1d         | non_numeric_value | MW '1d' is not a number",
            "0x1p3      | non_numeric_value | MW '0x1p3' is not a number",
            "1e         | non_numeric_value | MW '1e' is not a number",
            "NaN        | non_finite_value  | MW 'NaN' is not a finite number",
            "Infinity   | non_finite_value  | MW 'Infinity' is not a finite number",
            "-Infinity  | non_finite_value  | MW '-Infinity' is not a finite number",
            "1e400      | non_finite_value  | MW '1e400' is not a finite number",
    })
    void badNumbers(String text, String reason, String detail) {
        NormalizeResult.Rejected r = rejected(caiso("DA_HOURLY", "2024-03-02T07:00:00-00:00",
                "2024-03-02T08:00:00-00:00", caisoValues("41.25", "40.5", text, "-0.35", null)));
        assertThat(r.rejection().reason()).isEqualTo(reason);
        assertThat(r.rejection().detail()).startsWith(detail).contains("(node TH_TEST_GEN-APND, LMP_TYPE MCC");
    }

    @Test
    void rejectionNamesTheRowLineTheConnectorRecorded() {
        RawRecord r = miso("2011-07-16", "5", Map.of("LMP", "26", "MCC", "abc", "MLC", ".3"));
        Map<String, String> attrs = new HashMap<>(r.attributes());
        attrs.put("line:MCC", "2879");
        RawRecord withLine = new RawRecord(r.tenant(), r.iso(), r.dataset(), r.market(), r.documentId(), r.position(),
                r.location(), attrs, r.values());
        assertThat(rejected(withLine).rejection().detail())
                .isEqualTo("MCC 'abc' is not a number at line 2879 (node TEST.HUB, HE 5)");
    }

    // ------------------------------------------------------------------ batch behaviour

    @Test
    void unknownIsoAndMarket() {
        RawRecord aeso = new RawRecord("t1", "AESO", "spp", "RT_15MIN", "d", 3, "ALBERTA", Map.of(),
                Map.of("LMP", "20"));
        assertThat(rejected(aeso).rejection().reason()).isEqualTo("unknown_iso");
        assertThat(rejected(aeso).rejection().detail()).contains("AESO").contains("MISO").contains("CAISO");
        RawRecord weekly = caiso("WEEKLY", "2024-03-02T07:00:00-00:00", "2024-03-09T07:00:00-00:00",
                caisoValues("1", null, null, null, null));
        assertThat(rejected(weekly).rejection().reason()).isEqualTo("unknown_market");
    }

    @Test
    void everyRecordEndsAsExactlyOneTickOrRejection() {
        List<RawRecord> batch = new ArrayList<>();
        for (int he = 0; he <= 25; he++) {
            batch.add(miso("2011-07-16", Integer.toString(he), Map.of("LMP", he % 7 == 0 ? "x" : "30")));
        }
        batch.add(caiso("DA_HOURLY", "2024-03-02T07:00:00-00:00", "2024-03-02T08:00:00-00:00",
                caisoValues("1", null, null, null, null)));
        batch.add(new RawRecord("t1", "XISO", "x", "DA_HOURLY", "d", 1, "n", Map.of(), Map.of()));

        NormalizeResult n = normalizer.normalize(batch);
        assertThat(n.size()).isEqualTo(batch.size());
        assertThat(n.ticks()).hasSize(22); // HE 1..24 minus 7, 14, 21, plus the CAISO record
        assertThat(n.rejectedByReason()).isEqualTo(Map.of("bad_timestamp", 2L, "non_numeric_value", 3L,
                "unknown_iso", 1L));
        assertThat(batch).containsAll(n.rejected().stream().map(NormalizeResult.Rejected::record).toList());
    }

    @Test
    void oneInstanceIsSafeToShareBetweenThreads() throws Exception {
        List<RawRecord> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            batch.add(miso("2011-07-16", Integer.toString(1 + i % 24), Map.of("LMP", i + ".25", "MCC", ".5",
                    "MLC", i % 50 == 0 ? "bad" : ".1")));
        }
        NormalizeResult expected = normalizer.normalize(batch);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<NormalizeResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) results.add(pool.submit(() -> normalizer.normalize(batch)));
            for (Future<NormalizeResult> f : results) assertThat(f.get()).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.ticks()).hasSize(1_960);
        assertThat(expected.ticks().get(0).energy()).isCloseTo(1.25 - .5 - .1, within(1e-9)); // input 0 is rejected
    }

    @Test
    void normalizerUsesTheConfiguredMisoZone() {
        NormalizationRules shifted = NormalizationRules.parse("""
                isos:
                  MISO: {zone: "-06:00", label: hour_ending, price_floor: -1, price_cap: 1}
                """, "test.yaml");
        var tick = new Normalizer(shifted).normalize(java.util.List.of(miso("2011-07-16", "1",
                java.util.Map.of("LMP", "1")))).ticks().get(0);
        assertThat(tick.intervalEnd()).isEqualTo(java.time.Instant.parse("2011-07-16T07:00:00Z"));
    }
}
