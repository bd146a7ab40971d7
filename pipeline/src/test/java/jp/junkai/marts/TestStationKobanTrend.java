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
 * station_monthly, koban_inspections and trend_monthly (SPEC §4, §5 "Stations", "Inspections",
 * §6.12, §6.14, §6.18, §6.20), and the beat rows they roll up, from one MartBuild of June 2024
 * (D = 2024-06-30, 12-month window from 2023-07-01 exclusive).
 *
 * <p>Rule set R: turnover bands medium 0.0 / high 1.3 (so a beat with rate 0 is medium: the band
 * comes from the thresholds), every interval 100 days, grace 90, counted [met], inspections every
 * 30 days.
 *
 * <pre>
 * station T1: C1 (K1, residential)  c1a since 2020, met 06-10 → compliant (foreign, card "en" 06-10)
 *                                   c1b registered 03-31 → due 06-29 → overdue 1
 *                                   c1x registered 01-10, closed 03-01 (2 events, not active)
 *             C2 (K1, residential)  c2a since 2020, move-out 05-01, move-in 05-02, met 06-15 → compliant
 *                                   c2b since 2020, absent 06-20 → due 2020-03-31 → overdue 1552
 *                                   c2c registered 03-01 → due 05-30 → overdue 31
 *             C3 (K2, commercial)   no units
 * station T2: C4 (K3, residential)  c4a exempt (visited at night), c4b met 06-05 → compliant
 * station T3: no beat, officer o9 only
 * unit g1 of beat NOPE (no such beat)
 * </pre>
 */
class TestStationKobanTrend {

    static final LocalDate D = d("2024-06-30");
    static Map<String, List<Row>> marts;

