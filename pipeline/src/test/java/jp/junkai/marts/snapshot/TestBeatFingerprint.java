package jp.junkai.marts.snapshot;

import static jp.junkai.marts.snapshot.Fixtures.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Per beat and anchor month, what the engine reads: which snapshots a change can reach. */
class TestBeatFingerprint {

    private static UnitHistory unit(String id, String registered, String closed, UnitHistory.Visit... visits) {
        return new UnitHistory(id, "household", day(registered), day(closed), Days.NONE, Days.NONE, false, visits,
                new int[0], new int[0], new CardHistory[0]);
    }

    private static UnitHistory.Visit visit(String on, int outcome) {
        return new UnitHistory.Visit(day(on), outcome, false);
    }

    private static Map<Integer, Long> fp(String areaType, UnitHistory... units) {
        return BeatFingerprint.of(new BeatHistory("B1", areaType, List.of(units)));
    }

    @Test
    void monthKeysFollowTheCalendarEveryDayFrom1900To2100() {
        for (java.time.LocalDate d = java.time.LocalDate.of(1900, 1, 1); d.getYear() < 2100; d = d.plusDays(1)) {
            int expected = d.getYear() * 12 + d.getMonthValue() - 1;
            if (BeatFingerprint.month(Math.toIntExact(d.toEpochDay())) != expected) {
                throw new AssertionError("month key of " + d);
            }
        }
        assertThat(BeatFingerprint.month(day("2024-02-29"))).isEqualTo(2024 * 12 + 1);
        assertThat(BeatFingerprint.month(day("1969-12-31"))).isEqualTo(1969 * 12 + 11);
    }

    @Test
    void factsCenturiesApartKeepTheirOwnMonths() {
        // a registration in 1500 and visits in 2024: months far apart (kept apart from the array
        // of nearby months), each under its own key, in any order of the units
        UnitHistory old = unit("U1", "1500-01-10", null, visit("2024-03-05", 0));
        UnitHistory recent = unit("U2", "2024-02-01", null, visit("2024-03-07", 1));
        UnitHistory ancient = unit("U3", "0900-06-01", null);
        Map<Integer, Long> a = fp("mixed", recent, old, ancient);
        Map<Integer, Long> b = fp("mixed", ancient, old, recent);
        assertThat(a).isEqualTo(b);
        assertThat(a.keySet()).containsExactly(BeatFingerprint.ALL, 900 * 12 + 5, 1500 * 12, 2024 * 12 + 1, 2024 * 12 + 2);
        // March holds both visits: dropping one changes March only
        Map<Integer, Long> fewer = fp("mixed", unit("U2", "2024-02-01", null), old, ancient);
        assertThat(BeatFingerprint.changedFrom(a, fewer)).isEqualTo(day("2024-03-01"));
    }

