package jp.junkai.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import jp.junkai.schema.Entity;

/**
 * Silver: the current version of every record (SPEC §6.1–2), kept as a base segment plus the
 * segments of later runs. Each later segment holds only versions that beat the state before it,
 * so a key's current version is its row in the newest segment that has it. Tombstones stay in
 * silver (a late, older version must not bring a deleted record back); {@link #live} drops them.
 */
public final class Silver {

    private Silver() {
    }

    /**
     * The version order of SPEC §6.1: latest updated_at, then later batch, then later run, then
     * later line; the station settles the one tie left (the same batch name and line at two
     * stations), so a key's latest version never depends on how rows happen to be ordered.
     */
    public static Column[] versionDesc(String prefix) {
        return new Column[] {col(prefix + Entity.UPDATED_AT).desc(), col(prefix + LakeSchema.BATCH).desc(),
            col(prefix + LakeSchema.RUN).desc(), col(prefix + LakeSchema.LINE).desc(),
            col(prefix + LakeSchema.STATION).desc()};
    }

    /** True where version (a) is later than version (b), column prefixes a and b. */
    public static Column later(String a, String b) {
        Column u = col(a + Entity.UPDATED_AT);
        Column bu = col(b + Entity.UPDATED_AT);
        Column bt = col(a + LakeSchema.BATCH);
        Column bbt = col(b + LakeSchema.BATCH);
        Column r = col(a + LakeSchema.RUN);
        Column br = col(b + LakeSchema.RUN);
        Column l = col(a + LakeSchema.LINE);
        Column bl = col(b + LakeSchema.LINE);
        return u.gt(bu).or(u.equalTo(bu).and(bt.gt(bbt).or(bt.equalTo(bbt).and(r.gt(br).or(r.equalTo(br)
                .and(l.gt(bl)))))));
    }

    /** Keeps the latest version of each key ({@code rows} must carry the silver lineage columns). */
    public static Dataset<Row> latestPerKey(Dataset<Row> rows, Entity entity) {
        WindowSpec w = Window.partitionBy(entity.key()).orderBy(versionDesc(""));
        return rows.withColumn("_rank", row_number().over(w)).where(col("_rank").equalTo(1)).drop("_rank");
    }

    /** Every current version, tombstones included, as of a committed run (empty before the first). */
    public static Dataset<Row> current(SparkSession spark, Lake lake, RunRecord state, Entity entity) {
        return current(spark, lake, state, entity, UnaryOperator.identity());
    }

    /**
     * The current versions that a restriction keeps: {@code restrict} applied to
     * {@link #current(SparkSession, Lake, RunRecord, Entity)}, but to the base before its rows that
     * a delta replaced are dropped. Looking a few keys or units up in a large base then probes the
     * deltas' keys with the rows found only, not with every row of the base.
     *
     * @param restrict a filter of rows (a where or a semi-join) that keeps or drops each row by its
     *                 own values, whatever the other rows
     */
    public static Dataset<Row> current(SparkSession spark, Lake lake, RunRecord state, Entity entity,
                                       UnaryOperator<Dataset<Row>> restrict) {
        List<String> segments = state == null ? List.of() : state.silver().getOrDefault(entity.code(), List.of());
        if (segments.isEmpty()) {
            return restrict.apply(spark.createDataFrame(List.of(), LakeSchema.silver(entity)));
        }
        Dataset<Row> base = restrict.apply(read(spark, lake.silver(entity, segments.get(0)), entity));
        if (segments.size() == 1) {
            return base;
        }
        return withNewer(base, deltas(spark, lake, state, entity), restrict, entity);
    }

    /**
     * The rows of {@code older} that {@code newer} does not replace, and the rows of {@code newer},
     * both restricted: a row of {@code older} is dropped when its key has a row in {@code newer},
     * whether or not the restriction keeps that row.
     */
    public static Dataset<Row> withNewer(Dataset<Row> restrictedOlder, Dataset<Row> newer,
                                         UnaryOperator<Dataset<Row>> restrict, Entity entity) {
        String key = entity.key();
        Dataset<Row> newerKeys = newer.select(col(key).as("_newer_key"));
        return restrictedOlder.join(newerKeys, col(key).equalTo(col("_newer_key")), "left_anti")
                .unionByName(restrict.apply(newer));
    }

    /**
     * The versions held by the delta segments (all but the base) as of a committed run, the newest
     * segment's for each key: what merging the deltas into one keeps. Empty without deltas.
     */
    public static Dataset<Row> deltas(SparkSession spark, Lake lake, RunRecord state, Entity entity) {
        List<String> segments = state == null ? List.of() : state.silver().getOrDefault(entity.code(), List.of());
        Dataset<Row> deltas = null;
        for (int i = 1; i < segments.size(); i++) {
            Dataset<Row> d = read(spark, lake.silver(entity, segments.get(i)), entity).withColumn("_segment", lit(i));
            deltas = deltas == null ? d : deltas.unionByName(d);
        }
        if (deltas == null) {
            return spark.createDataFrame(List.of(), LakeSchema.silver(entity));
        }
        return deltas.withColumn("_rank", row_number().over(
                        Window.partitionBy(entity.key()).orderBy(col("_segment").desc())))
                .where(col("_rank").equalTo(1)).drop("_rank", "_segment");
    }

