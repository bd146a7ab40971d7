package jp.junkai.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import jp.junkai.lake.LakeSchema;
import jp.junkai.schema.Entity;
import jp.junkai.schema.ReasonCode;

/**
 * SPEC §6.7: a visit whose unit or officer is unknown once a run's batches are applied waits in
 * quarantine. Used by every run and by the rebuild from bronze, so both decide alike.
 */
final class UnknownReferences {

    private UnknownReferences() {
    }

    /**
     * Adds {@code _reason}: {@code unknown_unit}, else {@code unknown_officer}, or null when both
     * exist. Tombstones need neither.
     *
     * @param liveUnits    the units that exist (tombstones dropped)
     * @param liveOfficers the officers that exist
     */
    static Dataset<Row> withReason(Dataset<Row> visits, Dataset<Row> liveUnits, Dataset<Row> liveOfficers) {
        // The names these visits give that do not exist: a narrow anti-join of the distinct names,
        // usually a handful, so the visits themselves are never shuffled to look them up.
        Dataset<Row> unknownUnits = unknown(visits, "unit_id", liveUnits, "_uu");
        Dataset<Row> unknownOfficers = unknown(visits, "officer_id", liveOfficers, "_uo");
        Column tombstone = coalesce(col(Entity.DELETED), lit(false));
        return visits.join(unknownUnits, col("unit_id").equalTo(col("_uu")), "left")
                .join(unknownOfficers, col("officer_id").equalTo(col("_uo")), "left")
                .withColumn(LakeSchema.REASON, when(tombstone, lit(null).cast("string"))
                        .when(col("unit_id").isNull().or(col("_uu").isNotNull()), lit(ReasonCode.UNKNOWN_UNIT.code()))
                        .when(col("officer_id").isNull().or(col("_uo").isNotNull()),
                                lit(ReasonCode.UNKNOWN_OFFICER.code()))
                        .otherwise(lit(null).cast("string")))
                .drop("_uu", "_uo");
    }

    /** The distinct values of the visits' column that name no live record, as column {@code as}; broadcast when few. */
    private static Dataset<Row> unknown(Dataset<Row> visits, String column, Dataset<Row> live, String as) {
        Dataset<Row> names = visits.where(col(column).isNotNull()).select(col(column).as(as)).distinct().persist();
        Dataset<Row> missing;
        if (names.count() <= SmallSets.BROADCAST_LIMIT) {
            // few names (a nightly run): pick them out of the live records without shuffling those
            Dataset<Row> known = live.select(column).join(broadcast(names), col(column).equalTo(col(as)), "left_semi");
            missing = names.join(known, col(as).equalTo(col(column)), "left_anti");
        } else {
            missing = names.join(live.select(column), col(as).equalTo(col(column)), "left_anti");
        }
        Dataset<Row> result = SmallSets.broadcastIfSmall(missing); // counted, so cached: the names are done with
        names.unpersist();
        return result;
    }
}
