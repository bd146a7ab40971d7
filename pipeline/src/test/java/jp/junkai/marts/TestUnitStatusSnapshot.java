package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.assertCells;
import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.one;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.marts.snapshot.UnitStatusFiles;
import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/**
 * The unit status snapshot kept in the lake: a row per unit active on each status day (the
 * snapshot dates and the month-end before the first), with the columns of docs/metrics.md.
 */
class TestUnitStatusSnapshot {

    @TempDir
    Path dir;

    @Test
    void aRowPerActiveUnitOnEveryStatusDay() {
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type", row("B1", "S1", "K1", "mixed"))
                .put(Entity.OFFICERS, "officer_id, station_code, department", row("O1", "S1", "community"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on, closed_on, exempt_from",
                        row("U1", "B1", "household", d("2024-01-10"), null, null),
                        row("U2", "B1", "business", d("2024-02-01"), null, d("2024-03-01")),
                        row("U3", "B1", "household", d("2024-01-15"), d("2024-03-20"), null))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action",
                        row("V1", "U1", "O1", t("2024-03-05T10:00"), "met", "none"))
                .inputs();
        RuleFile rules = MartFixtures.rules(new MartFixtures.RuleSetYaml("R", "2024-01-01"));
        MartBuild build = new MartBuild(in, rules, MartBuild.plan(in, rules, YearMonth.of(2024, 3)));

        long written = build.writeUnitStatuses(build.plan().statusDays(), dir);
        build.release();
        Dataset<Row> table = in.beats().sparkSession().read().parquet(dir.toString());
        List<Row> rows = table.selectExpr(UnitStatusFiles.SPARK_SCHEMA.fieldNames()).collectAsList();

        // as Spark reads the folder: the partition as_of is a date, the file columns as declared
        assertThat(table.schema().apply("as_of").dataType()).isEqualTo(DataTypes.DateType);
        assertThat(rows.get(0).schema().fields()).extracting(f -> f.name() + ":" + f.dataType())
                .containsExactlyElementsOf(java.util.Arrays.stream(UnitStatusFiles.SPARK_SCHEMA.fields())
                        .map(f -> f.name() + ":" + f.dataType()).toList());
        assertThat(written).isEqualTo(5);
        // 2024-02-29 (the month-end before the first month with a visit): all three active;
        // 2024-03-31: U3 closed on 03-20 has no row
        assertThat(rows).hasSize(5);
        // 02-29: events 3 registrations in (2023-03-01, 2024-02-29], base (0 + 3) / 2 = 1.5, rate 2 → high
        assertCells(one(rows, "as_of", d("2024-02-29"), "unit_id", "U1"), "beat_code", "B1", "unit_kind",
                "household", "band", "high", "rule_set_id", "R", "interval_days", 180, "eligible", true,
                // no contact yet: due = occupant_since 01-10 + 90 = 04-09
                "status", "not_yet_due", "occupant_since", d("2024-01-10"), "last_contact", null,
                "due_date", d("2024-04-09"), "days_overdue", 0);
        assertCells(one(rows, "as_of", d("2024-02-29"), "unit_id", "U2"), "eligible", true, "status",
                "not_yet_due", "interval_days", 365, "due_date", d("2024-05-01"));
        assertCells(one(rows, "as_of", d("2024-02-29"), "unit_id", "U3"), "status", "not_yet_due",
                "due_date", d("2024-04-14"));
        // 03-31: events 3 registrations + U3's closure = 4; base (0 + 2) / 2 = 1; rate 4 → high;
        // U1 met on 03-05: due = 03-05 + 180 = 09-01, compliant
        assertCells(one(rows, "as_of", d("2024-03-31"), "unit_id", "U1"), "band", "high", "status", "compliant",
                "last_contact", d("2024-03-05"), "due_date", d("2024-09-01"), "days_overdue", 0);
        // U2 exempt from 03-01: active, not eligible, no status
        assertCells(one(rows, "as_of", d("2024-03-31"), "unit_id", "U2"), "eligible", false, "status", null,
                "days_overdue", null, "due_date", d("2024-05-01"));
    }

    @Test
    void writingAgainReplacesTheFilesAndNoDayGivesAnEmptyTable() {
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type", row("B1", "S1", "K1", "mixed"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on",
                        row("U1", "B1", "household", d("2024-01-10")))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action",
                        row("V1", "U1", "O1", t("2024-03-05T10:00"), "met", "none"))
                .inputs();
        RuleFile rules = MartFixtures.rules(new MartFixtures.RuleSetYaml("R", "2024-01-01"));
        MartBuild build = new MartBuild(in, rules, MartBuild.plan(in, rules, YearMonth.of(2024, 3)));
        build.writeUnitStatuses(build.plan().statusDays(), dir.resolve("twice"));
        build.writeUnitStatuses(build.plan().statusDays(), dir.resolve("twice"));
        build.writeUnitStatuses(List.of(), dir.resolve("none"));
        build.release();

        // 02-29 and 03-31, one unit each, once
        assertThat(in.beats().sparkSession().read().parquet(dir.resolve("twice").toString()).count()).isEqualTo(2);
        Dataset<Row> none = in.beats().sparkSession().read().parquet(dir.resolve("none").toString());
        assertThat(none.count()).isZero();
        assertThat(none.columns()).containsExactly(UnitStatusFiles.SPARK_SCHEMA.fieldNames());
    }
}
