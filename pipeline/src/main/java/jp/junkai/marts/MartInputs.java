package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;

import jp.junkai.lake.Lake;
import jp.junkai.lake.LakeSchema;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Field;

/**
 * The records the marts are computed from: the live current version of every entity (deleted
 * records do not exist, SPEC §5), with the allow-listed columns only.
 */
public final class MartInputs {

    private final Map<Entity, Dataset<Row>> tables;
    private final Map<Entity, Dataset<Row>> versions;

    private MartInputs(Map<Entity, Dataset<Row>> tables, Map<Entity, Dataset<Row>> versions) {
        this.tables = tables;
        this.versions = versions;
    }

    /** The lake's current state as of a committed run. */
    public static MartInputs fromLake(SparkSession spark, Lake lake, RunRecord state) {
        Map<Entity, Dataset<Row>> tables = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            tables.put(e, Silver.live(Silver.current(spark, lake, state, e)));
        }
        return of(tables);
    }

    /**
     * Inputs from datasets with the entities' field columns (tests build them from literals);
     * tombstones, if any, are dropped.
     */
    public static MartInputs of(Map<Entity, Dataset<Row>> tables) {
        Map<Entity, Dataset<Row>> live = new EnumMap<>(Entity.class);
        Map<Entity, Dataset<Row>> versions = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            Dataset<Row> t = tables.get(e);
            if (t == null) {
                throw new IllegalArgumentException("Cannot compute marts without " + e.code());
            }
            List<String> present = Arrays.asList(t.columns());
            if (present.contains(Entity.DELETED)) {
                t = Silver.live(t);
            }
            List<Column> columns = new ArrayList<>();
            for (Field f : e.fields()) {
                if (f.name().equals(Entity.DELETED) || f.name().equals(Entity.UPDATED_AT)) {
                    continue;
                }
                // a column a caller left out is absent in every record
                DataType type = LakeSchema.sparkType(f);
                if (!present.contains(f.name())) {
                    columns.add(lit(null).cast(type).as(f.name()));
                } else if (t.schema().apply(f.name()).dataType().sameType(type)) {
                    columns.add(col(f.name()));
                } else {
                    columns.add(col(f.name()).cast(type).as(f.name()));
                }
            }
            Dataset<Row> fields = t.select(columns.toArray(Column[]::new));
            live.put(e, fields);
            // silver's hash of each version where the table has one, else the same hash computed
            List<Column> withHash = new ArrayList<>(columns);
            withHash.add(present.contains(LakeSchema.HASH) ? col(LakeSchema.HASH)
                    : xxhash64(columns.toArray(Column[]::new)).as(LakeSchema.HASH));
            versions.put(e, t.select(withHash.toArray(Column[]::new)));
        }
        return new MartInputs(live, versions);
    }

    /**
     * The entity's records with a {@link LakeSchema#HASH} of each one's values: a change of any
     * field changes it. Cheap to read from the lake, where silver keeps it.
     */
    public Dataset<Row> versions(Entity entity) {
        return versions.get(entity);
    }

    public Dataset<Row> get(Entity entity) {
        return tables.get(entity);
    }

    public Dataset<Row> beats() {
        return get(Entity.BEATS);
    }

    public Dataset<Row> officers() {
        return get(Entity.OFFICERS);
    }

    public Dataset<Row> assignments() {
        return get(Entity.ASSIGNMENTS);
    }

    public Dataset<Row> units() {
        return get(Entity.UNITS);
    }

    public Dataset<Row> cards() {
        return get(Entity.CARDS);
    }

    public Dataset<Row> cardChanges() {
        return get(Entity.CARD_CHANGES);
    }

    public Dataset<Row> visits() {
        return get(Entity.VISITS);
    }

    public Dataset<Row> nightApprovals() {
        return get(Entity.NIGHT_APPROVALS);
    }

    public Dataset<Row> inspections() {
        return get(Entity.INSPECTIONS);
    }
}
