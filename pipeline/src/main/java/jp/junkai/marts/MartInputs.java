package jp.junkai.marts;

import static org.apache.spark.sql.functions.broadcast;
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

    /** The entities whose records belong to a unit, by their {@code unit_id}: what a unit's history reads. */
    static final List<Entity> OF_UNITS = List.of(Entity.UNITS, Entity.VISITS, Entity.CARD_CHANGES, Entity.CARDS);

    private final Map<Entity, Dataset<Row>> tables;
    private final Map<Entity, Dataset<Row>> versions;
    /** Where the tables were read: the current state of the lake as of a committed run (null: given). */
    private final Lake lake;
    private final RunRecord state;

    private MartInputs(Map<Entity, Dataset<Row>> tables, Map<Entity, Dataset<Row>> versions, Lake lake,
                       RunRecord state) {
        this.tables = tables;
        this.versions = versions;
        this.lake = lake;
        this.state = state;
    }

    /** The lake's current state as of a committed run. */
    public static MartInputs fromLake(SparkSession spark, Lake lake, RunRecord state) {
        Map<Entity, Dataset<Row>> tables = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            tables.put(e, Silver.live(Silver.current(spark, lake, state, e)));
        }
        MartInputs in = of(tables);
        return new MartInputs(in.tables, in.versions, lake, state);
    }

    /**
     * These inputs with the records of the units, visits, card changes and cards of those units
     * only ({@code unit_id}); the other entities as they are. Read from the lake, silver is
     * restricted to those units before its replaced versions are dropped
     * ({@link Silver#current(SparkSession, Lake, RunRecord, Entity, java.util.function.UnaryOperator)}),
     * which costs a fraction of dropping them from every record first.
     */
    public MartInputs ofUnits(Dataset<Row> unitIds) {
        Dataset<Row> ids = broadcast(unitIds.select(Silver.UNIT_ID));
        java.util.function.UnaryOperator<Dataset<Row>> only = d -> d.join(ids, new String[] {Silver.UNIT_ID},
                "left_semi");
        Map<Entity, Dataset<Row>> live = new EnumMap<>(tables);
        Map<Entity, Dataset<Row>> withHashes = new EnumMap<>(versions);
        for (Entity e : OF_UNITS) {
            if (lake == null) {
                live.put(e, only.apply(tables.get(e)));
                withHashes.put(e, only.apply(versions.get(e)));
            } else {
                prepare(e, Silver.live(Silver.current(unitIds.sparkSession(), lake, state, e, only)), live, withHashes);
            }
        }
        return new MartInputs(live, withHashes, lake, state);
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
            prepare(e, t, live, versions);
        }
        return new MartInputs(live, versions, null, null);
    }

    /** The entity's live records with its field columns into {@code live}, and with their hash into {@code versions}. */
    private static void prepare(Entity e, Dataset<Row> t, Map<Entity, Dataset<Row>> live,
                                Map<Entity, Dataset<Row>> versions) {
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
        live.put(e, t.select(columns.toArray(Column[]::new)));
        // silver's hash of each version where the table has one, else the same hash computed
        List<Column> withHash = new ArrayList<>(columns);
        withHash.add(present.contains(LakeSchema.HASH) ? col(LakeSchema.HASH)
                : xxhash64(columns.toArray(Column[]::new)).as(LakeSchema.HASH));
        versions.put(e, t.select(withHash.toArray(Column[]::new)));
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
