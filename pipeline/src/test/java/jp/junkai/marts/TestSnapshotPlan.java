package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/** Which snapshots a build computes (SPEC §3, §6.10, §6.21). */
class TestSnapshotPlan {

    static MartInputs in;
    static final RuleFile FROM_JANUARY = MartFixtures.rules(new MartFixtures.RuleSetYaml("R", "2024-01-01"));

    @BeforeAll
    static void inputs() {
        // the March visit is deleted: the first month with a visit is May
        in = new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type", row("B", "S", "K", "rural"))
                .put(Entity.OFFICERS, "officer_id, station_code, department", row("A", "S", "community"))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action, deleted",
                        row("gone", "U", "A", t("2024-03-10T10:00"), "met", "none", true),
                        row("v1", "U", "A", t("2024-05-10T10:00"), "met", "none", false),
                        row("v2", "U", "A", t("2024-07-02T10:00"), "met", "none", null))
                .inputs();
    }

    @Test
    void fromTheFirstMonthWithALiveVisitThroughThrough() {
        SnapshotPlan plan = MartBuild.plan(in, FROM_JANUARY, YearMonth.of(2024, 8));
        assertThat(plan.months()).containsExactly(YearMonth.of(2024, 5), YearMonth.of(2024, 6),
                YearMonth.of(2024, 7), YearMonth.of(2024, 8));
        assertThat(plan.snapshotDays()).containsExactly(d("2024-05-31"), d("2024-06-30"), d("2024-07-31"),
                d("2024-08-31"));
        // the month-end before the first month is a status day when a rule set is in force on it
        assertThat(plan.statusDays()).startsWith(d("2024-04-30")).hasSize(5);
        assertThat(MartBuild.plan(in, FROM_JANUARY, YearMonth.of(2024, 5)).months())
                .containsExactly(YearMonth.of(2024, 5));
    }

    @Test
    void noSnapshotWhenThroughIsEarlier() {
        assertThat(MartBuild.plan(in, FROM_JANUARY, YearMonth.of(2024, 4)).isEmpty()).isTrue();
        assertThat(MartBuild.plan(in, FROM_JANUARY, YearMonth.of(2024, 4)).statusDays()).isEmpty();
    }

    @Test
    void snapshotBeforeTheFirstRuleSetIsRefused() {
        RuleFile fromJune = MartFixtures.rules(new MartFixtures.RuleSetYaml("J", "2024-06-01"));
        assertThatThrownBy(() -> MartBuild.plan(in, fromJune, YearMonth.of(2024, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2024-05-31").hasMessageContaining("2024-06-01");
        // effective mid-May: the May snapshot is covered, April 30 is no status day
        RuleFile fromMidMay = MartFixtures.rules(new MartFixtures.RuleSetYaml("M", "2024-05-15"));
        SnapshotPlan plan = MartBuild.plan(in, fromMidMay, YearMonth.of(2024, 6));
        assertThat(plan.statusDays()).containsExactly(d("2024-05-31"), d("2024-06-30"));
    }

    @Test
    void emptyPlanGivesEmptyMarts() {
        Map<String, List<Row>> marts = MartFixtures.build(in, FROM_JANUARY, YearMonth.of(2024, 4));
        assertThat(marts).containsKeys(ComplianceBeatMonthly.NAME, CoverageBeatMonthly.NAME, CardsBeatMonthly.NAME,
                OfficerMonthly.NAME, StationMonthly.NAME, KobanInspections.NAME, TrendMonthly.NAME);
        marts.forEach((name, rows) -> assertThat(rows).as(name).isEmpty());
    }
}
