package com.carbon254.ingestion.app;

import com.carbon254.ingestion.app.bench.BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code ingestion <command>}: the single entry point of the jar. */
@Command(name = "ingestion", mixinStandardHelpOptions = true, version = "carbon-ingestion 0.1.0",
        description = "254Carbon ingestion plane: ISO market data → normalized, enriched, aggregated, served.",
        subcommands = {RunCommand.class, ImportCommand.class, ReprocessCommand.class, ConnectorsIndexCommand.class,
                ValidateSchemasCommand.class, SimulateCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (code != 0 || !RunCommand.RUNNING.get()) System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
