package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.assertCells;
import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.one;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.spark;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/**
 * officer_monthly's percent ranks and commendation candidates (SPEC §5 "Officers", §6.19), computed by
 * OfficerMonthly from literal visit facts and beat counts: the due units of each officer's primary beat
 * are given directly, so the ranked values are chosen freely. June 2024; rule set R: commendation
 * min_contacts 2, min_percentile 0.25.
 */
class TestOfficerMonthlyRanks {

    static final LocalDate JUNE = d("2024-06-01");
    static List<Row> rows;

    @BeforeAll
    static void build() {
        MartFixtures.RuleSetYaml r = new MartFixtures.RuleSetYaml("R", "2024-01-01");
        r.minContacts = 2;
        r.minPercentile = 0.25;
        RuleFile rules = MartFixtures.rules(r);
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.OFFICERS, "officer_id, station_code, koban_code, department",
                        row("r1", "S3", "K", "community"), row("r2", "S3", "K", "community"),
                        row("r3", "S3", "K", "community"), row("r4", "S3", "K", "community"),
                        row("r5", "S3", "K", "community"), row("r6", "S3", "K", "other"),
                        row("r7", "S4", "K", "community"), row("r8", "S3", "K", "community"),
                        row("r9", "S3", "K", "community"))
                .put(Entity.ASSIGNMENTS, "assignment_id, officer_id, beat_code, role, start_date",
                        row("a1", "r1", "b1", "primary", d("2020-01-01")),
                        row("a2", "r2", "b2", "primary", d("2020-01-01")),
                        row("a3", "r3", "b3", "primary", d("2020-01-01")),
                        row("a4", "r4", "b4", "primary", d("2020-01-01")),
                        row("a5", "r5", "b5", "primary", d("2020-01-01")),
                        row("a6", "r6", "b6", "primary", d("2020-01-01")),
                        row("a7", "r7", "b7", "primary", d("2020-01-01")),
                        row("a8", "r8", "b8", "primary", d("2020-01-01")),
                        row("a9", "r9", "b9", "primary", d("2020-01-01")))
                .inputs();
        // due units on D0 = 05-31 / cleared in June, per beat:
        // b1 4/1 (0.25), b2 4/2 (0.5), b3 2/1 (0.5), b4 4/4 (1.0), b5 0/0 (null), b6 1/1, b7 2/1 (0.5),
        // b8 3/3 (1.0), b9 4/3 (0.75). Compliance: 4 of 10 on D0, 5 of 10 on D1.
        long[][] due = {{4, 1}, {4, 2}, {2, 1}, {4, 4}, {0, 0}, {1, 1}, {2, 1}, {3, 3}, {4, 3}};
        List<Row> beats = new ArrayList<>();
        for (int i = 0; i < due.length; i++) {
            beats.add(RowFactory.create(d("2024-05-31"), "b" + (i + 1), due[i][0], due[i][1], 4L, 0L, 10L));
            beats.add(RowFactory.create(d("2024-06-30"), "b" + (i + 1), 0L, 0L, 5L, 0L, 10L));
        }
        Dataset<Row> beatSnapshots = spark().createDataFrame(beats, new StructType()
                .add("as_of", DataTypes.DateType).add("beat_code", DataTypes.StringType)
                .add("due_next_units", DataTypes.LongType).add("due_next_cleared", DataTypes.LongType)
                .add("compliant_units", DataTypes.LongType).add("not_yet_due_units", DataTypes.LongType)
                .add("eligible_units", DataTypes.LongType));
        // visits (contacts): r1 3 (3), r2 2 (2), r3 2 (2, one an unapproved night visit), r4 4 (1),
        // r5 5 (5), r6 3 (3), r7 2 (2), r8 none, r9 3 (3)
        List<Row> facts = new ArrayList<>();
        fact(facts, "r1", 3, 3, 0);
        fact(facts, "r2", 2, 2, 0);
        fact(facts, "r3", 2, 2, 1);
        fact(facts, "r4", 4, 1, 0);
        fact(facts, "r5", 5, 5, 0);
        fact(facts, "r6", 3, 3, 0);
        fact(facts, "r7", 2, 2, 0);
        fact(facts, "r9", 3, 3, 0);
        Dataset<Row> visitFacts = spark().createDataFrame(facts, VisitFacts.SCHEMA);
        rows = OfficerMonthly.from(visitFacts, in.officers(), in.assignments(), beatSnapshots,
                List.of(YearMonth.of(2024, 6)), rules).collectAsList();
    }

    /** n visits of the officer on June days, the first c of them contacts, the first u unapproved at night. */
    private static void fact(List<Row> facts, String officer, int n, int c, int u) {
        for (int i = 0; i < n; i++) {
            LocalDateTime at = LocalDateTime.of(2024, 6, 1 + i, i < u ? 22 : 10, 0);
            facts.add(RowFactory.create(officer + "-" + i, officer, "u", at, at.toLocalDate(), JUNE, i < c, i < u,
                    i < u, "none", List.of(), 0, false));
        }
    }

    @Test
    void dueClearedRankAmongTheStationsCommunityOfficersWithVisits() {
        // S3 ranked: r1 0.25, r2 0.5, r3 0.5, r9 0.75, r4 1.0 (r5's rate is null, r6 is other-department,
        // r8 has no visit; r7 is in S4). percent_rank = (rank − 1) / (5 − 1); ties share the lowest rank.
        assertCells(one(rows, "officer_id", "r1"), "due_cleared_rate", 0.25, "due_cleared_pct_rank", 0.0);
        assertCells(one(rows, "officer_id", "r2"), "due_cleared_rate", 0.5, "due_cleared_pct_rank", 0.25);
        assertCells(one(rows, "officer_id", "r3"), "due_cleared_rate", 0.5, "due_cleared_pct_rank", 0.25);
        assertCells(one(rows, "officer_id", "r9"), "due_cleared_rate", 0.75, "due_cleared_pct_rank", 0.75);
        assertCells(one(rows, "officer_id", "r4"), "due_cleared_rate", 1.0, "due_cleared_pct_rank", 1.0);
        assertCells(one(rows, "officer_id", "r5"), "due_units", 0L, "due_cleared_rate", null,
                "due_cleared_pct_rank", null);
        assertCells(one(rows, "officer_id", "r6"), "due_cleared_rate", 1.0, "due_cleared_pct_rank", null,
                "visits_pct_rank", null);
        assertCells(one(rows, "officer_id", "r8"), "visits", 0L, "due_cleared_rate", 1.0,
                "due_cleared_pct_rank", null, "visits_pct_rank", null);
        // alone in S4
        assertCells(one(rows, "officer_id", "r7"), "due_cleared_pct_rank", 0.0, "visits_pct_rank", 0.0);
    }

    @Test
    void visitsRankAmongTheStationsCommunityOfficersWithVisits() {
        // S3 ranked by visits: r2 2, r3 2, r1 3, r9 3, r4 4, r5 5 → (rank − 1) / 5
        assertCells(one(rows, "officer_id", "r2"), "visits", 2L, "visits_pct_rank", 0.0);
        assertCells(one(rows, "officer_id", "r3"), "visits", 2L, "visits_pct_rank", 0.0);
        assertCells(one(rows, "officer_id", "r1"), "visits", 3L, "visits_pct_rank", 0.4);
        assertCells(one(rows, "officer_id", "r9"), "visits", 3L, "visits_pct_rank", 0.4);
        assertCells(one(rows, "officer_id", "r4"), "visits", 4L, "visits_pct_rank", 0.8);
        assertCells(one(rows, "officer_id", "r5"), "visits", 5L, "visits_pct_rank", 1.0);
    }

    @Test
    void commendationCandidates() {
        // r2: 2 contacts = min, rank 0.25 = min, no unapproved night visit; r9: 3 contacts, rank 0.75
        assertThat(rows.stream().filter(r -> r.<Boolean>getAs("commendation_candidate"))
                .map(r -> r.<String>getAs("officer_id"))).containsExactlyInAnyOrder("r2", "r9");
        // r3: same rank and contacts as r2, but one unapproved night visit; r4: rank 1.0 but 1 contact;
        // r6: other department; r7: rank 0 < 0.25
        assertCells(one(rows, "officer_id", "r3"), "contacts", 2L, "unapproved_night_visits", 1L,
                "commendation_candidate", false);
        assertCells(one(rows, "officer_id", "r4"), "contacts", 1L, "commendation_candidate", false);
    }

    @Test
    void beatComplianceFromTheGivenCounts() {
        assertCells(one(rows, "officer_id", "r1"), "beat_compliance_end", 0.5,
                "beat_compliance_delta", 0.5 - 0.4, "due_units", 4L, "due_units_cleared", 1L);
    }
}
