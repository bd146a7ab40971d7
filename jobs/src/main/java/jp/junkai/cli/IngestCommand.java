package jp.junkai.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;

import jp.junkai.ingest.FileStation;
import jp.junkai.ingest.Ingest;
import jp.junkai.ingest.IngestOptions;
import jp.junkai.ingest.IngestSummary;
import jp.junkai.schema.Flavour;
import jp.junkai.schema.SourceRegistry;
import jp.junkai.schema.StationSource;
import jp.junkai.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code junkai ingest}: loads the source registry ({@code --sources}) or discovers the stations of
 * an inbox ({@code --inbox}), maps them to {@link IngestOptions} and runs one {@link Ingest} into
 * the lake, with a progress line per station on stderr and a summary on stdout. The registry is
 * loaded and checked before Spark starts, so a bad one fails at once.
 */
@Command(name = "ingest", sortOptions = false,
        description = {"Pull what is new from every station into the Parquet lake: bronze (every version as "
                + "received), silver (current state), quarantine and the ingest marts.",
                "Files already taken are not taken again; on an unchanged inbox nothing changes."},
        footerHeading = "%nExamples:%n",
        footer = {"  junkai ingest --lake work/lake --inbox work/inbox",
                "  junkai ingest --lake work/lake --sources work/inbox/_simulator/sources.yaml",
                "  junkai ingest --lake work/lake --inbox work/inbox --pull-time 2026-11-01T06:00"})
final class IngestCommand implements Callable<Integer> {

    /** Every local time in the SPEC is Japan time, the pull time included. */
    static final ZoneId ZONE = ZoneId.of(SparkSessions.TIME_ZONE);

    @Spec
    CommandSpec spec;

    @Option(names = "--lake", paramLabel = "DIR",
            description = "The lake folder (required): created on the first run, extended on later ones.")
    Path lake;

    @Mixin
    StationOptions stations = new StationOptions();

    @Option(names = "--archive", paramLabel = "DIR",
            description = "Move taken files (and their .done markers) under DIR/<station>/<entity>/, whatever "
                    + "the registry says (default: the registry's taken_files; with --inbox, keep them).")
    Path archive;

    @Option(names = "--rebuild-silver",
            description = "Rebuild silver from bronze before ingesting (done anyway when a silver folder is missing).")
    boolean rebuildSilver;

    /** Where jdbc stations' credential variables are looked up; tests pass their own. */
    java.util.Map<String, String> env = System.getenv();

    /** Where the session comes from; tests pass their shared one. */
    Supplier<SparkSession> sparkSession = () -> SparkSessions.getOrCreate("junkai ingest");

    /** The clock of the default pull time; tests fix it. */
    Clock clock = Clock.system(ZONE);

    @Override
    public Integer call() {
        long start = System.nanoTime();
        SourceRegistry registry = registry();
        PrintWriter err = spec.commandLine().getErr();
        for (SourceRegistry.SkippedFolder skipped : registry.skipped()) {
            err.println("ingest: skipped folder " + skipped);
        }
        err.flush();
        IngestOptions options = toOptions(registry);

        // Ingest's own lines (one per station) all show; between them, the stage Spark is in, at most one
        // line every few seconds.
        ProgressPrinter progress = ProgressPrinter.toStderr(err);
        progress.always(String.format("ingest: %d file stations into %s, pull time %s", options.fileStations().size(),
                options.lake(), options.pullTime()));
        SparkSession spark = startSpark();
        IngestSummary summary;
        try (SparkJobProgress stages = SparkJobProgress.attach(spark, progress)) {
            summary = Ingest.run(spark, options, progress::always);
        } catch (IOException | RuntimeException e) {
            String reason = FailureHandler.reason(e);
            // Ingest's own messages already say what could not be done.
            throw new CommandFailure(reason.startsWith("Cannot ") ? reason : "Cannot ingest into " + lake + ": " + reason, e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        IngestReport.print(spec.commandLine().getOut(), summary, lake, options.fileStations().size(), elapsed);
        if (!summary.failedStations().isEmpty()) {
            // the others were ingested and committed; a scheduler must still see that a station is behind
            throw new CommandFailure("Cannot pull station(s) " + String.join(", ", summary.failedStations())
                    + " (see above); the other stations were ingested", null);
        }
        return 0;
    }

    /**
     * The stations to pull: the registry of {@code --sources}, or the one {@code --inbox} implies.
     * Checks the options first (usage errors, exit 2); a registry that cannot be loaded is a failure
     * (exit 1) with the registry's own message.
     */
    SourceRegistry registry() {
        if (lake == null) {
            throw usageError("Cannot ingest: no lake folder; give --lake DIR");
        }
        if (stations.sources != null && stations.inbox != null) {
            throw usageError("Cannot ingest: give either --sources FILE or --inbox DIR, not both");
        }
        if (stations.sources == null && stations.inbox == null) {
            throw usageError("Cannot ingest: no stations; give --sources FILE (a source registry) or --inbox DIR");
        }
        try {
            return stations.sources != null ? SourceRegistry.load(stations.sources)
                    : SourceRegistry.fromInbox(stations.inbox);
        } catch (IOException | RuntimeException e) {
            String reason = FailureHandler.reason(e);
            String what = stations.sources != null ? "Cannot load source registry " + stations.sources
                    : "Cannot read inbox " + stations.inbox;
            throw new CommandFailure(reason.startsWith("Cannot ") ? reason : what + ": " + reason, e);
        }
    }

    /** The ingest run the options and the registry describe: its file stations, pull time and archive. */
    IngestOptions toOptions(SourceRegistry registry) {
        List<FileStation> fileStations = registry.stations().stream()
                .filter(StationSource::isFile)
                .map(s -> new FileStation(s.code(), s.flavour(), s.inbox()))
                .toList();
        Path archiveDir = archive != null ? archive
                : registry.takenFiles() == SourceRegistry.TakenFiles.ARCHIVE ? registry.archiveDir() : null;
        LocalDateTime pullTime = stations.pullTime != null ? stations.pullTime : now();
        return new IngestOptions(lake, fileStations, pullTime, archiveDir, rebuildSilver, registry.stations(Flavour.JDBC),
                env);
    }

    /** Now in Japan, to the millisecond: the run id's resolution. */
    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZONE)).truncatedTo(ChronoUnit.MILLIS);
    }

    private SparkSession startSpark() {
        return startSpark(sparkSession);
    }

    /** The command's Spark session, or a failure that says how to check the machine. */
    static SparkSession startSpark(Supplier<SparkSession> sessions) {
        try {
            return sessions.get();
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: IllegalAccessError when the JVM lacks Spark's --add-opens (started with java -cp).
            throw new CommandFailure("Cannot start a local Spark session: " + FailureHandler.reason(e)
                    + " (run ops/junkai check)", e);
        }
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
