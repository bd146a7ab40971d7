package jp.junkai.marts.snapshot;

import static jp.junkai.marts.snapshot.Fixtures.beat;
import static jp.junkai.marts.snapshot.Fixtures.concat;
import static jp.junkai.marts.snapshot.Fixtures.day;
import static jp.junkai.marts.snapshot.Fixtures.engine;
import static jp.junkai.marts.snapshot.Fixtures.quiet;
import static jp.junkai.marts.snapshot.Fixtures.rules;
import static jp.junkai.marts.snapshot.Fixtures.status;
import static jp.junkai.marts.snapshot.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jp.junkai.marts.snapshot.Fixtures.Unit;

/**
 * Turnover (SPEC §5 "Turnover", §6.13, §6.20) and the band's effect on the required interval.
 * Default rules: bands medium 0.10 / high 0.25; household 300 / 200 / 100, business 400 / 350 / 250.
 */
class TestBeatTurnover {

    static final SnapshotEngine DEFAULT = engine(rules());

    static BeatTurnover turnover(SnapshotEngine e, BeatHistory b, String d) {
        return e.turnover(b, day(d));
    }

    /** A unit registered 2000-01-01 with one move-in per date: active at both ends, one event each. */
    static Unit mover(String id, String... moveIns) {
        Unit u = unit(id).registered("2000-01-01");
        for (String m : moveIns) {
            u.moveIn(m);
        }
        return u;
    }

    @Nested
    class Events {

        @Test
        void eventsCountLiterallyInsideTheHalfOpenWindow() {
            // D = 2024-06-30, D − 365 = 2023-07-01 (the window crosses 2024-02-29); window (2023-07-01, 2024-06-30]
            BeatHistory b = beat(
                    // registered and closed in the window: 2 events; active at neither end
                    unit("twice").registered("2024-01-10").closed("2024-05-01"),
                    // a move-out and a move-in: 2 events; active at both ends
                    unit("moved").registered("2000-01-01").moveOut("2024-03-01").moveIn("2024-03-10"),
                    // move-in on D − 365 is outside, on D inside, move-out after D outside: 1 event
                    unit("edges").registered("2000-01-01").moveIn("2023-07-01").moveIn("2024-06-30")
                            .moveOut("2024-07-01"),
                    // registered on D − 365: outside the window (0 events) but active on D − 365
                    unit("regAtStart").registered("2023-07-01"),
                    // closed on D: 1 event; active on D − 365, not on D
                    unit("closedAtD").registered("2000-01-01").closed("2024-06-30"),
                    // closed on D − 365: outside (0 events), not active on D − 365
                    unit("closedAtStart").registered("2000-01-01").closed("2023-07-01"),
                    // everything after D: nothing
                    unit("future").registered("2024-07-01").moveIn("2024-07-05"),
                    // exempt: 0 events, still in both active counts
                    unit("exempt").registered("2000-01-01").exempt("2020-01-01", null),
                    // registered inside: 1 event; active on D only
                    unit("regInWindow").registered("2024-02-01"));
            BeatTurnover t = turnover(DEFAULT, b, "2024-06-30");
            // events = 2 + 2 + 1 + 0 + 1 + 0 + 0 + 0 + 1 = 7
            assertThat(t.events()).isEqualTo(7);
            // on 2023-07-01: moved, edges, regAtStart, closedAtD, exempt = 5
            assertThat(t.activeStart()).isEqualTo(5);
            // on 2024-06-30: moved, edges, regAtStart, exempt, regInWindow = 5
            assertThat(t.activeEnd()).isEqualTo(5);
            // base = (5 + 5) / 2 = 5; rate = 7 / 5 = 1.4 ≥ 0.25 → high
            assertThat(t.base()).isEqualTo(5.0);
            assertThat(t.rate()).isEqualTo(1.4);
            assertThat(t.band()).isEqualTo("high");
            assertThat(t.ruleSetId()).isEqualTo("R1");
            assertThat(t.beatCode()).isEqualTo("B1");
            assertThat(t.asOf()).isEqualTo(day("2024-06-30"));
        }

        @Test
        void baseIsTheMeanOfBothEndsWithExemptUnitsIncluded() {
            BeatHistory b = beat(
                    unit("a").registered("2000-01-01"),
                    unit("exemptOpen").registered("2000-01-01").exempt("2000-01-01", null),
                    unit("exemptEnded").registered("2000-01-01").exempt("2022-01-01", "2023-12-31"),
                    unit("new").registered("2024-01-01"));
            BeatTurnover t = turnover(DEFAULT, b, "2024-06-30");
            // start (2023-07-01): a, exemptOpen, exemptEnded = 3; end: all 4 → base 3.5
            // events: "new" registered in the window = 1 → rate 1 / 3.5 = 2/7 ≈ 0.286 → high
            assertThat(t.activeStart()).isEqualTo(3);
            assertThat(t.activeEnd()).isEqualTo(4);
            assertThat(t.base()).isEqualTo(3.5);
            assertThat(t.rate()).isEqualTo(2.0 / 7);
            assertThat(t.band()).isEqualTo("high");
        }

