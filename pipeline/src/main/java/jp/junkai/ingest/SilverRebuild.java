package jp.junkai.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import jp.junkai.lake.Lake;
import jp.junkai.lake.LakeSchema;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.schema.Entity;

/**
 * Rebuilds silver and the pending visits from bronze alone, replaying every committed run's
 * versions: bronze is the lake's memory, silver only a cache of its latest versions. Runs when a
 * silver segment named by the ledger is missing (someone deleted silver), or on request.
 *
 * <p>Visits follow the incremental rule: a visit's silver version is its latest version whose
 * unit and officer exist; a later version whose unit or officer does not exist waits in pending.
 */
final class SilverRebuild {

    private SilverRebuild() {
    }

    /** Whether the latest state names silver or pending folders that are not there. */
    static boolean needed(Lake lake, RunRecord state) {
        if (state == null) {
            return false;
        }
        for (Map.Entry<String, List<String>> s : state.silver().entrySet()) {
            Entity e = Entity.byCode(s.getKey()).orElseThrow();
            for (String segment : s.getValue()) {
                if (!Files.isDirectory(lake.silver(e, segment))) {
                    return true;
                }
            }
        }
        return state.pending() != null && !Files.isDirectory(lake.pending(state.pending()));
    }

    /** Rebuilds and commits as run {@code run}; returns the new state. */
    static RunRecord rebuild(SparkSession spark, Lake lake, RunRecord state, String run) throws IOException {
        Path work = lake.work(run);
        Map<String, List<String>> silver = new TreeMap<>();
        Map<Entity, Dataset<Row>> rebuilt = new java.util.EnumMap<>(Entity.class);
        boolean pendingWritten = false;
        for (Entity e : Ingest.ORDER) {
            Path bronzeRoot = lake.root().resolve("bronze").resolve(e.code());
            if (!Files.isDirectory(bronzeRoot)) {
                continue;
            }
            spark.sparkContext().setJobGroup("rebuild-" + e.code(), "rebuild silver " + e.code(), false);
            Dataset<Row> good = spark.read().schema(LakeSchema.bronze(e).add("run", "string").add("src", "string"))
                    .parquet(bronzeRoot.toString())
                    .where(col(LakeSchema.REASON).isNull())
                    .withColumn(LakeSchema.RUN, col("run"))
                    .withColumn(LakeSchema.HASH, Silver.contentHash(e))
                    .select(columns(e));
            Dataset<Row> result;
            if (e == Entity.VISITS) {
                Dataset<Row> flagged = UnknownReferences.withReason(good, Silver.live(rebuilt.get(Entity.UNITS)),
                        Silver.live(rebuilt.get(Entity.OFFICERS)));
                Dataset<Row> applied = Silver.latestPerKey(flagged.where(col(LakeSchema.REASON).isNull())
                        .drop(LakeSchema.REASON), e);
                Dataset<Row> waiting = Silver.latestPerKey(flagged.where(col(LakeSchema.REASON).isNotNull()), e);
                Dataset<Row> cur = applied.select(col(e.key()).as("c_" + e.key()),
                        col(Entity.UPDATED_AT).as("c_" + Entity.UPDATED_AT), col(LakeSchema.BATCH).as("c_" + LakeSchema.BATCH),
                        col(LakeSchema.RUN).as("c_" + LakeSchema.RUN), col(LakeSchema.LINE).as("c_" + LakeSchema.LINE));
                Dataset<Row> pending = waiting.join(cur, col(e.key()).equalTo(col("c_" + e.key())), "left")
                        .where(col("c_" + e.key()).isNull().or(Silver.later("", "c_")))
                        .select(Ingest.pendingSchema().fieldNames()[0], rest(Ingest.pendingSchema().fieldNames()));
                pending.write().parquet(work.resolve("pending").toString());
                pendingWritten = true;
                result = applied;
            } else {
                result = Silver.latestPerKey(good, e);
            }
            Path staged = work.resolve("silver").resolve(e.code());
            LakeSchema.entityWriter(result.write(), e).parquet(staged.toString());
            rebuilt.put(e, spark.read().schema(LakeSchema.silver(e)).parquet(staged.toString()));
            silver.put(e.code(), List.of("base-" + run));
        }
        for (String code : silver.keySet()) {
            Entity e = Entity.byCode(code).orElseThrow();
            Lake.moveInto(work.resolve("silver").resolve(code), lake.silver(e, "base-" + run));
        }
        String pending = null;
        if (pendingWritten) {
            pending = "visits-" + run;
            Lake.moveInto(work.resolve("pending"), lake.pending(pending));
        }
        RunRecord record = new RunRecord(run, state.run(), state.pulledAt(), List.of(), List.of(), List.of(),
                state.watermarks(), silver, pending, state.freshness(), state.marts(), state.held());
        lake.commit(record);
        lake.recover();
        spark.sparkContext().clearJobGroup();
        return record;
    }

    private static Column[] columns(Entity e) {
        List<Column> cols = new ArrayList<>();
        for (String name : LakeSchema.silver(e).fieldNames()) {
            cols.add(col(name));
        }
        return cols.toArray(new Column[0]);
    }

    private static String[] rest(String[] names) {
        String[] r = new String[names.length - 1];
        System.arraycopy(names, 1, r, 0, r.length);
        return r;
    }
}
