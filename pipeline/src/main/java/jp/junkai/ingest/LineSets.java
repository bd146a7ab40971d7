package jp.junkai.ingest;

import java.io.Serializable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sets of lines per batch (station and batch name), as bit sets: a bit per line of a run is small
 * enough to send to every task. Lines are longs (a jdbc pull's lines are offset by slice × 10⁹), so
 * each batch keeps one bit set per block of 2³⁰ lines.
 */
final class LineSets implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int BLOCK_BITS = 30;
    private static final long BLOCK_MASK = (1L << BLOCK_BITS) - 1;

    /** station + NUL + batch → block → lines of the block. */
    private final Map<String, Map<Long, BitSet>> batches = new HashMap<>();

    void add(String station, String batch, long line) {
        batches.computeIfAbsent(id(station, batch), k -> new HashMap<>())
                .computeIfAbsent(line >> BLOCK_BITS, k -> new BitSet()).set((int) (line & BLOCK_MASK));
    }

    boolean contains(String station, String batch, long line) {
        Map<Long, BitSet> blocks = batches.get(id(station, batch));
        if (blocks == null) {
            return false;
        }
        BitSet set = blocks.get(line >> BLOCK_BITS);
        return set != null && set.get((int) (line & BLOCK_MASK));
    }

    /** The lines of one batch in the set. */
    long count(String station, String batch) {
        Map<Long, BitSet> blocks = batches.get(id(station, batch));
        return blocks == null ? 0 : blocks.values().stream().mapToLong(BitSet::cardinality).sum();
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Adds every line of the other sets. */
    void addAll(LineSets other) {
        other.batches.forEach((id, blocks) -> {
            Map<Long, BitSet> mine = batches.computeIfAbsent(id, k -> new HashMap<>());
            blocks.forEach((block, set) -> mine.computeIfAbsent(block, k -> new BitSet()).or(set));
        });
    }

    /** "station/batch" → the lines, in order: for tests and messages. */
    Map<String, long[]> asMap() {
        Map<String, long[]> out = new TreeMap<>();
        batches.forEach((id, blocks) -> out.put(id.replace('\u0000', '/'), new TreeMap<>(blocks).entrySet().stream()
                .flatMapToLong(b -> b.getValue().stream().mapToLong(i -> (b.getKey() << BLOCK_BITS) + i)).toArray()));
        return out;
    }

    private static String id(String station, String batch) {
        return station + '\u0000' + batch;
    }
}
