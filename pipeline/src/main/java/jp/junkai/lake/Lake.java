package jp.junkai.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import jp.junkai.schema.Entity;

/**
 * The Parquet lake on disk (see {@code docs/lake.md}): where each layer lives, which runs are
 * committed, and the commit itself. A run stages its work under {@code _work/<run>/}, moves it
 * into place, then commits by writing its ledger entry with an atomic rename; {@link #recover()}
 * removes whatever an interrupted run left, so a run killed at any point leaves no trace.
 */
public final class Lake {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;

    public Lake(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path ledgerDir() {
        return root.resolve("_ledger");
    }

    public Path work(String run) {
        return root.resolve("_work").resolve(run);
    }

    /** Every line a run read of one entity: good versions and rejected lines. */
    public Path bronze(Entity entity, String run) {
        return root.resolve("bronze").resolve(entity.code()).resolve("run=" + run);
    }

    public Path silver(Entity entity, String segment) {
        return root.resolve("silver").resolve(entity.code()).resolve(segment);
    }

    public Path pending(String folder) {
        return root.resolve("pending").resolve(folder);
    }

    public Path mart(String name, String folder) {
        return root.resolve("marts").resolve(name).resolve(folder);
    }

    /** The folder of a mart as of the latest committed run, if any. */
    public Optional<Path> currentMart(String name) {
        return latest().map(r -> r.marts().get(name)).map(folder -> mart(name, folder));
    }

    /** The committed runs, oldest first. */
    public List<RunRecord> committed() {
        Path dir = ledgerDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<RunRecord> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("run-.*\\.json")).sorted().toList()) {
                runs.add(JSON.readValue(f.toFile(), RunRecord.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ledger of lake " + root + ": " + e.getMessage(), e);
        }
        return runs;
    }

    /** The committed run of that id, if the ledger has it. */
    public Optional<RunRecord> committed(String run) {
        return committed().stream().filter(r -> r.run().equals(run)).findFirst();
    }

    /** The latest committed run: the lake's current state. */
    public Optional<RunRecord> latest() {
        List<RunRecord> runs = committed();
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /** Path → the files committed runs took or skipped there (the latest one per path). */
    public Map<String, RunRecord.TakenFile> takenByPath() {
        Map<String, RunRecord.TakenFile> byPath = new HashMap<>();
        for (RunRecord r : committed()) {
            r.files().forEach(f -> byPath.put(f.path(), f));
            r.skipped().forEach(f -> byPath.put(f.path(), f));
        }
        return byPath;
    }

    /** Content hash → paths of every file committed runs took or skipped as a repeat. */
    public Map<String, Set<String>> takenFiles() {
        Map<String, Set<String>> taken = new HashMap<>();
        for (RunRecord r : committed()) {
            r.files().forEach(f -> taken.computeIfAbsent(f.sha256(), k -> new HashSet<>()).add(f.path()));
            r.skipped().forEach(f -> taken.computeIfAbsent(f.sha256(), k -> new HashSet<>()).add(f.path()));
        }
        return taken;
    }

    /**
     * Removes what runs that never committed left behind: their staging folders, bronze folders of
     * uncommitted runs, and silver segments, pending folders and mart folders the latest ledger
     * entry does not name.
     */
    public void recover() throws IOException {
        deleteTree(root.resolve("_work"));
        Set<String> committedRuns = new HashSet<>();
        List<RunRecord> runs = committed();
        runs.forEach(r -> committedRuns.add(r.run()));
        Optional<RunRecord> latest = runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
        for (Entity e : Entity.values()) {
            for (Path p : children(root.resolve("bronze").resolve(e.code()))) {
                String name = p.getFileName().toString();
                if (!name.startsWith("run=") || !committedRuns.contains(name.substring(4))) {
                    deleteTree(p);
                }
            }
            Set<String> live = new HashSet<>(latest.map(r -> r.silver().getOrDefault(e.code(), List.of()))
                    .orElse(List.of()));
            for (Path p : children(root.resolve("silver").resolve(e.code()))) {
                if (!live.contains(p.getFileName().toString())) {
                    deleteTree(p);
                }
            }
        }
        String pending = latest.map(RunRecord::pending).orElse(null);
        for (Path p : children(root.resolve("pending"))) {
            if (!p.getFileName().toString().equals(pending)) {
                deleteTree(p);
            }
        }
        for (Path martFolder : children(root.resolve("marts"))) {
            String live = latest.map(r -> r.marts().get(martFolder.getFileName().toString())).orElse(null);
            for (Path p : children(martFolder)) {
                if (!p.getFileName().toString().equals(live)) {
                    deleteTree(p);
                }
            }
        }
    }

    /** Commits a run: its ledger entry appears whole or not at all. */
    public void commit(RunRecord record) throws IOException {
        Files.createDirectories(ledgerDir());
        Path tmp = ledgerDir().resolve(".run-" + record.run() + ".json.tmp");
        JSON.writeValue(tmp.toFile(), record);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = ledgerDir().resolve("run-" + record.run() + ".json");
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("Cannot commit run " + record.run() + ": the lake's file system has no atomic rename", e);
        }
    }

    /** Moves a staged folder into place (a rename on the same file system). */
    public static void moveInto(Path staged, Path target) throws IOException {
        if (!Files.exists(staged)) {
            return;
        }
        Files.createDirectories(target.getParent());
        deleteTree(target);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    }

    static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    /** The bytes of the regular files under a folder (0 when it does not exist). */
    public static long bytes(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            long total = 0;
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }
}
