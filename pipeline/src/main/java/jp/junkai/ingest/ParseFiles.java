package jp.junkai.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.source.file.LineReader;
import jp.junkai.source.file.ReadResult;
import jp.junkai.source.file.RecordParser;

/**
 * A Spark task's work on file stations: reads its batch files line by line through the read
 * boundary and yields bronze rows, streaming (one file open at a time, nothing buffered).
 */
final class ParseFiles implements FlatMapFunction<Iterator<FileTask>, Row> {

    private static final long serialVersionUID = 1L;

    private final LocalDateTime pullTime;
    private final LongAccumulator lines;

    /** @param lines counts every line read (blank lines aside): the reconciliation's independent count */
    ParseFiles(LocalDateTime pullTime, LongAccumulator lines) {
        this.pullTime = pullTime;
        this.lines = lines;
    }

    @Override
    public Iterator<Row> call(Iterator<FileTask> tasks) {
        return new Iterator<>() {
            private Iterator<Row> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!tasks.hasNext()) {
                        return false;
                    }
                    current = new FileRows(tasks.next(), pullTime, lines);
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The rows of one file; closes it when exhausted. */
    private static final class FileRows implements Iterator<Row> {
        private final FileTask task;
        private final LocalDateTime pullTime;
        private final LongAccumulator lines;
        private final LineReader reader;
        private RecordParser parser;
        private Row next;

        FileRows(FileTask task, LocalDateTime pullTime, LongAccumulator lines) {
            this.task = task;
            this.pullTime = pullTime;
            this.lines = lines;
            try {
                InputStream in = Files.newInputStream(Path.of(task.path()));
                this.reader = new LineReader(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read batch file " + task.path() + ": " + e.getMessage(), e);
            }
            if (task.flavour() == Flavour.JSONL) {
                parser = RecordParser.jsonl(task.entity(), pullTime);
            }
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    if (!reader.next()) {
                        reader.close();
                        return false;
                    }
                    if (parser == null) {
                        parser = RecordParser.csv(task.entity(), CsvMappingHolder.MAPPING, reader.copy(), pullTime);
                        continue;
                    }
                    ReadResult r = parser.parse(reader.buffer(), 0, reader.length(), reader.lineNumber());
                    if (r != ReadResult.SKIPPED) {
                        lines.add(1);
                        next = BronzeRows.of(task.entity(), task.station(), task.batch(), reader.lineNumber(), r);
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read batch file " + task.path() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }
    }

    /** The csv-sjis mapping, loaded once per executor JVM. */
    private static final class CsvMappingHolder {
        static final CsvMapping MAPPING = CsvMapping.csvSjis();
    }
}
