package jp.junkai.marts;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code coverage_beat_monthly} (as_of × beat): 12-month and fiscal-year-to-date coverage (第5-1). */
public final class CoverageBeatMonthly {

    public static final String NAME = "coverage_beat_monthly";

    private CoverageBeatMonthly() {
    }

    public static Dataset<Row> from(Dataset<Row> beatSnapshots) {
        return beatSnapshots.selectExpr("as_of", "station_code", "koban_code", "beat_code", "eligible_units",
                        "attempted_units_12m", "contacted_units_12m", "coverage_attempt_12m", "coverage_contact_12m",
                        "contacted_units_fytd", "coverage_contact_fytd", "visits_12m")
                .orderBy("as_of", "beat_code");
    }
}
