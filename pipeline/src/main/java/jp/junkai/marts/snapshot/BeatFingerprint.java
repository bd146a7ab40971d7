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
 * <p>Apart, in the part {@link #TIMELESS} that dates nothing: whether a unit is foreign-resident,
 * a card's language and its latest correction date. They change old snapshots too (attributes
 * without history, SPEC §6.9: every move-in may bring a foreign household, and a card corrected
 * today loses its earlier correction date), but only three counts read them, which a build
 * recomputes on the days it keeps of a beat whose part {@link #TIMELESS} changed
 * ({@link SnapshotEngine#recount}); dating them would recompute most beats every night.
 */
public final class BeatFingerprint {

    /** The part without anchor (the beat's own attributes). */
    public static final int ALL = Integer.MIN_VALUE;
    /**
     * The part of the attributes without history that only {@link SnapshotEngine#RECOUNTED} read:
     * no day of the beat is recomputed for it ({@link #changedFrom} passes over it), but kept days
     * are recounted when it changed ({@link #timelessChanged}).
     */
    public static final int TIMELESS = Integer.MIN_VALUE + 1;

    private BeatFingerprint() {
    }

    /** Month key (year × 12 + month − 1, or {@link #ALL}) → sum of the facts' hashes. */
    public static Map<Integer, Long> of(BeatHistory beat) {
        Parts parts = new Parts();
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
            // timeless facts only where they are set: a new unit or card changes its own months
            // already, and is not there on the days kept
            if (u.foreignResident) {
                add(parts, TIMELESS, fact(id, 9, 1, 0));
            }
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
                if (c.foreignLanguage() || c.lastCorrectedOn() != Days.NONE) {
                    add(parts, TIMELESS, fact(id, 10, pair(c.createdOn(), c.lastCorrectedOn()),
                            c.foreignLanguage() ? 1 : 0));
                }
            }
        }
        return parts.toMap();
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
            if (k == TIMELESS || Objects.equals(before.get(k), after.get(k))) {
                continue;
            }
            int from = k == ALL ? Integer.MIN_VALUE : Days.of(YearMonth.of(k / 12, k % 12 + 1).atDay(1));
            first = Math.min(first, from);
        }
        return first;
    }

    /**
     * Whether the attributes without history ({@link #TIMELESS}) differ between two fingerprints,
     * or there is no earlier one: then the days kept of the beat are recounted.
     */
    public static boolean timelessChanged(Map<Integer, Long> before, Map<Integer, Long> after) {
        return before == null || !Objects.equals(before.get(TIMELESS), after.get(TIMELESS));
    }

    /**
     * A fingerprint as the lake keeps it and a build shares it with its tasks: compact (a beat's
     * parts in two arrays, where boxed maps of 200,000 parts cost seconds to ship).
     *
     * @param months the part keys, ascending
     * @param hashes their sums, alike
     */
    public record Stored(int[] months, long[] hashes) implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        public static Stored of(Map<Integer, Long> parts) {
            Map<Integer, Long> sorted = new TreeMap<>(parts);
            int[] months = new int[sorted.size()];
            long[] hashes = new long[sorted.size()];
            int i = 0;
            for (Map.Entry<Integer, Long> e : sorted.entrySet()) {
                months[i] = e.getKey();
                hashes[i++] = e.getValue();
            }
            return new Stored(months, hashes);
        }

        public Map<Integer, Long> parts() {
            Map<Integer, Long> parts = new TreeMap<>();
            for (int i = 0; i < months.length; i++) {
                parts.put(months[i], hashes[i]);
            }
            return parts;
        }
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

    private static void add(Parts parts, int key, long hash) {
        parts.add(key, hash);
    }

    /**
     * The sums by part key while a fingerprint is computed: months in an array from the earliest
     * one seen (a beat's facts span a few years of months), {@link #ALL} and {@link #TIMELESS}
     * apart; a map of boxed keys cost a tenth of a night's pass.
     */
    private static final class Parts {
        private int base;
        private long[] sums;
        private boolean[] present;
        private final long[] special = new long[2];
        private final boolean[] specialPresent = new boolean[2];
        private final Map<Integer, Long> overflow = new TreeMap<>();
        private static final int MAX_SPAN = 12 * 400;

        void add(int key, long hash) {
            if (key == ALL || key == TIMELESS) {
                int i = key == ALL ? 0 : 1;
                special[i] += hash;
                specialPresent[i] = true;
                return;
            }
            if (sums != null && Math.max(base + sums.length, key + 32) - Math.min(base, key - 32) > MAX_SPAN) {
                overflow.merge(key, hash, Long::sum); // a month centuries away (a missing date, say)
                return;
            }
            if (sums == null) {
                base = key - 32;
                sums = new long[64];
                present = new boolean[64];
            } else if (key < base || key >= base + sums.length) {
                int from = Math.min(base, key - 32);
                int to = Math.max(base + sums.length, key + 32);
                long[] s = new long[to - from];
                boolean[] p = new boolean[to - from];
                System.arraycopy(sums, 0, s, base - from, sums.length);
                System.arraycopy(present, 0, p, base - from, present.length);
                base = from;
                sums = s;
                present = p;
            }
            sums[key - base] += hash;
            present[key - base] = true;
        }

        Map<Integer, Long> toMap() {
            Map<Integer, Long> out = new TreeMap<>(overflow);
            if (specialPresent[0]) {
                out.put(ALL, special[0]);
            }
            if (specialPresent[1]) {
                out.put(TIMELESS, special[1]);
            }
            for (int i = 0; sums != null && i < sums.length; i++) {
                if (present[i]) {
                    out.merge(base + i, sums[i], Long::sum);
                }
            }
            return out;
        }
    }

}
