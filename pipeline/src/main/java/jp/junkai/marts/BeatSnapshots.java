package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The beat rows every beat mart is a projection of: for each snapshot date and beat, its station,
 * koban, area type, band and rule set, the {@link jp.junkai.marts.snapshot.BeatCounts} and the
 * {@link Measures#RATES}.
 */
public final class BeatSnapshots {

    private BeatSnapshots() {
    }

    /**
     * @param beatCounts rows of {@link jp.junkai.marts.snapshot.UnitSnapshots#beatCounts}
     * @param beats      the live beats
     */
    public static Dataset<Row> of(Dataset<Row> beatCounts, Dataset<Row> beats) {
        return Measures.withRates(beatCounts.join(beats.select("beat_code", "station_code", "koban_code", "area_type"),
                "beat_code"));
    }

    /** The rows of those snapshot dates only. */
    public static Dataset<Row> on(Dataset<Row> beatSnapshots, List<LocalDate> days) {
        return beatSnapshots.where(col("as_of").isin(days.toArray()));
    }
}
