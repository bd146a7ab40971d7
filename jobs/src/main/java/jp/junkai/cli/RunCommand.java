package jp.junkai.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;

import jp.junkai.ingest.IngestOptions;
import jp.junkai.run.MainJob;
import jp.junkai.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code junkai run} (SPEC §3): the main job — ingest what is new from the inbox, compute the
 * month-end snapshots from the first month with visits through {@code --through}, and write every
 * mart into the DuckDB file.
 */
@Command(name = "run", sortOptions = false,
        description = {"The main job: ingest what is new, compute every month-end snapshot from the first month "
                + "with visits through --through, and write the marts into a DuckDB file (replaced atomically).",
                "Running it twice on the same inbox gives the same tables."},
        footerHeading = "%nExamples:%n",
        footer = {"  junkai run --inbox work/inbox --lake work/lake --rules ops/rules/default.yaml \\",
                "      --duckdb work/marts.duckdb --through 2026-10"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StationOptions stations = new StationOptions();

    @Option(names = "--lake", paramLabel = "DIR", required = true, description = "The lake folder.")
    Path lake;

    @Option(names = "--rules", paramLabel = "FILE", required = true,
            description = "The frequency rule file (docs/rules.md), e.g. ops/rules/default.yaml.")
    Path rules;

    @Option(names = "--duckdb", paramLabel = "FILE", required = true,
            description = "The DuckDB file to write the marts into (replaced atomically).")
    Path duckdb;

    @Option(names = "--through", paramLabel = "YYYY-MM", required = true,
            description = "The last snapshot month; snapshots run from the first month with visits.")
    String through;

    /** Where the session comes from; tests pass their shared one. */
    Supplier<SparkSession> sparkSession = () -> SparkSessions.getOrCreate("junkai run");

    @Override
    public Integer call() {
        long start = System.nanoTime();
        YearMonth month = throughMonth();
        if (!Files.isRegularFile(rules)) {
            throw new CommandFailure("Cannot read rule file " + rules + ": no such file", null);
        }
        IngestCommand ingest = new IngestCommand();
        ingest.spec = spec;
        ingest.lake = lake;
        ingest.stations = stations;
        IngestOptions options = ingest.toOptions(ingest.registry());
        PrintWriter err = spec.commandLine().getErr();
        ProgressPrinter progress = ProgressPrinter.toStderr(err);
        progress.always(String.format("run: %d file stations into %s, snapshots through %s",
                options.fileStations().size(), options.lake(), month));
        SparkSession spark = IngestCommand.startSpark(sparkSession);
        MainJob.Result result;
        try (SparkJobProgress stages = SparkJobProgress.attach(spark, progress)) {
            result = MainJob.run(spark, options, rules, month, duckdb, progress::always);
        } catch (IOException | RuntimeException e) {
            String reason = FailureHandler.reason(e);
            throw new CommandFailure(reason.startsWith("Cannot ") ? reason : "Cannot run the main job: " + reason, e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        IngestReport.print(spec.commandLine().getOut(), result.ingest(), lake, options.fileStations().size(), elapsed);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("snapshots: %d%n", result.snapshots());
        out.printf("marts: %s%n", result.recomputed() ? "computed" : "up to date");
        out.printf("duckdb: %s%n", result.duckdb().toAbsolutePath());
        out.printf(Locale.ROOT, "total_seconds: %.1f%n", elapsed.toMillis() / 1000.0);
        out.flush();
        if (!result.ingest().failedStations().isEmpty()) {
            throw new CommandFailure("Cannot pull station(s) " + String.join(", ", result.ingest().failedStations())
                    + " (see above); the marts were computed without their new records", null);
        }
        return 0;
    }

    private YearMonth throughMonth() {
        try {
            return YearMonth.parse(through);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "Cannot run: --through must be YYYY-MM, got " + through);
        }
    }
}
