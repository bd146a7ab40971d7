package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import jp.junkai.schema.rules.RuleFile;

/**
 * {@code koban_inspections} (as_of × koban): when each koban's liaison work was last inspected by
 * the station (第4-4) and whether that is longer ago than R(D)'s interval. Kobans are those named
 * by beats (SPEC §6.12).
 */
public final class KobanInspections {

    public static final String NAME = "koban_inspections";

    private KobanInspections() {
    }

    public static Dataset<Row> from(Dataset<Row> beats, Dataset<Row> inspections, List<LocalDate> days,
                                    RuleFile rules) {
        SparkSession spark = beats.sparkSession();
        Dataset<Row> kobans = beats.groupBy("koban_code").agg(expr("min(station_code)").as("station_code"));
        Dataset<Row> dates = spark.createDataFrame(dateRows(days, rules), new StructType()
                .add("as_of", DataTypes.DateType, false).add("interval_days", DataTypes.IntegerType, false));
        Dataset<Row> grid = kobans.crossJoin(dates);
        Dataset<Row> last = grid.join(inspections.select(col("koban_code").as("i_koban"), col("inspected_on")),
                        col("koban_code").equalTo(col("i_koban")).and(col("inspected_on").leq(col("as_of"))), "left")
                .groupBy("as_of", "station_code", "koban_code", "interval_days")
                .agg(max("inspected_on").as("last_inspected_on"));
        return last.selectExpr("as_of", "station_code", "koban_code", "last_inspected_on",
                        "datediff(as_of, last_inspected_on) as days_since_inspection",
                        "last_inspected_on is null or datediff(as_of, last_inspected_on) > interval_days"
                                + " as inspection_overdue")
                .orderBy("as_of", "koban_code");
    }

    private static List<Row> dateRows(List<LocalDate> days, RuleFile rules) {
        List<Row> rows = new ArrayList<>();
        for (LocalDate d : days) {
            rows.add(RowFactory.create(d, rules.ruleAt(d).inspectionIntervalDays()));
        }
        return rows;
    }
}
