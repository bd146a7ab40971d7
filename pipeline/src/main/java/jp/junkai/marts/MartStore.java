package jp.junkai.marts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import jp.junkai.lake.Lake;

/**
 * The snapshot marts in the lake: each build writes every mart, the beat counts and the unit
 * status snapshot into a staging folder, moves them to {@code snapshots/<name>/<build>/}, then replaces
 * {@code _snapshots/current.json} atomically. A build killed half-way leaves the previous build in
 * force; its leftovers are removed by the next build.
 */
public final class MartStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What the current build was computed from.
     *
     * @param build       the build's name (folder of each table)
     * @param run         the ingest run whose lake state it read
     * @param rules       SHA-256 of the rule file's bytes and the engine version ({@code <sha>+engine-<n>})
     * @param through     the last snapshot month, YYYY-MM
     * @param days        the days its unit statuses and beat counts hold
     * @param partitions  the partitions its beats were spread over (a later build keeps its days
     *                    only when it partitions alike: {@link jp.junkai.marts.snapshot.SnapshotReuse})
     * @param officerInputs what its officers' work of each month read ({@link MartBuild#officerInputs})
     * @param marts       table name → folder under {@code snapshots/<name>/}
     * @param firstVisitMonth the first month with a live visit then (YYYY-MM), or null
     */
    public record Build(String build, String run, String rules, String through, List<String> days,
                        Integer partitions, Map<String, String> officerInputs, Map<String, String> marts,
                        String firstVisitMonth) {

        public Build(String build, String run, String rules, String through, List<String> days, Integer partitions,
                     Map<String, String> officerInputs, Map<String, String> marts) {
            this(build, run, rules, through, days, partitions, officerInputs, marts, null);
        }
    }

    private final Lake lake;

    public MartStore(Lake lake) {
        this.lake = lake;
    }

    private Path currentFile() {
        return lake.root().resolve("_snapshots").resolve("current.json");
    }

    /**
     * A table of a build: {@code snapshots/<name>/<build>/}, apart from the ingest marts of
     * {@code marts/}, which ingest's recovery manages.
     */
    private Path table(String name, String build) {
        return lake.root().resolve("snapshots").resolve(name).resolve(build);
    }

    /** The build in force, if any. */
    public Optional<Build> current() {
        Path f = currentFile();
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), Build.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** The folder of a mart of the current build. */
    public Path folder(Build build, String mart) {
        String folder = build.marts().get(mart);
        if (folder == null) {
            throw new IllegalStateException("Cannot find mart " + mart + " in build " + build.build());
        }
        return table(mart, folder);
    }

    /** A build being written: its tables go to a staging folder until {@link #commit}. */
    public Staging stage(String build) throws IOException {
        Path staging = lake.root().resolve("_work").resolve("snapshots-" + build);
        Lake.deleteTree(staging);
        Files.createDirectories(staging);
        return new Staging(build, staging);
    }

    /** The tables of a build being written. */
    public final class Staging {
        private final String build;
        private final Path root;
        private final Set<String> tables = new LinkedHashSet<>();

        private Staging(String build, Path root) {
            this.build = build;
            this.root = root;
        }

        public String build() {
            return build;
        }

        /** A table written to this staging folder. */
        public Dataset<Row> read(org.apache.spark.sql.SparkSession spark, String name) {
            return spark.read().parquet(root.resolve(name).toString());
        }

        /** Writes a table. */
        public void write(String name, Dataset<Row> table) {
            table.write().mode(SaveMode.Overwrite).parquet(root.resolve(name).toString());
            tables.add(name);
        }

        /**
         * The folder of a table that something other than Spark's writer fills (as
         * {@link jp.junkai.marts.snapshot.UnitStatusFiles} does), created, with the partitions
         * already staged (those {@link #keepPartitions kept}).
         */
        public Path tableFolder(String name) throws IOException {
            Path folder = root.resolve(name);
            Files.createDirectories(folder);
            tables.add(name);
            return folder;
        }

        /**
         * Keeps the {@code as_of} partitions of those days of an earlier build's table, by hard
         * links: no byte is copied, and deleting the earlier build later leaves them intact.
         */
        public void keepPartitions(Build earlier, String name, Collection<LocalDate> days) throws IOException {
            Path from = folder(earlier, name);
            Path to = root.resolve(name);
            for (LocalDate d : days) {
                Path partition = from.resolve("as_of=" + d);
                if (!Files.isDirectory(partition)) {
                    continue;
                }
                Path target = to.resolve("as_of=" + d);
                Files.createDirectories(target);
                try (Stream<Path> files = Files.list(partition)) {
                    for (Path f : files.toList()) {
                        Files.createLink(target.resolve(f.getFileName()), f);
                    }
                }
            }
            tables.add(name);
        }
    }

    /**
     * Makes a staged build the current one: moves its tables to {@code snapshots/<name>/<build>/}, then
     * replaces {@code _snapshots/current.json} atomically (the commit), then removes other builds.
     */
    public Build commit(Staging staging, String run, String rulesSha, String through, List<String> days,
                        int partitions, Map<String, String> officerInputs) throws IOException {
        return commit(staging, run, rulesSha, through, days, partitions, officerInputs, null);
    }

    /** As {@link #commit(Staging, String, String, String, List, int, Map)}, recording the first visit month. */
    public Build commit(Staging staging, String run, String rulesSha, String through, List<String> days,
                        int partitions, Map<String, String> officerInputs, String firstVisitMonth) throws IOException {
        Map<String, String> folders = new TreeMap<>();
        for (String name : staging.tables) {
            Lake.moveInto(staging.root.resolve(name), table(name, staging.build));
            folders.put(name, staging.build);
        }
        Build record = new Build(staging.build, run, rulesSha, through, days, partitions,
                new TreeMap<>(officerInputs), new LinkedHashMap<>(folders), firstVisitMonth);
        Path file = currentFile();
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("current.json.tmp");
        JSON.writeValue(tmp.toFile(), record);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Lake.deleteTree(staging.root);
        removeOtherBuilds(record, staging.tables);
        return record;
    }

    /** Deletes the folders of builds other than the current one (earlier builds, half-written ones). */
    private void removeOtherBuilds(Build current, Iterable<String> names) throws IOException {
        for (String name : names) {
            Path dir = lake.root().resolve("snapshots").resolve(name);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> others;
            try (Stream<Path> s = Files.list(dir)) {
                others = s.filter(p -> !p.getFileName().toString().equals(current.marts().get(name))).toList();
            }
            for (Path p : others) {
                Lake.deleteTree(p);
            }
        }
    }
}
