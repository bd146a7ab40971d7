package jp.junkai.marts.snapshot;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

import jp.junkai.schema.rules.RuleSet;

/**
 * Everything the snapshots need to know about one unit (a household or business, 世帯・事業所):
 * its dated attributes, the visits to it, its move-in and move-out card changes and its cards.
 * Dates are epoch days ({@link Days}); visits are kept sorted by day so that "the latest visit on
 * or before D" is a binary search.
 *
 * <p>Built from the lake's current state: deleted records are absent, and a card change belongs
 * to the unit its own {@code unit_id} names (SPEC §6.9).
 */
public final class UnitHistory implements Serializable {

    private static final long serialVersionUID = 1L;

    final String unitId;
    final boolean business;
    final int registeredOn;
    final int closedOn;
    final int exemptFrom;
    final int exemptTo;
    final boolean foreignResident;
    final int[] visitDays;
    /** Index of each visit's outcome in {@link RuleSet#OUTCOMES}. */
    final byte[] visitOutcomes;
    /** Whether each visit's card_action is {@code corrected} or {@code confirmed}. */
    final boolean[] visitConfirmsCard;
    final int[] moveIns;
    /** Days of move_in and move_out changes together: each is one turnover event. */
    final int[] moves;
    final CardHistory[] cards;

    /**
     * @param unitKind     {@code household} or {@code business}
     * @param visits       the unit's visits, any order
     * @param moveInDays   days of its {@code move_in} card changes
     * @param moveOutDays  days of its {@code move_out} card changes
     */
    public UnitHistory(String unitId, String unitKind, int registeredOn, int closedOn, int exemptFrom, int exemptTo,
                       boolean foreignResident, Visit[] visits, int[] moveInDays, int[] moveOutDays,
                       CardHistory[] cards) {
        this.unitId = Objects.requireNonNull(unitId, "unitId");
        if (!RuleSet.UNIT_KINDS.contains(unitKind)) {
            throw new IllegalArgumentException("Cannot describe unit " + unitId + ": unknown unit kind " + unitKind);
        }
        if (registeredOn == Days.NONE) {
            throw new IllegalArgumentException("Cannot describe unit " + unitId + ": no registered_on");
        }
        this.business = "business".equals(unitKind);
        this.registeredOn = registeredOn;
        this.closedOn = closedOn;
        this.exemptFrom = exemptFrom;
        this.exemptTo = exemptTo;
        this.foreignResident = foreignResident;
        Visit[] sorted = visits.clone();
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.day(), b.day()));
        this.visitDays = new int[sorted.length];
        this.visitOutcomes = new byte[sorted.length];
        this.visitConfirmsCard = new boolean[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            visitDays[i] = sorted[i].day();
            visitOutcomes[i] = (byte) sorted[i].outcomeIndex();
            visitConfirmsCard[i] = sorted[i].confirmsCard();
        }
        this.moveIns = moveInDays.clone();
        Arrays.sort(this.moveIns);
        this.moves = new int[moveInDays.length + moveOutDays.length];
        System.arraycopy(moveInDays, 0, moves, 0, moveInDays.length);
        System.arraycopy(moveOutDays, 0, moves, moveInDays.length, moveOutDays.length);
        Arrays.sort(this.moves);
        this.cards = cards.clone();
    }

    public String unitId() {
        return unitId;
    }

    public String unitKind() {
        return business ? "business" : "household";
    }

    /** Active on d: registered on or before d and not closed on or before d. */
    public boolean activeOn(int d) {
        return registeredOn <= d && (closedOn == Days.NONE || closedOn > d);
    }

    /**
     * Exempt on d: {@code exempt_from ≤ d ≤ exempt_to} (an open end never ends). An exemption
     * without {@code exempt_from}, or ending before it starts, never applies (SPEC §6.15).
     */
    public boolean exemptOn(int d) {
        if (exemptFrom == Days.NONE || exemptTo != Days.NONE && exemptTo < exemptFrom) {
            return false;
        }
        return exemptFrom <= d && (exemptTo == Days.NONE || exemptTo >= d);
    }

    /** Turnover events of this unit with a day in (from, to]: moves, registration and closure. */
    int eventsIn(int from, int to) {
        int n = countIn(moves, from, to);
        if (registeredOn > from && registeredOn <= to) {
            n++;
        }
        if (closedOn != Days.NONE && closedOn > from && closedOn <= to) {
            n++;
        }
        return n;
    }

    /** The latest of registered_on and every move-in on or before d. */
    int occupantSince(int d) {
        int i = lastAtOrBefore(moveIns, d);
        return i < 0 ? registeredOn : Math.max(registeredOn, moveIns[i]);
    }

    /** The latest day ≤ d of a visit with a counted outcome, or {@link Days#NONE}. */
    int lastContact(int d, boolean[] counted) {
        for (int i = lastAtOrBefore(visitDays, d); i >= 0; i--) {
            if (counted[visitOutcomes[i]]) {
                return visitDays[i];
            }
        }
        return Days.NONE;
    }

    /** Whether a visit with a counted outcome is dated in (from, to]. */
    boolean contactIn(int from, int to, boolean[] counted) {
        for (int i = lastAtOrBefore(visitDays, to); i >= 0 && visitDays[i] > from; i--) {
            if (counted[visitOutcomes[i]]) {
                return true;
            }
        }
        return false;
    }

    /** Visits of any outcome dated in (from, to]. */
    int visitsIn(int from, int to) {
        return countIn(visitDays, from, to);
    }

    /** The latest day ≤ d of a visit whose card_action corrected or confirmed the card, or NONE. */
    int lastCardConfirmingVisit(int d) {
        for (int i = lastAtOrBefore(visitDays, d); i >= 0; i--) {
            if (visitConfirmsCard[i]) {
                return visitDays[i];
            }
        }
        return Days.NONE;
    }

    /** Number of sorted days in (from, to]. */
    static int countIn(int[] sortedDays, int from, int to) {
        return lastAtOrBefore(sortedDays, to) - lastAtOrBefore(sortedDays, from);
    }

    /** Index of the last sorted day ≤ d, or -1. */
    static int lastAtOrBefore(int[] sortedDays, int d) {
        int lo = 0;
        int hi = sortedDays.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedDays[mid] <= d) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * One visit as the unit's snapshots see it.
     *
     * @param day          the Japan-time date of visited_at, as an epoch day
     * @param outcomeIndex index of the outcome in {@link RuleSet#OUTCOMES}
     * @param confirmsCard card_action is {@code corrected} or {@code confirmed}
     */
    public record Visit(int day, int outcomeIndex, boolean confirmsCard) implements Serializable {
        private static final long serialVersionUID = 1L;

        public static Visit of(int day, String outcome, String cardAction) {
            int index = outcome == null ? -1 : RuleSet.OUTCOMES.indexOf(outcome);
            if (index < 0) {
                throw new IllegalArgumentException("Cannot describe a visit with unknown outcome " + outcome);
            }
            return new Visit(day, index, "corrected".equals(cardAction) || "confirmed".equals(cardAction));
        }
    }
}
