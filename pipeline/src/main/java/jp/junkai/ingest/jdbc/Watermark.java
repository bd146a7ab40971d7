package jp.junkai.ingest.jdbc;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Objects;

/**
 * How far an incremental {@code jdbc} pull of one station's entity table has read: the
 * {@code updated_at} (Japan local time) and key of the last row taken. Rows are read in
 * {@code (updated_at, key)} order, so the next pull reads the rows strictly after this one, and
 * rows with an equal {@code updated_at} are told apart by their key: none is lost, none read twice.
 *
 * <p>Three shapes:
 * <ul>
 *   <li>{@link #START}: nothing read yet ({@code updatedAt} and {@code key} null);</li>
 *   <li>{@code (t, k)}: after the row with {@code updated_at = t} and key {@code k};</li>
 *   <li>{@link #before(LocalDateTime) before(t)} = {@code (t, null)}: just before every row at
 *       time {@code t}, e.g. to read an overlap window again.</li>
 * </ul>
 *
 * <p>{@link #compareTo} orders by {@code updatedAt}, then key ({@code START} first, a null key
 * before every key at the same time, keys by {@link String#compareTo}). The database decides the
 * order of keys in a pull (its collation); it agrees with {@code String} order under the binary
 * collations of the station tables ({@code utf8mb4_bin} in MariaDB, {@code C}/{@code C.UTF-8}
 * in PostgreSQL). Pull code never compares keys in Java: see {@link PullResult#next}.
 */
public record Watermark(LocalDateTime updatedAt, String key) implements Comparable<Watermark>, Serializable {

    /** Nothing read yet: the next pull reads the whole table. */
    public static final Watermark START = new Watermark(null, null);

    private static final Comparator<Watermark> ORDER = Comparator
            .comparing(Watermark::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Watermark::key, Comparator.nullsFirst(Comparator.naturalOrder()));

    public Watermark {
        if (updatedAt == null && key != null) {
            throw new IllegalArgumentException("Cannot make a watermark with key " + key
                    + " but no updated_at: only START has no updated_at");
        }
    }

    /** Just before every row whose {@code updated_at} is {@code time} (or later). */
    public static Watermark before(LocalDateTime time) {
        return new Watermark(Objects.requireNonNull(time, "time"), null);
    }

    /** Whether this is {@link #START}. */
    public boolean isStart() {
        return updatedAt == null;
    }

    /**
     * A watermark {@code overlap} earlier, before every row of that time, for re-reading rows
     * committed late with an older {@code updated_at} (see {@link JdbcPull}); {@code START} stays
     * {@code START}.
     */
    public Watermark minus(java.time.Duration overlap) {
        return isStart() ? START : before(updatedAt.minus(overlap));
    }

    @Override
    public int compareTo(Watermark other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        if (isStart()) {
            return "START";
        }
        return key == null ? "before " + updatedAt : updatedAt + " " + key;
    }
}
