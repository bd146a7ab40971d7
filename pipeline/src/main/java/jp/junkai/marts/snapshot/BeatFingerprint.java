package jp.junkai.marts.snapshot;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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
        Hasher h = new Hasher();
        add(parts, ALL, h.start(0).text(beat.beatCode()).text(beat.areaType()).done());
        for (UnitHistory u : beat.units()) {
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
            add(parts, month(first), h.start(1).text(u.unitId).bit(u.business).day(u.registeredOn).day(first).done());
            if (u.closedOn != Days.NONE) {
                add(parts, month(u.closedOn), h.start(2).text(u.unitId).day(u.closedOn).done());
            }
            if (u.exemptFrom != Days.NONE) {
                int anchor = u.exemptTo == Days.NONE ? u.exemptFrom : Math.min(u.exemptFrom, u.exemptTo);
                add(parts, month(anchor), h.start(3).text(u.unitId).day(u.exemptFrom).day(u.exemptTo).done());
            }
            for (int i = 0; i < u.visitDays.length; i++) {
                add(parts, month(u.visitDays[i]), h.start(4).text(u.unitId).day(u.visitDays[i])
                        .day(u.visitOutcomes[i]).bit(u.visitConfirmsCard[i]).done());
            }
            for (int d : u.moveIns) {
                add(parts, month(d), h.start(5).text(u.unitId).day(d).done());
            }
            for (int d : u.moves) {
                add(parts, month(d), h.start(6).text(u.unitId).day(d).done());
            }
            for (CardHistory c : u.cards) {
                add(parts, month(c.createdOn()), h.start(7).text(u.unitId).day(c.createdOn()).done());
                if (c.archivedOn() != Days.NONE) {
                    add(parts, month(c.archivedOn()), h.start(8).text(u.unitId).day(c.createdOn()).day(c.archivedOn())
                            .done());
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

    private static int month(int day) {
        LocalDate d = LocalDate.ofEpochDay(day);
        return d.getYear() * 12 + d.getMonthValue() - 1;
    }

    private static void add(Map<Integer, Long> parts, int key, long hash) {
        parts.merge(key, hash, Long::sum);
    }

    /** Hashes a fact's fields in order: a tag, then each field, with XXH64 over a small buffer. */
    private static final class Hasher {
        private byte[] buffer = new byte[64];
        private int used;

        Hasher start(int tag) {
            used = 0;
            return integer(tag);
        }

        Hasher text(String s) {
            byte[] b = s == null ? new byte[] {-1} : s.getBytes(StandardCharsets.UTF_8);
            integer(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buffer, used, b.length);
            used += b.length;
            return this;
        }

        Hasher day(int d) {
            return integer(d);
        }

        Hasher bit(boolean b) {
            return integer(b ? 1 : 0);
        }

        private Hasher integer(int v) {
            ensure(4);
            buffer[used++] = (byte) (v >>> 24);
            buffer[used++] = (byte) (v >>> 16);
            buffer[used++] = (byte) (v >>> 8);
            buffer[used++] = (byte) v;
            return this;
        }

        private void ensure(int n) {
            if (used + n > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, used + n));
            }
        }

        long done() {
            return XXH64.hashUnsafeBytes(buffer, Platform.BYTE_ARRAY_OFFSET, used, 0x9E3779B97F4A7C15L);
        }
    }
}
