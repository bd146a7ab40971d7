package jp.junkai.marts.snapshot;

import static jp.junkai.marts.snapshot.Fixtures.beat;
import static jp.junkai.marts.snapshot.Fixtures.day;
import static jp.junkai.marts.snapshot.Fixtures.engine;
import static jp.junkai.marts.snapshot.Fixtures.rules;
import static jp.junkai.marts.snapshot.Fixtures.status;
import static jp.junkai.marts.snapshot.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jp.junkai.marts.snapshot.Fixtures.Unit;

/**
 * Status on D (SPEC §5 "Status on D", "Required interval"; §6.10, §6.11). Unless said otherwise the
 * rule set is the fixture default with bands no test beat reaches, so every beat is {@code low}:
 * household interval 300 days, business 400, grace 30, counted outcomes [met].
 */
class TestUnitStatus {

    /** Always-low bands: household 300, business 400, grace 30, [met]. */
    static final SnapshotEngine LOW = engine(rules().alwaysLow());

    static final String D = "2024-06-30";

    @Nested
    class Branches {

        @Test
        void compliantWhenContactedSinceOccupantAndNotYetDue() {
            Unit u = unit("u").registered("2010-01-01").met("2024-01-01");
            UnitStatus s = status(LOW, u, D);
            // due = 2024-01-01 + 300 = 2024-10-27 ≥ D → compliant
            assertThat(s.eligible()).isTrue();
            assertThat(s.status()).isEqualTo(UnitStatus.COMPLIANT);
            assertThat(s.intervalDays()).isEqualTo(300);
            assertThat(s.occupantSince()).isEqualTo(day("2010-01-01"));
            assertThat(s.lastContact()).isEqualTo(day("2024-01-01"));
            assertThat(s.dueDate()).isEqualTo(day("2024-10-27"));
            assertThat(s.daysOverdue()).isZero();
        }

        @Test
        void notYetDueWhenNewAndInsideGrace() {
            Unit u = unit("u").registered("2024-06-10");
            UnitStatus s = status(LOW, u, D);
            // no contact: due = 2024-06-10 + 30 = 2024-07-10 ≥ D → not_yet_due
            assertThat(s.status()).isEqualTo(UnitStatus.NOT_YET_DUE);
            assertThat(s.lastContact()).isEqualTo(Days.NONE);
            assertThat(s.dueDate()).isEqualTo(day("2024-07-10"));
            assertThat(s.daysOverdue()).isZero();
        }

