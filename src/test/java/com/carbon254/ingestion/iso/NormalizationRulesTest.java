package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.testing.IsoSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NormalizationRulesTest {

    @Test
    void shippedFileEqualsTheDefaults() {
        Path file = IsoSamples.projectRoot().resolve(NormalizationRules.DEFAULT_PATH);
        assertThat(file).exists();
        assertThat(NormalizationRules.load(file)).isEqualTo(NormalizationRules.defaults());
    }

    @Test
    void defaultsFollowDomainConventions() {
        NormalizationRules rules = NormalizationRules.defaults();
        assertThat(rules.forIso("MISO")).hasValueSatisfying(r -> {
            assertThat(r.zone()).isEqualTo(ZoneOffset.ofHours(-5));
            assertThat(r.label()).isEqualTo(IsoRules.LabelConvention.HOUR_ENDING);
            assertThat(r.priceFloor()).isLessThan(r.priceCap());
        });
        assertThat(rules.forIso("CAISO")).hasValueSatisfying(r ->
                assertThat(r.zone()).isEqualTo(ZoneId.of("America/Los_Angeles")));
        assertThat(rules.forIso("ERCOT")).hasValueSatisfying(r -> {
            assertThat(r.zone()).isEqualTo(ZoneId.of("America/Chicago"));
            assertThat(r.label()).isEqualTo(IsoRules.LabelConvention.HOUR_ENDING);
        });
        assertThat(rules.forIso("AESO")).isEmpty();
        assertThat(rules.isos().values()).allSatisfy(r -> assertThat(r.congestionSign())
                .isEqualTo(r.iso().equals("NYISO") ? -1 : 1));
        assertThat(rules.forIso("NYISO")).hasValueSatisfying(r -> {
            assertThat(r.zone()).isEqualTo(ZoneId.of("America/New_York"));
            assertThat(r.label()).isEqualTo(IsoRules.LabelConvention.HOUR_BEGINNING);
        });
        assertThat(NormalizationRules.parse("""
                isos:
                  NYISO: {zone: America/New_York, label: hour_beginning, price_floor: -1000, price_cap: 2000,
                          congestion_sign: -1}
                """, "r.yaml").forIso("NYISO")).hasValueSatisfying(r -> assertThat(r.congestionSign()).isEqualTo(-1));
    }

    @Test
    void everyProblemIsListedWithFileAndKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("normalization_rules.yaml");
        Files.writeString(file, """
                isos:
                  MISO:
                    zone: Mars/Olympus
                    label: hour-ending
                    price_floor: 100
                    price_cap: 50
                  caiso:
                    zone: America/Los_Angeles
                    label: hour_ending
                    price_floor: abc
                    price_cap: 2500
                    price_capp: 3
                  ERCOT:
                    zone: America/Chicago
                    label: interval_ending
                    price_floor: -250
                    price_cap: 5000
                    congestion_sign: 2
                extra: 1
                """);
        assertThatThrownBy(() -> NormalizationRules.load(file))
                .isInstanceOfSatisfying(NormalizationRules.InvalidRulesException.class, e ->
                        assertThat(e.problems()).containsExactlyInAnyOrder(
                                file + ": extra: unknown key (expected isos)",
                                file + ": isos.MISO.zone: 'Mars/Olympus' is not a zone id (Unknown time-zone ID: Mars/Olympus)",
                                file + ": isos.MISO.label: required, one of hour_ending, hour_beginning, interval_ending,"
                                        + " interval_beginning; found 'hour-ending'",
                                file + ": isos.MISO.price_floor: 100.0 must be below price_cap 50.0",
                                file + ": isos.caiso: ISO code must be upper case like MISO or CAISO",
                                file + ": isos.caiso.price_capp: unknown key (expected zone, label, price_floor, price_cap,"
                                        + " congestion_sign)",
                                file + ": isos.ERCOT.congestion_sign: 1 or -1; found Integer 2",
                                file + ": isos.caiso.price_floor: required, a finite number in USD/MWh; found 'abc'"))
                .hasMessageContaining("invalid normalization rules");
    }

    @Test
    void syntaxErrorsAndWrongShapes(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "isos:\n  MISO: [unclosed\n");
        assertThatThrownBy(() -> NormalizationRules.load(broken))
                .hasMessageContaining(broken + ": not valid YAML");

        assertThatThrownBy(() -> NormalizationRules.parse("- a\n- b\n", "rules.yaml"))
                .hasMessageContaining("rules.yaml: expected a mapping with key 'isos', found a list");
        assertThatThrownBy(() -> NormalizationRules.parse("isos: {}\n", "rules.yaml"))
                .hasMessageContaining("rules.yaml: isos: required");
        assertThatThrownBy(() -> NormalizationRules.parse("isos:\n  MISO:\n    zone: x\n  MISO:\n    zone: y\n", "r.yaml"))
                .hasMessageContaining("r.yaml: not valid YAML").hasMessageContaining("MISO");
        assertThatThrownBy(() -> NormalizationRules.load(dir.resolve("absent.yaml")))
                .hasMessageContaining("absent.yaml: cannot read");
    }
}
