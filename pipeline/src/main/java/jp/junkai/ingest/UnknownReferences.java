package jp.junkai.ingest;

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
        // only the units and officers these visits name: a nightly run's visits are few, the lake's units
        // many; adaptive execution broadcasts the names when they are few
        Dataset<Row> named = visits.select(col("unit_id").as("_nu"), col("officer_id").as("_no"));
        Dataset<Row> knownUnits = liveUnits.join(named.select("_nu").distinct(),
                col("unit_id").equalTo(col("_nu")), "left_semi").select(col("unit_id").as("_u")).distinct();
        Dataset<Row> knownOfficers = liveOfficers.join(named.select("_no").distinct(),
                col("officer_id").equalTo(col("_no")), "left_semi").select(col("officer_id").as("_o")).distinct();
        Column tombstone = coalesce(col(Entity.DELETED), lit(false));
        return visits.join(knownUnits, col("unit_id").equalTo(col("_u")), "left")
                .join(knownOfficers, col("officer_id").equalTo(col("_o")), "left")
                .withColumn(LakeSchema.REASON, when(tombstone, lit(null).cast("string"))
                        .when(col("_u").isNull(), lit(ReasonCode.UNKNOWN_UNIT.code()))
                        .when(col("_o").isNull(), lit(ReasonCode.UNKNOWN_OFFICER.code()))
                        .otherwise(lit(null).cast("string")))
                .drop("_u", "_o");
    }
}
