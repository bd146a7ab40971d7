package jp.junkai.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jp.junkai.ingest.IngestSummary;
import jp.junkai.ingest.IngestSummary.EntityCounts;
import jp.junkai.schema.Entity;

/**
 * The summary {@code junkai ingest} prints on stdout: a table of read / applied / duplicates /
 * quarantined per entity for people (read = applied + duplicates + quarantined on every line), then
 * {@code key: value} lines ({@code records: N} = records read, {@code run: ID} or
 * {@code run: nothing new}, {@code seconds: S}, …) for scripts such as {@code ops/bench}. Numbers
 * in the key lines have no grouping separators.
 */
final class IngestReport {

    static final String NOTHING_NEW = "nothing new";

    private IngestReport() {
    }

    static void print(PrintWriter out, IngestSummary summary, Path lake, int stations, Duration elapsed) {
        String seconds = String.format(Locale.ROOT, "%.1f", elapsed.toMillis() / 1000.0);
        if (summary.run() == null) {
            out.printf("Nothing new from %d stations for %s (%s s)%n%n", stations, lake, seconds);
        } else {
            out.printf("Ingested %d stations into %s in %s s: run %s%n%n", stations, lake, seconds, summary.run());
        }
        out.printf("  %-16s %14s %14s %14s %14s%n", "entity", "read", "applied", "duplicates", "quarantined");
        List<EntityCounts> counts = summary.counts().stream()
                .sorted(Comparator.comparingInt(IngestReport::entityOrder).thenComparing(EntityCounts::entity))
                .toList();
        long applied = 0;
        long duplicates = 0;
        long quarantined = 0;
        for (EntityCounts c : counts) {
            row(out, c.entity(), c.read(), c.applied(), c.duplicates(), c.quarantined());
            applied += c.applied();
            duplicates += c.duplicates();
            quarantined += c.quarantined();
        }
        row(out, "total", summary.read(), applied, duplicates, quarantined);
        out.println();
        out.printf("stations: %d%n", stations);
        out.printf("files taken: %d%n", summary.filesTaken());
        out.printf("files repeated: %d%n", summary.filesRepeated());
        out.printf("run: %s%n", summary.run() == null ? NOTHING_NEW : summary.run());
        out.printf("lake: %s%n", lake);
        out.printf("records: %d%n", summary.read());
        out.printf("seconds: %s%n", seconds);
        out.flush();
    }

    private static void row(PrintWriter out, String entity, long read, long applied, long duplicates,
                            long quarantined) {
        out.printf(Locale.ROOT, "  %-16s %,14d %,14d %,14d %,14d%n", entity, read, applied, duplicates, quarantined);
    }

    /** SPEC order for known entities; anything else after them, by name. */
    private static int entityOrder(EntityCounts counts) {
        return Entity.byCode(counts.entity()).map(Entity::ordinal).orElse(Integer.MAX_VALUE);
    }
}