    /** The {@link LakeSchema#HASH} of a record: xxhash64 of every field of the entity, in declared order. */
    public static Column contentHash(Entity entity) {
        List<Column> cols = new ArrayList<>();
        for (jp.junkai.schema.Field f : entity.fields()) {
            cols.add(col(f.name()));
        }
        return xxhash64(cols.toArray(new Column[0]));
    }

    /** The column naming the unit a record belongs to. */
    public static final String UNIT_ID = "unit_id";

    /**
     * The folder, inside a delta segment, of what the versions the segment displaced belonged to
     * (key, then {@link #displacedColumns}): with the segment's own rows, every unit whose records
     * changed since the state before it, and every month whose visits or night approvals did. A
     * name Spark's reader skips, so reading the segment reads its rows only.
     */
    public static final String DISPLACED = "_displaced";

    /** Whether the entity's records belong to a unit other than themselves (visits, cards, changes). */
    public static boolean tracksUnits(Entity entity) {
        return entity != Entity.UNITS && entity.hasField(UNIT_ID);
    }

    /**
     * The columns of a displaced version kept beside a delta: its unit (visits, cards, card
     * changes), its visit time (visits) or its approved date (night approvals); none for the rest.
     */
    public static List<String> displacedColumns(Entity entity) {
        List<String> columns = new ArrayList<>();
        if (tracksUnits(entity)) {
            columns.add(UNIT_ID);
        }
        if (entity == Entity.VISITS) {
            columns.add("visited_at");
        }
        if (entity == Entity.NIGHT_APPROVALS) {
            columns.add("approved_date");
        }
        return columns;
    }

    /** The columns of a {@link #DISPLACED} folder. */
    public static StructType displacedSchema(Entity entity) {
        StructType schema = new StructType().add(entity.key(), DataTypes.StringType, true);
        for (String c : displacedColumns(entity)) {
            schema = schema.add(c, LakeSchema.sparkType(entity.field(c)), true);
        }
        return schema;
    }

    /**
     * The displaced units of a delta segment ({@link #DISPLACED}), or null where the segment has
     * none (written before they were kept). Its Parquet files are named one by one: Spark warns
     * that it ignores a folder named with a leading {@code _} (it reads it all the same).
     */
    public static Dataset<Row> displaced(SparkSession spark, Path segment, Entity entity) {
        Path folder = segment.resolve(DISPLACED);
        if (!Files.isDirectory(folder)) {
            return null;
        }
        List<String> files;
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".parquet")).map(Path::toString).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
        return files.isEmpty() ? spark.createDataFrame(List.of(), displacedSchema(entity))
                : spark.read().schema(displacedSchema(entity)).parquet(files.toArray(String[]::new));
    }

    /**
     * The delta segments of the entity written since an earlier committed run (a delta that merges
     * earlier deltas counts as written since: what it holds is a superset), or empty when the
     * deltas cannot tell: a base segment written since (a fold, a rebuild), or the entity's
     * silver appearing or vanishing.
     */
    public static java.util.Optional<List<String>> deltasSince(RunRecord earlier, RunRecord now, Entity entity) {
        List<String> before = earlier.silver().getOrDefault(entity.code(), List.of());
        List<String> after = now.silver().getOrDefault(entity.code(), List.of());
        if (after.isEmpty() && before.isEmpty()) {
            return java.util.Optional.of(List.of());
        }
        if (after.isEmpty() || before.isEmpty() || !after.get(0).equals(before.get(0))) {
            return java.util.Optional.empty();
        }
        java.util.Set<String> had = new java.util.HashSet<>(before);
        return java.util.Optional.of(after.subList(1, after.size()).stream().filter(s -> !had.contains(s)).toList());
    }

    /** The current records that exist: tombstones dropped. */
    public static Dataset<Row> live(Dataset<Row> current) {
        return current.where(col(Entity.DELETED).isNull().or(col(Entity.DELETED).equalTo(false)));
    }

    static Dataset<Row> read(SparkSession spark, Path folder, Entity entity) {
        if (!Files.isDirectory(folder)) {
            return spark.createDataFrame(List.of(), LakeSchema.silver(entity));
        }
        return spark.read().schema(LakeSchema.silver(entity)).parquet(folder.toString());
    }

    /** Segment folder names after compaction or a new delta. */
    static List<String> append(List<String> segments, String added) {
        List<String> out = new ArrayList<>(segments);
        out.add(added);
        return out;
    }
}