        @Test
        void windowAcross29FebruaryIsExactly365Days() {
            // D = 2025-02-28: D − 365 = 2024-02-29 → window (2024-02-29, 2025-02-28]
            BeatHistory b = beat(
                    mover("mover", "2024-02-29", "2024-03-01"),   // 2024-02-29 outside, 2024-03-01 inside: 1
                    unit("regLeap").registered("2024-02-29"),     // 0 events, active at both ends
                    unit("closedLeap").registered("2000-01-01").closed("2024-02-29"), // 0, active at neither
                    unit("regNext").registered("2024-03-01"));    // 1 event, active on D only
            BeatTurnover t = turnover(DEFAULT, b, "2025-02-28");
            // events 2; start: mover, regLeap = 2; end: mover, regLeap, regNext = 3; base 2.5; rate 0.8
            assertThat(t.events()).isEqualTo(2);
            assertThat(t.activeStart()).isEqualTo(2);
            assertThat(t.activeEnd()).isEqualTo(3);
            assertThat(t.rate()).isEqualTo(0.8);
        }

        @Test
        void windowEndingOnTheLastDayOfALeapYear() {
            // D = 2024-12-31: 2024 has 366 days, D − 365 = 2024-01-01 → window (2024-01-01, 2024-12-31]
            BeatHistory b = beat(mover("m", "2023-12-31", "2024-01-01", "2024-01-02"),
                    unit("closedStart").registered("2000-01-01").closed("2024-01-01"),
                    unit("closedNext").registered("2000-01-01").closed("2024-01-02"));
            BeatTurnover t = turnover(DEFAULT, b, "2024-12-31");
            // only the 2024-01-02 move-in and the 2024-01-02 closure are inside: 2 events
            // start (2024-01-01): m, closedNext = 2 (closedStart closed on it); end: m = 1; base 1.5
            assertThat(t.events()).isEqualTo(2);
            assertThat(t.activeStart()).isEqualTo(2);
            assertThat(t.activeEnd()).isEqualTo(1);
            assertThat(t.base()).isEqualTo(1.5);
        }
    }

    @Nested
    class Bands {

        BeatTurnover rateOf(SnapshotEngine e, int others, int events) {
            // "others" quiet units plus one mover with that many move-ins in the window
            String[] moves = new String[events];
            for (int i = 0; i < events; i++) {
                moves[i] = "2024-01-%02d".formatted(i + 1);
            }
            return turnover(e, beat(concat(quiet(others), mover("m", moves))), "2024-06-30");
        }

        @Test
        void aRateExactlyAtAThresholdBelongsToTheHigherBand() {
            // 10 units, 1 event → 0.10 == medium → medium
            assertThat(rateOf(DEFAULT, 9, 1).rate()).isEqualTo(0.10);
            assertThat(rateOf(DEFAULT, 9, 1).band()).isEqualTo("medium");
            // 4 units, 1 event → 0.25 == high → high
            assertThat(rateOf(DEFAULT, 3, 1).rate()).isEqualTo(0.25);
            assertThat(rateOf(DEFAULT, 3, 1).band()).isEqualTo("high");
        }

        @Test
        void ratesBetweenThresholds() {
            // 11 units, 1 event → 0.0909 < 0.10 → low
            assertThat(rateOf(DEFAULT, 10, 1).band()).isEqualTo("low");
            // 10 units, 2 events → 0.2 → medium
            assertThat(rateOf(DEFAULT, 9, 2).band()).isEqualTo("medium");
            // 9 units, 2 events → 0.222 → medium
            assertThat(rateOf(DEFAULT, 8, 2).band()).isEqualTo("medium");
            // 12 units, 3 events → 0.25 → high
            assertThat(rateOf(DEFAULT, 11, 3).band()).isEqualTo("high");
        }

        @Test
        void thresholdsNotExactInBinaryStillMatchExactRates() {
            SnapshotEngine e = engine(rules().bands("0.3", "0.7"));
            // 10 units: 2 events 0.2 → low; 3 → 0.3 → medium; 6 → 0.6 → medium; 7 → 0.7 → high
            assertThat(rateOf(e, 9, 2).band()).isEqualTo("low");
            assertThat(rateOf(e, 9, 3).band()).isEqualTo("medium");
            assertThat(rateOf(e, 9, 6).band()).isEqualTo("medium");
            assertThat(rateOf(e, 9, 7).band()).isEqualTo("high");
        }

