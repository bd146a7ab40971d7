package jp.junkai.source.file;

import java.util.Arrays;

import jp.junkai.schema.ReasonCode;

/**
 * What a {@link RecordParser} makes of one line: a record, a rejection with its reason, or
 * nothing (a blank line).
 */
public sealed interface ReadResult permits ReadResult.Parsed, ReadResult.Rejected, ReadResult.Skipped {

    /** The result for a blank line: not a record, not counted as read. */
    Skipped SKIPPED = new Skipped();

    /**
     * A record that passed the read boundary.
     *
     * @param values the allow-listed values in {@link jp.junkai.schema.Entity#fields()} order, typed:
     *               {@code String}, {@code LocalDate}, {@code LocalDateTime} (Japan local),
     *               {@code Integer}, {@code Boolean}, {@code int[]} (topics, sorted, no duplicates),
     *               null for an absent optional field without default
     */
    record Parsed(Object[] values) implements ReadResult {
        @Override
        public String toString() {
            return "Parsed" + Arrays.deepToString(values);
        }
    }

    /**
     * A record that goes to quarantine. Carries no value of the line: it may be personal data.
     *
     * @param reason why
     * @param field  the field at fault, or null when the whole line is at fault
     *               ({@code broken_line}, {@code wrong_encoding})
     */
    record Rejected(ReasonCode reason, String field) implements ReadResult {
    }

    /** A blank line. Use {@link #SKIPPED}. */
    final class Skipped implements ReadResult {
        private Skipped() {
        }

        @Override
        public String toString() {
            return "Skipped";
        }
    }
}
