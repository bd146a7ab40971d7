package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import jp.junkai.marts.snapshot.BeatCounts;

/**
 * The rates of the beat marts, declared once as numerator / denominator over {@link BeatCounts}.
 * A beat row and every roll-up (station, trend) compute them the same way: sum the counts over the
 * group, then divide (SPEC §4: Σ numerator / Σ denominator, never an average of rates).
 */
public final class Measures {

    /**
     * A rate: numerator / denominator, null where the denominator is 0, or 0 there when
     * {@code zeroWhenEmpty} (only turnover_rate, SPEC §5).
     */
    public record Rate(String name, String numerator, String denominator, boolean zeroWhenEmpty) {
        Column column() {
            Column den = expr(denominator);
            return when(den.equalTo(0), zeroWhenEmpty ? lit(0.0) : lit(null).cast("double"))
                    .otherwise(expr(numerator).cast("double").divide(den.cast("double"))).as(name);
        }
    }

    /** (active on D − 365 + active on D) / 2, the base of the turnover rate. */
    public static final String TURNOVER_BASE = "turnover_base";

    public static final List<Rate> RATES = List.of(
            new Rate("turnover_rate", "turnover_events", TURNOVER_BASE, true),
            new Rate("compliance_rate", "compliant_units + not_yet_due_units", "eligible_units", false),
            new Rate("mean_days_overdue", "days_overdue_total", "overdue_units", false),
            new Rate("coverage_attempt_12m", "attempted_units_12m", "eligible_units", false),
            new Rate("coverage_contact_12m", "contacted_units_12m", "eligible_units", false),
            new Rate("coverage_contact_fytd", "contacted_units_fytd", "eligible_units", false),
            new Rate("visits_per_unit_12m", "visits_12m", "eligible_units", false),
            new Rate("card_coverage", "units_with_card", "eligible_units", false),
            new Rate("card_fresh_rate", "fresh_cards", "active_cards", false),
            new Rate("foreign_card_coverage", "foreign_units_with_foreign_card", "foreign_units", false));

    private Measures() {
    }

    /** Adds {@link #TURNOVER_BASE} and every rate of {@link #RATES} to rows that carry the counts. */
    public static Dataset<Row> withRates(Dataset<Row> counts) {
        Dataset<Row> out = counts.withColumn(TURNOVER_BASE,
                expr("cast(turnover_active_start + turnover_active_end as double) / 2"));
        for (Rate r : RATES) {
            out = out.withColumn(r.name(), r.column());
        }
        return out;
    }

    /** Sums every count of {@link BeatCounts#NAMES} over the groups of {@code keys}, then adds the rates. */
    public static Dataset<Row> rollUp(Dataset<Row> beatRows, String... keys) {
        List<Column> sums = new ArrayList<>();
        for (String n : BeatCounts.NAMES) {
            sums.add(sum(col(n)).cast("long").as(n));
        }
        sums.add(expr("count(1)").as("beats"));
        Column[] groups = new Column[keys.length];
        for (int i = 0; i < keys.length; i++) {
            groups[i] = col(keys[i]);
        }
        return withRates(beatRows.groupBy(groups).agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)));
    }
}
