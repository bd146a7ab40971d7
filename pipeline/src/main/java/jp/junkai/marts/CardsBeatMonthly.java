package jp.junkai.marts;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code cards_beat_monthly} (as_of × beat): liaison card coverage and freshness (第6). */
public final class CardsBeatMonthly {

    public static final String NAME = "cards_beat_monthly";

    private CardsBeatMonthly() {
    }

    public static Dataset<Row> from(Dataset<Row> beatSnapshots) {
        return beatSnapshots.selectExpr("as_of", "station_code", "koban_code", "beat_code", "eligible_units",
                        "units_with_card", "card_coverage", "active_cards", "fresh_cards", "card_fresh_rate",
                        "foreign_units", "foreign_units_with_foreign_card", "foreign_card_coverage",
                        "orphan_active_cards")
                .orderBy("as_of", "beat_code");
    }
}