        @Test
        void overdueAfterInterval() {
            Unit u = unit("u").registered("2010-01-01").met("2023-06-01");
            UnitStatus s = status(LOW, u, D);
            // due = 2023-06-01 + 300 = 2024-03-27; D − due = 4 (rest of Mar) + 30 + 31 + 30 = 95
            assertThat(s.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(s.dueDate()).isEqualTo(day("2024-03-27"));
            assertThat(s.daysOverdue()).isEqualTo(95);
        }

        @Test
        void overdueWhenNeverContactedAfterGrace() {
            Unit u = unit("u").registered("2024-05-01");
            UnitStatus s = status(LOW, u, D);
            // due = 2024-05-01 + 30 = 2024-05-31; D − due = 30
            assertThat(s.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(s.dueDate()).isEqualTo(day("2024-05-31"));
            assertThat(s.daysOverdue()).isEqualTo(30);
        }

        @Test
        void graceBoundary() {
            Unit u = unit("u").registered("2024-05-01");
            // due = 2024-05-01 + 30 = 2024-05-31
            UnitStatus onDue = status(LOW, u, "2024-05-31");
            assertThat(onDue.status()).isEqualTo(UnitStatus.NOT_YET_DUE);
            assertThat(onDue.daysOverdue()).isZero();
            UnitStatus dayAfter = status(LOW, u, "2024-06-01");
            assertThat(dayAfter.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(dayAfter.daysOverdue()).isEqualTo(1);
        }

        @Test
        void intervalBoundary() {
            Unit u = unit("u").registered("2010-01-01").met("2024-01-01");
            // due = 2024-01-01 + 300 = 2024-10-27
            UnitStatus onDue = status(LOW, u, "2024-10-27");
            assertThat(onDue.status()).isEqualTo(UnitStatus.COMPLIANT);
            assertThat(onDue.daysOverdue()).isZero();
            UnitStatus dayAfter = status(LOW, u, "2024-10-28");
            assertThat(dayAfter.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(dayAfter.daysOverdue()).isEqualTo(1);
        }

        @Test
        void uncountedOutcomesAreNoContact() {
            Unit u = unit("u").registered("2010-01-01")
                    .visit("2024-06-01", "absent").visit("2024-06-02", "refused").visit("2024-06-03", "vacant");
            UnitStatus s = status(LOW, u, D);
            // counted [met] only → no contact; due = 2010-01-01 + 30 = 2010-01-31; D − due = 5264
            assertThat(s.lastContact()).isEqualTo(Days.NONE);
            assertThat(s.dueDate()).isEqualTo(day("2010-01-31"));
            assertThat(s.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(s.daysOverdue()).isEqualTo(5264);
        }

        @Test
        void lastContactIsTheLatestCountedVisitOnOrBeforeD() {
            Unit u = unit("u").registered("2010-01-01").met("2023-01-01").met("2024-01-01")
                    .visit("2024-05-01", "absent").met("2024-07-01");
            UnitStatus s = status(LOW, u, D);
            // 2024-05-01 absent not counted, 2024-07-01 after D → last contact 2024-01-01
            assertThat(s.lastContact()).isEqualTo(day("2024-01-01"));
            assertThat(s.status()).isEqualTo(UnitStatus.COMPLIANT);
        }

        @Test
        void visitAfterDIsIgnored() {
            Unit u = unit("u").registered("2024-05-01").met("2024-07-01");
            UnitStatus s = status(LOW, u, D);
            // due = 2024-05-01 + 30 = 2024-05-31 → overdue by 30
            assertThat(s.lastContact()).isEqualTo(Days.NONE);
            assertThat(s.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(s.daysOverdue()).isEqualTo(30);
        }

        @Test
        void contactOnDItselfCounts() {
            Unit u = unit("u").registered("2010-01-01").met(D);
            UnitStatus s = status(LOW, u, D);
            assertThat(s.lastContact()).isEqualTo(day(D));
            assertThat(s.status()).isEqualTo(UnitStatus.COMPLIANT);
            assertThat(s.dueDate()).isEqualTo(day(D) + 300);
        }

        @Test
        void businessUnitsTakeTheBusinessInterval() {
            Unit u = unit("u").business().registered("2010-01-01").met("2024-01-01");
            UnitStatus s = status(LOW, u, D);
            // business low = 400: due = 2024-01-01 + 400 = 2025-02-04
            assertThat(s.unitKind()).isEqualTo("business");
            assertThat(s.intervalDays()).isEqualTo(400);
            assertThat(s.dueDate()).isEqualTo(day("2025-02-04"));
        }

        @Test
        void unitsThatAreNotEligibleHaveNoStatus() {
            BeatHistory b = beat(unit("closed").registered("2010-01-01").closed("2024-01-01"),
                    unit("exempt").registered("2010-01-01").exempt("2020-01-01", null),
                    unit("future").registered("2024-07-01"));
            for (String id : new String[] {"closed", "exempt", "future"}) {
                UnitStatus s = status(LOW, b, id, D);
                assertThat(s.eligible()).as(id).isFalse();
                assertThat(s.status()).as(id).isNull();
                assertThat(s.daysOverdue()).as(id).isZero();
            }
        }
    }

    @Nested
    class MoveIns {

        @Test
        void aMoveInResetsTheClock() {
            Unit u = unit("u").registered("2010-01-01").met("2024-03-01").moveIn("2024-04-01");
            UnitStatus s = status(LOW, u, D);
            // occupant_since 2024-04-01 > last contact 2024-03-01 (previous occupant) →
            // due = 2024-04-01 + 30 = 2024-05-01; D − due = 30 (rest of May) + 30 = 60
            assertThat(s.occupantSince()).isEqualTo(day("2024-04-01"));
            assertThat(s.lastContact()).isEqualTo(day("2024-03-01"));
            assertThat(s.dueDate()).isEqualTo(day("2024-05-01"));
            assertThat(s.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(s.daysOverdue()).isEqualTo(60);

            // the same unit without the move-in: due = 2024-03-01 + 300, compliant
            UnitStatus without = status(LOW, unit("u").registered("2010-01-01").met("2024-03-01"), D);
            assertThat(without.status()).isEqualTo(UnitStatus.COMPLIANT);
        }

        @Test
        void aContactOnTheMoveInDayCounts() {
            Unit u = unit("u").registered("2010-01-01").moveIn("2024-04-01").met("2024-04-01");
            UnitStatus s = status(LOW, u, D);
            // last contact 2024-04-01 ≥ occupant_since 2024-04-01 → due = 2024-04-01 + 300 = 2025-01-26
            assertThat(s.status()).isEqualTo(UnitStatus.COMPLIANT);
            assertThat(s.dueDate()).isEqualTo(day("2025-01-26"));
        }

        @Test
        void aNewOccupantContactedOnlyBeforeMovingInIsNotYetDueInsideGrace() {
            Unit u = unit("u").registered("2010-01-01").met("2024-03-01").moveIn("2024-06-15");
            UnitStatus s = status(LOW, u, D);
            // due = 2024-06-15 + 30 = 2024-07-15 ≥ D; no counted contact since 2024-06-15 → not_yet_due
            assertThat(s.status()).isEqualTo(UnitStatus.NOT_YET_DUE);
            assertThat(s.dueDate()).isEqualTo(day("2024-07-15"));
        }

        @Test
        void theLatestMoveInOnOrBeforeDCounts() {
            Unit u = unit("u").registered("2010-01-01").moveIn("2024-05-01").moveIn("2023-01-01")
                    .moveIn("2024-07-15").met("2024-03-01");
            UnitStatus s = status(LOW, u, D);
            // move-ins ≤ D: 2023-01-01, 2024-05-01 → occupant_since 2024-05-01 (2024-07-15 is after D)
            // due = 2024-05-01 + 30 = 2024-05-31 → overdue 30
            assertThat(s.occupantSince()).isEqualTo(day("2024-05-01"));
            assertThat(s.daysOverdue()).isEqualTo(30);
        }

        @Test
        void aMoveInAfterDIsIgnored() {
            Unit u = unit("u").registered("2010-01-01").met("2024-03-01").moveIn("2024-07-15");
            UnitStatus s = status(LOW, u, D);
            assertThat(s.occupantSince()).isEqualTo(day("2010-01-01"));
            assertThat(s.status()).isEqualTo(UnitStatus.COMPLIANT);
        }

        @Test
        void aMoveInBeforeRegisteredOnLeavesRegisteredOn() {
            Unit u = unit("u").registered("2024-05-01").moveIn("2024-03-01").met("2024-04-01");
            UnitStatus s = status(LOW, u, D);
            // occupant_since = max(2024-05-01, 2024-03-01) = 2024-05-01; the 2024-04-01 contact is before it
            // → due = 2024-05-01 + 30 = 2024-05-31 → overdue 30
            assertThat(s.occupantSince()).isEqualTo(day("2024-05-01"));
            assertThat(s.dueDate()).isEqualTo(day("2024-05-31"));
            assertThat(s.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(s.daysOverdue()).isEqualTo(30);
        }

        @Test
        void aMoveOutDoesNotResetTheClock() {
            Unit u = unit("u").registered("2010-01-01").met("2024-03-01").moveOut("2024-04-01");
            UnitStatus s = status(LOW, u, D);
            assertThat(s.occupantSince()).isEqualTo(day("2010-01-01"));
            assertThat(s.status()).isEqualTo(UnitStatus.COMPLIANT);
        }
    }

    @Nested
    class CountedOutcomes {

        final SnapshotEngine metAbsent = engine(rules().alwaysLow().outcomes("[met, absent]"));

        @Test
        void anAbsentVisitCountsWhenListed() {
            Unit u = unit("u").registered("2010-01-01").met("2023-01-01").visit("2024-01-01", "absent")
                    .visit("2024-03-01", "refused").visit("2024-04-01", "vacant");
            UnitStatus s = status(metAbsent, u, D);
            // counted [met, absent]: last contact 2024-01-01 (refused, vacant not counted); due 2024-10-27
            assertThat(s.lastContact()).isEqualTo(day("2024-01-01"));
            assertThat(s.dueDate()).isEqualTo(day("2024-10-27"));
            assertThat(s.status()).isEqualTo(UnitStatus.COMPLIANT);

            // under [met] the same unit's last contact is 2023-01-01: due 2023-10-28 → overdue
            assertThat(status(LOW, u, D).lastContact()).isEqualTo(day("2023-01-01"));
            assertThat(status(LOW, u, D).status()).isEqualTo(UnitStatus.OVERDUE);
        }

        @Test
        void metIsNotCountedWhenNotListed() {
            SnapshotEngine absentOnly = engine(rules().alwaysLow().outcomes("[absent]"));
            Unit u = unit("u").registered("2024-06-01").met("2024-06-05");
            UnitStatus s = status(absentOnly, u, D);
            // no counted contact: due = 2024-06-01 + 30 = 2024-07-01 ≥ D → not_yet_due
            assertThat(s.lastContact()).isEqualTo(Days.NONE);
            assertThat(s.status()).isEqualTo(UnitStatus.NOT_YET_DUE);
        }
    }

    @Nested
    class Overrides {

        /**
         * commercial: #1 names business only (111/112/113), #2 names both (222.. / 223..);
         * mixed: #3 names household only (333/334/335).
         */
        final SnapshotEngine withOverrides = engine(rules().alwaysLow().overrides(
                "      - area_type: commercial",
                "        business: { low: 111, medium: 112, high: 113 }",
                "      - area_type: commercial",
                "        business: { low: 222, medium: 222, high: 222 }",
                "        household: { low: 223, medium: 223, high: 223 }",
                "      - area_type: mixed",
                "        household: { low: 333, medium: 334, high: 335 }"));

        int interval(String areaType, String kind) {
            Unit u = unit("u").kind(kind).registered("2010-01-01");
            return status(withOverrides, beat(areaType, u), "u", D).intervalDays();
        }

        @Test
        void theFirstMatchingOverrideThatNamesTheKindWins() {
            // commercial business: #1 matches first → 111 (not #2's 222)
            assertThat(interval("commercial", "business")).isEqualTo(111);
            // commercial household: #1 does not name household, #2 does → 223
            assertThat(interval("commercial", "household")).isEqualTo(223);
        }

        @Test
        void anOverrideNamingOnlyHouseholdLeavesBusinessToTheBase() {
            assertThat(interval("mixed", "household")).isEqualTo(333);
            assertThat(interval("mixed", "business")).isEqualTo(400);
        }

        @Test
        void otherAreaTypesTakeTheBaseIntervals() {
            assertThat(interval("residential", "household")).isEqualTo(300);
            assertThat(interval("residential", "business")).isEqualTo(400);
            assertThat(interval("rural", "business")).isEqualTo(400);
        }

        @Test
        void theOverrideIntervalDrivesTheDueDate() {
            Unit u = unit("u").business().registered("2010-01-01").met("2024-01-01");
            UnitStatus s = status(withOverrides, beat("commercial", u), "u", D);
            // 2024-01-01 + 111 = 2024-04-21; D − due = 9 + 31 + 30 = 70
            assertThat(s.dueDate()).isEqualTo(day("2024-04-21"));
            assertThat(s.daysOverdue()).isEqualTo(70);
        }
    }

    @Nested
    class RuleSetSwitch {

        /** R1 from 2020-04-01: household 300, grace 30, [met]; R2 from 2024-04-01: 400, grace 60, [met, absent]. */
        final SnapshotEngine switching = engine(rules().alwaysLow(),
                rules().id("R2").from("2024-04-01").alwaysLow().household(400, 400, 400).grace(60)
                        .outcomes("[met, absent]"));

        @Test
        void statusesOnADateUseTheRuleSetInForceThenForAllPastVisits() {
            Unit u = unit("u").registered("2010-01-01").met("2022-01-01").visit("2023-06-01", "absent");
            BeatHistory b = beat(u);

            UnitStatus march = status(switching, b, "u", "2024-03-31");
            // R1: absent not counted → last 2022-01-01, due + 300 = 2022-10-28; 2024-03-31 − that = 520
            assertThat(march.intervalDays()).isEqualTo(300);
            assertThat(march.lastContact()).isEqualTo(day("2022-01-01"));
            assertThat(march.status()).isEqualTo(UnitStatus.OVERDUE);
            assertThat(march.daysOverdue()).isEqualTo(520);

            UnitStatus april = status(switching, b, "u", "2024-04-30");
            // R2 applies to the 2023 visit: absent counted → last 2023-06-01, due + 400 = 2024-07-05
            assertThat(april.intervalDays()).isEqualTo(400);
            assertThat(april.lastContact()).isEqualTo(day("2023-06-01"));
            assertThat(april.dueDate()).isEqualTo(day("2024-07-05"));
            assertThat(april.status()).isEqualTo(UnitStatus.COMPLIANT);
        }

        @Test
        void graceFollowsTheRuleSetOfTheSnapshotDate() {
            Unit u = unit("u").registered("2024-03-15");
            BeatHistory b = beat(u);
            // R1 on 2024-03-31: due = 2024-03-15 + 30 = 2024-04-14
            assertThat(status(switching, b, "u", "2024-03-31").dueDate()).isEqualTo(day("2024-04-14"));
            // R2 on 2024-04-30: due = 2024-03-15 + 60 = 2024-05-14 → not_yet_due (R1 would say overdue)
            UnitStatus april = status(switching, b, "u", "2024-04-30");
            assertThat(april.dueDate()).isEqualTo(day("2024-05-14"));
            assertThat(april.status()).isEqualTo(UnitStatus.NOT_YET_DUE);
        }

        @Test
        void theNewRuleSetIsInForceOnItsEffectiveDate() {
            BeatHistory b = beat(unit("u").registered("2010-01-01"));
            assertThat(switching.turnover(b, day("2024-03-31")).ruleSetId()).isEqualTo("R1");
            assertThat(switching.turnover(b, day("2024-04-01")).ruleSetId()).isEqualTo("R2");
            assertThat(status(switching, b, "u", "2024-04-01").intervalDays()).isEqualTo(400);
        }
    }

    @Nested
    class BadInput {

        @Test
        void anUnknownUnitKindIsRefused() {
            assertThatThrownBy(() -> unit("u9").kind("shop").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("u9").hasMessageContaining("unknown unit kind shop");
        }

        @Test
        void aUnitWithoutRegisteredOnIsRefused() {
            assertThatThrownBy(() -> unit("u9").registered(null).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("u9").hasMessageContaining("no registered_on");
        }

        @Test
        void aVisitWithAnUnknownOutcomeIsRefused() {
            assertThatThrownBy(() -> UnitHistory.Visit.of(day(D), "contacted", "none"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown outcome contacted");
            // a null outcome is refused too (today as a NullPointerException from List.indexOf, no message)
            assertThatThrownBy(() -> UnitHistory.Visit.of(day(D), null, "none"))
                    .isInstanceOf(RuntimeException.class);
        }

        @Test
        void aSnapshotBeforeTheFirstRuleSetIsRefused() {
            BeatHistory b = beat(unit("u").registered("2010-01-01"));
            String message = "Cannot compute a snapshot on 2020-03-31: the first rule set (R1) takes effect on 2020-04-01";
            assertThatThrownBy(() -> LOW.turnover(b, day("2020-03-31")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> LOW.statuses(b, new int[] {day("2020-04-30"), day("2020-03-31")}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            // the first rule set's effective date itself is fine
            assertThat(LOW.turnover(b, day("2020-04-01")).ruleSetId()).isEqualTo("R1");
        }
    }
}
