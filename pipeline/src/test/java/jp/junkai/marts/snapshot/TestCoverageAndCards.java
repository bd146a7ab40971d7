package jp.junkai.marts.snapshot;

import static jp.junkai.marts.snapshot.Fixtures.beat;
import static jp.junkai.marts.snapshot.Fixtures.counts;
import static jp.junkai.marts.snapshot.Fixtures.day;
import static jp.junkai.marts.snapshot.Fixtures.engine;
import static jp.junkai.marts.snapshot.Fixtures.rules;
import static jp.junkai.marts.snapshot.Fixtures.status;
import static jp.junkai.marts.snapshot.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jp.junkai.marts.snapshot.Fixtures.Unit;

/**
 * Eligibility (SPEC §5 "Units", §6.15), coverage (§5 "Coverage", §6.13, §6.18), cards (§5 "Cards",
 * §6.14, §6.15), the officers' due units of the next month (§5 "Officers", §6.11) and the beat counts.
 * Unless said otherwise: always-low bands, household interval 300, grace 30, [met], card freshness 100.
 */
class TestCoverageAndCards {

    static final SnapshotEngine LOW = engine(rules().alwaysLow());

    static final String D = "2024-06-30";

    @Nested
    class Eligibility {

        /** active, exempt, eligible of u on D. */
        boolean[] flags(Unit u, String d) {
            UnitStatus s = status(LOW, u, d);
            return new boolean[] {s.active(), s.exempt(), s.eligible()};
        }

        final boolean[] eligible = {true, false, true};
        final boolean[] exempt = {true, true, false};
        final boolean[] inactive = {false, false, false};

        @Test
        void activity() {
            assertThat(flags(unit("u").registered(D), D)).as("registered_on == D").isEqualTo(eligible);
            assertThat(flags(unit("u").registered("2024-07-01"), D)).as("registered after D").isEqualTo(inactive);
            assertThat(flags(unit("u").closed(D), D)).as("closed_on == D").isEqualTo(inactive);
            assertThat(flags(unit("u").closed("2024-07-01"), D)).as("closed_on == D + 1").isEqualTo(eligible);
            assertThat(flags(unit("u").closed("2024-01-01"), D)).as("closed before D").isEqualTo(inactive);
        }

        @Test
        void exemptions() {
            assertThat(flags(unit("u").exempt("2024-01-01", null), D)).as("open-ended").isEqualTo(exempt);
            assertThat(flags(unit("u").exempt(D, null), D)).as("exempt_from == D").isEqualTo(exempt);
            assertThat(flags(unit("u").exempt("2024-01-01", D), D)).as("exempt_to == D").isEqualTo(exempt);
            assertThat(flags(unit("u").exempt("2024-01-01", "2024-06-29"), D)).as("ended D − 1")
                    .isEqualTo(eligible);
            assertThat(flags(unit("u").exempt("2024-07-01", null), D)).as("starts D + 1").isEqualTo(eligible);
        }

        @Test
        void exemptionsThatNeverApply() {
            assertThat(flags(unit("u").exempt(null, "2025-01-01"), D)).as("no exempt_from").isEqualTo(eligible);
            assertThat(flags(unit("u").exempt(null, null), D)).as("no dates").isEqualTo(eligible);
            assertThat(flags(unit("u").exempt("2024-06-01", "2024-05-01"), D)).as("to < from, D after both")
                    .isEqualTo(eligible);
            assertThat(flags(unit("u").exempt("2024-07-01", "2024-06-01"), D)).as("to < from, D between")
                    .isEqualTo(eligible);
        }

        @Test
        void anExemptUnitThatIsNotActiveIsNotCountedAsExempt() {
            assertThat(flags(unit("u").closed("2024-05-01").exempt("2024-01-01", null), D)).isEqualTo(inactive);
            assertThat(flags(unit("u").registered("2024-07-01").exempt("2024-01-01", null), D)).isEqualTo(inactive);
        }

        @Test
        void beatCountsOfEligibleAndExemptUnits() {
            BeatHistory b = beat(unit("e1"), unit("e2").exempt(null, "2025-01-01"),
                    unit("x1").exempt("2024-01-01", D), unit("x2").exempt(D, null),
                    unit("closedExempt").closed("2024-05-01").exempt("2024-01-01", null),
                    unit("futureExempt").registered("2024-07-01").exempt("2024-01-01", null),
                    unit("closedAtD").closed(D));
            BeatCounts c = counts(LOW, b, D);
            // eligible: e1, e2 = 2; exempt (active only): x1, x2 = 2
            assertThat(c.get("eligible_units")).isEqualTo(2);
            assertThat(c.get("exempt_units")).isEqualTo(2);
        }
    }

