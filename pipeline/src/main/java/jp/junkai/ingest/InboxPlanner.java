package jp.junkai.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jp.junkai.lake.RunRecord;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;

/**
 * Finds the batch files to take (SPEC §1, §6.3): only files with their {@code .done} marker, in
 * station, entity and batch-name order; a file whose content hash was taken before, by any run and
 * under any name, is skipped, and so is a second file with the same content in this run.
 */
final class InboxPlanner {

    /** What to take, and what was skipped as a repeat. */
    record Plan(List<FileTask> take, List<FileTask> repeats) {
    }

    private InboxPlanner() {
    }

    /**
     * @param taken content hash → paths of every file committed runs took or skipped; a file still
     *              lying where it was taken is neither taken nor reported again
     */
    static Plan plan(List<FileStation> stations, Map<String, Set<String>> taken) throws IOException {
        return plan(stations, taken, Map.of());
    }

    /**
     * @param byPath files committed runs saw, by path: one lying there with the same size and
     *               modification time is that file, and is not read again to hash it (a nightly
     *               run must not re-read years of taken batches)
     */
    static Plan plan(List<FileStation> stations, Map<String, Set<String>> taken,
                     Map<String, RunRecord.TakenFile> byPath) throws IOException {
        List<FileTask> candidates = new ArrayList<>();
        for (FileStation s : stations) {
            for (Entity e : Entity.values()) {
                Path folder = s.folder().resolve(e.code());
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                String ext = "." + s.flavour().fileExtension();
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(ext) && Files.isRegularFile(f) && Files.exists(Path.of(f + ".done"))) {
                            String batch = name.substring(0, name.length() - ext.length());
                            long size = Files.size(f);
                            long modified = Files.getLastModifiedTime(f).toMillis();
                            RunRecord.TakenFile seen = byPath.get(f.toString());
                            if (seen != null && seen.bytes() == size && seen.modified() == modified) {
                                continue; // the very file a run took or skipped before
                            }
                            candidates.add(new FileTask(s.code(), e, s.flavour(), batch, f.toString(), null, size,
                                    modified));
                        }
                    }
                }
            }
        }
        // hashing is the plan's only heavy work: spread it over the cores
        List<FileTask> hashed = candidates.parallelStream().map(InboxPlanner::withHash).toList();
        List<FileTask> take = new ArrayList<>();
        List<FileTask> repeats = new ArrayList<>();
        Set<String> seen = new HashSet<>(taken.keySet());
        for (FileTask t : hashed) {
            if (seen.add(t.sha256())) {
                take.add(t);
            } else if (!taken.getOrDefault(t.sha256(), Set.of()).contains(t.path())) {
                repeats.add(t); // the same content again, under another name or in another place
            }
        }
        return new Plan(take, repeats);
    }

    private static FileTask withHash(FileTask t) {
        try (InputStream in = Files.newInputStream(Path.of(t.path()))) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return new FileTask(t.station(), t.entity(), t.flavour(), t.batch(), t.path(),
                    HexFormat.of().formatHex(md.digest()), t.bytes(), t.modified());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read batch file " + t.path() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flavour of a station folder from its data files; null when it has none yet. */
    static Flavour flavourOf(Path stationFolder) throws IOException {
        Flavour found = null;
        for (Entity e : Entity.values()) {
            Path folder = stationFolder.resolve(e.code());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    Flavour fl = name.endsWith(".jsonl") ? Flavour.JSONL : name.endsWith(".csv") ? Flavour.CSV_SJIS : null;
                    if (fl != null) {
                        if (found != null && found != fl) {
                            throw new IOException("Cannot tell the flavour of station folder " + stationFolder
                                    + ": it holds both .jsonl and .csv files");
                        }
                        found = fl;
                    }
                }
            }
        }
        return found;
    }
}
