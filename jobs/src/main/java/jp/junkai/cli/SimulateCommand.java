package jp.junkai.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jp.junkai.schema.Flavour;
import jp.junkai.source.sim.Scale;
import jp.junkai.source.sim.SimulationOptions;
import jp.junkai.source.sim.SimulationSummary;
import jp.junkai.source.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code junkai simulate}: maps its options to {@link SimulationOptions} (or to a continuation of
 * an earlier run) and runs the {@link Simulator}, with throttled progress on stderr and a summary
 * on stdout. Options are boxed and null when not given, so that defaults come from the scale
 * preset and {@code --continue} can tell which options were given.
 */
@Command(name = "simulate", sortOptions = false,
        description = {"Simulate a prefecture's station systems: writes the inbox of the file stations "
                + "(jsonl, csv-sjis), fills the jdbc stations' database, and a manifest in DIR/_simulator/.",
                "Same options and seed, same bytes."},
        footerHeading = "%nExamples:%n",
        footer = {"  junkai simulate --scale small --seed 1 --out work/inbox",
                "  junkai simulate --scale medium --out work/inbox --jdbc jdbc:postgresql://127.0.0.1/sim",
                "  junkai simulate --continue work/inbox --days 7"})
final class SimulateCommand implements Callable<Integer> {

    static final long DEFAULT_SEED = 1;
    static final Scale DEFAULT_SCALE = Scale.SMALL;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N",
            description = "Random seed of the world (default: " + DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (required unless --continue): the inbox of the file stations, "
                    + "plus _simulator/.")
    Path out;

    @Option(names = "--scale", paramLabel = "SCALE",
            description = "Size preset: small, medium or prefecture (default: small). "
                    + "--stations, --units and --months override its parts.")
    Scale scale;

    @Option(names = "--stations", paramLabel = "N", description = "Number of police stations.")
    Integer stations;

    @Option(names = "--units", paramLabel = "N",
            description = "Number of units (households and businesses) in the prefecture.")
    Long units;

    @Option(names = "--months", paramLabel = "N", description = "Months of history, ending with the month of --end.")
    Integer months;

    @Option(names = "--end", paramLabel = "YYYY-MM-DD",
            // SimulationOptions.DEFAULT_END is no compile-time constant; a test keeps this text in step.
            description = "Last simulated day (default: 2026-10-31, fixed so a seed always means the same world).")
    LocalDate end;

    @Option(names = "--defects", paramLabel = "RATE",
            description = "Share of records planted as bad input, 0 to 0.5 (default: 0); "
                    + "what was planted goes to the manifest.")
    Double defects;

    @Option(names = "--flavours", paramLabel = "FLAVOUR", split = ",",
            description = "Flavours handed to stations in turn, from jsonl, csv-sjis, jdbc "
                    + "(default: jsonl,csv-sjis, plus jdbc when --jdbc is given).")
    List<Flavour> flavours;

    @Option(names = "--station-flavour", paramLabel = "CODE=FLAVOUR",
            description = "Flavour of one station, by station code, winning over --flavours. Repeatable.")
    Map<String, Flavour> stationFlavours;

    @Option(names = "--jdbc", paramLabel = "URL",
            description = "Database of the jdbc stations (PostgreSQL or MariaDB JDBC URL). "
                    + "Without it only files are written. Give it again with --continue.")
    String jdbcUrl;

    @Option(names = "--threads", paramLabel = "N",
            description = "Stations simulated at once (default: available processors); "
                    + "the output does not depend on it.")
    Integer threads;

    @Option(names = "--continue", paramLabel = "DIR",
            description = "Extend the world simulated earlier into DIR by --days more days of daily batches; "
                    + "takes only --days, --jdbc and --threads.")
    Path continueFrom;

    @Option(names = "--days", paramLabel = "N", description = "With --continue: number of days to add.")
    Integer days;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ProgressPrinter progress = ProgressPrinter.toStderr(err);
        long start = System.nanoTime();
        SimulationSummary summary;
        Path folder;
        if (continueFrom != null) {
            int addedDays = continuationDays();
            int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            folder = continueFrom;
            summary = simulate("Cannot continue the simulation in " + folder,
                    () -> Simulator.continueRun(continueFrom, addedDays, jdbcUrl, workers, progress));
        } else {
            SimulationOptions options = toOptions();
            folder = options.out();
            summary = simulate("Cannot simulate into " + folder, () -> Simulator.run(options, progress));
        }
        progress.finish();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        SimulationReport.print(spec.commandLine().getOut(), summary, folder, elapsed);
        return 0;
    }

    /** The options of a new world: the scale preset's, overridden by what was given. */
    SimulationOptions toOptions() {
        if (continueFrom != null) {
            throw usageError("Cannot simulate a new world with --continue; use --continue DIR --days N");
        }
        if (days != null) {
            throw usageError("Cannot simulate: --days extends an earlier run and needs --continue DIR");
        }
        if (out == null) {
            throw usageError("Cannot simulate: no output folder; give --out DIR (or --continue DIR --days N)");
        }
        try {
            SimulationOptions preset = SimulationOptions.of(scale == null ? DEFAULT_SCALE : scale,
                    seed == null ? DEFAULT_SEED : seed, out, jdbcUrl);
            return new SimulationOptions(preset.seed(), out,
                    stations == null ? preset.stations() : stations,
                    units == null ? preset.units() : units,
                    months == null ? preset.months() : months,
                    end == null ? preset.end() : end,
                    defects == null ? preset.defectRate() : defects,
                    flavours == null ? preset.flavourCycle() : flavours,
                    stationFlavours == null ? preset.stationFlavours() : stationFlavours,
                    jdbcUrl,
                    threads == null ? preset.threads() : threads);
        } catch (IllegalArgumentException e) {
            // SimulationOptions checks ranges and combinations; a bad value is the user's to fix.
            throw usageError(e.getMessage());
        }
    }

    /**
     * The {@code --days} of a continuation, after checking that no option describes the world: it was
     * set by the earlier run. The database URL is not stored with the world, so {@code --jdbc} is allowed.
     */
    int continuationDays() {
        List<String> given = worldOptionsGiven();
        if (!given.isEmpty()) {
            throw usageError("Cannot continue a simulation with " + String.join(", ", given)
                    + ": the world was set by the earlier run; --continue takes only --days, --jdbc and --threads");
        }
        if (days == null) {
            throw usageError("Cannot continue a simulation: give --days N");
        }
        if (days < 1) {
            throw usageError("Cannot continue a simulation: --days must be at least 1, got " + days);
        }
        if (threads != null && threads < 1) {
            throw usageError("Cannot continue a simulation: --threads must be at least 1, got " + threads);
        }
        return days;
    }

    private List<String> worldOptionsGiven() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("--out", out);
        options.put("--seed", seed);
        options.put("--scale", scale);
        options.put("--stations", stations);
        options.put("--units", units);
        options.put("--months", months);
        options.put("--end", end);
        options.put("--defects", defects);
        options.put("--flavours", flavours);
        options.put("--station-flavour", stationFlavours);
        return options.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static SimulationSummary simulate(String failure, SimulationRun run) {
        try {
            return run.call();
        } catch (IOException | RuntimeException e) {
            String reason = FailureHandler.reason(e);
            // The simulator's own messages already say what could not be done.
            throw new CommandFailure(reason.startsWith("Cannot ") ? reason : failure + ": " + reason, e);
        }
    }

    /** {@link Simulator}'s entry points, which throw {@link IOException}. */
    @FunctionalInterface
    private interface SimulationRun {
        SimulationSummary call() throws IOException;
    }
}
