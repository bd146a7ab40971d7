package jp.junkai.marts.snapshot;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jp.junkai.schema.rules.RuleFile;
import jp.junkai.schema.rules.RuleSet;

/**
 * The definitions of SPEC §5 for one beat at a time, in plain Java: turnover and band of the beat,
 * then every unit's status, coverage and cards under R(D). Spark distributes beats; this class
 * holds the arithmetic, so that each branch of the definitions is tested without Spark.
 *
 * <p>Serializable: Spark tasks carry it with its rule file.
 */
public final class SnapshotEngine implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The turnover and coverage window: (D − 365, D]. */
    public static final int WINDOW_DAYS = 365;

    private final RuleFile rules;

    public SnapshotEngine(RuleFile rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public RuleFile rules() {
        return rules;
    }

    /** The beat's turnover and band on day d, under R(d). */
    public BeatTurnover turnover(BeatHistory beat, int d) {
        RuleSet r = rules.ruleAt(Days.date(d));
        int from = d - WINDOW_DAYS;
        int events = 0;
        int activeStart = 0;
        int activeEnd = 0;
        for (UnitHistory u : beat.units()) {
            events += u.eventsIn(from, d);
            if (u.activeOn(from)) {
                activeStart++;
            }
            if (u.activeOn(d)) {
                activeEnd++;
            }
        }
        BeatTurnover t = new BeatTurnover(d, beat.beatCode(), events, activeStart, activeEnd, null, r.id());
        return new BeatTurnover(d, beat.beatCode(), events, activeStart, activeEnd, r.band(t.rate()), r.id());
    }

    /** Every unit of the beat on day d, given the beat's turnover on d. */
    public List<UnitStatus> statuses(BeatHistory beat, BeatTurnover turnover) {
        int d = turnover.asOf();
        RuleSet r = rules.ruleAt(Days.date(d));
        int next = Days.nextMonthEnd(d);
        RuleSet rNext = rules.ruleAt(Days.date(next));
        boolean[] counted = counted(r);
        boolean[] countedNext = counted(rNext);
        int fyStart = Days.fiscalYearStart(d);
        List<UnitStatus> out = new ArrayList<>(beat.units().size());
        for (UnitHistory u : beat.units()) {
            int interval = r.interval(u.unitKind(), turnover.band(), beat.areaType());
            out.add(status(u, d, r, interval, counted, countedNext, next, fyStart));
        }
        return out;
    }

    /** All turnovers and unit statuses of the beat on each day, in day order. */
    public List<UnitStatus> statuses(BeatHistory beat, int[] days) {
        List<UnitStatus> out = new ArrayList<>();
        for (int d : days) {
            out.addAll(statuses(beat, turnover(beat, d)));
        }
        return out;
    }

    static UnitStatus status(UnitHistory u, int d, RuleSet r, int interval, boolean[] counted,
                             boolean[] countedNext, int next, int fyStart) {
        boolean active = u.activeOn(d);
        boolean exempt = active && u.exemptOn(d);
        boolean eligible = active && !exempt;
        int occupantSince = u.occupantSince(d);
        int lastContact = u.lastContact(d, counted);
        boolean contactedSinceOccupant = lastContact != Days.NONE && lastContact >= occupantSince;
        int dueDate = contactedSinceOccupant ? lastContact + interval : occupantSince + r.newOccupantGraceDays();
        String status = null;
        int daysOverdue = 0;
        if (eligible) {
            if (d > dueDate) {
                status = UnitStatus.OVERDUE;
                daysOverdue = d - dueDate;
            } else {
                status = contactedSinceOccupant ? UnitStatus.COMPLIANT : UnitStatus.NOT_YET_DUE;
            }
        }
        int windowStart = d - WINDOW_DAYS;
        boolean attempted = eligible && u.visitsIn(windowStart, d) > 0;
        boolean contacted = eligible && lastContact != Days.NONE && lastContact > windowStart;
        boolean contactedFytd = eligible && lastContact != Days.NONE && lastContact >= fyStart;
        int visits12m = eligible ? u.visitsIn(windowStart, d) : 0;

        int activeCards = 0;
        int freshCards = 0;
        boolean foreignCard = false;
        int lastConfirmingVisit = u.lastCardConfirmingVisit(d);
        for (CardHistory c : u.cards) {
            if (!c.activeOn(d)) {
                continue;
            }
            activeCards++;
            if (fresh(c, d, lastConfirmingVisit, r)) {
                freshCards++;
            }
            foreignCard |= c.foreignLanguage();
        }
        int orphanCards = active ? 0 : activeCards;
        boolean foreignUnit = eligible && u.foreignResident;
        boolean dueNext = eligible && (d > dueDate || dueDate <= next);
        boolean clearedNext = u.contactIn(d, next, countedNext);
        return new UnitStatus(d, u.unitId, u.unitKind(), active, exempt, eligible, status, occupantSince,
                lastContact, dueDate, daysOverdue, interval, attempted, contacted, contactedFytd, visits12m,
                eligible && activeCards > 0, eligible ? activeCards : 0, eligible ? freshCards : 0, foreignUnit,
                foreignUnit && foreignCard, orphanCards, dueNext, clearedNext);
    }

    /**
     * Whether an active card is fresh on d: confirmed (made, corrected on or before d, or confirmed
     * by a visit) within the rule's card freshness.
     */
    private static boolean fresh(CardHistory c, int d, int lastConfirmingVisit, RuleSet r) {
        int lastConfirmed = c.createdOn();
        if (c.lastCorrectedOn() != Days.NONE && c.lastCorrectedOn() <= d) {
            lastConfirmed = Math.max(lastConfirmed, c.lastCorrectedOn());
        }
        if (lastConfirmingVisit != Days.NONE) {
            lastConfirmed = Math.max(lastConfirmed, lastConfirmingVisit);
        }
        return d - lastConfirmed <= r.cardFreshnessDays();
    }

    /** The counts a build recomputes on the days it keeps, in this order (names of {@link BeatCounts}). */
    public static final java.util.List<String> RECOUNTED = java.util.List.of("fresh_cards", "foreign_units",
            "foreign_units_with_foreign_card");

    /**
     * The beat's {@link #RECOUNTED} counts on day d, as {@link #status} counts them (fresh active
     * cards of eligible units; eligible foreign-resident units, and those of them with an active
     * card in a foreign language), without the rest of the statuses: the counts that read facts
     * without history which {@link BeatFingerprint} does not date (a card's latest correction date,
     * foreign residence, card language), recomputed on the days a build keeps of a beat where one
     * of them changed ({@link BeatFingerprint#TIMELESS}).
     */
    public long[] recount(BeatHistory beat, int d) {
        RuleSet r = rules.ruleAt(Days.date(d));
        long[] counts = new long[RECOUNTED.size()];
        for (UnitHistory u : beat.units()) {
            addRecount(u, d, r, counts, 1);
        }
        return counts;
    }

    /**
     * How the beat's {@link #RECOUNTED} counts on day d changed with its units' histories: those
     * now less those before ({@link BeatHistory.Changes}). The counts are sums over units, so the
     * rest of the beat's units, whose histories are as they were, change nothing; a build that
     * knows which units changed adds this to the earlier build's counts instead of recounting
     * every unit of the beat.
     */
    public long[] recountChange(BeatHistory.Changes changes, int d) {
        RuleSet r = rules.ruleAt(Days.date(d));
        long[] counts = new long[RECOUNTED.size()];
        for (UnitHistory u : changes.after()) {
            addRecount(u, d, r, counts, 1);
        }
        for (UnitHistory u : changes.before()) {
            addRecount(u, d, r, counts, -1);
        }
        return counts;
    }

    /** Adds (sign 1) or takes away (sign −1) one unit's part of the {@link #RECOUNTED} counts on day d. */
    private void addRecount(UnitHistory u, int d, RuleSet r, long[] counts, int sign) {
        if (!u.activeOn(d) || u.exemptOn(d)) {
            return;
        }
        boolean foreignCard = false;
        int lastConfirmingVisit = Days.NONE;
        boolean visitLooked = false;
        for (CardHistory c : u.cards) {
            if (!c.activeOn(d)) {
                continue;
            }
            if (!visitLooked) {
                lastConfirmingVisit = u.lastCardConfirmingVisit(d);
                visitLooked = true;
            }
            if (fresh(c, d, lastConfirmingVisit, r)) {
                counts[0] += sign;
            }
            foreignCard |= c.foreignLanguage();
        }
        if (u.foreignResident) {
            counts[1] += sign;
            counts[2] += foreignCard ? sign : 0;
        }
    }

    static boolean[] counted(RuleSet r) {
        boolean[] counted = new boolean[RuleSet.OUTCOMES.size()];
        for (int i = 0; i < counted.length; i++) {
            counted[i] = r.counts(RuleSet.OUTCOMES.get(i));
        }
        return counted;
    }
}
