package jp.junkai.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import jp.junkai.lake.Lake;
import jp.junkai.lake.LakeSchema;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.marts.IngestMarts;
import jp.junkai.schema.Entity;
import jp.junkai.schema.StationSource;

/**
 * One ingest run (SPEC §1, §6.1–9): takes the new batch files of every station through the read
 * boundary into bronze, merges the new versions into silver, holds visits whose unit or officer is
 * not known yet, reconciles every batch, refreshes the ingest marts, and commits. Reads like the
 * data flow: recover → plan → parse → merge → reconcile → marts → move into place → commit.
 *
 * <p>Re-running it on an unchanged inbox finds nothing new and changes nothing.
 */
public final class Ingest {

    static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");
    /** Entities in merge order: visits last, since they are checked against units and officers. */
    static final List<Entity> ORDER = List.of(Entity.BEATS, Entity.OFFICERS, Entity.ASSIGNMENTS, Entity.UNITS,
            Entity.CARDS, Entity.CARD_CHANGES, Entity.NIGHT_APPROVALS, Entity.INSPECTIONS, Entity.VISITS);
    private static final long BYTES_PER_TASK = 48L << 20;

    private final SparkSession spark;
    private final IngestOptions options;
    private final Consumer<String> progress;
    private final Lake lake;
    /** Small sets cached while the run merges, freed when it ends. */
    private final List<Dataset<Row>> cached = new ArrayList<>();

    private Ingest(SparkSession spark, IngestOptions options, Consumer<String> progress) {
        this.spark = spark;
        this.options = options;
        this.progress = progress;
        this.lake = new Lake(options.lake());
    }

    public static IngestSummary run(SparkSession spark, IngestOptions options, Consumer<String> progress)
            throws IOException {
        Ingest ingest = new Ingest(spark, options, progress);
        try {
            return ingest.run();
        } finally {
            ingest.cached.forEach(Dataset::unpersist);
        }
    }

