package jp.junkai.marts;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code trend_monthly} (as_of × area_type × band): the beats of each area type and band rolled up
 * Σ/Σ, for policy reviewers. Only pairs that have beats on the date have a row (SPEC §6.12).
 */
public final class TrendMonthly {

    public static final String NAME = "trend_monthly";

    private TrendMonthly() {
    }

    public static Dataset<Row> from(Dataset<Row> beatSnapshots) {
        return Measures.rollUp(beatSnapshots, "as_of", "area_type", "band", "rule_set_id")
                .selectExpr("as_of", "area_type", "band", "rule_set_id", "beats", "eligible_units", "compliance_rate",
                        "coverage_contact_12m", "turnover_rate", "visits_per_unit_12m", "turnover_events",
                        "turnover_base", "days_overdue_total", "visits_12m")
                .orderBy("as_of", "area_type", "band");
    }
}