    @Nested
    class Coverage {

        @Test
        void attemptedIsAnyVisitAndContactedACountedOneInTheWindow() {
            // D = 2024-06-30: window (2023-07-01, 2024-06-30]; fiscal year from 2024-04-01
            UnitStatus absentOnly = status(LOW, unit("u").visit("2024-01-01", "absent"), D);
            assertThat(absentOnly.attempted12m()).isTrue();
            assertThat(absentOnly.contacted12m()).isFalse();
            assertThat(absentOnly.contactedFytd()).isFalse();
            assertThat(absentOnly.visits12m()).isEqualTo(1);

            UnitStatus metOnD = status(LOW, unit("u").met(D), D);
            assertThat(metOnD.attempted12m()).isTrue();
            assertThat(metOnD.contacted12m()).isTrue();
            assertThat(metOnD.contactedFytd()).isTrue();
        }

        @Test
        void windowEdges() {
            // a visit on D − 365 = 2023-07-01 is outside; the next day inside; after D outside
            UnitStatus onStart = status(LOW, unit("u").met("2023-07-01").met("2024-07-01"), D);
            assertThat(onStart.attempted12m()).isFalse();
            assertThat(onStart.contacted12m()).isFalse();
            assertThat(onStart.visits12m()).isZero();
            UnitStatus dayAfter = status(LOW, unit("u").met("2023-07-02"), D);
            assertThat(dayAfter.attempted12m()).isTrue();
            assertThat(dayAfter.contacted12m()).isTrue();
            assertThat(dayAfter.contactedFytd()).isFalse();
        }

        @Test
        void visits12mCountsVisitsOfAnyOutcome() {
            Unit u = unit("u").met("2023-07-01").visit("2023-08-01", "absent").visit("2023-09-01", "refused")
                    .visit("2024-02-01", "vacant").met("2024-05-01").met("2024-05-01").met("2024-07-01");
            // inside (2023-07-01, 2024-06-30]: 08-01, 09-01, 02-01, 05-01 twice = 5
            assertThat(status(LOW, u, D).visits12m()).isEqualTo(5);
        }

        @Test
        void aContactWithThePreviousOccupantStillCountsForCoverage() {
            // coverage asks for a counted visit in the window, whoever the occupant
            UnitStatus s = status(LOW, unit("u").met("2024-01-01").moveIn("2024-04-01"), D);
            assertThat(s.contacted12m()).isTrue();
            assertThat(s.contactedFytd()).isFalse();
            assertThat(s.status()).isEqualTo(UnitStatus.OVERDUE);
        }

        @Test
        void onlyEligibleUnitsAreCovered() {
            for (Unit u : new Unit[] {unit("exempt").exempt("2024-01-01", null).met("2024-05-01"),
                    unit("closed").closed("2024-06-01").met("2024-05-01")}) {
                UnitStatus s = status(LOW, u, D);
                assertThat(s.attempted12m()).as(u.id).isFalse();
                assertThat(s.contacted12m()).as(u.id).isFalse();
                assertThat(s.contactedFytd()).as(u.id).isFalse();
                assertThat(s.visits12m()).as(u.id).isZero();
            }
        }

        @Test
        void countedOutcomesDecideContacted() {
            SnapshotEngine metAbsent = engine(rules().alwaysLow().outcomes("[met, absent]"));
            UnitStatus s = status(metAbsent, unit("u").visit("2024-05-01", "absent"), D);
            assertThat(s.contacted12m()).isTrue();
            assertThat(s.contactedFytd()).isTrue();
            UnitStatus refused = status(metAbsent, unit("u").visit("2024-05-01", "refused"), D);
            assertThat(refused.attempted12m()).isTrue();
            assertThat(refused.contacted12m()).isFalse();
        }

        @Test
        void fiscalYearOfAMarchDateStartedThePreviousApril() {
            // D = 2025-03-31: FY from 2024-04-01; D − 365 = 2024-03-31
            UnitStatus april1 = status(LOW, unit("u").met("2024-04-01"), "2025-03-31");
            assertThat(april1.contactedFytd()).isTrue();
            assertThat(april1.contacted12m()).isTrue();
            UnitStatus march31 = status(LOW, unit("u").met("2024-03-31"), "2025-03-31");
            assertThat(march31.contactedFytd()).isFalse();
            assertThat(march31.contacted12m()).isFalse();
        }

