package jp.junkai.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import jp.junkai.marts.snapshot.BeatCounts;

/**
 * {@code station_monthly} (as_of × station): the three beat marts rolled up Σ/Σ over the station's
 * beats, plus the month's visits attributed to the visiting officer's station (SPEC §6.18) and the
 * station's kobans. Stations are those named by a beat or an officer.
 */
public final class StationMonthly {

    public static final String NAME = "station_monthly";

    /** The beat counts a station row shows (the internal due and turnover-activity counts left out). */
    static final List<String> COUNTS = List.of("eligible_units", "exempt_units", "compliant_units",
            "not_yet_due_units", "overdue_units", "days_overdue_total", "attempted_units_12m", "contacted_units_12m",
            "contacted_units_fytd", "visits_12m", "units_with_card", "active_cards", "fresh_cards", "foreign_units",
            "foreign_units_with_foreign_card", "orphan_active_cards", "turnover_events");

    private StationMonthly() {
    }

    /**
     * @param beatSnapshots rows of {@link BeatSnapshots} on the snapshot dates
     * @param work          {@link OfficerWork} of the snapshot months: a visit counts at its officer's station
     * @param officers      the live officers
     * @param beats         the live beats
     * @param kobans        {@link KobanInspections}
     * @param days          the snapshot dates (a station row on each, even in a prefecture without beats)
     */
    public static Dataset<Row> from(Dataset<Row> beatSnapshots, Dataset<Row> work, Dataset<Row> officers,
                                    Dataset<Row> beats, Dataset<Row> kobans, List<LocalDate> days) {
        Dataset<Row> stations = beats.select("station_code").union(officers.select("station_code")).distinct();
        List<Row> dayRows = days.stream().map(d -> RowFactory.create(d)).toList();
        Dataset<Row> grid = stations.crossJoin(beats.sparkSession().createDataFrame(dayRows,
                new StructType().add("as_of", DataTypes.DateType, false)));
        List<Column> sums = new ArrayList<>();
        for (String n : BeatCounts.NAMES) {
            sums.add(expr("cast(sum(" + n + ") as long)").as(n));
        }
        Dataset<Row> beatSums = beatSnapshots.groupBy("as_of", "station_code")
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
        Dataset<Row> visits = work.join(officers.select(col("officer_id"), col("station_code"),
                        col("department")), "officer_id")
                .withColumn("as_of", expr("last_day(month)"))
                .groupBy("as_of", "station_code")
                .agg(expr("cast(sum(visits) as long)").as("visits"),
                        expr("cast(sum(case when department = 'other' then visits else 0 end) as long)")
                                .as("other_dept_visits"),
                        expr("cast(sum(night_visits) as long)").as("night_visits"),
                        expr("cast(sum(unapproved_night_visits) as long)").as("unapproved_night_visits"));
        Dataset<Row> kobanCounts = kobans.groupBy("as_of", "station_code")
                .agg(expr("count(1)").as("kobans"),
                        expr("cast(sum(case when inspection_overdue then 1 else 0 end) as long)")
                                .as("kobans_inspection_overdue"));
        Dataset<Row> joined = grid.join(beatSums, new String[] {"as_of", "station_code"}, "left")
                .join(visits, new String[] {"as_of", "station_code"}, "left")
                .join(kobanCounts, new String[] {"as_of", "station_code"}, "left");
        List<String> zeroed = new ArrayList<>(BeatCounts.NAMES);
        zeroed.addAll(List.of("visits", "other_dept_visits", "night_visits", "unapproved_night_visits", "kobans",
                "kobans_inspection_overdue"));
        for (String n : zeroed) {
            joined = joined.withColumn(n, coalesce(col(n), lit(0L)));
        }
        Dataset<Row> rated = Measures.withRates(joined).withColumn("other_dept_visit_share",
                expr("case when visits = 0 then null else cast(other_dept_visits as double) / visits end"));
        List<String> columns = new ArrayList<>(List.of("as_of", "station_code"));
        columns.addAll(COUNTS);
        columns.addAll(List.of("turnover_base", "turnover_rate", "compliance_rate", "mean_days_overdue",
                "coverage_attempt_12m", "coverage_contact_12m", "coverage_contact_fytd", "visits_per_unit_12m",
                "card_coverage", "card_fresh_rate", "foreign_card_coverage", "visits", "other_dept_visits",
                "other_dept_visit_share", "night_visits", "unapproved_night_visits", "kobans",
                "kobans_inspection_overdue"));
        return rated.selectExpr(columns.toArray(String[]::new)).orderBy("as_of", "station_code");
    }
}
