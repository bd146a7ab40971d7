package jp.junkai.ingest.jdbc;

import java.io.Serializable;
import java.util.Objects;

/**
 * One part of a {@code jdbc} pull: the rows whose {@code (updated_at, key)} is after
 * {@code after} and at most {@code through}, a half-open range, so that the slices of one
 * {@link JdbcPull#plan plan} meet without a gap or an overlap even when rows at a slice edge share
 * their {@code updated_at}.
 *
 * @param index   position among the plan's slices, from 0, in {@code (updated_at, key)} order
 * @param after   exclusive lower bound
 * @param through inclusive upper bound, a row of the table when planned; null = no upper bound
 */
public record Slice(int index, Watermark after, Watermark through) implements Serializable {

    public Slice {
        Objects.requireNonNull(after, "after");
        if (through != null && through.key() == null) {
            throw new IllegalArgumentException("Cannot end a slice at " + through
                    + ": its upper bound is a row, with updated_at and key");
        }
    }

    /** Every row after {@code after}, with no upper bound: a pull in one piece without planning. */
    public static Slice all(Watermark after) {
        return new Slice(0, after, null);
    }

    @Override
    public String toString() {
        return "slice " + index + " (" + after + ", " + (through == null ? "end" : through) + "]";
    }
}