        @Test
        void fiscalYearToDateCanBeOneDayLongerThanTwelveMonths() {
            // D = 2024-03-31: FY from 2023-04-01; D − 365 = 2023-04-01 (the window holds 2024-02-29)
            UnitStatus s = status(LOW, unit("u").met("2023-04-01"), "2024-03-31");
            assertThat(s.contactedFytd()).isTrue();
            assertThat(s.contacted12m()).isFalse();
            assertThat(s.attempted12m()).isFalse();
        }

        @Test
        void fiscalYearToDateOnApril30StartsApril1() {
            UnitStatus march31 = status(LOW, unit("u").met("2024-03-31"), "2024-04-30");
            assertThat(march31.contactedFytd()).isFalse();
            assertThat(march31.contacted12m()).isTrue();
            UnitStatus april1 = status(LOW, unit("u").met("2024-04-01"), "2024-04-30");
            assertThat(april1.contactedFytd()).isTrue();
        }

        @Test
        void twelveMonthsAcross29February() {
            // D = 2025-02-28: D − 365 = 2024-02-29 → 2024-02-29 outside, 2024-03-01 inside
            UnitStatus leap = status(LOW, unit("u").met("2024-02-29"), "2025-02-28");
            assertThat(leap.attempted12m()).isFalse();
            assertThat(leap.contacted12m()).isFalse();
            UnitStatus march1 = status(LOW, unit("u").met("2024-03-01"), "2025-02-28");
            assertThat(march1.attempted12m()).isTrue();
            assertThat(march1.contacted12m()).isTrue();
            assertThat(march1.contactedFytd()).isFalse();   // FY from 2024-04-01
            // D = 2024-12-31: D − 365 = 2024-01-01 → 2024-01-01 outside, 2024-01-02 inside
            Unit u = unit("u").visit("2024-01-01", "absent").met("2023-12-31");
            assertThat(status(LOW, u, "2024-12-31").attempted12m()).isFalse();
            assertThat(status(LOW, unit("u").visit("2024-01-02", "absent"), "2024-12-31").visits12m()).isEqualTo(1);
        }
    }

    @Nested
    class Cards {

        /** Freshness 100 days: on D = 2024-06-30 a card last confirmed 2024-03-22 (D − 100) is fresh, 03-21 not. */
        UnitStatus card(Unit u) {
            return status(LOW, u, D);
        }

        @Test
        void activeFollowsCreatedAndArchivedDates() {
            Unit u = unit("u")
                    .card(D)                                        // created on D: active
                    .card("2024-07-01")                             // created after D: not active
                    .card("2024-01-01", D, null, false)             // archived on D: not active
                    .card("2024-01-01", "2024-07-01", null, false); // archived D + 1: active
            UnitStatus s = card(u);
            assertThat(s.activeCards()).isEqualTo(2);
            assertThat(s.hasCard()).isTrue();
            assertThat(status(LOW, unit("u").card("2024-01-01", D, null, false), D).hasCard()).isFalse();
        }

        @Test
        void freshnessBoundaryFromCreatedOn() {
            assertThat(card(unit("u").card("2024-03-22")).freshCards()).as("D − created = 100").isEqualTo(1);
            assertThat(card(unit("u").card("2024-03-21")).freshCards()).as("D − created = 101").isZero();
        }

        @Test
        void lastCorrectedOnCountsOnlyWhenOnOrBeforeD() {
            assertThat(card(unit("u").card("2020-01-01", null, "2024-03-22", false)).freshCards()).isEqualTo(1);
            assertThat(card(unit("u").card("2020-01-01", null, "2024-03-21", false)).freshCards()).isZero();
            assertThat(card(unit("u").card("2020-01-01", null, D, false)).freshCards()).isEqualTo(1);
            // corrected after D is ignored: last_confirmed = created 2024-03-21 → 101 days → stale
            assertThat(card(unit("u").card("2024-03-21", null, "2024-07-01", false)).freshCards()).isZero();
            // a correction date before creation: the latest (created) wins
            assertThat(card(unit("u").card("2024-03-22", null, "2023-01-01", false)).freshCards()).isEqualTo(1);
        }