    @Test
    void theSameFactsInAnyOrderGiveTheSameFingerprint() {
        Map<Integer, Long> a = fp("mixed", unit("U1", "2024-01-10", null, visit("2024-03-05", 0), visit("2024-05-01", 1)),
                unit("U2", "2024-02-01", null));
        Map<Integer, Long> b = fp("mixed", unit("U2", "2024-02-01", null),
                unit("U1", "2024-01-10", null, visit("2024-05-01", 1), visit("2024-03-05", 0)));
        assertThat(a).isEqualTo(b);
        assertThat(BeatFingerprint.changedFrom(a, b)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aNewVisitChangesItsOwnMonthOnly() {
        Map<Integer, Long> before = fp("mixed", unit("U1", "2024-01-10", null, visit("2024-03-05", 0)));
        Map<Integer, Long> after = fp("mixed", unit("U1", "2024-01-10", null, visit("2024-03-05", 0),
                visit("2024-06-30", 0)));
        assertThat(BeatFingerprint.changedFrom(before, after)).isEqualTo(day("2024-06-01"));
        // a month-end's counts read the month after it (due units cleared then): May is
        // recomputed, April kept
        assertThat(BeatFingerprint.keeps(day("2024-04-30"), day("2024-06-01"))).isTrue();
        assertThat(BeatFingerprint.keeps(day("2024-05-31"), day("2024-06-01"))).isFalse();
        // the same visit twice is two visits: no cancelling out
        Map<Integer, Long> twice = fp("mixed", unit("U1", "2024-01-10", null, visit("2024-03-05", 0),
                visit("2024-06-30", 0), visit("2024-06-30", 0)));
        assertThat(BeatFingerprint.changedFrom(after, twice)).isEqualTo(day("2024-06-01"));
    }

    @Test
    void anOutcomeChangedOrAClosureAddedReachesBackToItsOwnDay() {
        Map<Integer, Long> before = fp("mixed", unit("U1", "2024-01-10", null, visit("2024-03-05", 0)));
        assertThat(BeatFingerprint.changedFrom(before,
                fp("mixed", unit("U1", "2024-01-10", null, visit("2024-03-05", 2))))).isEqualTo(day("2024-03-01"));
        assertThat(BeatFingerprint.changedFrom(before,
                fp("mixed", unit("U1", "2024-01-10", "2024-08-15", visit("2024-03-05", 0))))).isEqualTo(day("2024-08-01"));
    }

    @Test
    void aUnitLeavingOrJoiningReachesBackToItsFirstDay() {
        // U2's first fact is a visit before its registration: it counts from then
        UnitHistory u2 = unit("U2", "2024-02-01", null, visit("2023-11-20", 0));
        Map<Integer, Long> with = fp("mixed", unit("U1", "2024-01-10", null), u2);
        Map<Integer, Long> without = fp("mixed", unit("U1", "2024-01-10", null));
        assertThat(BeatFingerprint.changedFrom(with, without)).isEqualTo(day("2023-11-01"));
        assertThat(BeatFingerprint.changedFrom(without, with)).isEqualTo(day("2023-11-01"));
    }

    @Test
    void theAreaTypeOrANewBeatChangesEverySnapshot() {
        Map<Integer, Long> mixed = fp("mixed", unit("U1", "2024-01-10", null));
        assertThat(BeatFingerprint.changedFrom(mixed, fp("rural", unit("U1", "2024-01-10", null))))
                .isEqualTo(Integer.MIN_VALUE);
        assertThat(BeatFingerprint.changedFrom(null, mixed)).isEqualTo(Integer.MIN_VALUE);
        assertThat(BeatFingerprint.keeps(day("1990-01-31"), Integer.MIN_VALUE)).isFalse();
        assertThat(BeatFingerprint.keeps(day("2030-01-31"), Integer.MAX_VALUE)).isTrue();
    }

    @Test
    void foreignResidenceCardLanguageAndCorrectionDatesAreLeftOutAndRecounted() {
        UnitHistory local = local();
        UnitHistory foreign = foreign();
        // no day is recomputed for them: the kept days are recounted instead (SnapshotEngine.recount)
        assertThat(BeatFingerprint.changedFrom(fp("mixed", local), fp("mixed", foreign))).isEqualTo(Integer.MAX_VALUE);
        assertThat(BeatFingerprint.timelessChanged(fp("mixed", local), fp("mixed", foreign))).isTrue();
        // each of the three alone is a change; nothing else is, and no earlier fingerprint recounts
        CardHistory card = new CardHistory(day("2024-01-12"), Days.NONE, day("2024-02-01"), false);
        assertThat(BeatFingerprint.timelessChanged(fp("mixed", local), fp("mixed", withCard(local, true, card))))
                .isTrue();
        assertThat(BeatFingerprint.timelessChanged(fp("mixed", local), fp("mixed", withCard(local, false,
                new CardHistory(day("2024-01-12"), Days.NONE, day("2024-02-01"), true))))).isTrue();
        assertThat(BeatFingerprint.timelessChanged(fp("mixed", local), fp("mixed", withCard(local, false,
                new CardHistory(day("2024-01-12"), Days.NONE, day("2024-03-01"), false))))).isTrue();
        assertThat(BeatFingerprint.timelessChanged(fp("mixed", local), fp("mixed", withCard(local, false, card))))
                .isFalse();
        assertThat(BeatFingerprint.timelessChanged(fp("mixed", local), fp("mixed", withCard(local, false, card),
                unit("U2", "2024-05-01", null, visit("2024-06-01", 0))))).isFalse();
        assertThat(BeatFingerprint.timelessChanged(null, fp("mixed", local))).isTrue();
        // card freshness 100 days (Fixtures.Rules): fresh_cards, foreign_units, with a foreign card
        SnapshotEngine engine = Fixtures.engine(new Fixtures.Rules());
        BeatHistory beat = new BeatHistory("B1", "mixed", List.of(foreign));
        assertThat(engine.recount(beat, day("2024-01-11"))).containsExactly(0, 1, 0);
        assertThat(engine.recount(beat, day("2024-01-12"))).containsExactly(1, 1, 1);
        // made on 01-12: stale after 100 days, until the correction of 09-01 counts
        assertThat(engine.recount(beat, day("2024-04-21"))).containsExactly(1, 1, 1);
        assertThat(engine.recount(beat, day("2024-04-22"))).containsExactly(0, 1, 1);
        assertThat(engine.recount(beat, day("2024-09-01"))).containsExactly(1, 1, 1);
        assertThat(engine.recount(beat, day("2024-01-09"))).containsExactly(0, 0, 0);
        // the same as the full statuses count them
        for (String d : List.of("2024-01-12", "2024-04-22", "2024-09-01")) {
            BeatCounts full = BeatCounts.of(engine.turnover(beat, day(d)), engine.statuses(beat, engine.turnover(beat, day(d))));
            assertThat(engine.recount(beat, day(d))).containsExactly(full.get("fresh_cards"), full.get("foreign_units"),
                    full.get("foreign_units_with_foreign_card"));
        }
    }

    @Test
    void aRecountChangeIsTheChangedUnitsCountsNowLessThoseBefore() {
        // U1 as in the test above: Japanese card corrected on 02-01, then foreign with a card in a
        // foreign language corrected on 09-01; U2 unchanged, its card made on 04-01
        UnitHistory local = local();
        UnitHistory foreign = foreign();
        UnitHistory other = withCard(unit("U2", "2023-12-01", null), false,
                new CardHistory(day("2024-04-01"), Days.NONE, Days.NONE, false));
        SnapshotEngine engine = Fixtures.engine(new Fixtures.Rules());
        BeatHistory.Changes changes = new BeatHistory.Changes(List.of(local), List.of(foreign));

        // 04-22: U1's card was fresh (corrected 02-01, 81 days) and is stale now (the 09-01
        // correction is in the future; made 101 days ago); U1 is foreign now, with a foreign card
        assertThat(engine.recountChange(changes, day("2024-04-22"))).containsExactly(-1, 1, 1);
        // 01-11: no card yet; U1 foreign now
        assertThat(engine.recountChange(changes, day("2024-01-11"))).containsExactly(0, 1, 0);
        // 01-09: U1 not registered yet, before or after
        assertThat(engine.recountChange(changes, day("2024-01-09"))).containsExactly(0, 0, 0);
        // U1 gone from the beat (moved away): its part before is taken away
        assertThat(engine.recountChange(new BeatHistory.Changes(List.of(local), List.of()), day("2024-04-22")))
                .containsExactly(-1, 0, 0);
        // the earlier counts plus the change are the counts now, U2 counted in neither change
        BeatHistory before = new BeatHistory("B1", "mixed", List.of(local, other));
        BeatHistory after = new BeatHistory("B1", "mixed", List.of(foreign, other));
        for (String d : List.of("2024-01-11", "2024-04-02", "2024-04-22", "2024-09-01", "2024-12-31")) {
            long[] was = engine.recount(before, day(d));
            long[] change = engine.recountChange(changes, day(d));
            long[] now = engine.recount(after, day(d));
            assertThat(new long[] {was[0] + change[0], was[1] + change[1], was[2] + change[2]}).as(d)
                    .containsExactly(now);
        }
        assertThat(engine.recount(after, day("2024-04-22"))).containsExactly(1, 1, 1);
    }

    /** U1, registered 2024-01-10, with a Japanese card made 01-12 and corrected 02-01. */
    private static UnitHistory local() {
        return new UnitHistory("U1", "household", day("2024-01-10"), Days.NONE, Days.NONE, Days.NONE,
                false, new UnitHistory.Visit[0], new int[0], new int[0],
                new CardHistory[] {new CardHistory(day("2024-01-12"), Days.NONE, day("2024-02-01"), false)});
    }

    /** U1 foreign-resident, its card (made 01-12) in a foreign language, corrected 09-01. */
    private static UnitHistory foreign() {
        return new UnitHistory("U1", "household", day("2024-01-10"), Days.NONE, Days.NONE, Days.NONE,
                true, new UnitHistory.Visit[0], new int[0], new int[0],
                new CardHistory[] {new CardHistory(day("2024-01-12"), Days.NONE, day("2024-09-01"), true)});
    }

    private static UnitHistory withCard(UnitHistory u, boolean foreignResident, CardHistory card) {
        return new UnitHistory(u.unitId, "household", u.registeredOn, u.closedOn, u.exemptFrom, u.exemptTo,
                foreignResident, new UnitHistory.Visit[0], new int[0], new int[0], new CardHistory[] {card});
    }

    @Test
    void theStoredFormKeepsEveryPart() {
        Map<Integer, Long> parts = fp("mixed", unit("U1", "2024-01-10", "2024-08-15", visit("2024-03-05", 0)),
                withCard(unit("U2", "2023-12-01", null), true, new CardHistory(day("2023-12-01"), Days.NONE, Days.NONE,
                        false)));
        BeatFingerprint.Stored stored = BeatFingerprint.Stored.of(parts);
        assertThat(stored.months()).isSorted().contains(BeatFingerprint.ALL, BeatFingerprint.TIMELESS,
                2023 * 12 + 11, 2024 * 12, 2024 * 12 + 2, 2024 * 12 + 7);
        assertThat(stored.parts()).isEqualTo(parts);
    }

    @Test
    void cardsAndExemptionsCountFromTheirOwnDates() {
        UnitHistory plain = new UnitHistory("U1", "household", day("2024-01-10"), Days.NONE, Days.NONE, Days.NONE,
                false, new UnitHistory.Visit[0], new int[0], new int[0],
                new CardHistory[] {new CardHistory(day("2024-01-12"), Days.NONE, Days.NONE, false)});
        UnitHistory archived = new UnitHistory("U1", "household", day("2024-01-10"), Days.NONE, Days.NONE, Days.NONE,
                false, new UnitHistory.Visit[0], new int[0], new int[0],
                new CardHistory[] {new CardHistory(day("2024-01-12"), day("2024-09-02"), Days.NONE, false)});
        UnitHistory exempt = new UnitHistory("U1", "household", day("2024-01-10"), Days.NONE, day("2024-07-01"),
                day("2024-12-31"), false, new UnitHistory.Visit[0], new int[0], new int[0],
                new CardHistory[] {new CardHistory(day("2024-01-12"), Days.NONE, Days.NONE, false)});
        assertThat(BeatFingerprint.changedFrom(fp("mixed", plain), fp("mixed", archived))).isEqualTo(day("2024-09-01"));
        assertThat(BeatFingerprint.changedFrom(fp("mixed", plain), fp("mixed", exempt))).isEqualTo(day("2024-07-01"));
    }
}
