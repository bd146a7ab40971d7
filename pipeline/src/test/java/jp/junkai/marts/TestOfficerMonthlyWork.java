package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.assertCells;
import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.one;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/**
 * officer_monthly's work columns (SPEC §5 "Officers", §5 "Night visits", §6.12, §6.16, §6.17) and the
 * plausibility signals, from one MartBuild over June–July 2024. One station S1, one beat B1 of three
 * households registered in 2020, A its primary officer since 2024-01-01 (the due columns in depth:
 * TestOfficerMonthlyDue).
 */
class TestOfficerMonthlyWork {

    static final LocalDate JUNE = d("2024-06-01");
    static final LocalDate JULY = d("2024-07-01");

    static List<Row> officerMonthly;
    static List<Row> stationMonthly;

    @BeforeAll
    static void build() {
        // rule set R from 2024-01-01: counted [met], night 20:00–06:00 (crosses midnight)
        RuleFile rules = MartFixtures.rules(new MartFixtures.RuleSetYaml("R", "2024-01-01"));
        List<Object[]> visits = new ArrayList<>(List.of(
                // A: id, unit, officer, at, outcome, card_action, topics, concerns, dedicated, approval, deleted
                row("v1", "U1", "A", t("2024-06-03T10:00:00"), "met", "created", List.of(1, 1, 2), 2, true, null, null),
                row("v2", "U2", "A", t("2024-06-03T14:00:00"), "absent", "created", List.of(3), 1, true, null, null),
                row("v3", "U1", "A", t("2024-06-04T10:00:00"), "met", "corrected", List.of(), null, true, null, null),
                row("v3b", "U2", "A", t("2024-06-04T10:00:59"), "met", "none", List.of(5), 0, false, null, null),
                row("v3c", "U3", "A", t("2024-06-04T10:01:59"), "met", "none", null, null, null, null, null),
                row("v4", "U3", "A", t("2024-06-05T10:00:00"), "refused", "confirmed", null, 4, false, null, null),
                row("v5", "U1", "A", t("2024-06-10T20:00:00"), "met", "none", null, null, null, "AP1", null),
                row("v6", "U2", "A", t("2024-06-11T01:00:00"), "met", "none", null, null, null, "AP1", null),
                row("v9", "U3", "A", t("2024-06-11T05:59:00"), "met", "none", null, null, null, "AP2", null),
                row("v7", "U2", "A", t("2024-06-11T06:00:00"), "met", "none", null, null, null, null, null),
                row("v8", "U3", "A", t("2024-06-11T21:00:00"), "met", "none", null, null, null, "AP1", null),
                row("v11", "U2", "A", t("2024-06-12T19:59:00"), "met", "none", null, null, null, null, null),
                row("v10", "U1", "A", t("2024-06-12T23:00:00"), "absent", "none", null, null, null, "NOPE", null),
                // deleted visits do not exist: one in May (would make May the first month), one in June
                row("vdel1", "U1", "A", t("2024-05-20T10:00:00"), "met", "created", null, 9, true, null, true),
                row("vdel2", "U1", "A", t("2024-06-15T10:00:00"), "met", "created", null, 9, true, null, true),
                // C: one visit either side of midnight at the month change, 50 s apart
                row("c1", "U1", "C", t("2024-06-30T23:59:30"), "absent", "none", null, null, null, null, false),
                row("c2", "U1", "C", t("2024-07-01T00:00:20"), "absent", "none", null, null, null, null, false),
                // X: other department
                row("x1", "U1", "X", t("2024-06-15T10:00:00"), "met", "none", null, null, null, null, null)));
        // B: 13 visits in the 09:00 hour of 06-20 (4 min apart), 12 in the 10:00 hour of 06-21
        for (int k = 0; k < 13; k++) {
            visits.add(row("b20-" + k, "U1", "B", t("2024-06-20T09:00:00").plusMinutes(4L * k), "absent", "none",
                    null, null, null, null, null));
        }
        for (int k = 0; k < 12; k++) {
            visits.add(row("b21-" + k, "U1", "B", t("2024-06-21T10:00:00").plusMinutes(4L * k), "absent", "none",
                    null, null, null, null, null));
        }
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type",
                        row("B1", "S1", "K1", "residential"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on",
                        row("U1", "B1", "household", d("2020-01-01")),
                        row("U2", "B1", "household", d("2020-01-01")),
                        row("U3", "B1", "household", d("2020-01-01")))
                .put(Entity.OFFICERS, "officer_id, station_code, koban_code, department",
                        row("A", "S1", "K1", "community"),
                        row("B", "S1", "K1", "community"),
                        row("C", "S1", "K1", "community"),
                        row("X", "S1", null, "other"),
                        row("Z", "S1", "K1", "community"))
                .put(Entity.ASSIGNMENTS, "assignment_id, officer_id, beat_code, role, start_date",
                        row("w1", "A", "B1", "primary", d("2024-01-01")),
                        row("w2", "C", "B1", "support", d("2024-01-01")))
                .put(Entity.NIGHT_APPROVALS, "approval_id, officer_id, approved_date",
                        row("AP1", "A", d("2024-06-10")),
                        row("AP2", "B", d("2024-06-11")))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action, topics,"
                        + " concerns_count, dedicated_day, night_approval_id, deleted", visits.toArray(Object[][]::new))
                .inputs();
        Map<String, List<Row>> marts = MartFixtures.build(in, rules, YearMonth.of(2024, 7), OfficerMonthly.NAME,
                StationMonthly.NAME);
        officerMonthly = marts.get(OfficerMonthly.NAME);
        stationMonthly = marts.get(StationMonthly.NAME);
    }

    @Test
    void everyOfficerHasARowForEveryMonthFromTheFirstLiveVisitMonth() {
        // 5 officers × (June, July); the deleted May visit does not make May the first month
        assertThat(officerMonthly).hasSize(10);
        assertThat(officerMonthly.stream().map(r -> r.<LocalDate>getAs("month")).distinct())
                .containsExactly(JUNE, JULY);
        assertThat(officerMonthly.get(0).schema().fieldNames()).contains("month", "officer_id", "station_code",
                "koban_code", "department", "visits", "contacts", "unique_units_contacted", "contact_rate",
                "cards_created", "cards_corrected", "contacts_with_guidance", "guidance_rate", "topic1_contacts",
                "topic2_contacts", "topic3_contacts", "topic4_contacts", "topic5_contacts", "concerns_heard",
                "night_visits", "unapproved_night_visits", "dedicated_days", "visits_on_dedicated_days", "due_units",
                "due_units_cleared", "due_cleared_rate", "beat_compliance_end", "beat_compliance_delta",
                "new_assignment", "visits_pct_rank", "due_cleared_pct_rank", "commendation_candidate");
    }

    @Test
    void workOfAnOfficerInJune() {
        assertCells(one(officerMonthly, "officer_id", "A", "month", JUNE),
                "station_code", "S1", "koban_code", "K1", "department", "community",
                // 13 live visits (vdel2 is deleted)
                "visits", 13L,
                // met: v1 v3 v3b v3c v5 v6 v9 v7 v8 v11 = 10 (v2, v10 absent, v4 refused)
                "contacts", 10L,
                // U1 (v1), U2 (v3b), U3 (v3c)
                "unique_units_contacted", 3L,
                "contact_rate", 10.0 / 13,
                // created v1 v2; corrected v3 (confirmed v4 is neither)
                "cards_created", 2L, "cards_corrected", 1L,
                // contacts with a topic: v1 [1,2], v3b [5]; v3's list is empty, v2 is no contact
                "contacts_with_guidance", 2L, "guidance_rate", 2.0 / 10,
                // v1's [1,1,2] counts topic 1 once; v2's topic 3 is no contact
                "topic1_contacts", 1L, "topic2_contacts", 1L, "topic3_contacts", 0L, "topic4_contacts", 0L,
                "topic5_contacts", 1L,
                // Σ concerns over all visits: 2 + 1 + 0 + 0 + 4 (refused v4 included) = 7
                "concerns_heard", 7L,
                // night: v5 20:00, v6 01:00, v9 05:59, v8 21:00, v10 23:00; not v7 06:00 nor v11 19:59
                "night_visits", 5L,
                // approved: v5 (AP1 on its date), v6 (AP1 the day before, 01:00 < end);
                // unapproved: v8 (AP1 the day before, but 21:00), v9 (AP2 is B's), v10 (no such approval)
                "unapproved_night_visits", 3L,
                // dedicated: v1, v2 on 06-03 and v3 on 06-04 → 2 dates, 3 visits
                "dedicated_days", 2L, "visits_on_dedicated_days", 3L,
                // v3b is 59 s after v3 (counted), v3c 60 s after v3b (not), v7 60 s after v9 (not)
                "visits_within_60s", 1L,
                "hours_over_12_visits", 0L,
                // v2: created on an absent visit
                "cards_created_without_contact", 1L,
                // D0 = 05-31 (the status day before the first month): U1–U3 never met (the deleted May
                // visit does not exist) → overdue → 3 due; all three met in June (v1, v3b, v3c)
                "due_units", 3L, "due_units_cleared", 3L, "due_cleared_rate", 1.0,
                // 0/3 compliant on D0, 3/3 on D1
                "beat_compliance_end", 1.0, "beat_compliance_delta", 1.0,
                // started 2024-01-01, 181 days before D1
                "new_assignment", false,
                // S1's community officers with a visit in June: C 1, A 13, B 25 → A (2−1)/(3−1);
                // A is the only one with a due_cleared_rate; 10 contacts < 20
                "visits_pct_rank", 0.5, "due_cleared_pct_rank", 0.0, "commendation_candidate", false);
    }

    @Test
    void monthWithoutVisitsHasZeroCountsAndNullRates() {
        assertCells(one(officerMonthly, "officer_id", "A", "month", JULY),
                "visits", 0L, "contacts", 0L, "unique_units_contacted", 0L, "contact_rate", null,
                "cards_created", 0L, "cards_corrected", 0L, "contacts_with_guidance", 0L, "guidance_rate", null,
                "topic1_contacts", 0L, "topic5_contacts", 0L, "concerns_heard", 0L, "night_visits", 0L,
                "unapproved_night_visits", 0L, "dedicated_days", 0L, "visits_on_dedicated_days", 0L,
                "visits_within_60s", 0L, "hours_over_12_visits", 0L, "cards_created_without_contact", 0L,
                // nothing due on 06-30 (every unit met in June); B1 stays 3/3
                "due_units", 0L, "due_units_cleared", 0L, "due_cleared_rate", null,
                "beat_compliance_end", 1.0, "beat_compliance_delta", 0.0,
                "visits_pct_rank", null, "due_cleared_pct_rank", null, "commendation_candidate", false);
        // Z never visits: a row in both months
        for (LocalDate m : List.of(JUNE, JULY)) {
            assertCells(one(officerMonthly, "officer_id", "Z", "month", m),
                    "station_code", "S1", "department", "community", "visits", 0L, "contacts", 0L,
                    "contact_rate", null, "guidance_rate", null, "visits_pct_rank", null,
                    "commendation_candidate", false);
        }
    }

    @Test
    void visitsWithoutContactGiveRateZeroAndNullGuidance() {
        assertCells(one(officerMonthly, "officer_id", "B", "month", JUNE),
                // 13 + 12 absent visits
                "visits", 25L, "contacts", 0L, "contact_rate", 0.0, "guidance_rate", null,
                "night_visits", 0L,
                // 13 visits in the 09:00 hour of 06-20 → 1; 12 in the 10:00 hour of 06-21 → 0
                "hours_over_12_visits", 1L,
                // 4 min apart
                "visits_within_60s", 0L,
                "visits_pct_rank", 1.0);
    }

    @Test
    void previousVisitOfTheMonthBeforeCountsForTheSixtySecondSignal() {
        // c1 06-30 23:59:30 (night, no approval), c2 07-01 00:00:20: 50 s after c1
        assertCells(one(officerMonthly, "officer_id", "C", "month", JUNE),
                "visits", 1L, "night_visits", 1L, "unapproved_night_visits", 1L, "visits_within_60s", 0L,
                "visits_pct_rank", 0.0,
                // a support assignment makes no beat
                "due_units", 0L, "due_units_cleared", 0L, "due_cleared_rate", null,
                "beat_compliance_end", null, "beat_compliance_delta", null, "new_assignment", false,
                "due_cleared_pct_rank", null);
        assertCells(one(officerMonthly, "officer_id", "C", "month", JULY),
                "visits", 1L, "night_visits", 1L, "unapproved_night_visits", 1L, "visits_within_60s", 1L,
                // the only ranked officer of S1 in July
                "visits_pct_rank", 0.0);
    }

    @Test
    void otherDepartmentOfficerIsNeverRankedNorCandidate() {
        assertCells(one(officerMonthly, "officer_id", "X", "month", JUNE),
                "koban_code", null, "department", "other", "visits", 1L, "contacts", 1L, "contact_rate", 1.0,
                "visits_pct_rank", null, "due_cleared_pct_rank", null, "commendation_candidate", false);
    }

    @Test
    void stationCountsTheMonthsVisits() {
        // June: A 13 + B 25 + C 1 + X 1 = 40, X's is other-department; night A 5 + C 1, unapproved A 3 + C 1
        assertCells(one(stationMonthly, "station_code", "S1", "as_of", d("2024-06-30")),
                "visits", 40L, "other_dept_visits", 1L, "other_dept_visit_share", 1.0 / 40,
                "night_visits", 6L, "unapproved_night_visits", 4L);
        assertCells(one(stationMonthly, "station_code", "S1", "as_of", d("2024-07-31")),
                "visits", 1L, "other_dept_visits", 0L, "other_dept_visit_share", 0.0,
                "night_visits", 1L, "unapproved_night_visits", 1L);
    }
}