        @Test
        void baseZeroGivesRateZeroAndTheBandOfZero() {
            BeatHistory empty = new BeatHistory("B0", "rural", java.util.List.of());
            BeatTurnover t = turnover(DEFAULT, empty, "2024-06-30");
            assertThat(t.events()).isZero();
            assertThat(t.base()).isZero();
            assertThat(t.rate()).isZero();
            assertThat(t.band()).isEqualTo("low");
            // medium threshold 0: rate 0 ≥ 0 → medium; both 0 → high
            assertThat(turnover(engine(rules().bands("0", "0.25")), empty, "2024-06-30").band()).isEqualTo("medium");
            assertThat(turnover(engine(rules().bands("0", "0")), empty, "2024-06-30").band()).isEqualTo("high");
        }

        @Test
        void baseZeroWithEventsStillGivesRateZero() {
            // registered and closed inside the window: 2 events, active at neither end → base 0 → rate 0
            BeatHistory b = beat(unit("brief").registered("2024-01-01").closed("2024-03-01"),
                    unit("later").registered("2024-07-01"));
            BeatTurnover t = turnover(DEFAULT, b, "2024-06-30");
            assertThat(t.events()).isEqualTo(2);
            assertThat(t.base()).isZero();
            assertThat(t.rate()).isZero();
            assertThat(t.band()).isEqualTo("low");
        }

        @Test
        void thresholdsFollowTheRuleSetOfTheSnapshotDate() {
            SnapshotEngine e = engine(rules(), rules().id("R2").from("2024-04-01").bands("0.05", "0.08"));
            // 10 units, 1 event on 2024-01-01 (inside both windows) → rate 0.1
            BeatHistory b = beat(concat(quiet(9), mover("m", "2024-01-01")));
            BeatTurnover march = turnover(e, b, "2024-03-31");
            assertThat(march.ruleSetId()).isEqualTo("R1");
            assertThat(march.band()).isEqualTo("medium");   // 0.1 ≥ 0.10, < 0.25
            BeatTurnover april = turnover(e, b, "2024-04-30");
            assertThat(april.ruleSetId()).isEqualTo("R2");
            assertThat(april.band()).isEqualTo("high");     // 0.1 ≥ 0.08
        }
    }

    @Nested
    class BandDrivesTheInterval {

        /** The interval of a unit "t" (no moves of its own) in a beat of "others" quiet units plus a mover. */
        int interval(SnapshotEngine e, String areaType, String kind, int others) {
            Unit[] units = concat(quiet(others), mover("m", "2024-01-01"), unit("t").kind(kind));
            return status(e, beat(areaType, units), "t", "2024-06-30").intervalDays();
        }

        @Test
        void householdAndBusinessIntervalsPerBand() {
            // 9 others + mover + t = 11 units, 1 event → 0.091 → low
            assertThat(interval(DEFAULT, "residential", "household", 9)).isEqualTo(300);
            assertThat(interval(DEFAULT, "residential", "business", 9)).isEqualTo(400);
            // 8 + 2 = 10 units → 0.10 → medium
            assertThat(interval(DEFAULT, "residential", "household", 8)).isEqualTo(200);
            assertThat(interval(DEFAULT, "residential", "business", 8)).isEqualTo(350);
            // 2 + 2 = 4 units → 0.25 → high
            assertThat(interval(DEFAULT, "residential", "household", 2)).isEqualTo(100);
            assertThat(interval(DEFAULT, "residential", "business", 2)).isEqualTo(250);
        }

        @Test
        void overridesAreIndexedByBandToo() {
            SnapshotEngine e = engine(rules().overrides(
                    "      - area_type: commercial",
                    "        business: { low: 111, medium: 112, high: 113 }"));
            assertThat(interval(e, "commercial", "business", 9)).isEqualTo(111);
            assertThat(interval(e, "commercial", "business", 8)).isEqualTo(112);
            assertThat(interval(e, "commercial", "business", 2)).isEqualTo(113);
            assertThat(interval(e, "commercial", "household", 2)).isEqualTo(100);
        }

        @Test
        void aBandedUnitIsDueByItsBandsInterval() {
            // high beat (4 units, 1 event): household 100; t met 2024-01-01 → due 2024-04-10;
            // D − due = 20 (rest of April) + 31 + 30 = 81
            Unit[] units = concat(quiet(2), mover("m", "2024-01-01"), unit("t").met("2024-01-01"));
            UnitStatus s = status(DEFAULT, beat(units), "t", "2024-06-30");
            assertThat(s.dueDate()).isEqualTo(day("2024-04-10"));
            assertThat(s.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(s.daysOverdue()).isEqualTo(81);
        }
    }
}