        @Test
        void visitsOfAnyOutcomeThatCorrectOrConfirmTheCardRefreshIt() {
            String old = "2020-01-01";
            assertThat(card(unit("u").card(old).visit("2024-03-22", "absent", "confirmed")).freshCards()).isEqualTo(1);
            assertThat(card(unit("u").card(old).visit("2024-03-22", "refused", "corrected")).freshCards())
                    .isEqualTo(1);
            assertThat(card(unit("u").card(old).visit("2024-06-01", "met", "confirmed")).freshCards()).isEqualTo(1);
            // 101 days before D: stale
            assertThat(card(unit("u").card(old).visit("2024-03-21", "met", "confirmed")).freshCards()).isZero();
            // card_action created or none does not confirm
            assertThat(card(unit("u").card(old).visit("2024-06-01", "met", "created")).freshCards()).isZero();
            assertThat(card(unit("u").card(old).visit("2024-06-01", "met", "none")).freshCards()).isZero();
            // a confirming visit after D is ignored
            assertThat(card(unit("u").card(old).visit("2024-07-01", "met", "confirmed")).freshCards()).isZero();
            // the latest confirming visit counts even when a later visit only said "none"
            assertThat(card(unit("u").card(old).visit("2024-06-01", "met", "corrected")
                    .visit("2024-06-10", "met", "none")).freshCards()).isEqualTo(1);
        }

        @Test
        void activeAndFreshCountCardsWhileUnitsWithCardCountsUnits() {
            BeatHistory b = beat(
                    unit("two").card("2024-05-01").card("2020-01-01"),   // 2 active: 1 fresh, 1 stale
                    unit("one").card("2024-06-01"),                      // 1 active, fresh
                    unit("none").card("2020-01-01", "2023-01-01", null, false)); // archived
            BeatCounts c = counts(LOW, b, D);
            assertThat(c.get("units_with_card")).isEqualTo(2);
            assertThat(c.get("active_cards")).isEqualTo(3);
            assertThat(c.get("fresh_cards")).isEqualTo(2);
            // a confirming visit to the unit refreshes each of its cards
            BeatCounts confirmed = counts(LOW, beat(unit("two").card("2024-05-01").card("2020-01-01")
                    .visit("2024-06-01", "met", "confirmed")), D);
            assertThat(confirmed.get("fresh_cards")).isEqualTo(2);
        }

        @Test
        void freshnessDaysFollowTheRuleSetOfD() {
            SnapshotEngine e = engine(rules().alwaysLow(),
                    rules().id("R2").from("2024-04-01").alwaysLow().freshness(200));
            // created 2024-01-01: on 2024-03-31 (R1, 100 days) 90 days old → fresh;
            // on 2024-06-30 (R2, 200 days) 181 days old → fresh (R1 would say stale)
            Unit u = unit("u").card("2024-01-01");
            assertThat(status(e, u, "2024-03-31").freshCards()).isEqualTo(1);
            assertThat(status(e, u, D).freshCards()).isEqualTo(1);
            assertThat(status(LOW, u, D).freshCards()).isZero();
        }

        @Test
        void foreignUnitsAndForeignCards() {
            UnitStatus withEnglish = card(unit("u").foreign().card("2024-01-01", null, null, true));
            assertThat(withEnglish.foreignUnit()).isTrue();
            assertThat(withEnglish.foreignCard()).isTrue();

            UnitStatus jaOnly = card(unit("u").foreign().card("2024-01-01"));
            assertThat(jaOnly.foreignUnit()).isTrue();
            assertThat(jaOnly.foreignCard()).isFalse();

            // the foreign-language card is archived; only a ja card is active
            UnitStatus archivedForeign = card(unit("u").foreign().card("2020-01-01", "2024-01-01", null, true)
                    .card("2024-01-01"));
            assertThat(archivedForeign.foreignCard()).isFalse();

            UnitStatus notForeignUnit = card(unit("u").card("2024-01-01", null, null, true));
            assertThat(notForeignUnit.foreignUnit()).isFalse();
            assertThat(notForeignUnit.foreignCard()).isFalse();

            UnitStatus exemptForeign = card(unit("u").foreign().exempt("2024-01-01", null)
                    .card("2024-01-01", null, null, true));
            assertThat(exemptForeign.foreignUnit()).isFalse();
            assertThat(exemptForeign.foreignCard()).isFalse();
        }

