package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import jp.junkai.schema.rules.RuleFile;
import jp.junkai.schema.rules.RuleSet;

/**
 * {@code officer_monthly} (month × officer): an officer's liaison work in month M (第4-3), the due
 * units of the officer's primary beats and how many were cleared, beat compliance at the month's
 * end and its change, percent ranks within the station, commendation candidates, and visit
 * plausibility signals (docs/metrics.md). Every officer has a row for every month (SPEC §6.12).
 */
public final class OfficerMonthly {

    public static final String NAME = "officer_monthly";

    /** A visit logged less than this many seconds after the officer's previous one is a signal. */
    public static final int QUICK_SUCCESSION_SECONDS = 60;
    /** More visits than this in one clock hour is a signal. */
    public static final int VISITS_PER_HOUR_SIGNAL = 12;

    /**
     * The beat counts the mart reads (of the officer's primary beats, on the month-end before the
     * month and its own): {@link #dueAndCompliance} sees these columns only, so that
     * {@link KeptOfficerMonths} may keep a month whose counts of them did not change.
     */
    public static final List<String> COUNTS_READ = List.of("due_next_units", "due_next_cleared", "compliant_units",
            "not_yet_due_units", "eligible_units");

    private OfficerMonthly() {
    }

    /** The mart's rows in its order: month, then officer. */
    public static Dataset<Row> ordered(Dataset<Row> rows) {
        return rows.orderBy("month", "officer_id");
    }

    /**
     * @param visitFacts    {@link VisitFacts} of the snapshot months
     * @param beatSnapshots {@link BeatSnapshots}, including the month-end before the first month when
     *                      a rule set is in force on it (otherwise the first month's due units and
     *                      compliance change are null)
     * @param months        the snapshot months, in order
     */
    public static Dataset<Row> from(Dataset<Row> visitFacts, Dataset<Row> officers, Dataset<Row> assignments,
                                    Dataset<Row> beatSnapshots, List<YearMonth> months, RuleFile rules) {
        return fromWork(OfficerWork.of(visitFacts), officers, assignments, beatSnapshots, months, rules);
    }

    /**
     * As {@link #from}, from the officers' work already counted ({@link OfficerWork}: one row per
     * officer and month with a visit, kept from an earlier build or counted now).
     */
    public static Dataset<Row> fromWork(Dataset<Row> work, Dataset<Row> officers, Dataset<Row> assignments,
                                        Dataset<Row> beatSnapshots, List<YearMonth> months, RuleFile rules) {
        SparkSession spark = officers.sparkSession();
        Dataset<Row> monthTable = spark.createDataFrame(monthRows(months, rules), new StructType()
                .add("month", DataTypes.DateType, false).add("d0", DataTypes.DateType, false)
                .add("d1", DataTypes.DateType, false).add("min_contacts", DataTypes.IntegerType, false)
                .add("min_percentile", DataTypes.DoubleType, false)
                .add("d0_computed", DataTypes.BooleanType, false));
        Dataset<Row> grid = officers.select("officer_id", "station_code", "koban_code", "department")
                .crossJoin(monthTable);

        Dataset<Row> due = dueAndCompliance(assignments, beatSnapshots, monthTable);

        Dataset<Row> all = grid.join(work, new String[] {"officer_id", "month"}, "left")
                .join(due, new String[] {"officer_id", "month"}, "left");
        for (String c : work.columns()) {
            if (!c.equals("officer_id") && !c.equals("month")) {
                all = all.withColumn(c, expr("coalesce(" + c + ", 0)"));
            }
        }
        all = all.withColumn("has_primary", expr("coalesce(has_primary, false)"))
                .withColumn("due_units", expr("case when not d0_computed then null when has_primary then coalesce(due_units_sum, 0) else 0 end"))
                .withColumn("due_units_cleared", expr("case when not d0_computed then null when has_primary then coalesce(due_cleared_sum, 0) else 0 end"))
                .withColumn("due_cleared_rate", expr("case when due_units > 0 then cast(due_units_cleared as double) / due_units end"))
                .withColumn("beat_compliance_end", expr("case when has_primary and d1_eligible > 0 then cast(d1_ok as double) / d1_eligible end"))
                .withColumn("beat_compliance_start", expr("case when has_primary and d0_computed and d0_eligible > 0 then cast(d0_ok as double) / d0_eligible end"))
                .withColumn("beat_compliance_delta", expr("beat_compliance_end - beat_compliance_start"))
                .withColumn("new_assignment", expr("coalesce(new_assignment, false)"))
                .withColumn("contact_rate", expr("case when visits > 0 then cast(contacts as double) / visits end"))
                .withColumn("guidance_rate", expr("case when contacts > 0 then cast(contacts_with_guidance as double) / contacts end"));

        // percent ranks within the station, among community officers with a visit in M (SPEC §6.19):
        // windows partitioned by whether a row is ranked rank each officer among the ranked ones
        // only, without joining the grid to a filtered copy of itself (which would compute it again)
        Column ranked = expr("department = 'community' and visits > 0");
        Column dueRanked = ranked.and(col("due_cleared_rate").isNotNull());
        all = all.withColumn("_ranked", ranked).withColumn("_due_ranked", dueRanked)
                .withColumn("visits_pct_rank", when(col("_ranked"), expr("percent_rank()").over(
                        Window.partitionBy("month", "station_code", "_ranked").orderBy("visits"))))
                .withColumn("due_cleared_pct_rank", when(col("_due_ranked"), expr("percent_rank()").over(
                        Window.partitionBy("month", "station_code", "_due_ranked").orderBy("due_cleared_rate"))))
                .withColumn("commendation_candidate", expr("department = 'community' and contacts >= min_contacts"
                        + " and coalesce(due_cleared_pct_rank >= min_percentile, false) and unapproved_night_visits = 0"));
        return ordered(all.selectExpr("month", "officer_id", "station_code", "koban_code", "department", "visits", "contacts",
                        "unique_units_contacted", "contact_rate", "cards_created", "cards_corrected",
                        "contacts_with_guidance", "guidance_rate", "topic1_contacts", "topic2_contacts", "topic3_contacts",
                        "topic4_contacts", "topic5_contacts", "concerns_heard", "night_visits",
                        "unapproved_night_visits", "dedicated_days", "visits_on_dedicated_days", "due_units",
                        "due_units_cleared", "due_cleared_rate", "beat_compliance_end", "beat_compliance_delta",
                        "new_assignment", "visits_pct_rank", "due_cleared_pct_rank", "commendation_candidate",
                        "visits_within_60s", "hours_over_12_visits", "cards_created_without_contact"));
    }

