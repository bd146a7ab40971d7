package jp.junkai.cli;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import jp.junkai.schema.Flavour;
import jp.junkai.source.sim.Scale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code junkai} command line: the top command, its subcommands and {@link #main}.
 *
 * <p>Exit codes: 0 success, 1 failure (one line {@code junkai: <what went wrong>} on stderr, a stack
 * trace only with {@code --verbose}), 2 usage error. Results go to stdout; progress and logs to
 * stderr. Run it through {@code ops/junkai}, which adds the JVM flags.
 */
@Command(name = "junkai",
        versionProvider = VersionProvider.class,
        description = "Analytics pipeline for the patrol liaison program (巡回連絡).",
        subcommands = {SimulateCommand.class, IngestCommand.class, RunCommand.class, QueryCommand.class, CheckCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (message on stderr; stack trace with --verbose)", "2:usage error"},
        footerHeading = "%nEnvironment (ops/junkai):%n",
        footer = {"  JUNKAI_HEAP  maximum Java heap, e.g. 2g (default: 4g)",
                "  JAVA_OPTS    further JVM flags, appended last",
                "%nRun 'junkai COMMAND --help' for a command's options."})
public final class Junkai implements Runnable {

    /** Inherited: every subcommand has {@code --help}. */
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    /** Inherited, so that {@code junkai --verbose simulate} and {@code junkai simulate --verbose} both work. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces on failure and log Junkai at DEBUG, Spark at INFO.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: converters, handlers and logging set-up; used by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Junkai());
        // Registered on the top command, they reach every subcommand (already added by the annotation).
        cmd.registerConverter(Scale.class, OptionConverters::scale);
        cmd.registerConverter(Flavour.class, OptionConverters::flavour);
        cmd.registerConverter(LocalDate.class, OptionConverters::isoDate);
        cmd.registerConverter(LocalDateTime.class, OptionConverters::isoMinute);
        cmd.setParameterExceptionHandler(new UsageErrorHandler());
        cmd.setExecutionExceptionHandler(new FailureHandler());
        cmd.setExecutionStrategy(Junkai::execute);
        return cmd;
    }

    private static int execute(ParseResult parseResult) {
        LogSetup.apply(isVerbose(parseResult));
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (OutOfMemoryError | StackOverflowError | LinkageError e) {
            // picocli lets Errors through, which would end in a bare JVM stack trace. These have causes a
            // user can act on (heap size, an incomplete lib/ folder), so they are reported like failures.
            List<CommandLine> commands = parseResult.asCommandLineList();
            throw new CommandLine.ExecutionException(commands.get(commands.size() - 1), e.toString(), e);
        }
    }

    /** Whether {@code --verbose} was given on the top command or on any subcommand. */
    static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** {@code junkai} without a command is a usage error: it would otherwise silently do nothing. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Cannot run: no COMMAND given");
    }
}
