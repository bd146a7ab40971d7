package jp.junkai.marts.snapshot;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;

import org.apache.spark.broadcast.Broadcast;

/**
 * What a build may keep of the previous one (incremental recompute, per beat): that build's unit
 * status folder, the days it computed and each beat's {@link BeatFingerprint}. Both builds
 * partition the beats alike (same partition count), so a task holds the same beats as the task of
 * the same number did then, and keeps a day of a bucket of its beats by linking that file. Partitions
 * that lost a beat since (a beat deleted) are recomputed whole.
 *
 * @param previousFolder     the previous build's unit status table
 * @param previousDays       the days (epoch days) it computed
 * @param fingerprints       beat → its fingerprint then
 * @param dirtyPartitions    partitions to recompute on every day
 */
public record SnapshotReuse(String previousFolder, Set<Integer> previousDays,
                            Broadcast<Map<String, BeatFingerprint.Stored>> fingerprints, Set<Integer> dirtyPartitions)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The first day from which this beat's snapshots may differ from the previous build's. */
    int changedFrom(BeatHistory beat, Map<Integer, Long> now) {
        return BeatFingerprint.changedFrom(before(beat), now);
    }

    /**
     * Whether the kept days of this beat need {@link SnapshotEngine#RECOUNTED} recounted (its
     * attributes without history changed); else the previous build's counts stand.
     */
    boolean recounts(BeatHistory beat, Map<Integer, Long> now) {
        return BeatFingerprint.timelessChanged(before(beat), now);
    }

    private Map<Integer, Long> before(BeatHistory beat) {
        BeatFingerprint.Stored stored = fingerprints.value().get(beat.beatCode());
        return stored == null ? null : stored.parts();
    }
}
