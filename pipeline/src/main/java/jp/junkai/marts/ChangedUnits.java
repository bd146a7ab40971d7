package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import jp.junkai.lake.Lake;
import jp.junkai.lake.LakeSchema;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.schema.Entity;

/**
 * The units whose history ({@link jp.junkai.marts.snapshot.BeatHistories}: the unit, its visits,
 * moves and cards) may differ between an earlier committed run and the lake's state now, told
 * from the silver delta segments written since: the units of their versions and of the versions
 * they displaced ({@link Silver#DISPLACED}). A superset: a delta that merges earlier deltas names
 * their units too.
 */
public final class ChangedUnits {

    /** The entities a unit's history is gathered from. */
    static final List<Entity> HISTORY = List.of(Entity.UNITS, Entity.VISITS, Entity.CARD_CHANGES, Entity.CARDS);

    private ChangedUnits() {
    }

    /**
     * The ids of the units that changed since the earlier run, or empty when the deltas cannot
     * tell (the earlier run is not in the ledger, a base segment was written since, or a delta
     * lacks its displaced versions): then every history is gathered again.
     */
    public static Optional<List<String>> since(SparkSession spark, Lake lake, String earlierRun, RunRecord now) {
        if (earlierRun.equals(now.run())) {
            return Optional.of(List.of());
        }
        Optional<RunRecord> earlier = lake.committed(earlierRun);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        Dataset<Row> ids = null;
        for (Entity e : HISTORY) {
            Optional<List<String>> deltas = Silver.deltasSince(earlier.get(), now, e);
            if (deltas.isEmpty()) {
                return Optional.empty();
            }
            for (String segment : deltas.get()) {
                Path folder = lake.silver(e, segment);
                Dataset<Row> units = spark.read().schema(LakeSchema.silver(e)).parquet(folder.toString())
                        .select(col(Silver.UNIT_ID));
                if (Silver.tracksUnits(e)) {
                    Dataset<Row> displaced = Silver.displaced(spark, folder, e);
                    if (displaced == null) {
                        return Optional.empty();
                    }
                    units = units.unionByName(displaced.select(col(Silver.UNIT_ID)));
                }
                ids = ids == null ? units : ids.unionByName(units);
            }
        }
        if (ids == null) {
            return Optional.of(List.of());
        }
        return Optional.of(new ArrayList<>(ids.where(col(Silver.UNIT_ID).isNotNull()).distinct()
                .as(Encoders.STRING()).collectAsList()));
    }
}
