package jp.junkai.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import jp.junkai.lake.LakeSchema;

/**
 * Drops the lines of a run that a later line of the same run supersedes (SPEC §6.1), given as bit
 * sets of line numbers per batch ({@link VersionMarks#superseded}), sent to every task. Each
 * record stays where it is: a join on (station, batch, line) would shuffle every record of a first
 * load, where millions of lines are superseded. A bit per line of the run is at most a few MiB.
 */
final class SupersededLines {

    private SupersededLines() {
    }

    /** A column that is true for the records (columns station, batch, line) whose line is not superseded. */
    static Column keep(SparkSession spark, LineSets superseded) {
        if (superseded.isEmpty()) {
            return lit(true);
        }
        Broadcast<LineSets> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(superseded);
        UserDefinedFunction isSuperseded = udf((UDF3<String, String, Long, Boolean>)
                (station, batch, line) -> shared.value().contains(station, batch, line), DataTypes.BooleanType);
        return not(isSuperseded.apply(col(LakeSchema.STATION), col(LakeSchema.BATCH), col(LakeSchema.LINE)));
    }
}
