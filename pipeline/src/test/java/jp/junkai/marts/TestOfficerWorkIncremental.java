package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/**
 * The officers' work counted for some months only equals the same months counted with all the
 * others, and what it reads per month changes only where a visit or approval changed.
 */
class TestOfficerWorkIncremental {

    private static final RuleFile RULES = MartFixtures.rules(new MartFixtures.RuleSetYaml("R", "2024-01-01"));

    private static MartInputs world(String c2Outcome, String approvedDate) {
        return new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type", row("B1", "S1", "K1", "mixed"))
                .put(Entity.OFFICERS, "officer_id, station_code, department", row("C", "S1", "community"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on",
                        row("U1", "B1", "household", d("2020-01-01")), row("U2", "B1", "household", d("2020-01-01")))
                .put(Entity.NIGHT_APPROVALS, "approval_id, officer_id, approved_date", row("AP1", "C", d(approvedDate)))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action, night_approval_id",
                        row("c0", "U1", "C", t("2024-05-10T10:00:00"), "met", "none", null),
                        // 50 seconds apart across the month change: July's first visit is a quick one
                        row("c1", "U1", "C", t("2024-06-30T23:59:30"), "absent", "none", null),
                        row("c2", "U2", "C", t("2024-07-01T00:00:20"), c2Outcome, "none", "AP1"),
                        row("c3", "U2", "C", t("2024-08-02T10:00:00"), "met", "none", null))
                .inputs();
    }

    private static List<String> work(MartBuild b, Set<YearMonth> months) {
        return b.officerWork(months).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void oneMonthCountedAloneEqualsItsRowsCountedWithTheOthers() {
        MartInputs in = world("met", "2024-06-30");
        MartBuild build = new MartBuild(in, RULES, MartBuild.plan(in, RULES, YearMonth.of(2024, 8)));
        List<String> all = work(build, Set.of(YearMonth.of(2024, 5), YearMonth.of(2024, 6), YearMonth.of(2024, 7),
                YearMonth.of(2024, 8)));
        List<String> july = work(build, Set.of(YearMonth.of(2024, 7)));

        assertThat(july).hasSize(1);
        assertThat(all).contains(july.get(0));
        Row row = build.officerWork(Set.of(YearMonth.of(2024, 7))).first();
        // the lead-in day brings June 30's visit: July's first visit came 50 s after it
        assertThat(row.<Long>getAs("visits_within_60s")).isEqualTo(1L);
        assertThat(row.<Long>getAs("visits")).isEqualTo(1L);
        // approved for the day before (after midnight, before the night's end)
        assertThat(row.<Long>getAs("night_visits")).isEqualTo(1L);
        assertThat(row.<Long>getAs("unapproved_night_visits")).isEqualTo(0L);
        // months without a visit have no row; none counted, none at all
        assertThat(work(build, Set.of())).isEmpty();
    }

    @Test
    void aChangedVisitOrApprovalChangesOnlyTheMonthsItReaches() {
        Map<String, String> before = MartBuild.workInputs(world("met", "2024-06-30")).parts();
        Map<String, String> visitChanged = MartBuild.workInputs(world("absent", "2024-06-30")).parts();
        Map<String, String> approvalMoved = MartBuild.workInputs(world("met", "2024-08-15")).parts();

        assertThat(before.keySet()).containsExactly("2024-05", "2024-06", "2024-07", "2024-08");
        // the same pass finds the first month with a visit, as the plan does (an approval is no visit)
        MartInputs moved = world("met", "2024-04-30");
        assertThat(MartBuild.workInputs(moved).firstVisitMonth()).isEqualTo(YearMonth.of(2024, 5))
                .isEqualTo(MartBuild.plan(moved, RULES, YearMonth.of(2024, 8)).months().get(0));
        assertThat(MartBuild.workInputs(moved).parts()).containsKey("2024-04");
        assertThat(changed(before, visitChanged)).containsExactly("2024-07");
        // an approval reaches its date's month and the next day's: June 30 → June, July; August 15 → August
        assertThat(changed(before, approvalMoved)).containsExactly("2024-06", "2024-07", "2024-08");
    }

    private static List<String> changed(Map<String, String> a, Map<String, String> b) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys.stream().filter(k -> !java.util.Objects.equals(a.get(k), b.get(k))).toList();
    }
}
