package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import jp.junkai.lake.LakeSchema;
import jp.junkai.lake.RunRecord;
import jp.junkai.schema.Entity;
import jp.junkai.schema.ReasonCode;

/**
 * The two marts ingest maintains (SPEC §4): {@code quarantine_summary} (batch × entity × reason)
 * and {@code data_freshness} (station × entity).
 */
public final class IngestMarts {

    public static final String QUARANTINE_SUMMARY = "quarantine_summary";
    public static final String DATA_FRESHNESS = "data_freshness";

    public static final StructType QUARANTINE_SUMMARY_SCHEMA = new StructType()
            .add("station_code", DataTypes.StringType, false)
            .add("entity", DataTypes.StringType, false)
            .add("batch", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false)
            .add("records", DataTypes.LongType, false);

    public static final StructType DATA_FRESHNESS_SCHEMA = new StructType()
            .add("station_code", DataTypes.StringType, false)
            .add("entity", DataTypes.StringType, false)
            .add("last_batch", DataTypes.StringType, true)
            .add("last_pulled_at", DataTypes.TimestampNTZType, true)
            .add("last_updated_at", DataTypes.TimestampNTZType, true);

    private IngestMarts() {
    }

    /**
     * The quarantine as it stands: lines rejected at the read boundary (they stay), plus the visits
     * still waiting for their unit or officer (they leave once applied).
     *
     * @param previous the mart of the run before, or null
     * @param rejected per entity, this run's rejected bronze lines
     * @param pending  every visit waiting now (with {@code _reason}), or null
     */
    public static Dataset<Row> quarantineSummary(SparkSession spark, Dataset<Row> previous,
                                                 Map<Entity, Dataset<Row>> rejected, Dataset<Row> pending) {
        Dataset<Row> all = spark.createDataFrame(List.of(), QUARANTINE_SUMMARY_SCHEMA);
        if (previous != null) {
            all = all.unionByName(previous.where(col("reason").isin(ReasonCode.UNKNOWN_UNIT.code(),
                    ReasonCode.UNKNOWN_OFFICER.code()).unary_$bang()));
        }
        for (Map.Entry<Entity, Dataset<Row>> e : rejected.entrySet()) {
            all = all.unionByName(e.getValue().groupBy(col(LakeSchema.STATION).as("station_code"),
                            col(LakeSchema.BATCH).as("batch"), col(LakeSchema.REASON).as("reason"))
                    .agg(count(lit(1)).as("records"))
                    .withColumn("entity", lit(e.getKey().code())));
        }
        if (pending != null) {
            all = all.unionByName(pending.groupBy(col(LakeSchema.STATION).as("station_code"),
                            col(LakeSchema.BATCH).as("batch"), col(LakeSchema.REASON).as("reason"))
                    .agg(count(lit(1)).as("records"))
                    .withColumn("entity", lit(Entity.VISITS.code())));
        }
        return all.groupBy("station_code", "entity", "batch", "reason").agg(sum("records").cast("long").as("records"))
                .select("station_code", "entity", "batch", "reason", "records")
                .orderBy("station_code", "entity", "batch", "reason")
                .coalesce(1);
    }

    /** When each station's entity was last fed: last batch taken, when, and the latest updated_at seen. */
    public static Dataset<Row> dataFreshness(SparkSession spark, Collection<RunRecord.Freshness> freshness) {
        List<Row> rows = new ArrayList<>();
        for (RunRecord.Freshness f : freshness) {
            rows.add(RowFactory.create(f.station(), f.entity(), f.lastBatch(),
                    f.lastPulledAt() == null ? null : LocalDateTime.parse(f.lastPulledAt()),
                    f.lastUpdatedAt() == null ? null : LocalDateTime.parse(f.lastUpdatedAt())));
        }
        return spark.createDataFrame(rows, DATA_FRESHNESS_SCHEMA).orderBy("station_code", "entity").coalesce(1);
    }
}