        @Test
        void orphanCardsAreActiveCardsOfUnitsNotActiveOnD() {
            UnitStatus closed = card(unit("u").closed("2024-05-01").card("2020-01-01"));
            assertThat(closed.orphanCards()).isEqualTo(1);
            assertThat(closed.activeCards()).isZero();
            assertThat(closed.freshCards()).isZero();
            assertThat(closed.hasCard()).isFalse();

            assertThat(card(unit("u").closed(D).card("2020-01-01")).orphanCards()).as("closed on D").isEqualTo(1);
            assertThat(card(unit("u").registered("2024-07-01").card("2024-06-01")).orphanCards())
                    .as("not yet registered").isEqualTo(1);
            assertThat(card(unit("u").closed("2024-05-01").card("2020-01-01", "2024-05-01", null, false))
                    .orphanCards()).as("archived with the closure").isZero();
            assertThat(card(unit("u").closed("2024-05-01").card("2024-07-01")).orphanCards())
                    .as("card created after D").isZero();
            assertThat(card(unit("u").card("2020-01-01")).orphanCards()).as("eligible unit").isZero();
        }

        @Test
        void cardsOfExemptUnitsCountNowhere() {
            UnitStatus s = card(unit("u").exempt("2024-01-01", null).card("2024-06-01").card("2024-05-01"));
            assertThat(s.hasCard()).isFalse();
            assertThat(s.activeCards()).isZero();
            assertThat(s.freshCards()).isZero();
            assertThat(s.orphanCards()).isZero();
        }
    }

    @Nested
    class DueNextMonth {

        // D = 2024-05-31 → D' = 2024-06-30; household 300, grace 30
        static final String D0 = "2024-05-31";

        UnitStatus s(SnapshotEngine e, Unit u, String d) {
            return status(e, u, d);
        }

        @Test
        void dueByTheNextMonthEnd() {
            // met 2023-09-04 → due 2023-09-04 + 300 = 2024-06-30 = D' → due, status compliant on D
            UnitStatus onNext = s(LOW, unit("u").met("2023-09-04"), D0);
            assertThat(onNext.status()).isEqualTo(UnitStatus.COMPLIANT);
            assertThat(onNext.dueNext()).isTrue();
            // met 2023-09-05 → due 2024-07-01 > D' → not due
            assertThat(s(LOW, unit("u").met("2023-09-05"), D0).dueNext()).isFalse();
            // overdue on D → due
            assertThat(s(LOW, unit("u"), D0).dueNext()).isTrue();
            // not_yet_due with due 2024-05-20 + 30 = 2024-06-19 ≤ D' → due
            UnitStatus newUnit = s(LOW, unit("u").registered("2024-05-20"), D0);
            assertThat(newUnit.status()).isEqualTo(UnitStatus.NOT_YET_DUE);
            assertThat(newUnit.dueNext()).isTrue();
            // not eligible on D → never due
            assertThat(s(LOW, unit("u").exempt("2024-01-01", null), D0).dueNext()).isFalse();
            assertThat(s(LOW, unit("u").closed(D0), D0).dueNext()).isFalse();
        }

        @Test
        void clearedByACountedContactInTheNextMonth() {
            assertThat(s(LOW, unit("u").met("2024-06-01"), D0).clearedNext()).as("D + 1").isTrue();
            assertThat(s(LOW, unit("u").met("2024-06-30"), D0).clearedNext()).as("D'").isTrue();
            assertThat(s(LOW, unit("u").met(D0), D0).clearedNext()).as("on D").isFalse();
            assertThat(s(LOW, unit("u").met("2024-07-01"), D0).clearedNext()).as("D' + 1").isFalse();
            assertThat(s(LOW, unit("u").visit("2024-06-15", "absent"), D0).clearedNext()).as("absent").isFalse();
        }

        @Test
        void nextMonthEndIsTheLastDayOfAShortLeapFebruary() {
            // D = 2024-01-31 → D' = 2024-02-29
            assertThat(s(LOW, unit("u").met("2024-02-29"), "2024-01-31").clearedNext()).isTrue();
            assertThat(s(LOW, unit("u").met("2024-03-01"), "2024-01-31").clearedNext()).isFalse();
        }

