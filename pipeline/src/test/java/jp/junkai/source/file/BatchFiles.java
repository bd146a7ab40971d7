package jp.junkai.source.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;

/** Reads a whole batch file the way ingest will: line by line through a {@link RecordParser}. */
final class BatchFiles {

    /** A pull far enough ahead that no sample is in the future. */
    static final LocalDateTime LATE_PULL = LocalDateTime.of(2031, 1, 1, 0, 0);

    private BatchFiles() {
    }

    /** Every data line's result by its line number (the csv header, line 1, is not in the map). */
    static Map<Long, ReadResult> read(Path file, Entity entity, Flavour flavour, CsvMapping mapping,
            LocalDateTime pull) throws IOException {
        Map<Long, ReadResult> results = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); LineReader lines = new LineReader(in)) {
            RecordParser parser = null;
            if (flavour == Flavour.JSONL) {
                parser = RecordParser.jsonl(entity, pull);
            } else if (lines.next()) {
                parser = RecordParser.csv(entity, mapping, lines.copy(), pull);
            }
            while (parser != null && lines.next()) {
                results.put(lines.lineNumber(), parser.parse(lines.buffer(), 0, lines.length(), lines.lineNumber()));
            }
        }
        return results;
    }

    /** The parsed values, in line order, failing on anything else. */
    static List<Object[]> parsed(Map<Long, ReadResult> results) {
        List<Object[]> out = new ArrayList<>();
        results.forEach((line, r) -> {
            if (!(r instanceof ReadResult.Parsed p)) {
                throw new AssertionError("line " + line + " was not parsed: " + r);
            }
            out.add(p.values());
        });
        return out;
    }

    static String csvText(Path file) throws IOException {
        return new String(Files.readAllBytes(file), CsvMapping.csvSjis().encoding());
    }

    static String utf8Text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
