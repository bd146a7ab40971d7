package jp.junkai.source.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.List;
import java.util.stream.Stream;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;
import jp.junkai.source.file.LineReader;
import jp.junkai.source.file.ReadResult;
import jp.junkai.source.file.RecordParser;

/** Reads every finished batch file of an inbox back through the read boundary (test helper). */
final class InboxScan {

    /** One line of one batch file and what the read boundary made of it. */
    record Line(String station, Entity entity, String batch, long line, ReadResult result) {
        Object get(String field) {
            return ((ReadResult.Parsed) result).values()[entity.index(field)];
        }

        boolean parsed() {
            return result instanceof ReadResult.Parsed;
        }
    }

    static final LocalDateTime PULL_TIME = LocalDateTime.of(2026, 11, 25, 12, 0);

    private InboxScan() {
    }

    /**
     * Reads every finished batch file in station, entity and name order, skipping a file whose
     * content was already read under another name (SPEC §6.3).
     */
    static List<Line> scan(Path inbox) throws IOException {
        CsvMapping mapping = CsvMapping.csvSjis();
        List<Line> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path station : sorted(inbox)) {
            if (!Files.isDirectory(station) || station.getFileName().toString().startsWith("_")) {
                continue;
            }
            for (Path folder : sorted(station)) {
                Entity entity = Entity.byCode(folder.getFileName().toString()).orElseThrow();
                for (Path file : sorted(folder)) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".done") || !Files.exists(file.resolveSibling(name + ".done"))) {
                        continue;
                    }
                    if (!seen.add(sha256(file))) {
                        continue;
                    }
                    String batch = name.substring(0, name.lastIndexOf('.'));
                    boolean csv = name.endsWith(".csv");
                    try (InputStream in = Files.newInputStream(file); LineReader reader = new LineReader(in)) {
                        RecordParser parser = csv ? null : RecordParser.jsonl(entity, PULL_TIME);
                        while (reader.next()) {
                            if (csv && parser == null) {
                                parser = RecordParser.csv(entity, mapping, reader.copy(), PULL_TIME);
                                continue;
                            }
                            ReadResult r = parser.parse(reader.buffer(), 0, reader.length(), reader.lineNumber());
                            if (r != ReadResult.SKIPPED) {
                                lines.add(new Line(station.getFileName().toString(), entity, batch, reader.lineNumber(), r));
                            }
                        }
                    }
                }
            }
        }
        return lines;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> sorted(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under a folder, sorted by path. */
    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
