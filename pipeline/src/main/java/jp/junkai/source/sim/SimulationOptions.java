package jp.junkai.source.sim;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jp.junkai.schema.Flavour;

/**
 * Everything that decides a simulated prefecture. Same options, same bytes.
 *
 * @param seed            the world's random seed
 * @param out             the output folder: the inbox of the file stations, plus {@code _simulator/}
 * @param stations        number of police stations
 * @param units           number of units (households and businesses) in the whole prefecture
 * @param months          months of history, ending on {@code end}
 * @param end             the last simulated day (history runs from the first day of the month
 *                        {@code months - 1} months before it)
 * @param defectRate      share of records to plant as bad input (0 for none)
 * @param flavourCycle    flavours handed to stations in turn (station 1 gets the first, …)
 * @param stationFlavours explicit flavour per station code, winning over the cycle
 * @param jdbcUrl         database for {@code jdbc} stations; null writes only the file flavours
 * @param threads         stations simulated at once (output does not depend on it)
 */
public record SimulationOptions(long seed, Path out, int stations, long units, int months, LocalDate end,
                                double defectRate, List<Flavour> flavourCycle, Map<String, Flavour> stationFlavours,
                                String jdbcUrl, int threads) {

    /** The default last simulated day: fixed, so that a seed always means the same world. */
    public static final LocalDate DEFAULT_END = LocalDate.of(2026, 10, 31);

    public SimulationOptions {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(end, "end");
        flavourCycle = List.copyOf(flavourCycle);
        stationFlavours = Map.copyOf(stationFlavours);
        if (stations < 1) {
            throw new IllegalArgumentException("Cannot simulate: --stations must be at least 1, got " + stations);
        }
        if (units < stations) {
            throw new IllegalArgumentException("Cannot simulate: --units must be at least the number of stations ("
                    + stations + "), got " + units);
        }
        if (months < 1 || months > 240) {
            throw new IllegalArgumentException("Cannot simulate: --months must be between 1 and 240, got " + months);
        }
        if (defectRate < 0 || defectRate > 0.5) {
            throw new IllegalArgumentException("Cannot simulate: --defects must be between 0 and 0.5, got " + defectRate);
        }
        if (flavourCycle.isEmpty()) {
            throw new IllegalArgumentException("Cannot simulate: no flavour given");
        }
        if (jdbcUrl == null && (flavourCycle.contains(Flavour.JDBC) || stationFlavours.containsValue(Flavour.JDBC))) {
            throw new IllegalArgumentException("Cannot simulate jdbc stations: no --jdbc URL given");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("Cannot simulate: --threads must be at least 1, got " + threads);
        }
    }

    /** The defaults of a scale: both file flavours, plus {@code jdbc} when a URL is given. */
    public static SimulationOptions of(Scale scale, long seed, Path out, String jdbcUrl) {
        List<Flavour> cycle = jdbcUrl == null
                ? List.of(Flavour.JSONL, Flavour.CSV_SJIS)
                : List.of(Flavour.JSONL, Flavour.CSV_SJIS, Flavour.JDBC);
        return new SimulationOptions(seed, out, scale.stations(), scale.units(), scale.months(), DEFAULT_END, 0.0,
                cycle, Map.of(), jdbcUrl, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public SimulationOptions withDefectRate(double rate) {
        return new SimulationOptions(seed, out, stations, units, months, end, rate, flavourCycle, stationFlavours,
                jdbcUrl, threads);
    }

    /** The first simulated day. */
    public LocalDate start() {
        return end.withDayOfMonth(1).minusMonths(months - 1L);
    }
}
