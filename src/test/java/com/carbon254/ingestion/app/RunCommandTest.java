package com.carbon254.ingestion.app;

import com.carbon254.ingestion.connector.ConnectorsConfig;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.pipeline.StageSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --no-schedules}: the connectors pull nothing on their own, and everything else stays as configured. */
class RunCommandTest {
    @Test
    void noSchedulesTurnsOffTheSchedulerAndThePollerOnly() {
        AppConfig shipped = AppConfig.forRole("all-in-one", Map.of(), Map.of(), AppConfig.Overrides.NONE);
        AppConfig quiet = RunCommand.withoutSchedules(shipped);
        StageSpec connectors = quiet.stages().stream().filter(s -> s.stage() == Stage.CONNECTORS).findFirst()
                .orElseThrow();
        ConnectorsConfig c = ConnectorsConfig.from(connectors.config(), "test");
        assertThat(c.schedulerPeriod()).as("no scheduled runs").isNull();
        assertThat(c.streaming()).as("no streaming polls").isFalse();
        assertThat(c.endpoints()).as("imports and API runs still reach the ISOs").isNotEmpty();
        assertThat(quiet.stages()).extracting(StageSpec::stage).containsExactlyElementsOf(
                shipped.stages().stream().map(StageSpec::stage).toList());
        AppConfig noConnectors = shipped.withoutStage(Stage.CONNECTORS);
        assertThat(RunCommand.withoutSchedules(noConnectors).stages()).isEqualTo(noConnectors.stages());
    }
}
