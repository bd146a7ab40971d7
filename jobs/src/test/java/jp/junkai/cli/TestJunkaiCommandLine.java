package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;

class TestJunkaiCommandLine {

    /** A subcommand that fails the way a real one can, to test failure reporting without real work. */
    @Command(name = "fail")
    static final class FailingCommand implements Callable<Integer> {
        private final Throwable failure;

        FailingCommand(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Error error) {
                throw error;
            }
            throw (Exception) failure;
        }
    }

    @AfterEach
    void forgetVerboseLogging() {
        System.clearProperty(LogSetup.CONFIGURATION_PROPERTY);
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: junkai").contains("simulate", "check", "Exit codes:", "JUNKAI_HEAP");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everySubcommandHasItsOwnHelp() {
        for (String name : Junkai.commandLine().getSubcommands().keySet()) {
            CliRun run = CliRun.of(name, "--help");

            assertThat(run.exitCode()).as(name).isZero();
            assertThat(run.out()).as(name).startsWith("Usage: junkai " + name);
            assertThat(run.err()).as(name).isEmpty();
        }
    }

    @Test
    void versionNamesProjectVersionCommitSparkAndJava() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("(?s)junkai \\d+\\.\\d+\\.\\d+\\S* \\(commit \\S+\\)\\R"
                + "Spark 3\\.5\\.\\d+, Java \\S+ \\(.*\\)\\R");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("junkai: Cannot run: no COMMAND given%nTry 'junkai --help' for more information.%n"
                .formatted());
    }

    @Test
    void unknownOptionIsAUsageErrorWithSuggestion() {
        CliRun run = CliRun.of("simulate", "--seeed", "3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("junkai: Unknown option")
                .contains("--seed")
                .endsWith("Try 'junkai simulate --help' for more information.%n".formatted())
                .doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun run = CliRun.of("simulat");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Did you mean: junkai simulate?");
    }

    @Test
    void failureIsOneLineWithoutStackTrace() {
        CliRun run = CliRun.of(addFailing(new CommandFailure("Cannot simulate into x: disk full",
                new IOException("No space left on device"))), "fail");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("junkai: Cannot simulate into x: disk full%n".formatted());
    }

    @Test
    void failureOfAJdkExceptionSaysWhatWentWrong() {
        CliRun run = CliRun.of(addFailing(new NoSuchFileException("/no/such/inbox")), "fail");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("junkai: no such file or folder: /no/such/inbox%n".formatted());
    }

    @Test
    void verboseFailureAddsTheStackTraceBeforeTheMessage() {
        for (String[] args : new String[][] {{"--verbose", "fail"}, {"fail", "--verbose"}}) {
            CliRun run = CliRun.of(addFailing(new IllegalStateException("Cannot do it: broken")), args);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("java.lang.IllegalStateException: Cannot do it: broken", "\tat ")
                    .endsWith("junkai: Cannot do it: broken%n".formatted());
        }
    }

    @Test
    void outOfMemoryIsReportedLikeAFailure() {
        CliRun run = CliRun.of(addFailing(new OutOfMemoryError("Java heap space")), "fail");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("junkai: out of memory (Java heap space); raise JUNKAI_HEAP")
                .doesNotContain("\tat ");
    }

    private static Consumer<CommandLine> addFailing(Throwable failure) {
        return cmd -> cmd.addSubcommand(new FailingCommand(failure));
    }
}
