package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/**
 * Night visits and their approval (SPEC §5 "Night visits", §6.11, §6.16) as VisitFacts decides them
 * for the officer and station marts. R1 from 2024-01-01 has the night window 20:00–06:00 (crossing
 * midnight); R2 from 2024-06-20 has 01:00–05:00 (not crossing). The month's window is R(D1)'s:
 * May follows R1, all of June follows R2.
 */
class TestVisitFactsNightWindow {

    /** visit id → "night/unapproved" as 0/1 digits. */
    static Map<String, String> facts;

    @BeforeAll
    static void build() {
        MartFixtures.RuleSetYaml r1 = new MartFixtures.RuleSetYaml("R1", "2024-01-01");
        MartFixtures.RuleSetYaml r2 = new MartFixtures.RuleSetYaml("R2", "2024-06-20");
        r2.nightStart = "01:00";
        r2.nightEnd = "05:00";
        RuleFile rules = MartFixtures.rules(r1, r2);
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.NIGHT_APPROVALS, "approval_id, officer_id, approved_date",
                        row("AP-0609", "A", d("2024-06-09")),
                        row("AP-0610", "A", d("2024-06-10")),
                        row("AP-0509", "A", d("2024-05-09")),
                        row("AP-0510", "A", d("2024-05-10")))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action,"
                                + " night_approval_id",
                        // June, R2 01:00–05:00 (before R2 took effect on 06-20, still R(D1)'s window)
                        row("n1", "U", "A", t("2024-06-10T00:59"), "met", "none", null),
                        row("n2", "U", "A", t("2024-06-10T01:00"), "met", "none", "AP-0610"),
                        row("n3", "U", "A", t("2024-06-10T04:59"), "met", "none", "AP-0609"),
                        row("n4", "U", "A", t("2024-06-10T05:00"), "met", "none", null),
                        row("n5", "U", "A", t("2024-06-10T23:00"), "met", "none", "AP-0610"),
                        row("n6", "U", "A", t("2024-06-10T02:00"), "met", "none", null),
                        // May, R1 20:00–06:00
                        row("m1", "U", "A", t("2024-05-10T23:00"), "met", "none", "AP-0509"),
                        row("m2", "U", "A", t("2024-05-11T03:00"), "met", "none", "AP-0509"),
                        row("m3", "U", "A", t("2024-05-11T03:00"), "met", "none", "AP-0510"),
                        row("m4", "U", "A", t("2024-05-10T23:00"), "met", "none", "AP-0510"),
                        // outside the snapshot months
                        row("x1", "U", "A", t("2024-04-30T23:00"), "met", "none", null),
                        row("x2", "U", "A", t("2024-07-01T00:00"), "met", "none", null))
                .inputs();
        List<Row> rows = VisitFacts.of(in, rules, d("2024-05-01"), d("2024-06-30")).collectAsList();
        facts = rows.stream().collect(Collectors.toMap(r -> r.<String>getAs("visit_id"),
                r -> (r.<Boolean>getAs("night") ? "1" : "0") + "/" + (r.<Boolean>getAs("unapproved_night") ? "1" : "0")));
    }

    @Test
    void onlyVisitsOfTheSnapshotMonths() {
        assertThat(facts).doesNotContainKeys("x1", "x2").hasSize(10);
    }

    @Test
    void windowNotCrossingMidnightApprovedOnItsOwnDateOnly() {
        assertThat(facts.get("n1")).as("00:59 is before start").isEqualTo("0/0");
        assertThat(facts.get("n2")).as("01:00, approval of its date").isEqualTo("1/0");
        assertThat(facts.get("n3")).as("04:59, approval of the day before").isEqualTo("1/1");
        assertThat(facts.get("n4")).as("05:00 is the end").isEqualTo("0/0");
        assertThat(facts.get("n5")).as("23:00 is not night under 01:00–05:00").isEqualTo("0/0");
        assertThat(facts.get("n6")).as("02:00 without approval").isEqualTo("1/1");
    }

    @Test
    void windowCrossingMidnight() {
        assertThat(facts.get("m1")).as("23:00, approval of the day before").isEqualTo("1/1");
        assertThat(facts.get("m4")).as("23:00, approval of its date").isEqualTo("1/0");
        assertThat(facts.get("m2")).as("03:00, approval two days before").isEqualTo("1/1");
        assertThat(facts.get("m3")).as("03:00, approval of the day before").isEqualTo("1/0");
    }

    @Test
    void anApprovalThatNamesNothingOrAnotherOfficerLeavesTheVisitUnapproved() {
        // SPEC §6.7: a night_approval_id that names no approval is an unapproved night visit
        RuleFile rules = MartFixtures.rules(new MartFixtures.RuleSetYaml("R1", "2024-01-01"));
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.NIGHT_APPROVALS, "approval_id, officer_id, approved_date", row("AP-A", "A", d("2024-05-10")))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action,"
                                + " night_approval_id",
                        row("own", "U", "A", t("2024-05-10T23:00"), "met", "none", "AP-A"),
                        row("none", "U", "A", t("2024-05-10T23:00"), "met", "none", "AP-MISSING"),
                        row("other", "U", "B", t("2024-05-10T23:00"), "met", "none", "AP-A"),
                        row("day", "U", "B", t("2024-05-10T12:00"), "met", "none", "AP-A"))
                .inputs();
        Map<String, String> f = nightFlags(in, rules);
        assertThat(f).containsExactlyInAnyOrderEntriesOf(Map.of("own", "1/0", "none", "1/1", "other", "1/1",
                "day", "0/0"));
    }

    @Test
    void anApprovalOfTheDayBeforeTheFirstMonthApprovesItsFirstNight() {
        // the approvals looked up are those of the months' days and the day before them: April 30
        // approves a visit at 03:00 on May 1; April 29 approves nothing in May
        RuleFile rules = MartFixtures.rules(new MartFixtures.RuleSetYaml("R1", "2024-01-01"));
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.NIGHT_APPROVALS, "approval_id, officer_id, approved_date",
                        row("AP-0430", "A", d("2024-04-30")), row("AP-0429", "A", d("2024-04-29")),
                        row("AP-0531", "A", d("2024-05-31")))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action,"
                                + " night_approval_id",
                        row("first", "U", "A", t("2024-05-01T03:00"), "met", "none", "AP-0430"),
                        row("older", "U", "A", t("2024-05-01T03:00"), "met", "none", "AP-0429"),
                        row("last", "U", "A", t("2024-05-31T23:00"), "met", "none", "AP-0531"))
                .inputs();
        Map<String, String> f = nightFlags(in, rules);
        assertThat(f).containsExactlyInAnyOrderEntriesOf(Map.of("first", "1/0", "older", "1/1", "last", "1/0"));
    }

    /** visit_id → "night/unapproved night" (1 or 0 each) of the visit facts of May 2024. */
    private static Map<String, String> nightFlags(MartInputs in, RuleFile rules) {
        return VisitFacts.of(in, rules, d("2024-05-01"), d("2024-05-31")).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs("visit_id"), r -> (r.<Boolean>getAs("night") ? "1" : "0")
                        + "/" + (r.<Boolean>getAs("unapproved_night") ? "1" : "0")));
    }
}
