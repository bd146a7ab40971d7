package jp.junkai.marts.snapshot;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs the {@link SnapshotEngine} over every beat for every snapshot day, in Spark: per beat and
 * day the {@link BeatCounts}, what the marts need ({@link UnitStatusFiles} writes the unit status
 * snapshot from the same engine).
 */
public final class UnitSnapshots {

    private UnitSnapshots() {
    }

    /** The columns of {@link #beatCounts}: as_of, beat_code, band, rule_set_id, then {@link BeatCounts#NAMES}. */
    public static final StructType BEAT_COUNTS_SCHEMA;

    private static final StructType BEAT_COUNTS_ROWS;

    static {
        StructType rows = new StructType().add("as_of_day", DataTypes.IntegerType, false)
                .add("beat_code", DataTypes.StringType, false).add("band", DataTypes.StringType, false)
                .add("rule_set_id", DataTypes.StringType, false);
        StructType out = new StructType().add("as_of", DataTypes.DateType, false)
                .add("beat_code", DataTypes.StringType, false).add("band", DataTypes.StringType, false)
                .add("rule_set_id", DataTypes.StringType, false);
        for (String n : BeatCounts.NAMES) {
            rows = rows.add(n, DataTypes.LongType, false);
            out = out.add(n, DataTypes.LongType, false);
        }
        BEAT_COUNTS_ROWS = rows;
        BEAT_COUNTS_SCHEMA = out;
    }

    /** One row per beat and day: {@link #BEAT_COUNTS_SCHEMA}. */
    public static Dataset<Row> beatCounts(Dataset<Row> beatHistories, SnapshotEngine engine, int[] days) {
        StructType schema = BEAT_COUNTS_ROWS;
        int[] d = days.clone();
        Dataset<Row> rows = beatHistories.sparkSession().createDataFrame(
                BeatHistories.internalRows(beatHistories).mapPartitions(it -> {
                    List<Row> out = new ArrayList<>();
                    for (BeatHistory beat : BeatHistories.perBeat(it)) {
                        for (int day : d) {
                            BeatTurnover t = engine.turnover(beat, day);
                            out.add(countRow(day, beat, t, engine.statuses(beat, t)));
                        }
                    }
                    return out.iterator();
                }), schema);
        return withDate(rows);
    }

    /** Counts rows computed elsewhere ({@link UnitStatusFiles#writeAndCount}) as {@link #BEAT_COUNTS_SCHEMA}. */
    public static Dataset<Row> beatCounts(SparkSession spark, List<Row> countRows) {
        // distributed rather than a local relation: planning one of 200,000 rows costs seconds; in
        // slices of 2,000 rows, so that no task carries more than Spark's 1 MB without a warning
        return withDate(spark.createDataFrame(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
                spark.sparkContext()).parallelize(countRows, Math.max(1, countRows.size() / 2_000)), BEAT_COUNTS_ROWS));
    }

    /** One row of {@link #BEAT_COUNTS_ROWS}: a beat's counts on a day, from its turnover and unit statuses. */
    static Row countRow(int day, BeatHistory beat, BeatTurnover t, List<UnitStatus> statuses) {
        long[] v = BeatCounts.of(t, statuses).values();
        Object[] values = new Object[4 + v.length];
        values[0] = day;
        values[1] = beat.beatCode();
        values[2] = t.band();
        values[3] = t.ruleSetId();
        for (int i = 0; i < v.length; i++) {
            values[4 + i] = v[i];
        }
        return RowFactory.create(values);
    }

    private static Dataset<Row> withDate(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        columns.add(expr("date_from_unix_date(as_of_day)").as("as_of"));
        for (String c : rows.columns()) {
            if (!c.equals("as_of_day")) {
                columns.add(col(c));
            }
        }
        return rows.select(columns.toArray(Column[]::new));
    }
}