    @BeforeAll
    static void build() {
        MartFixtures.RuleSetYaml r = new MartFixtures.RuleSetYaml("R", "2024-01-01").intervals(100);
        r.bands = "{ medium: 0.0, high: 1.3 }";
        r.inspection = 30;
        RuleFile rules = MartFixtures.rules(r);
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type",
                        row("C1", "T1", "K1", "residential"),
                        row("C2", "T1", "K1", "residential"),
                        row("C3", "T1", "K2", "commercial"),
                        row("C4", "T2", "K3", "residential"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on, closed_on, exempt_from,"
                                + " foreign_resident",
                        row("c1a", "C1", "household", d("2020-01-01"), null, null, true),
                        row("c1b", "C1", "household", d("2024-03-31"), null, null, null),
                        row("c1x", "C1", "household", d("2024-01-10"), d("2024-03-01"), null, null),
                        row("c2a", "C2", "household", d("2020-01-01"), null, null, null),
                        row("c2b", "C2", "household", d("2020-01-01"), null, null, null),
                        row("c2c", "C2", "household", d("2024-03-01"), null, null, null),
                        row("c4a", "C4", "household", d("2020-01-01"), null, d("2024-01-01"), null),
                        row("c4b", "C4", "household", d("2020-01-01"), null, null, null),
                        row("g1", "NOPE", "household", d("2020-01-01"), null, null, true))
                .put(Entity.CARD_CHANGES, "change_id, card_id, unit_id, changed_on, kind",
                        row("ch1", "x", "c2a", d("2024-05-01"), "move_out"),
                        row("ch2", "x", "c2a", d("2024-05-02"), "move_in"))
                .put(Entity.CARDS, "card_id, unit_id, form, language, created_on",
                        row("card1", "c1a", "household", "en", d("2024-06-10")),
                        row("card2", "g1", "household", "en", d("2024-06-10")))
                .put(Entity.OFFICERS, "officer_id, station_code, koban_code, department",
                        row("o1", "T1", "K1", "community"),
                        row("o2", "T2", "K3", "other"),
                        row("o3", "T1", "K1", "other"),
                        row("o9", "T3", null, "community"))
                .put(Entity.NIGHT_APPROVALS, "approval_id, officer_id, approved_date",
                        row("AP", "o1", d("2024-06-06")))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action,"
                                + " night_approval_id",
                        row("v1", "c1a", "o1", t("2024-06-10T10:00"), "met", "none", null),
                        row("v2", "c2a", "o3", t("2024-06-15T10:00"), "met", "none", null),
                        // a T2 officer visiting a T1 unit, at night without approval
                        row("v3", "c2b", "o2", t("2024-06-20T21:00"), "absent", "none", null),
                        // a T1 officer visiting T2 units
                        row("v4", "c4b", "o1", t("2024-06-05T10:00"), "met", "none", null),
                        row("v5", "c4a", "o1", t("2024-06-06T22:00"), "absent", "none", "AP"),
                        row("v6", "g1", "o1", t("2024-06-07T10:00"), "met", "none", null))
                .put(Entity.INSPECTIONS, "inspection_id, koban_code, inspected_on",
                        row("i1", "K1", d("2024-01-01")),
                        row("i2", "K1", d("2024-05-31")),
                        row("i3", "K1", d("2024-07-05")),
                        row("i4", "K2", d("2024-05-30")),
                        row("i5", "K9", d("2024-06-01")))
                .inputs();
        marts = MartFixtures.build(in, rules, YearMonth.of(2024, 6), ComplianceBeatMonthly.NAME,
                CoverageBeatMonthly.NAME, CardsBeatMonthly.NAME, StationMonthly.NAME, KobanInspections.NAME,
                TrendMonthly.NAME);
    }

    @Test
    void beatRows() {
        List<Row> compliance = marts.get(ComplianceBeatMonthly.NAME);
        // C1..C4; g1's beat NOPE names no beat and has no row
        assertThat(compliance).extracting(r -> r.<String>getAs("beat_code"))
                .containsExactly("C1", "C2", "C3", "C4");
        // C1: events c1b registered, c1x registered, c1x closed = 3; base (1 + 2) / 2 = 1.5 → 2.0 ≥ 1.3
        assertCells(one(compliance, "beat_code", "C1"), "as_of", D, "station_code", "T1", "koban_code", "K1",
                "area_type", "residential", "turnover_rate", 2.0, "band", "high", "rule_set_id", "R",
                "eligible_units", 2L, "exempt_units", 0L, "compliant_units", 1L, "not_yet_due_units", 0L,
                "overdue_units", 1L, "compliance_rate", 0.5, "mean_days_overdue", 1.0);
        // C2: events c2c registered, move-out, move-in = 3; base (2 + 3) / 2 = 2.5 → 1.2 → medium
        assertCells(one(compliance, "beat_code", "C2"), "turnover_rate", 1.2, "band", "medium",
                "eligible_units", 3L, "compliant_units", 1L, "overdue_units", 2L, "compliance_rate", 1.0 / 3,
                "mean_days_overdue", (1552 + 31) / 2.0);
        // C3 without units: rate 0 ≥ medium 0.0 → medium
        assertCells(one(compliance, "beat_code", "C3"), "turnover_rate", 0.0, "band", "medium",
                "eligible_units", 0L, "compliance_rate", null, "mean_days_overdue", null);
        assertCells(one(compliance, "beat_code", "C4"), "turnover_rate", 0.0, "band", "medium",
                "eligible_units", 1L, "exempt_units", 1L, "compliant_units", 1L, "overdue_units", 0L,
                "compliance_rate", 1.0, "mean_days_overdue", null);
        // cards of C1: c1a's active, fresh, foreign-language card on a foreign-resident unit
        assertCells(one(marts.get(CardsBeatMonthly.NAME), "beat_code", "C1"), "units_with_card", 1L,
                "card_coverage", 0.5, "active_cards", 1L, "fresh_cards", 1L, "card_fresh_rate", 1.0,
                "foreign_units", 1L, "foreign_units_with_foreign_card", 1L, "foreign_card_coverage", 1.0);
        // coverage of C2: visits to c2a (met) and c2b (absent)
        assertCells(one(marts.get(CoverageBeatMonthly.NAME), "beat_code", "C2"), "attempted_units_12m", 2L,
                "contacted_units_12m", 1L, "coverage_attempt_12m", 2.0 / 3, "coverage_contact_12m", 1.0 / 3,
                "contacted_units_fytd", 1L, "coverage_contact_fytd", 1.0 / 3);
    }

    @Test
    void stationRollsUpItsBeatsSigmaOverSigma() {
        assertCells(one(marts.get(StationMonthly.NAME), "station_code", "T1", "as_of", D),
                // C1 2 + C2 3 + C3 0 (g1 of no beat is not counted)
                "eligible_units", 5L, "exempt_units", 0L, "compliant_units", 2L, "not_yet_due_units", 0L,
                "overdue_units", 3L,
                // 2/5, not the mean of the beat rates (0.5 + 1/3) / 2
                "compliance_rate", 0.4,
                // (1 + 1552 + 31) / 3, not the mean of the beat means (1 + 791.5) / 2
                "mean_days_overdue", 1584 / 3.0,
                // (3 + 3 + 0) / (1.5 + 2.5 + 0) = 1.5, not the mean of 2.0, 1.2, 0
                "turnover_rate", 1.5,
                "attempted_units_12m", 3L, "contacted_units_12m", 2L, "coverage_attempt_12m", 0.6,
                "coverage_contact_12m", 0.4, "contacted_units_fytd", 2L, "coverage_contact_fytd", 0.4,
                // visits to eligible units: c1a, c2a, c2b
                "visits_per_unit_12m", 0.6,
                "units_with_card", 1L, "card_coverage", 0.2, "active_cards", 1L, "fresh_cards", 1L,
                "card_fresh_rate", 1.0, "foreign_units", 1L, "foreign_units_with_foreign_card", 1L,
                "foreign_card_coverage", 1.0, "orphan_active_cards", 0L,
                // by the officer's station: o1's v1 v4 v5 v6 and o3's v2 (other department);
                // v5 at 22:00 is approved by AP on its date
                "visits", 5L, "other_dept_visits", 1L, "other_dept_visit_share", 0.2,
                "night_visits", 1L, "unapproved_night_visits", 0L,
                // K1, K2; K2 overdue
                "kobans", 2L, "kobans_inspection_overdue", 1L);
    }

    @Test
    void stationOfOtherBeatsAndVisitsOfItsOfficers() {
        assertCells(one(marts.get(StationMonthly.NAME), "station_code", "T2", "as_of", D),
                "eligible_units", 1L, "exempt_units", 1L, "compliant_units", 1L, "overdue_units", 0L,
                "compliance_rate", 1.0, "mean_days_overdue", null, "turnover_rate", 0.0,
                // c4a is exempt: its visit is not in visits_12m
                "visits_per_unit_12m", 1.0, "card_coverage", 0.0, "card_fresh_rate", null,
                "foreign_card_coverage", null,
                // o2's v3 on a T1 unit, at night, unapproved
                "visits", 1L, "other_dept_visits", 1L, "other_dept_visit_share", 1.0, "night_visits", 1L,
                "unapproved_night_visits", 1L, "kobans", 1L, "kobans_inspection_overdue", 1L);
    }

    @Test
    void stationNamedOnlyByAnOfficerHasAZeroRow() {
        assertThat(marts.get(StationMonthly.NAME)).extracting(r -> r.<String>getAs("station_code"))
                .containsExactly("T1", "T2", "T3");
        assertCells(one(marts.get(StationMonthly.NAME), "station_code", "T3", "as_of", D),
                "eligible_units", 0L, "compliant_units", 0L, "overdue_units", 0L, "compliance_rate", null,
                "mean_days_overdue", null, "turnover_rate", 0.0, "coverage_contact_12m", null,
                "visits_per_unit_12m", null, "visits", 0L, "other_dept_visits", 0L, "other_dept_visit_share", null,
                "night_visits", 0L, "unapproved_night_visits", 0L, "kobans", 0L, "kobans_inspection_overdue", 0L);
    }

    @Test
    void kobanInspections() {
        List<Row> kobans = marts.get(KobanInspections.NAME);
        // kobans named by beats only: no K9
        assertThat(kobans).extracting(r -> r.<String>getAs("koban_code")).containsExactly("K1", "K2", "K3");
        // latest ≤ D is 05-31 (07-05 is later); 30 days = the interval → not overdue
        assertCells(one(kobans, "koban_code", "K1"), "as_of", D, "station_code", "T1",
                "last_inspected_on", d("2024-05-31"), "days_since_inspection", 30, "inspection_overdue", false);
        // 31 days > 30 → overdue
        assertCells(one(kobans, "koban_code", "K2"), "station_code", "T1", "last_inspected_on", d("2024-05-30"),
                "days_since_inspection", 31, "inspection_overdue", true);
        // never inspected
        assertCells(one(kobans, "koban_code", "K3"), "station_code", "T2", "last_inspected_on", null,
                "days_since_inspection", null, "inspection_overdue", true);
    }

    @Test
    void trendHasRowsOnlyForPairsWithBeats() {
        List<Row> trend = marts.get(TrendMonthly.NAME);
        assertThat(trend).hasSize(3);
        // C1
        assertCells(one(trend, "area_type", "residential", "band", "high"), "as_of", D, "rule_set_id", "R",
                "beats", 1L, "eligible_units", 2L, "compliance_rate", 0.5, "coverage_contact_12m", 0.5,
                "turnover_rate", 2.0, "visits_per_unit_12m", 0.5);
        // C2 + C4: compliance (1 + 1) / (3 + 1), not the mean of 1/3 and 1; coverage (1 + 1) / 4;
        // turnover (3 + 0) / (2.5 + 2); visits (2 + 1) / 4
        assertCells(one(trend, "area_type", "residential", "band", "medium"), "rule_set_id", "R",
                "beats", 2L, "eligible_units", 4L, "compliance_rate", 0.5, "coverage_contact_12m", 0.5,
                "turnover_rate", 3 / 4.5, "visits_per_unit_12m", 0.75);
        // C3
        assertCells(one(trend, "area_type", "commercial", "band", "medium"), "beats", 1L, "eligible_units", 0L,
                "compliance_rate", null, "coverage_contact_12m", null, "turnover_rate", 0.0,
                "visits_per_unit_12m", null);
    }
}
