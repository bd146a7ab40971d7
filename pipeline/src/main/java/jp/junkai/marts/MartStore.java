package jp.junkai.marts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
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
 * The snapshot marts in the lake: each build writes every mart (and the unit status snapshot)
 * into a staging folder, moves them to {@code marts/<name>/<build>/}, then replaces
 * {@code _marts/current.json} atomically. A build killed half-way leaves the previous build in
 * force; its leftovers are removed by the next build.
 */
public final class MartStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What the current build was computed from.
     *
     * @param build   the build's name (folder of each mart)
     * @param run     the ingest run whose lake state it read
     * @param rules   SHA-256 of the rule file's bytes
     * @param through the last snapshot month, YYYY-MM
     * @param marts   name → folder under {@code marts/<name>/}
     */
    public record Build(String build, String run, String rules, String through, Map<String, String> marts) {
    }

    private final Lake lake;

    public MartStore(Lake lake) {
        this.lake = lake;
    }

    private Path currentFile() {
        return lake.root().resolve("_marts").resolve("current.json");
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
        return lake.mart(mart, folder);
    }

    /**
     * Writes the datasets as the new current build.
     *
     * @param tables name → dataset, marts and the unit status snapshot
     */
    public Build write(String build, String run, String rulesSha, String through, Map<String, Dataset<Row>> tables,
                       java.util.function.Consumer<String> progress) throws IOException {
        Path staging = lake.root().resolve("_work").resolve("marts-" + build);
        Lake.deleteTree(staging);
        Map<String, String> folders = new TreeMap<>();
        for (Map.Entry<String, Dataset<Row>> t : tables.entrySet()) {
            progress.accept("marts: writing " + t.getKey());
            t.getValue().write().mode(SaveMode.Overwrite).parquet(staging.resolve(t.getKey()).toString());
        }
        for (String name : tables.keySet()) {
            Lake.moveInto(staging.resolve(name), lake.mart(name, build));
            folders.put(name, build);
        }
        Build record = new Build(build, run, rulesSha, through, new LinkedHashMap<>(folders));
        Path file = currentFile();
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("current.json.tmp");
        JSON.writeValue(tmp.toFile(), record);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Lake.deleteTree(staging);
        removeOtherBuilds(record, tables.keySet());
        return record;
    }

    /** Deletes the folders of builds other than the current one (earlier builds, half-written ones). */
    private void removeOtherBuilds(Build current, Iterable<String> names) throws IOException {
        for (String name : names) {
            Path dir = lake.root().resolve("marts").resolve(name);
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