    private IngestSummary run() throws IOException {
        long started = System.nanoTime();
        lake.recover();
        RunRecord state = lake.latest().orElse(null);
        if (SilverRebuild.needed(lake, state) || options.rebuildSilver() && state != null) {
            // its own commit, just before this run's
            String rebuild = RUN_ID.format(options.pullTime().minusNanos(1_000_000));
            if (rebuild.compareTo(state.run()) <= 0) {
                throw new IllegalArgumentException("Cannot rebuild silver at " + options.pullTime()
                        + ": the lake's last run " + state.run() + " is not older");
            }
            progress.accept("ingest: rebuilding silver from bronze");
            state = SilverRebuild.rebuild(spark, lake, state, rebuild);
        }

        InboxPlanner.Plan plan = InboxPlanner.plan(options.fileStations(), lake.takenFiles(), lake.takenByPath());
        reportPlan(plan);
        if (plan.take().isEmpty() && plan.repeats().isEmpty() && options.jdbcStations().isEmpty()) {
            progress.accept("ingest: nothing new");
            return new IngestSummary(null, List.of(), 0, 0, seconds(started));
        }
        String run = runId(state);
        Path work = lake.work(run);
        Files.createDirectories(work);

        // parse: every line of every new file, into staged bronze
        Map<Entity, List<FileTask>> byEntity = new EnumMap<>(Entity.class);
        plan.take().forEach(t -> byEntity.computeIfAbsent(t.entity(), k -> new ArrayList<>()).add(t));
        Map<Entity, Long> linesRead = new EnumMap<>(Entity.class);
        for (Entity e : ORDER) {
            List<FileTask> tasks = byEntity.getOrDefault(e, List.of());
            if (tasks.isEmpty()) {
                continue;
            }
            LongAccumulator lines = spark.sparkContext().longAccumulator("lines read " + e.code());
            spark.sparkContext().setJobGroup("ingest-parse-" + e.code(), "ingest " + run + ": parse " + e.code(), false);
            long t0 = System.nanoTime();
            LakeSchema.entityWriter(parse(e, tasks, lines).write(), e).parquet(work.resolve("bronze").resolve(e.code()).resolve("src=files").toString());
            linesRead.put(e, lines.value());
            progress.accept(String.format("ingest: parsed %s: %,d lines from %d files in %.1f s", e.code(),
                    lines.value(), tasks.size(), seconds(t0)));
        }
        Map<String, RunRecord.Mark> watermarks = new TreeMap<>(state == null ? Map.of() : state.watermarks());
        Map<String, String> jdbcBatches = new HashMap<>();
        List<String> failed = new ArrayList<>();
        Map<String, List<String>> held = new TreeMap<>(state == null ? Map.of() : state.held());
        for (StationSource station : options.jdbcStations()) {
            long t0 = System.nanoTime();
            spark.sparkContext().setJobGroup("ingest-pull-" + station.code(), "ingest " + run + ": pull " + station.code(), false);
            try {
                JdbcStations.Pulled pulled = JdbcStations.pull(spark, station, options.env(), watermarks, held, run,
                        options.pullTime(), work);
                pulled.rows().forEach((e, n) -> linesRead.merge(e, n, Long::sum));
                watermarks.putAll(pulled.marks());
                held.putAll(pulled.held());
                if (!pulled.rows().isEmpty()) {
                    jdbcBatches.put(station.code(), pulled.batch());
                }
                progress.accept(String.format("ingest: %s: %,d rows pulled over jdbc in %.1f s", station.code(),
                        pulled.rows().values().stream().mapToLong(Long::longValue).sum(), seconds(t0)));
            } catch (IOException | RuntimeException ex) {
                // a station that cannot be reached fails alone: nothing of it is kept, its watermarks stay
                for (Entity e : Entity.values()) {
                    Lake.deleteTree(JdbcStations.staged(work, e, station.code()));
                }
                progress.accept("ingest: " + station.code() + ": " + ex.getMessage()
                        + "; its watermarks stay, the next run catches up");
                failed.add(station.code());
            }
        }
        if (linesRead.isEmpty() && plan.repeats().isEmpty()) {
            Lake.deleteTree(work);
            progress.accept("ingest: nothing new");
            return new IngestSummary(null, List.of(), 0, 0, seconds(started), failed);
        }
        Faults.point("after-parse");

        // merge into silver, entity by entity
        Map<String, List<String>> silver = new TreeMap<>(state == null ? Map.of() : state.silver());
        List<RunRecord.BatchCount> batches = new ArrayList<>();
        Map<String, RunRecord.Freshness> freshness = new TreeMap<>(state == null ? Map.of() : state.freshness());
        Map<Entity, AfterMerge> after = new EnumMap<>(Entity.class);
        String pending = state == null ? null : state.pending();
        boolean pendingWritten = false; // this run's waiting visits, staged in work/pending
        for (Entity e : ORDER) {
            boolean hasNew = linesRead.containsKey(e);
            boolean visitsRecheck = e == Entity.VISITS && pending != null;
            if (!hasNew && !visitsRecheck) {
                continue;
            }
            spark.sparkContext().setJobGroup("ingest-merge-" + e.code(), "ingest " + run + ": merge " + e.code(), false);
            long t0 = System.nanoTime();
            Dataset<Row> staged = hasNew ? readStagedBronze(work, e) : spark.createDataFrame(List.of(), LakeSchema.bronze(e));
            Dataset<Row> current = Silver.current(spark, lake, state, e);
            Dataset<Row> good = staged.where(col(LakeSchema.REASON).isNull()).drop(LakeSchema.REASON, LakeSchema.FIELD)
                    .withColumn(LakeSchema.RUN, lit(run)).withColumn(LakeSchema.HASH, Silver.contentHash(e));
            boolean hasCurrent = state != null && !state.silver().getOrDefault(e.code(), List.of()).isEmpty();
            Dataset<Row> oldPending = e == Entity.VISITS && pending != null
                    ? spark.read().schema(pendingSchema()).parquet(lake.pending(pending).toString()).drop(LakeSchema.REASON)
                    : null;
            // the current versions of the keys this run touches, read once: an increment's cost
            // then follows the increment, not the number of scans of the current state
            Dataset<Row> touched = null;
            if (hasCurrent) {
                Dataset<Row> keys = good.select(e.key());
                if (oldPending != null) {
                    keys = keys.unionByName(oldPending.select(e.key()));
                }
                // narrow: what the duplicate and version checks compare, never the whole record
                List<String> narrow = new ArrayList<>(List.of(e.key(), Entity.UPDATED_AT, LakeSchema.HASH,
                        LakeSchema.BATCH, LakeSchema.RUN, LakeSchema.LINE));
                narrow.addAll(Silver.displacedColumns(e)); // what a displaced version belonged to
                Dataset<Row> distinctKeys = keys.distinct();
                touched = Silver.current(spark, lake, state, e,
                                d -> d.join(distinctKeys, new String[] {e.key()}, "left_semi"))
                        .select(narrow.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                        .persist();
            }
            VersionMarks marks = VersionMarks.of(e, good, touched);
            // the run's latest version of each key: all records but the (few) superseded ones
            Dataset<Row> candidates = good.where(SupersededLines.keep(spark, marks.superseded));
            Dataset<Row> pendingNow = null;
            if (oldPending != null) {
                candidates = Silver.latestPerKey(candidates.unionByName(oldPending), e);
            }
            Dataset<Row> delta = hasCurrent ? newerThanCurrent(e, candidates, touched) : candidates;
            if (e == Entity.VISITS) {
                // not cached: each reader (the unknown names, the silver write, the pending rows) reads
                // the staged records again, which costs less than caching all of them in memory
                Dataset<Row> withReason = withUnknownReference(delta, after, state);
                pendingNow = withReason.where(col(LakeSchema.REASON).isNotNull());
                delta = withReason.where(col(LakeSchema.REASON).isNull()).drop(LakeSchema.REASON);
            }
            List<String> segments = new ArrayList<>(silver.getOrDefault(e.code(), List.of()));
            String segment;
            Dataset<Row> toWrite;
            List<String> mergedDeltas = List.of(); // earlier deltas this run's segment holds too
            if (segments.isEmpty()) {
                segment = "base-" + run;
                toWrite = delta;
            } else if (options.fold().newBase(segmentBytes(e, segments))) {
                segment = "base-" + run;
                toWrite = Silver.withNewer(current, delta, UnaryOperator.identity(), e);
                segments.clear();
            } else if (options.fold().mergeDeltas(segments.size())) {
                // the deltas (small) and this run's in one new delta; the base stays as it is
                segment = "delta-" + run;
                toWrite = Silver.withNewer(Silver.deltas(spark, lake, state, e), delta, UnaryOperator.identity(), e);
                mergedDeltas = new ArrayList<>(segments.subList(1, segments.size()));
                segments.subList(1, segments.size()).clear();
            } else {
                segment = "delta-" + run;
                toWrite = delta;
            }
            Path stagedSilver = work.resolve("silver").resolve(e.code());
            LakeSchema.entityWriter(toWrite.write(), e).parquet(stagedSilver.toString());
            if (segment.startsWith("delta-") && !Silver.displacedColumns(e).isEmpty()) {
                writeDisplaced(e, touched, mergedDeltas, stagedSilver);
            }
            segments.add(segment);
            silver.put(e.code(), segments);
            Dataset<Row> written = spark.read().schema(LakeSchema.silver(e)).parquet(stagedSilver.toString());
            after.put(e, new AfterMerge(e, segment.startsWith("base-") ? null : state, written));
            if (hasNew) {
                batches.addAll(reconcile(e, staged, marks, pendingNow, run, linesRead.get(e)));
                freshness(e, marks, byEntity.getOrDefault(e, List.of()), jdbcBatches, freshness);
            }
            if (pendingNow != null) {
                // while the current versions the run touched are still cached: written later, they
                // would be read from silver again
                pendingNow.write().parquet(work.resolve("pending").toString());
                pendingWritten = true;
            }
            if (touched != null) {
                touched.unpersist();
            }
            progress.accept(String.format("ingest: merged %s into silver in %.1f s", e.code(), seconds(t0)));
        }
        if (pendingWritten) {
            pending = "visits-" + run;
        }
        Faults.point("after-merge");

        List<RunRecord.BatchCount> broken = batches.stream().filter(b -> !b.reconciles()).toList();
        if (!broken.isEmpty()) {
            throw new IllegalStateException("Cannot commit ingest run " + run + ": " + broken.size()
                    + " batches do not reconcile (read != applied + duplicates + quarantined), first: " + broken.get(0));
        }

        // marts of ingest
        spark.sparkContext().setJobGroup("ingest-marts", "ingest " + run + ": marts", false);
        Map<String, String> marts = new TreeMap<>(state == null ? Map.of() : state.marts());
        Dataset<Row> previousSummary = state == null || !state.marts().containsKey(IngestMarts.QUARANTINE_SUMMARY) ? null
                : spark.read().parquet(lake.mart(IngestMarts.QUARANTINE_SUMMARY,
                        state.marts().get(IngestMarts.QUARANTINE_SUMMARY)).toString());
        Map<Entity, Dataset<Row>> rejected = new EnumMap<>(Entity.class);
        for (Entity e : linesRead.keySet()) {
            rejected.put(e, readStagedBronze(work, e).where(col(LakeSchema.REASON).isNotNull()));
        }
        Dataset<Row> pendingForSummary = pendingWritten ? spark.read().parquet(work.resolve("pending").toString())
                : pending != null ? spark.read().parquet(lake.pending(pending).toString()) : null;
        IngestMarts.quarantineSummary(spark, previousSummary, rejected, pendingForSummary)
                .write().parquet(work.resolve("marts").resolve(IngestMarts.QUARANTINE_SUMMARY).toString());
        IngestMarts.dataFreshness(spark, freshness.values())
                .write().parquet(work.resolve("marts").resolve(IngestMarts.DATA_FRESHNESS).toString());
        marts.put(IngestMarts.QUARANTINE_SUMMARY, run);
        marts.put(IngestMarts.DATA_FRESHNESS, run);

        // move into place, then commit
        for (Entity e : linesRead.keySet()) {
            Lake.moveInto(work.resolve("bronze").resolve(e.code()), lake.bronze(e, run));
        }
        Faults.point("mid-move");
        for (Map.Entry<String, List<String>> s : silver.entrySet()) {
            Entity e = Entity.byCode(s.getKey()).orElseThrow();
            Lake.moveInto(work.resolve("silver").resolve(e.code()), lake.silver(e, s.getValue().get(s.getValue().size() - 1)));
        }
        if (pendingWritten) {
            Lake.moveInto(work.resolve("pending"), lake.pending(pending));
        }
        for (String mart : List.of(IngestMarts.QUARANTINE_SUMMARY, IngestMarts.DATA_FRESHNESS)) {
            Lake.moveInto(work.resolve("marts").resolve(mart), lake.mart(mart, run));
        }
        Faults.point("before-commit");
        List<RunRecord.TakenFile> taken = plan.take().stream().map(Ingest::takenFile).toList();
        List<RunRecord.TakenFile> repeats = plan.repeats().stream().map(Ingest::takenFile).toList();
        RunRecord record = new RunRecord(run, state == null ? null : state.run(), options.pullTime().toString(), taken,
                repeats, batches, watermarks, silver, pending, freshness, marts, held);
        lake.commit(record);
        Faults.point("after-commit");
        lake.recover(); // superseded segments, pending and mart folders
        archive(plan);
        spark.sparkContext().clearJobGroup();

        List<IngestSummary.EntityCounts> counts = new ArrayList<>();
        for (Entity e : ORDER) {
            long read = 0, applied = 0, dups = 0, quarantined = 0;
            for (RunRecord.BatchCount b : batches) {
                if (b.entity().equals(e.code())) {
                    read += b.read();
                    applied += b.applied();
                    dups += b.duplicates();
                    quarantined += b.quarantined();
                }
            }
            if (read > 0) {
                counts.add(new IngestSummary.EntityCounts(e.code(), read, applied, dups, quarantined));
            }
        }
        return new IngestSummary(run, counts, plan.take().size(), plan.repeats().size(), seconds(started), failed);
    }

    /**
     * Writes, beside a delta segment, what the versions it displaced belonged to ({@link Silver#DISPLACED}):
     * this run's (the current versions of the keys it touched) and, where the segment merges earlier
     * deltas, theirs, so that whoever kept something per unit or month as of an earlier run finds
     * every unit and month whose records changed since without reading all of silver.
     *
     * @param merged the earlier delta segments this run's segment merges, if any
     */
    private void writeDisplaced(Entity e, Dataset<Row> touched, List<String> merged, Path stagedSilver) {
        Dataset<Row> displaced = touched == null
                ? spark.createDataFrame(List.of(), Silver.displacedSchema(e))
                : touched.selectExpr(Silver.displacedSchema(e).fieldNames());
        for (String earlier : merged) {
            Dataset<Row> theirs = Silver.displaced(spark, lake.silver(e, earlier), e);
            if (theirs != null) {
                displaced = displaced.unionByName(theirs);
            }
        }
        displaced.coalesce(1).write().parquet(stagedSilver.resolve(Silver.DISPLACED).toString());
    }

    /** The bytes of the entity's current silver segments, in order (the base first). */
    private List<Long> segmentBytes(Entity e, List<String> segments) throws IOException {
        List<Long> bytes = new ArrayList<>();
        for (String segment : segments) {
            bytes.add(Lake.bytes(lake.silver(e, segment)));
        }
        return bytes;
    }

    private String runId(RunRecord state) {
        String run = RUN_ID.format(options.pullTime());
        if (state != null && run.compareTo(state.run()) <= 0) {
            throw new IllegalArgumentException("Cannot ingest at " + options.pullTime() + ": run " + state.run()
                    + " of the lake is not older (clocks must not go back)");
        }
        return run;
    }

    private void reportPlan(InboxPlanner.Plan plan) {
        Map<String, long[]> perStation = new TreeMap<>();
        plan.take().forEach(t -> {
            long[] c = perStation.computeIfAbsent(t.station(), k -> new long[3]);
            c[0]++;
            c[1] += t.bytes();
        });
        plan.repeats().forEach(t -> perStation.computeIfAbsent(t.station(), k -> new long[3])[2]++);
        perStation.forEach((station, c) -> progress.accept(String.format("ingest: %s: %d new files (%.1f MiB)%s",
                station, c[0], c[1] / 1048576.0, c[2] > 0 ? ", " + c[2] + " repeated files skipped" : "")));
    }

    /** Parses files in tasks of about {@value #BYTES_PER_TASK} bytes, largest first. */
    private Dataset<Row> parse(Entity entity, List<FileTask> tasks, LongAccumulator lines) {
        List<FileTask> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparingLong(FileTask::bytes).reversed());
        long total = sorted.stream().mapToLong(FileTask::bytes).sum();
        int slots = (int) Math.max(1, Math.min(sorted.size(), Math.max(spark.sparkContext().defaultParallelism(),
                total / BYTES_PER_TASK)));
        List<List<FileTask>> groups = new ArrayList<>();
        long[] load = new long[slots];
        for (int i = 0; i < slots; i++) {
            groups.add(new ArrayList<>());
        }
        for (FileTask t : sorted) {
            int least = 0;
            for (int i = 1; i < slots; i++) {
                if (load[i] < load[least]) {
                    least = i;
                }
            }
            groups.get(least).add(t);
            load[least] += t.bytes();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ParseFiles parser = new ParseFiles(options.pullTime(), lines);
        JavaRDD<Row> rows = jsc.parallelize(groups, slots).mapPartitions(it -> {
            List<FileTask> mine = new ArrayList<>();
            it.forEachRemaining(mine::addAll);
            return parser.call(mine.iterator());
        });
        return spark.createDataFrame(rows, LakeSchema.bronze(entity));
    }

    /** The run's staged bronze of one entity: files and every jdbc station that succeeded. */
    private Dataset<Row> readStagedBronze(Path work, Entity e) {
        Dataset<Row> d = spark.read().schema(LakeSchema.bronze(e)).parquet(work.resolve("bronze").resolve(e.code()).toString());
        return java.util.Arrays.asList(d.columns()).contains("src") ? d.drop("src") : d;
    }

    /** Candidates that beat the key's current version (all of them where the key is new). */
    private static Dataset<Row> newerThanCurrent(Entity e, Dataset<Row> candidates, Dataset<Row> current) {
        String key = e.key();
        Dataset<Row> cur = current.join(candidates.select(key), key)
                .select(col(key).as("c_" + key), col(Entity.UPDATED_AT).as("c_" + Entity.UPDATED_AT),
                        col(LakeSchema.BATCH).as("c_" + LakeSchema.BATCH), col(LakeSchema.RUN).as("c_" + LakeSchema.RUN),
                        col(LakeSchema.LINE).as("c_" + LakeSchema.LINE));
        Dataset<Row> joined = candidates.join(cur, col(key).equalTo(col("c_" + key)), "left");
        return joined.where(col("c_" + key).isNull().or(Silver.later("", "c_")))
                .select(LakeSchema.silver(e).fieldNames()[0], restOf(LakeSchema.silver(e).fieldNames()));
    }

    private static String[] restOf(String[] names) {
        String[] rest = new String[names.length - 1];
        System.arraycopy(names, 1, rest, 0, rest.length);
        return rest;
    }

    /**
     * The visits with the reason they cannot be applied yet, against the units and officers after
     * this run: the units the visits name only, so that silver's units are read for those.
     */
    private Dataset<Row> withUnknownReference(Dataset<Row> visits, Map<Entity, AfterMerge> after, RunRecord state) {
        // counted and cached once, so that the restrictions of every segment read them from memory
        Dataset<Row> named = visits.select(col(Silver.UNIT_ID)).where(col(Silver.UNIT_ID).isNotNull()).distinct()
                .persist();
        cached.add(named);
        // many names (an initial load): every unit read, as restricting to them would cost more
        UnaryOperator<Dataset<Row>> namedUnits = named.count() > SmallSets.BROADCAST_LIMIT ? UnaryOperator.identity()
                : d -> d.join(broadcast(named), new String[] {Silver.UNIT_ID}, "left_semi");
        Dataset<Row> units = Silver.live(after.containsKey(Entity.UNITS) ? rowsAfter(after.get(Entity.UNITS), namedUnits)
                : Silver.current(spark, lake, state, Entity.UNITS, namedUnits));
        Dataset<Row> officers = Silver.live(after.containsKey(Entity.OFFICERS)
                ? rowsAfter(after.get(Entity.OFFICERS), UnaryOperator.identity())
                : Silver.current(spark, lake, state, Entity.OFFICERS));
        return UnknownReferences.withReason(visits, units, officers);
    }

    /**
     * An entity's current versions after this run's merge: the segment written (a new base: all of
     * them) over the state before it.
     *
     * @param before the state the written delta is applied over, or null where a new base was written
     */
    private record AfterMerge(Entity entity, RunRecord before, Dataset<Row> written) {
    }

    /** The versions after a merge that a restriction keeps (as {@link Silver#current(SparkSession, Lake, RunRecord, Entity, UnaryOperator)}). */
    private Dataset<Row> rowsAfter(AfterMerge merged, UnaryOperator<Dataset<Row>> restrict) {
        Entity e = merged.entity();
        return merged.before() == null ? restrict.apply(merged.written())
                : Silver.withNewer(Silver.current(spark, lake, merged.before(), e, restrict), merged.written(), restrict, e);
    }

    private List<RunRecord.BatchCount> reconcile(Entity e, Dataset<Row> staged, VersionMarks marks,
                                                 Dataset<Row> pendingNow, String run, long linesRead) {
        Map<List<String>, long[]> counts = new LinkedHashMap<>();
        for (Row r : staged.groupBy(LakeSchema.STATION, LakeSchema.BATCH)
                .agg(count(lit(1)).as("read"), sum(when(col(LakeSchema.REASON).isNotNull(), 1).otherwise(0)).as("bad"))
                .collectAsList()) {
            long read = r.getLong(2);
            long bad = r.getLong(3);
            long dups = marks.duplicatesOf(r.getString(0), r.getString(1));
            counts.put(List.of(r.getString(0), r.getString(1)), new long[] {read, read - bad - dups, dups, bad});
        }
        if (pendingNow != null) {
            for (Row r : pendingNow.where(col(LakeSchema.RUN).equalTo(run))
                    .groupBy(LakeSchema.STATION, LakeSchema.BATCH).count().collectAsList()) {
                long[] c = counts.get(List.of(r.getString(0), r.getString(1)));
                if (c != null) {
                    c[1] -= r.getLong(2);
                    c[3] += r.getLong(2);
                }
            }
        }
        long total = counts.values().stream().mapToLong(c -> c[0]).sum();
        if (total != linesRead) {
            throw new IllegalStateException("Cannot commit: " + e.code() + " read " + linesRead + " lines but bronze holds "
                    + total);
        }
        List<RunRecord.BatchCount> out = new ArrayList<>();
        counts.forEach((k, c) -> out.add(new RunRecord.BatchCount(k.get(0), e.code(), k.get(1), c[0], c[1], c[2], c[3])));
        return out;
    }

    private void freshness(Entity e, VersionMarks marks, List<FileTask> tasks, Map<String, String> jdbcBatches,
                           Map<String, RunRecord.Freshness> out) {
        Map<String, String> lastBatch = new HashMap<>();
        tasks.forEach(t -> lastBatch.merge(t.station(), t.batch(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
        Map<String, String> lastUpdated = new HashMap<>();
        for (String station : marks.latestUpdate.keySet()) {
            LocalDateTime latest = marks.latestUpdateOf(station);
            lastUpdated.put(station, latest == null ? null : latest.toString());
            if (jdbcBatches.containsKey(station)) {
                lastBatch.put(station, jdbcBatches.get(station));
            }
        }
        for (Map.Entry<String, String> b : lastBatch.entrySet()) {
            String id = b.getKey() + "/" + e.code();
            RunRecord.Freshness old = out.get(id);
            String batch = old != null && old.lastBatch().compareTo(b.getValue()) > 0 ? old.lastBatch() : b.getValue();
            String updated = lastUpdated.get(b.getKey());
            if (old != null && old.lastUpdatedAt() != null && (updated == null || old.lastUpdatedAt().compareTo(updated) > 0)) {
                updated = old.lastUpdatedAt();
            }
            out.put(id, new RunRecord.Freshness(b.getKey(), e.code(), batch, options.pullTime().toString(), updated));
        }
    }

    private void archive(InboxPlanner.Plan plan) throws IOException {
        if (options.archiveDir() == null) {
            return;
        }
        List<FileTask> all = new ArrayList<>(plan.take());
        all.addAll(plan.repeats());
        for (FileTask t : all) {
            Path source = Path.of(t.path());
            Path target = options.archiveDir().resolve(t.station()).resolve(t.entity().code()).resolve(source.getFileName());
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            Path marker = Path.of(t.path() + ".done");
            if (Files.exists(marker)) {
                Files.move(marker, Path.of(target + ".done"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static org.apache.spark.sql.types.StructType pendingSchema() {
        return LakeSchema.silver(Entity.VISITS).add(LakeSchema.REASON, org.apache.spark.sql.types.DataTypes.StringType);
    }

    private static RunRecord.TakenFile takenFile(FileTask t) {
        return new RunRecord.TakenFile(t.sha256(), t.station(), t.entity().code(), t.batch(), t.path(), t.bytes(),
                t.modified());
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
