package jp.junkai.marts.snapshot;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;

/**
 * A fingerprint of everything the snapshot engine reads about one beat, in parts by the month of
 * each fact's <em>anchor</em>: the earliest day from which it can change one of the beat's
 * snapshots. Two builds whose fingerprints of a beat agree on every month before M computed the
 * same snapshots of that beat on every day whose reads end before M, so a later build keeps them
 * (incremental recompute, per beat).
 *
 * <p>Anchors: the beat's area type has none (SPEC §6.9: it applies to every snapshot, key
 * {@link #ALL}); a unit's membership and attributes, its first day (registration, or an earlier
 * card, move or visit: an orphan card or a move counts in the beat before the unit is
 * registered); a closure, exemption, visit, move and card date, their own day. Each part is the
 * sum of 64-bit hashes of its facts, so moving a unit to another beat changes both beats from the
 * unit's first day, and a repeated fact counts twice.
 *
 * <p>Left out: whether a unit is foreign-resident, a card's language and its latest correction
 * date. They change old snapshots too (attributes without history, SPEC §6.9: every move-in may
 * bring a foreign household, and a card corrected today loses its earlier correction date), but
 * only three counts read them, which a build recomputes on every day it keeps
 * ({@link SnapshotEngine#recount}); leaving them in would recompute most beats every night.
 */
public final class BeatFingerprint {

    /** The part without anchor (the beat's own attributes). */
    public static final int ALL = Integer.MIN_VALUE;

    private BeatFingerprint() {
    }

    /** Month key (year × 12 + month − 1, or {@link #ALL}) → sum of the facts' hashes. */
    public static Map<Integer, Long> of(BeatHistory beat) {
        Map<Integer, Long> parts = new TreeMap<>();
        add(parts, ALL, fact(text(beat.beatCode()), 0, text(beat.areaType()), 0));
        for (UnitHistory u : beat.units()) {
            // a fact's hash mixes the unit's id hash, a tag per kind of fact and its fields
            long id = text(u.unitId);
            int first = u.registeredOn;
            for (int d : u.visitDays) {
                first = Math.min(first, d);
            }
            for (int d : u.moves) {
                first = Math.min(first, d);
            }
            for (CardHistory c : u.cards) {
                first = Math.min(first, c.createdOn());
            }
            add(parts, month(first), fact(id, 1, pair(u.registeredOn, first), u.business ? 1 : 0));
            if (u.closedOn != Days.NONE) {
                add(parts, month(u.closedOn), fact(id, 2, u.closedOn, 0));
            }
            if (u.exemptFrom != Days.NONE) {
                int anchor = u.exemptTo == Days.NONE ? u.exemptFrom : Math.min(u.exemptFrom, u.exemptTo);
                add(parts, month(anchor), fact(id, 3, pair(u.exemptFrom, u.exemptTo), 0));
            }
            for (int i = 0; i < u.visitDays.length; i++) {
                add(parts, month(u.visitDays[i]), fact(id, 4, u.visitDays[i],
                        u.visitOutcomes[i] * 2 + (u.visitConfirmsCard[i] ? 1 : 0)));
            }
            for (int d : u.moveIns) {
                add(parts, month(d), fact(id, 5, d, 0));
            }
            for (int d : u.moves) {
                add(parts, month(d), fact(id, 6, d, 0));
            }
            for (CardHistory c : u.cards) {
                add(parts, month(c.createdOn()), fact(id, 7, c.createdOn(), 0));
                if (c.archivedOn() != Days.NONE) {
                    add(parts, month(c.archivedOn()), fact(id, 8, pair(c.createdOn(), c.archivedOn()), 0));
                }
            }
        }
        return parts;
    }

    /**
     * The first day from which the beat's snapshots may differ between two fingerprints:
     * {@link Integer#MAX_VALUE} when they are equal, {@link Integer#MIN_VALUE} when the part
     * without anchor differs or there is no earlier fingerprint (a new beat).
     */
    public static int changedFrom(Map<Integer, Long> before, Map<Integer, Long> after) {
        if (before == null) {
            return Integer.MIN_VALUE;
        }
        Set<Integer> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        int first = Integer.MAX_VALUE;
        for (int k : keys) {
            if (Objects.equals(before.get(k), after.get(k))) {
                continue;
            }
            int from = k == ALL ? Integer.MIN_VALUE : Days.of(YearMonth.of(k / 12, k % 12 + 1).atDay(1));
            first = Math.min(first, from);
        }
        return first;
    }

    /**
     * Whether a snapshot on day d can be kept when the beat's inputs changed from day
     * {@code changedFrom}: its reads end before then. A day's counts read up to the end of the
     * month after it (the due units cleared in the next month).
     */
    public static boolean keeps(int d, int changedFrom) {
        return Days.nextMonthEnd(d) < changedFrom;
    }

    /**
     * The month key of an epoch day (year × 12 + month − 1), by Howard Hinnant's civil-from-days
     * arithmetic: called for every visit, where a {@code LocalDate} each would cost more than the
     * rest of the fingerprint.
     */
    static int month(int day) {
        long z = day + 719468L;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return (int) (y * 12 + m - 1);
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) ^ (b & 0xFFFFFFFFL);
    }

    private static long text(String s) {
        byte[] b = s == null ? new byte[] {-1} : s.getBytes(StandardCharsets.UTF_8);
        return XXH64.hashUnsafeBytes(b, Platform.BYTE_ARRAY_OFFSET, b.length, 0x9E3779B97F4A7C15L);
    }

    /** A fact's 64-bit hash: the fields mixed in turn with the SplitMix64 finalizer. */
    private static long fact(long id, int tag, long a, long b) {
        long h = mix(id ^ (tag * 0x9E3779B97F4A7C15L));
        h = mix(h ^ a);
        return mix(h ^ (b + 0x632BE59BD9B4E019L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void add(Map<Integer, Long> parts, int key, long hash) {
        parts.merge(key, hash, Long::sum);
    }

}
