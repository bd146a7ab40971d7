package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.List;
import java.util.TreeSet;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import jp.junkai.schema.rules.RuleFile;
import jp.junkai.schema.rules.RuleSet;

/**
 * Every visit of the snapshot months with what the month's rule set (R(D1), SPEC §6.11) makes of
 * it: contact or not, night or not, approved or not (第5-3). The officer and station marts count
 * these facts.
 */
public final class VisitFacts {

    public static final StructType SCHEMA = new StructType()
            .add("visit_id", DataTypes.StringType, false)
            .add("officer_id", DataTypes.StringType, false)
            .add("unit_id", DataTypes.StringType, false)
            .add("visited_at", DataTypes.TimestampNTZType, false)
            .add("visit_date", DataTypes.DateType, false)
            .add("month", DataTypes.DateType, false)
            .add("contact", DataTypes.BooleanType, false)
            .add("night", DataTypes.BooleanType, false)
            .add("unapproved_night", DataTypes.BooleanType, false)
            .add("card_action", DataTypes.StringType, false)
            .add("topics", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("concerns_count", DataTypes.IntegerType, false)
            .add("dedicated_day", DataTypes.BooleanType, false);

    private VisitFacts() {
    }

    /**
     * @param first the first day of the first snapshot month
     * @param last  the last snapshot date (a month-end)
     */
    public static Dataset<Row> of(MartInputs in, RuleFile rules, LocalDate first, LocalDate last) {
        return of(in, rules, col("visited_at").geq(first.atStartOfDay()).and(col("visited_at").lt(last.plusDays(1).atStartOfDay())),
                col("approved_date").geq(first.minusDays(1)).and(col("approved_date").leq(last)));
    }

    /**
     * The facts of the visits the condition selects.
     *
     * @param approvalFilter selects at least the night approvals those visits may have: approved on
     *                       their day or the day before (an approval outside it approves none of them)
     */
    public static Dataset<Row> of(MartInputs in, RuleFile rules, org.apache.spark.sql.Column visitFilter,
                                  org.apache.spark.sql.Column approvalFilter) {
        // the approvals of those days, few beside the visits, go to every task: the visits are read
        // once and never shuffled for the lookup
        Dataset<Row> approvals = org.apache.spark.sql.functions.broadcast(in.nightApprovals().where(approvalFilter)
                .selectExpr("approval_id", "officer_id as approval_officer", "approved_date"));
        Dataset<Row> visits = in.visits().where(visitFilter);
        String[] columns = {"visit_id", "officer_id", "unit_id", "visited_at", "outcome", "card_action", "topics",
            "concerns_count", "dedicated_day", "approval_officer", "approved_date"};
        Dataset<Row> joined = visits.join(approvals, visits.col("night_approval_id").equalTo(approvals.col("approval_id")),
                "left").selectExpr(columns);
        return joined.map((MapFunction<Row, Row>) r -> fact(r, rules), Encoders.row(SCHEMA));
    }

    static Row fact(Row r, RuleFile rules) {
        LocalDateTime at = r.getAs("visited_at");
        LocalDate date = at.toLocalDate();
        LocalTime time = at.toLocalTime();
        YearMonth month = YearMonth.from(date);
        RuleSet rule = rules.ruleForMonth(month);
        String officer = r.getString(1);
        boolean night = rule.nightWindow().isNight(time);
        String approvalOfficer = r.getString(9);
        LocalDate approved = r.isNullAt(10) ? null : r.getAs(10);
        boolean approvedNight = night && approved != null && officer.equals(approvalOfficer)
                && rule.nightWindow().approves(approved, date, time);
        TreeSet<Integer> topics = new TreeSet<>();
        if (!r.isNullAt(6)) {
            for (Object t : r.getList(6)) {
                if (t != null && (Integer) t >= 1 && (Integer) t <= 5) {
                    topics.add((Integer) t);
                }
            }
        }
        return RowFactory.create(r.getString(0), officer, r.getString(2), at, date, month.atDay(1),
                rule.counts(r.getString(4)), night, night && !approvedNight, r.getString(5),
                List.copyOf(topics).toArray(new Integer[0]), r.isNullAt(7) ? 0 : r.getInt(7),
                !r.isNullAt(8) && r.getBoolean(8));
    }
}
