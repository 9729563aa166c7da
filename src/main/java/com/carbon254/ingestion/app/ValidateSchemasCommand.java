package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.SchemaLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code validate-schemas}: refuses any schema change that is not compatible with what {@code specs.lock.json} pins
 * (see {@link SchemaLock}); with {@code --update}, re-pins after a compatible change. Exit 0 when everything is fine,
 * 1 with every problem on stderr.
 */
@Command(name = "validate-schemas", mixinStandardHelpOptions = true,
        description = "Checks every Avro schema against specs.lock.json (BACKWARD and FORWARD compatible with the"
                + " pinned version); --update re-pins after a compatible change.")
public final class ValidateSchemasCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
            description = "Project root holding schemas/, connectors/ and specs.lock.json (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--update", description = "Re-pin every schema (only when all changes are compatible).")
    boolean update;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SchemaLock lock = new SchemaLock();
        try {
            if (update) {
                lock.update(root);
                out.println("pinned " + SchemaLock.schemaFiles(root).size() + " schemas in "
                        + root.resolve(SchemaLock.FILE));
                return 0;
            }
            List<String> problems = lock.validate(root);
            if (problems.isEmpty()) {
                // compatible but not re-pinned: still a failure, so every released change is pinned with it
                problems = lock.unpinned(root);
            }
            if (!problems.isEmpty()) {
                problems.forEach(err::println);
                err.println(problems.size() + " schema problem(s)");
                return 1;
            }
            out.println("schemas ok: " + SchemaLock.schemaFiles(root).size() + " pinned and compatible");
            return 0;
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
