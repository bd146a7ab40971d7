package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.assertCells;
import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.one;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/**
 * officer_monthly's beat columns (SPEC §5 "Officers", §6.11, §6.19): due units on D0 under R(D0)
 * cleared by a contact of anyone in M under R(D1), beat compliance Σ/Σ over several primary beats,
 * new assignments at the 90-day boundary, support and ended assignments, the first month without a
 * rule set on D0; and a beat without units in the beat marts. One MartBuild, December 2023 – June 2024.
 *
 * <p>Rules: R1 from 2023-12-01 (every interval 100 days, grace 90, counted [met]); R2 from 2024-06-15
 * (every interval 50 days, grace 30, counted [met, absent], commendation 2 contacts / 0.5). For June:
 * D0 = 05-31 under R1, D1 = 06-30 under R2.
 */
class TestOfficerMonthlyDue {

    static final LocalDate DEC = d("2023-12-01");
    static final LocalDate MAY = d("2024-05-01");
    static final LocalDate JUNE = d("2024-06-01");

    static Map<String, List<Row>> marts;
    static List<Row> officerMonthly;

    @BeforeAll
    static void build() {
        MartFixtures.RuleSetYaml r1 = new MartFixtures.RuleSetYaml("R1", "2023-12-01").intervals(100);
        MartFixtures.RuleSetYaml r2 = new MartFixtures.RuleSetYaml("R2", "2024-06-15").intervals(50);
        r2.grace = 30;
        r2.outcomes = "[met, absent]";
        r2.minContacts = 2;
        r2.minPercentile = 0.5;
        RuleFile rules = MartFixtures.rules(r1, r2);
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type",
                        row("P1", "S2", "K2", "residential"),
                        row("P2", "S2", "K2", "residential"),
                        row("P3", "S2", "K2", "residential"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on, exempt_from",
                        row("U1", "P1", "household", d("2020-01-01"), null),
                        row("U2", "P1", "household", d("2020-01-01"), null),
                        row("U3", "P1", "household", d("2020-01-01"), null),
                        row("U4", "P1", "household", d("2020-01-01"), null),
                        row("U5", "P1", "household", d("2020-01-01"), d("2024-01-01")),
                        row("W1", "P2", "household", d("2020-01-01"), null),
                        row("W2", "P2", "household", d("2024-05-20"), null))
                .put(Entity.OFFICERS, "officer_id, station_code, koban_code, department",
                        row("P", "S2", "K2", "community"),
                        row("Q", "S2", "K2", "community"),
                        row("N", "S2", "K2", "community"))
                .put(Entity.ASSIGNMENTS, "assignment_id, officer_id, beat_code, role, start_date, end_date",
                        row("a1", "P", "P1", "primary", d("2020-01-01"), null),
                        // 2024-04-01 = 06-30 − 90: not new in June; new in May (05-31 − 60)
                        row("a2", "P", "P2", "primary", d("2024-04-01"), null),
                        // support assignments make no beats
                        row("a3", "Q", "P1", "support", d("2020-01-01"), null),
                        // ended before June's D1: no beat (and would be new)
                        row("a4", "Q", "P2", "primary", d("2024-06-01"), d("2024-06-29")),
                        // 2024-04-02 = 06-30 − 89: new in June; P3 has no units
                        row("a5", "N", "P3", "primary", d("2024-04-02"), null))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action",
                        row("e1", "U3", "P", t("2023-12-01T10:00"), "met", "none"),
                        row("e2", "U1", "P", t("2024-03-22T10:00"), "met", "none"),
                        row("e3", "U2", "P", t("2024-03-23T10:00"), "met", "none"),
                        row("e4", "W1", "P", t("2024-04-01T10:00"), "met", "none"),
                        row("e5", "U2", "P", t("2024-06-05T10:00"), "met", "none"),
                        // absent counts under R(D1) = R2, although R1 was in force on 06-10
                        row("e6", "U1", "Q", t("2024-06-10T10:00"), "absent", "none"),
                        row("e7", "U4", "P", t("2024-06-12T10:00"), "refused", "none"))
                .inputs();
        marts = MartFixtures.build(in, rules, YearMonth.of(2024, 6), OfficerMonthly.NAME,
                ComplianceBeatMonthly.NAME, CoverageBeatMonthly.NAME, CardsBeatMonthly.NAME);
        officerMonthly = marts.get(OfficerMonthly.NAME);
    }

    @Test
    void dueUnitsOnD0UnderRD0ClearedByAnyOfficerUnderRD1() {
        // Statuses on D0 = 05-31 under R1 (interval 100):
        //   U1 met 03-22 → due 06-30 ≤ D1 → due; U2 met 03-23 → due 07-01 > D1 → not due;
        //   U3 met 2023-12-01 → due 03-10, overdue → due; U4 never met → overdue → due; U5 exempt.
        //   W1 met 04-01 → due 07-10 → not due; W2 registered 05-20 → due 08-18 → not due.
        // Cleared in June under R2 (met, absent): U1 by Q's absent visit 06-10; U4's refused visit does not.
        // Compliance: D0 P1 (U1, U2) 2/4, P2 (W1 compliant, W2 not yet due) 2/2;
        //             D1 under R2 (interval 50, grace 30): P1 U1 (06-10), U2 (06-05) 2/4; P2 W1 due 05-21,
        //             W2 due 06-19, both overdue → 0/2.
        assertCells(one(officerMonthly, "officer_id", "P", "month", JUNE),
                "visits", 2L, "contacts", 1L, "contact_rate", 0.5,
                "due_units", 3L, "due_units_cleared", 1L, "due_cleared_rate", 1.0 / 3,
                // Σ/Σ over P1, P2: (2 + 0) / (4 + 2), not the mean of 0.5 and 0
                "beat_compliance_end", 2.0 / 6,
                // 2/6 − (2 + 2)/(4 + 2)
                "beat_compliance_delta", 2.0 / 6 - 4.0 / 6,
                "new_assignment", false,
                // S2 in June: Q 1 visit, P 2 visits
                "visits_pct_rank", 1.0,
                // P is the only ranked officer with a due_cleared_rate (Q's is null)
                "due_cleared_pct_rank", 0.0,
                // 1 contact < R2's min_contacts 2
                "commendation_candidate", false);
    }

    @Test
    void contactsAndCommendationOfTheMonthFollowRD1() {
        assertCells(one(officerMonthly, "officer_id", "Q", "month", JUNE),
                // e6 absent: a contact under R2
                "visits", 1L, "contacts", 1L, "contact_rate", 1.0,
                // a support assignment and a primary one that ended 06-29: no beats
                "due_units", 0L, "due_units_cleared", 0L, "due_cleared_rate", null,
                "beat_compliance_end", null, "beat_compliance_delta", null, "new_assignment", false,
                "visits_pct_rank", 0.0, "due_cleared_pct_rank", null, "commendation_candidate", false);
    }

    @Test
    void primaryBeatWithoutUnitsAndNewAssignmentAtEightyNineDays() {
        assertCells(one(officerMonthly, "officer_id", "N", "month", JUNE),
                "visits", 0L, "due_units", 0L, "due_units_cleared", 0L, "due_cleared_rate", null,
                // P3 has no eligible unit: 0/0
                "beat_compliance_end", null, "beat_compliance_delta", null,
                // started 04-02 = D1 − 89, inside (D1 − 90, D1]
                "new_assignment", true,
                "visits_pct_rank", null, "due_cleared_pct_rank", null, "commendation_candidate", false);
        // May: 05-31 − 04-02 = 59 days → new as well
        assertCells(one(officerMonthly, "officer_id", "N", "month", MAY),
                "new_assignment", true, "beat_compliance_end", null, "due_units", 0L);
        // March: the assignment has not started on 03-31 → no beat
        assertCells(one(officerMonthly, "officer_id", "N", "month", d("2024-03-01")),
                "new_assignment", false, "beat_compliance_end", null, "beat_compliance_delta", null,
                "due_units", 0L, "due_cleared_rate", null);
    }

    @Test
    void monthBeforeUnderOneRuleSet() {
        // May: D0 = 04-30, D1 = 05-31, both R1 (interval 100). Beats on 05-31: P1, P2 (a2 started 04-01).
        // Due on 04-30: U3, U4 overdue; U1 due 06-30 > 05-31, U2 07-01, W1 07-10; W2 not registered yet.
        // Compliance on 04-30: P1 2/4, P2 W1 1/1 (W2 not active) → 3/5; on 05-31 → 4/6.
        assertCells(one(officerMonthly, "officer_id", "P", "month", MAY),
                "visits", 0L, "contact_rate", null,
                "due_units", 2L, "due_units_cleared", 0L, "due_cleared_rate", 0.0,
                "beat_compliance_end", 4.0 / 6, "beat_compliance_delta", 4.0 / 6 - 3.0 / 5,
                // 05-31 − 04-01 = 60 days
                "new_assignment", true,
                "visits_pct_rank", null, "due_cleared_pct_rank", null);
    }

    @Test
    void firstMonthWithD0BeforeTheFirstRuleSetHasNullDueColumns() {
        // months from the first visit (2023-12-01) through 2024-06: 7 months × 3 officers
        assertThat(officerMonthly).hasSize(21);
        // D0 = 2023-11-30 is before R1 (2023-12-01): nothing is due-judged.
        // On 12-31 (R1): P1 U3 met 12-01 → compliant; U1, U2, U4 never met → overdue; U5 (exempt only
        // from 2024-01-01) overdue → 1/5.
        assertCells(one(officerMonthly, "officer_id", "P", "month", DEC),
                "visits", 1L, "contacts", 1L,
                "due_units", null, "due_units_cleared", null, "due_cleared_rate", null,
                "beat_compliance_end", 1.0 / 5, "beat_compliance_delta", null, "new_assignment", false,
                "visits_pct_rank", 0.0, "due_cleared_pct_rank", null, "commendation_candidate", false);
        assertCells(one(officerMonthly, "officer_id", "N", "month", DEC),
                "due_units", null, "due_units_cleared", null, "beat_compliance_end", null);
    }

    @Test
    void beatWithoutUnitsHasARowInEveryBeatMart() {
        LocalDate d1 = d("2024-06-30");
        assertCells(one(marts.get(ComplianceBeatMonthly.NAME), "beat_code", "P3", "as_of", d1),
                "station_code", "S2", "koban_code", "K2", "area_type", "residential",
                // base 0 → turnover_rate 0 → below R2's medium 0.10 → low
                "turnover_rate", 0.0, "band", "low", "rule_set_id", "R2",
                "eligible_units", 0L, "exempt_units", 0L, "compliant_units", 0L, "not_yet_due_units", 0L,
                "overdue_units", 0L, "compliance_rate", null, "mean_days_overdue", null);
        assertCells(one(marts.get(CoverageBeatMonthly.NAME), "beat_code", "P3", "as_of", d1),
                "eligible_units", 0L, "attempted_units_12m", 0L, "contacted_units_12m", 0L,
                "coverage_attempt_12m", null, "coverage_contact_12m", null, "contacted_units_fytd", 0L,
                "coverage_contact_fytd", null);
        assertCells(one(marts.get(CardsBeatMonthly.NAME), "beat_code", "P3", "as_of", d1),
                "eligible_units", 0L, "units_with_card", 0L, "card_coverage", null, "active_cards", 0L,
                "fresh_cards", 0L, "card_fresh_rate", null, "foreign_units", 0L,
                "foreign_units_with_foreign_card", 0L, "foreign_card_coverage", null, "orphan_active_cards", 0L);
        // 7 snapshot dates × 3 beats
        assertThat(marts.get(ComplianceBeatMonthly.NAME)).hasSize(21);
    }

    @Test
    void beatComplianceOnD1UnderRD1() {
        // P1 on 06-30 under R2: eligible U1–U4 (U5 exempt); U1, U2 compliant;
        // U3 due 2023-12-01 + 50 = 2024-01-20 → 162 days overdue;
        // U4 due 2020-01-01 + 30 = 2020-01-31 → 1461 + 151 = 1612 days overdue; mean (162 + 1612) / 2
        assertCells(one(marts.get(ComplianceBeatMonthly.NAME), "beat_code", "P1", "as_of", d("2024-06-30")),
                "rule_set_id", "R2", "turnover_rate", 0.0, "band", "low",
                "eligible_units", 4L, "exempt_units", 1L, "compliant_units", 2L, "not_yet_due_units", 0L,
                "overdue_units", 2L, "compliance_rate", 0.5, "mean_days_overdue", 887.0);
        // P2: W2 registered 05-20 is one event; base (1 + 2) / 2 → 2/3 ≥ 0.25 → high
        assertCells(one(marts.get(ComplianceBeatMonthly.NAME), "beat_code", "P2", "as_of", d("2024-06-30")),
                "turnover_rate", 1.0 / 1.5, "band", "high", "eligible_units", 2L, "overdue_units", 2L,
                "compliance_rate", 0.0);
    }
}
