package jp.junkai.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

import jp.junkai.schema.Entity;
import jp.junkai.source.sim.SimulationSummary;

/**
 * The summary {@code junkai simulate} prints on stdout: a table of records per entity for people,
 * then {@code key: value} lines ({@code records: N}, {@code seconds: S}, …) for scripts such as
 * {@code ops/bench}. Numbers in the key lines have no grouping separators.
 */
final class SimulationReport {

    private SimulationReport() {
    }

    static void print(PrintWriter out, SimulationSummary summary, Path folder, Duration elapsed) {
        String seconds = String.format(Locale.ROOT, "%.1f", elapsed.toMillis() / 1000.0);
        out.printf("Simulated %d stations into %s in %s s%n%n", summary.stations(), folder, seconds);
        out.printf("  %-16s %14s%n", "entity", "records");
        summary.recordsByEntity().entrySet().stream()
                .sorted(Comparator.comparingInt(SimulationReport::entityOrder).thenComparing(Map.Entry::getKey))
                .forEach(e -> out.printf(Locale.ROOT, "  %-16s %,14d%n", e.getKey(), e.getValue()));
        out.printf(Locale.ROOT, "  %-16s %,14d%n%n", "total", summary.totalRecords());
        out.printf("stations: %d%n", summary.stations());
        out.printf("batches: %d%n", summary.batches());
        out.printf("records: %d%n", summary.totalRecords());
        out.printf("seconds: %s%n", seconds);
        if (summary.manifest() != null) {
            out.printf("manifest: %s%n", summary.manifest());
        }
        out.flush();
    }

    /** SPEC order for known entities; anything else after them, by name. */
    private static int entityOrder(Map.Entry<String, Long> entry) {
        return Entity.byCode(entry.getKey()).map(Entity::ordinal).orElse(Integer.MAX_VALUE);
    }
}
