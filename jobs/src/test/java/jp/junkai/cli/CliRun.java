package jp.junkai.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

import picocli.CommandLine;

/** Runs the junkai command line in-process with captured stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return of(cmd -> { }, args);
    }

    /** Runs after {@code setUp} has adjusted the command line, e.g. added a test-only subcommand. */
    static CliRun of(Consumer<CommandLine> setUp, String... args) {
        CommandLine cmd = Junkai.commandLine();
        setUp.accept(cmd);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exitCode = cmd.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
