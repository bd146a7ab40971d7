package jp.junkai.lake;

import java.util.List;

/**
 * How a run keeps an entity's silver segments few without rewriting the whole entity often, as a
 * log-structured store does. The base is rewritten (a fold: the whole entity) only once the deltas
 * together reach a share of the base's bytes, so that rewrite is paid for by the increments it
 * absorbs. Before that, when the segments reach a count, the run merges only the deltas into one
 * (a cost of the deltas' size), so that reading silver never opens many segments.
 *
 * @param maxSegments merge the deltas when the entity has this many segments (base included)
 * @param deltaShare  fold into a new base when the deltas' bytes reach 1/deltaShare of the base's
 */
public record SilverFold(int maxSegments, int deltaShare) {

    /** 8 segments; a new base once the deltas reach an eighth of it. */
    public static final SilverFold DEFAULT = new SilverFold(8, 8);

    public SilverFold {
        if (maxSegments < 2 || deltaShare < 1) {
            throw new IllegalArgumentException("Cannot fold silver with maxSegments " + maxSegments
                    + " and deltaShare " + deltaShare + ": need at least 2 and 1");
        }
    }

    /**
     * @param segmentBytes the bytes of each current segment, the base first
     * @return whether the run should fold every segment into a new base (false with no segment: the
     *         run writes the first base)
     */
    public boolean newBase(List<Long> segmentBytes) {
        if (segmentBytes.size() < 2) {
            return false;
        }
        long deltas = segmentBytes.stream().skip(1).mapToLong(Long::longValue).sum();
        return deltas * deltaShare >= segmentBytes.get(0);
    }

    /** Whether the run should merge the deltas (not the base) into one: the entity has too many segments. */
    public boolean mergeDeltas(int segments) {
        return segments >= maxSegments;
    }
}
