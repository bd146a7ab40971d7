package jp.junkai.ingest;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * Sets of lines per batch (station and batch name), as compressed bitmaps: small enough to send to
 * every task. Lines are longs, and sparse ones too: a jdbc pull's lines are offset by slice × 10⁹, so a
 * plain bit set would take a bit for every line below the offset (hundreds of megabytes from the
 * fourth slice on); a Roaring bitmap takes a few bytes per line actually set.
 */
final class LineSets implements Serializable {

    private static final long serialVersionUID = 2L;

    /** station + NUL + batch → lines. */
    private final Map<String, Roaring64NavigableMap> batches = new HashMap<>();

    void add(String station, String batch, long line) {
        if (line < 0) {
            throw new IllegalArgumentException("A line number cannot be negative: " + line);
        }
        batches.computeIfAbsent(id(station, batch), k -> new Roaring64NavigableMap()).addLong(line);
    }

    boolean contains(String station, String batch, long line) {
        Roaring64NavigableMap lines = batches.get(id(station, batch));
        return lines != null && line >= 0 && lines.contains(line);
    }

    /** The lines of one batch in the set. */
    long count(String station, String batch) {
        Roaring64NavigableMap lines = batches.get(id(station, batch));
        return lines == null ? 0 : lines.getLongCardinality();
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Adds every line of the other sets. */
    void addAll(LineSets other) {
        other.batches.forEach((id, lines) -> batches.computeIfAbsent(id, k -> new Roaring64NavigableMap()).or(lines));
    }

    /** "station/batch" → the lines, in order: for tests and messages. */
    Map<String, long[]> asMap() {
        Map<String, long[]> out = new TreeMap<>();
        batches.forEach((id, lines) -> out.put(id.replace('\u0000', '/'),
                LongStream.of(lines.toArray()).sorted().toArray()));
        return out;
    }

    private static String id(String station, String batch) {
        return station + '\u0000' + batch;
    }
}
