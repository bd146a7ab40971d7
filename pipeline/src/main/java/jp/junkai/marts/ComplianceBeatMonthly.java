package jp.junkai.marts;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code compliance_beat_monthly} (as_of × beat): turnover-adjusted frequency compliance (第5-2),
 * with the turnover sums that let a roll-up recompute the ratios.
 */
public final class ComplianceBeatMonthly {

    public static final String NAME = "compliance_beat_monthly";

    private ComplianceBeatMonthly() {
    }

    public static Dataset<Row> from(Dataset<Row> beatSnapshots) {
        return beatSnapshots.selectExpr("as_of", "station_code", "koban_code", "beat_code", "area_type",
                        "turnover_rate", "band", "rule_set_id", "eligible_units", "exempt_units", "compliant_units",
                        "not_yet_due_units", "overdue_units", "compliance_rate", "mean_days_overdue",
                        "cast(turnover_events as int) as turnover_events", "turnover_base", "days_overdue_total")
                .orderBy("as_of", "beat_code");
    }
}