    /**
     * Per officer and month: the officer's primary beats on D1 summed — due units on D0 and those
     * cleared in M, compliance numerators and denominators on D0 and D1 — and whether one of those
     * assignments is new.
     */
    static Dataset<Row> dueAndCompliance(Dataset<Row> assignments, Dataset<Row> beatSnapshots, Dataset<Row> months) {
        List<String> read = new ArrayList<>(List.of("as_of", "beat_code"));
        read.addAll(COUNTS_READ);
        beatSnapshots = beatSnapshots.selectExpr(read.toArray(String[]::new));
        Dataset<Row> primary = assignments.where(col("role").equalTo("primary"))
                .join(months.select("month", "d0", "d1"),
                        expr("start_date <= d1 and (end_date is null or end_date >= d1)"));
        Dataset<Row> perBeat = primary.groupBy("officer_id", "month", "d0", "d1", "beat_code")
                .agg(expr("max(start_date > date_sub(d1, 90))").as("new_assignment"));
        Dataset<Row> atD0 = beatSnapshots.selectExpr("as_of as d0", "beat_code", "due_next_units", "due_next_cleared",
                "compliant_units + not_yet_due_units as d0_ok_b", "eligible_units as d0_eligible_b");
        Dataset<Row> atD1 = beatSnapshots.selectExpr("as_of as d1", "beat_code",
                "compliant_units + not_yet_due_units as d1_ok_b", "eligible_units as d1_eligible_b");
        return perBeat.join(atD0, new String[] {"d0", "beat_code"}, "left")
                .join(atD1, new String[] {"d1", "beat_code"}, "left")
                .groupBy("officer_id", "month")
                .agg(expr("true").as("has_primary"), expr("max(new_assignment)").as("new_assignment"),
                        expr("sum(due_next_units)").as("due_units_sum"),
                        expr("sum(due_next_cleared)").as("due_cleared_sum"),
                        expr("coalesce(sum(d0_ok_b), 0)").as("d0_ok"),
                        expr("coalesce(sum(d0_eligible_b), 0)").as("d0_eligible"),
                        expr("coalesce(sum(d1_ok_b), 0)").as("d1_ok"),
                        expr("coalesce(sum(d1_eligible_b), 0)").as("d1_eligible"));
    }

    private static List<Row> monthRows(List<YearMonth> months, RuleFile rules) {
        List<Row> rows = new ArrayList<>();
        for (YearMonth m : months) {
            LocalDate d1 = m.atEndOfMonth();
            RuleSet r = rules.ruleAt(d1);
            rows.add(RowFactory.create(m.atDay(1), m.minusMonths(1).atEndOfMonth(), d1, r.commendation().minContacts(),
                    r.commendation().minPercentile(), rules.covers(m.minusMonths(1).atEndOfMonth())));
        }
        return rows;
    }
}
