package jp.junkai.source.file;

import java.time.LocalDateTime;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;

/**
 * The read boundary of the file flavours (SPEC §1, §6.4–6.6): turns one physical line of a
 * station's batch file into an allow-listed, typed record or a rejection with a reason code.
 * Only the fields of {@link Entity#fields()} are ever read; every other key or column (personal
 * data, noise) is skipped without being looked at beyond what the syntax needs.
 *
 * <h2>Values</h2>
 * A field that is absent, {@code null}, or an empty or blank string counts as absent. Absent
 * optional fields get SPEC §6.4 defaults: {@code language} {@code ja}, {@code topics} empty,
 * counts 0, booleans false; other absent optional fields are null. Topics come back sorted with
 * duplicates collapsed (SPEC §6.17). Counts must be whole numbers from 0 to
 * 2<sup>31</sup>−1 and topics whole numbers from 1 to 5 (the 第5-4 items), else {@code bad_type}.
 * A tombstone ({@code deleted} true) needs only its key and {@code updated_at}; its other
 * fields are neither checked nor returned (null in the result).
 *
 * <h2>Precedence</h2>
 * A line with several problems gets the first reason of this list:
 * <ol>
 *   <li>{@code wrong_encoding}: bytes invalid in the file's encoding;</li>
 *   <li>{@code broken_line}: not one JSON object, or a csv line with unbalanced quotes or a
 *       column count other than the header's; also a byte-order mark that does not start the file
 *       (checked before the encoding);</li>
 *   <li>{@code missing_key}: the key field absent, null, empty or blank;</li>
 *   <li>{@code bad_type}, {@code unknown_enum}, {@code unparsable_date}: the first faulty field
 *       in {@link Entity#fields()} order (for a tombstone only key, {@code updated_at},
 *       {@code deleted} are looked at);</li>
 *   <li>{@code missing_field}: the first absent required field, in field order;</li>
 *   <li>{@code future_date}: the first future-checked field beyond one day after the pull, in
 *       field order. A timestamp is beyond when it is later than pull time + 24 h, a date when it
 *       is later than the calendar day of pull time + 24 h.</li>
 * </ol>
 * Whether a record is a tombstone is decided first: only a well-formed {@code deleted: true}
 * makes one; a malformed {@code deleted} makes an ordinary record with a {@code bad_type} on
 * {@code deleted}.
 *
 * <h2>Lines</h2>
 * A line is the bytes between two {@code \n} (see {@link LineReader}); a trailing {@code \r} is
 * dropped. A blank line (only spaces, tabs) gives {@link ReadResult#SKIPPED}. A UTF-8
 * byte-order mark at the start of the file (line 1; for csv the header) is ignored (SPEC §6.5);
 * one at the start of a later line (files glued together) is {@code broken_line}, in both
 * flavours alike (Jackson alone would silently skip it, a csv reader would glue it to the key).
 *
 * <p>Parsers keep reusable buffers: one instance per thread.
 */
public interface RecordParser {

    /**
     * Reads one line.
     *
     * @param buffer     holds the line's bytes, without its {@code \n}
     * @param offset     where the line starts in {@code buffer}
     * @param length     its length in bytes
     * @param lineNumber its 1-based physical line number in the file (a byte-order mark is
     *                   ignored on line 1 only)
     */
    ReadResult parse(byte[] buffer, int offset, int length, long lineNumber);

    /** Reads one line held in a whole array. */
    default ReadResult parse(byte[] line, long lineNumber) {
        return parse(line, 0, line.length, lineNumber);
    }

    /**
     * A parser for {@code jsonl} lines (UTF-8 JSON objects with the SPEC's English keys).
     *
     * @param pullTime Japan local time of the pull, for the future-date check
     */
    static RecordParser jsonl(Entity entity, LocalDateTime pullTime) {
        return new JsonlRecordParser(entity, pullTime);
    }

    /**
     * A parser for the data lines of one csv file, described by a {@link CsvMapping}.
     *
     * <p>The header decides which column carries which field: a mapped field without a column is
     * absent in every line; unmapped columns are ignored. A header that cannot be decoded makes
     * every data line {@code wrong_encoding}; one with unbalanced quotes or a mapped header twice
     * makes every data line {@code broken_line} (the file's lines still reach quarantine one by one).
     *
     * @param headerLine the file's first line (line 1), without its {@code \n}
     * @param pullTime   Japan local time of the pull, for the future-date check
     */
    static RecordParser csv(Entity entity, CsvMapping mapping, byte[] headerLine, LocalDateTime pullTime) {
        return new CsvRecordParser(entity, mapping, headerLine, pullTime);
    }
}
