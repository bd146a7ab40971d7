package jp.junkai.source.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Flavour;
import jp.junkai.source.StationOutput;
import jp.junkai.source.file.FileStationOutput;
import jp.junkai.source.jdbc.JdbcStationOutput;

/**
 * Entry point of the station-system simulator ({@code junkai simulate}): simulates every station
 * of a prefecture, a few at a time, into the inbox folder (file flavours) or the stations'
 * databases ({@code jdbc}), then writes the manifest and the state that {@code --continue} uses.
 * Stations are independent and seeded by their number, so the output does not depend on threads.
 */
public final class Simulator {

    private Simulator() {
    }

    /** Simulates a whole prefecture's history into {@code options.out()} (and the jdbc database). */
    public static SimulationSummary run(SimulationOptions options, Consumer<String> progress) throws IOException {
        Path out = options.out();
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("Cannot simulate into " + out
                            + ": the folder is not empty (choose a new folder, or extend it with --continue)");
                }
            }
        }
        Files.createDirectories(out);
        LocalDate start = options.start();
        SimulatorState state = new SimulatorState(options, start, options.end(), List.of());
        return simulate(state, start, options.end(), BatchingSink.Period.MONTH, true, progress);
    }

    /** Writes the next {@code days} days of batches of the world simulated earlier into {@code out}. */
    public static SimulationSummary continueRun(Path out, int days, Consumer<String> progress) throws IOException {
        return continueRun(out, days, null, Math.max(1, Runtime.getRuntime().availableProcessors()), progress);
    }

    /**
     * Writes the next {@code days} days as daily batches. Files left unfinished by the previous run
     * get their {@code .done} marker first, as a station system would finish writing them.
     */
    public static SimulationSummary continueRun(Path out, int days, String jdbcUrl, int threads,
                                                Consumer<String> progress) throws IOException {
        if (days < 1) {
            throw new IllegalArgumentException("Cannot continue: --days must be at least 1, got " + days);
        }
        SimulatorState previous = SimulatorState.read(out, jdbcUrl, threads);
        for (String file : previous.unfinishedFiles()) {
            Path data = out.resolve(file);
            Path marker = out.resolve(file + ".done");
            if (Files.exists(data) && !Files.exists(marker)) {
                Files.createFile(marker);
            }
        }
        LocalDate from = previous.writtenThrough().plusDays(1);
        LocalDate to = previous.writtenThrough().plusDays(days);
        SimulatorState state = new SimulatorState(previous.options(), previous.start(), to, List.of());
        return simulate(state, from, to, BatchingSink.Period.DAY, false, progress);
    }

    private static SimulationSummary simulate(SimulatorState state, LocalDate from, LocalDate to,
                                              BatchingSink.Period period, boolean fresh, Consumer<String> progress)
            throws IOException {
        SimulationOptions o = state.options();
        CsvMapping mapping = CsvMapping.csvSjis();
        long started = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        AtomicLong records = new AtomicLong();
        progress.accept(String.format("simulate: %d stations, %,d units, %s to %s (%s batches)", o.stations(),
                o.units(), from, to, period == BatchingSink.Period.MONTH ? "monthly" : "daily"));
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "simulate");
            t.setDaemon(true);
            return t;
        });
        List<Future<StationResult>> futures = new ArrayList<>();
        try {
            for (int i = 1; i <= o.stations(); i++) {
                int stationNo = i;
                futures.add(pool.submit(() -> {
                    StationResult r = station(state, stationNo, from, to, period, fresh, mapping);
                    long total = records.addAndGet(r.written().values().stream().mapToLong(Long::longValue).sum());
                    progress.accept(String.format("simulate: %d/%d stations, %,d records, %.0f s",
                            done.incrementAndGet(), o.stations(), total, (System.nanoTime() - started) / 1e9));
                    return r;
                }));
            }
            Manifest manifest = new Manifest();
            Map<String, Long> byEntity = new TreeMap<>();
            long batches = 0;
            for (Future<StationResult> f : futures) {
                StationResult r = f.get();
                manifest.add(r);
                r.written().forEach((k, v) -> byEntity.merge(k, v, Long::sum));
                batches += r.batches();
            }
            SimulatorState finished = new SimulatorState(o, state.start(), to, manifest.unfinishedFiles());
            finished.write(o.out());
            RegistryWriter.write(o);
            Path manifestFile = manifest.write(o.out(), finished, !fresh);
            return new SimulationSummary(o.stations(), byEntity, batches, manifestFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Cannot simulate: interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("Cannot simulate: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    static Flavour flavourOf(SimulationOptions o, int stationNo) {
        String code = StationSimulation.stationCode(stationNo);
        Flavour explicit = o.stationFlavours().get(code);
        return explicit != null ? explicit : o.flavourCycle().get((stationNo - 1) % o.flavourCycle().size());
    }

    static long unitsOf(SimulationOptions o, int stationNo) {
        long base = o.units() / o.stations();
        return base + (stationNo <= o.units() % o.stations() ? 1 : 0);
    }

    private static StationResult station(SimulatorState state, int stationNo, LocalDate from, LocalDate to,
                                         BatchingSink.Period period, boolean fresh, CsvMapping mapping)
            throws IOException {
        SimulationOptions o = state.options();
        String code = StationSimulation.stationCode(stationNo);
        Flavour flavour = flavourOf(o, stationNo);
        long runSeed = o.seed() ^ (from.toEpochDay() * 0x9E3779B97F4A7C15L);
        if (flavour == Flavour.JDBC && fresh) {
            JdbcStationOutput.dropStation(o.jdbcUrl(), code);
        }
        try (StationOutput output = flavour.isFile()
                ? new FileStationOutput(o.out(), code, flavour, mapping, runSeed)
                : new JdbcStationOutput(o.jdbcUrl(), code)) {
            DefectPlanter planter = new DefectPlanter(o.defectRate(), flavour, code, runSeed);
            BatchingSink sink = new BatchingSink(output, o.out().resolve(code), code, flavour, period, from, to,
                    planter, runSeed);
            new StationSimulation(o.seed(), stationNo, unitsOf(o, stationNo), state.start(), sink).run(to);
            sink.finish();
            Map<String, Long> counters = new TreeMap<>();
            counters.put("resent_records", planter.resends());
            counters.put("tombstones", planter.tombstones());
            counters.put("stale_tombstones", planter.staleTombstones());
            counters.put("repeated_keys_in_file", planter.repeatedKeys());
            counters.put("exact_repeats", planter.exactRepeats());
            return new StationResult(code, sink.written(), sink.batches(), sink.defects(), sink.duplicateFiles(),
                    sink.unfinishedFiles(), counters);
        }
    }
}