        @Test
        void dueDatesUseRofDAndClearingUsesRofTheNextMonthEnd() {
            // R1 to 2024-03-31: grace 30, [met]; R2 from 2024-04-01: grace 60, [met, absent]
            SnapshotEngine e = engine(rules().alwaysLow(),
                    rules().id("R2").from("2024-04-01").alwaysLow().grace(60).outcomes("[met, absent]"));
            // D = 2024-03-31, D' = 2024-04-30. Registered 2024-03-25: under R1 due 2024-04-24 ≤ D' → due
            // (R2's grace would give 2024-05-24). Absent on 2024-04-10 clears it under R2.
            UnitStatus u = s(e, unit("u").registered("2024-03-25").visit("2024-04-10", "absent"), "2024-03-31");
            assertThat(u.dueDate()).isEqualTo(day("2024-04-24"));
            assertThat(u.dueNext()).isTrue();
            assertThat(u.clearedNext()).isTrue();
            // an absent visit on D itself is not a contact on D under R1
            UnitStatus onD = s(e, unit("u").visit("2024-03-31", "absent"), "2024-03-31");
            assertThat(onD.lastContact()).isEqualTo(Days.NONE);
            assertThat(onD.clearedNext()).isFalse();
        }

        @Test
        void beatCountsOnlyClearedUnitsThatWereDue() {
            BeatHistory b = beat(
                    unit("dueCleared").met("2024-06-10"),                 // overdue on D, met in June
                    unit("dueOpen"),                                      // overdue on D, no June contact
                    unit("notDueVisited").met("2024-05-01").met("2024-06-10")); // due 2025-02-25, not due
            BeatCounts c = counts(LOW, b, D0);
            assertThat(c.get("due_next_units")).isEqualTo(2);
            assertThat(c.get("due_next_cleared")).isEqualTo(1);
        }
    }

    @Nested
    class WholeBeat {

        @Test
        void everyCountOfARealisticBeat() {
            // default bands 0.10 / 0.25, household 300 / 200 / 100, grace 30, [met], freshness 100
            SnapshotEngine e = engine(rules());
            BeatHistory b = beat(
                    unit("a").met("2024-05-01").visit("2024-05-01", "met", "confirmed").met("2024-07-10")
                            .card("2015-01-01"),
                    unit("b").met("2024-03-01").moveIn("2024-04-01").met("2024-07-05"),
                    unit("c").registered("2024-06-10"),
                    unit("d").exempt("2024-01-01", null).met("2024-02-01").card("2020-01-01"),
                    unit("e").closed("2024-05-01").card("2015-01-01"),
                    unit("f").foreign().met("2024-06-15").visit("2024-06-20", "absent")
                            .card("2024-05-01", null, null, true),
                    unit("g").met("2024-01-01").card("2020-01-01").card("2020-01-01", D, null, false));
            BeatCounts c = counts(e, b, D);
            Map<String, Long> expected = new LinkedHashMap<>();
            // events: b move-in, c registration, e closure = 3; start (2023-07-01): a b d e f g = 6;
            // end: a b c d f g = 6 → rate 0.5 → high → household interval 100
            expected.put("turnover_events", 3L);
            expected.put("turnover_active_start", 6L);
            expected.put("turnover_active_end", 6L);
            expected.put("eligible_units", 5L);         // a b c f g
            expected.put("exempt_units", 1L);           // d
            // a: last 05-01 + 100 = 08-09 → compliant; f: 06-15 + 100 = 09-23 → compliant
            expected.put("compliant_units", 2L);
            expected.put("not_yet_due_units", 1L);      // c: 06-10 + 30 = 07-10
            // b: 04-01 + 30 = 05-01 → 60; g: 01-01 + 100 = 04-10 → 81
            expected.put("overdue_units", 2L);
            expected.put("days_overdue_total", 141L);
            expected.put("attempted_units_12m", 4L);    // a b f g
            expected.put("contacted_units_12m", 4L);    // a b f g
            expected.put("contacted_units_fytd", 2L);   // a (05-01) f (06-15)
            expected.put("visits_12m", 6L);             // a 2, b 1, f 2, g 1
            expected.put("units_with_card", 3L);        // a f g
            expected.put("active_cards", 3L);           // a, f, g's first (its second archived on D)
            expected.put("fresh_cards", 2L);            // a confirmed 05-01 (60 d), f created 05-01; g stale
            expected.put("foreign_units", 1L);
            expected.put("foreign_units_with_foreign_card", 1L);
            expected.put("orphan_active_cards", 1L);    // e
            // D' = 2024-07-31: b, g overdue; c due 07-10; a (08-09) and f (09-23) not due
            expected.put("due_next_units", 3L);
            expected.put("due_next_cleared", 1L);       // b met 07-05 (a's 07-10 does not count: not due)
            Map<String, Long> actual = new LinkedHashMap<>();
            for (String n : BeatCounts.NAMES) {
                actual.put(n, c.get(n));
            }
            assertThat(actual).containsExactlyEntriesOf(expected);
        }
    }
}
