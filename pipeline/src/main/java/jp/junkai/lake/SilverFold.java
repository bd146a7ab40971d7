package jp.junkai.lake;

import java.util.List;

/**
 * When a run folds an entity's silver segments into a new base instead of adding one more delta.
 * A fold rewrites the whole entity, so it is paid for by the deltas it absorbs: it happens once the
 * deltas together reach a fraction of the base (an increment's cost then stays proportional to the
 * increment, fold included, on average), or once there are so many segments that reading them costs
 * more than it saves.
 *
 * @param maxSegments fold when the entity has this many segments (base included)
 * @param deltaShare  fold when the deltas' bytes reach 1/deltaShare of the base's bytes
 */
public record SilverFold(int maxSegments, int deltaShare) {

    /** 32 segments, or deltas of an eighth of the base. */
    public static final SilverFold DEFAULT = new SilverFold(32, 8);

    public SilverFold {
        if (maxSegments < 2 || deltaShare < 1) {
            throw new IllegalArgumentException("Cannot fold silver with maxSegments " + maxSegments
                    + " and deltaShare " + deltaShare + ": need at least 2 and 1");
        }
    }

    /**
     * @param segmentBytes the bytes of each current segment, the base first
     * @return whether the next run should fold them (false with no segment: the run writes the base)
     */
    public boolean due(List<Long> segmentBytes) {
        if (segmentBytes.isEmpty()) {
            return false;
        }
        long deltas = segmentBytes.stream().skip(1).mapToLong(Long::longValue).sum();
        return segmentBytes.size() >= maxSegments || deltas * deltaShare >= segmentBytes.get(0);
    }
}
