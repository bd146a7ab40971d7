package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import jp.junkai.lake.LakeSchema;
import jp.junkai.marts.snapshot.BeatFingerprint;
import jp.junkai.marts.snapshot.BeatHistories;
import jp.junkai.marts.snapshot.Days;
import jp.junkai.marts.snapshot.SnapshotEngine;
import jp.junkai.marts.snapshot.SnapshotReuse;
import jp.junkai.marts.snapshot.UnitSnapshots;
import jp.junkai.marts.snapshot.UnitHistoryFiles;
import jp.junkai.marts.snapshot.UnitStatusFiles;
import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/**
 * Every mart of SPEC §4 that the snapshots feed, from the lake's current state and the rule file:
 * the data flow of the marts in one place — inputs → beat histories → unit statuses and beat
 * counts → beat marts → roll-ups and officer, koban marts.
 */
public final class MartBuild {

    /** The lake table of unit statuses (not a mart of the export). */
    public static final String UNIT_STATUS = "unit_status";
    /** The lake table of per-beat counts the marts are computed from (not a mart of the export). */
    public static final String BEAT_COUNTS = "beat_counts";
    /** The lake table of the officers' work per month ({@link OfficerWork}; not a mart of the export). */
    public static final String OFFICER_WORK = "officer_work";
    /**
     * The lake table of the gathered unit histories ({@link UnitHistoryFiles}), which the next build
     * patches where units changed (not a mart of the export).
     */
    public static final String UNIT_HISTORIES = "unit_histories";
    /** The lake table of each beat's {@link BeatFingerprint} (not a mart of the export). */
    public static final String BEAT_INPUTS = "beat_inputs";

    private static final StructType BEAT_INPUTS_SCHEMA = new StructType()
            .add("beat_code", DataTypes.StringType, false)
            .add("months", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("hashes", DataTypes.createArrayType(DataTypes.LongType, false), false);

    private final MartInputs in;
    private final RuleFile rules;
    private final SnapshotPlan plan;
    private Dataset<Row> histories;
    /** What {@link #marts} persisted, freed by {@link #release}. */
    private final List<Dataset<Row>> persisted = new java.util.ArrayList<>();

    public MartBuild(MartInputs in, RuleFile rules, SnapshotPlan plan) {
        this.in = in;
        this.rules = rules;
        this.plan = plan;
    }

    /** The plan from the first month with a live visit through {@code through}. */
    public static SnapshotPlan plan(MartInputs in, RuleFile rules, YearMonth through) {
        return SnapshotPlan.of(workInputs(in).firstVisitMonth(), through, rules);
    }

    public SnapshotPlan plan() {
        return plan;
    }

    /** The marts of the snapshots, by name, in export order. Call {@link #release} when written. */
    public Map<String, Dataset<Row>> marts() {
        return marts(beatCounts(plan.statusDays()));
    }

    /**
     * The per-beat counts ({@link UnitSnapshots#beatCounts}) on those days: what the marts are
     * computed from, kept in the lake so that a later build recomputes only the days whose inputs
     * changed.
     */
    public Dataset<Row> beatCounts(List<LocalDate> days) {
        if (days.isEmpty()) {
            return in.beats().sparkSession().createDataFrame(List.of(), UnitSnapshots.BEAT_COUNTS_SCHEMA);
        }
        return UnitSnapshots.beatCounts(histories(), new SnapshotEngine(rules), SnapshotPlan.epochDays(days));
    }

    /**
     * The marts from the beat counts of every status day of the plan (computed now or kept from an
     * earlier build), by name, in export order.
     */
    public Map<String, Dataset<Row>> marts(Dataset<Row> beatCounts) {
        return marts(beatCounts, officerWork(plan.months()));
    }

    /**
     * The marts from the beat counts and the officers' work ({@link OfficerWork}) of every
     * snapshot month, by name, in export order.
     */
    public Map<String, Dataset<Row>> marts(Dataset<Row> beatCounts, Dataset<Row> officerWork) {
        return marts(beatCounts, officerWork, java.util.Set.of(), null);
    }

    /**
     * As {@link #marts(Dataset, Dataset)}, with the rows of {@code officer_monthly} of some months
     * kept from an earlier build ({@link KeptOfficerMonths}) instead of computed.
     *
     * @param keptOfficerMonths the months whose rows are kept
     * @param keptOfficerRows   those rows (null when no month is kept)
     */
    public Map<String, Dataset<Row>> marts(Dataset<Row> beatCounts, Dataset<Row> officerWork,
                                           java.util.Set<YearMonth> keptOfficerMonths, Dataset<Row> keptOfficerRows) {
        Dataset<Row> counts = beatCounts.persist(StorageLevel.MEMORY_AND_DISK());
        // read by every mart but the koban one: joined to the beats once
        Dataset<Row> allBeats = BeatSnapshots.of(counts, in.beats()).persist(StorageLevel.MEMORY_AND_DISK());
        persisted.add(allBeats);
        Dataset<Row> beats = BeatSnapshots.on(allBeats, plan.snapshotDays());
        // read by the officer and station marts: computed once
        Dataset<Row> work = officerWork.persist(StorageLevel.MEMORY_AND_DISK());
        persisted.add(work);
        persisted.add(counts);
        Dataset<Row> kobans = KobanInspections.from(in.beats(), in.inspections(), plan.snapshotDays(), rules);
        Map<String, Dataset<Row>> marts = new LinkedHashMap<>();
        marts.put(ComplianceBeatMonthly.NAME, ComplianceBeatMonthly.from(beats));
        marts.put(CoverageBeatMonthly.NAME, CoverageBeatMonthly.from(beats));
        marts.put(CardsBeatMonthly.NAME, CardsBeatMonthly.from(beats));
        List<YearMonth> officerMonths = plan.months().stream().filter(m -> !keptOfficerMonths.contains(m)).toList();
        Dataset<Row> officerMonthly = OfficerMonthly.fromWork(work, in.officers(), in.assignments(), allBeats,
                officerMonths, rules);
        if (!keptOfficerMonths.isEmpty()) {
            officerMonthly = OfficerMonthly.ordered(officerMonthly.unionByName(keptOfficerRows));
        }
        marts.put(OfficerMonthly.NAME, officerMonthly);
        marts.put(StationMonthly.NAME, StationMonthly.from(beats, work, in.officers(), in.beats(), kobans,
                plan.snapshotDays()));
        marts.put(KobanInspections.NAME, kobans);
        marts.put(TrendMonthly.NAME, TrendMonthly.from(beats));
        return marts;
    }

    /**
     * The officers' work ({@link OfficerWork}) in those months: their visits' facts, with the day
     * before each month as a lead-in (a visit within 60 seconds of the previous one may follow one
     * of the month before), counted and kept for those months only.
     */
    public Dataset<Row> officerWork(java.util.Collection<YearMonth> months) {
        SparkSession spark = in.visits().sparkSession();
        if (months.isEmpty()) {
            return spark.createDataFrame(List.of(), OfficerWork.SCHEMA);
        }
        Column selected = null;
        Column approvals = null;
        for (YearMonth m : months) {
            LocalDate from = m.atDay(1);
            if (rules.covers(from.minusDays(1))) {
                from = from.minusDays(1);
            }
            Column range = col("visited_at").geq(from.atStartOfDay()).and(col("visited_at").lt(
                    m.plusMonths(1).atDay(1).atStartOfDay()));
            selected = selected == null ? range : selected.or(range);
            // a night visit may be approved on its day or the day before
            Column approvalRange = col("approved_date").geq(from.minusDays(1)).and(col("approved_date").leq(m.atEndOfMonth()));
            approvals = approvals == null ? approvalRange : approvals.or(approvalRange);
        }
        List<LocalDate> firstDays = months.stream().map(m -> m.atDay(1)).toList();
        return OfficerWork.of(VisitFacts.of(in, rules, selected, approvals)).where(col("month").isin(firstDays.toArray()));
    }

    /**
     * What the officers' work of each month reads, and the first month with a visit (what
     * {@link #plan} computes), from one pass over the visits.
     *
     * @param parts           {@code yyyy-MM → count:xor} of version hashes: the visits by their
     *                        month, and the night approvals by the months of their date and the day
     *                        after (a visit just after midnight may be approved for the day before)
     * @param firstVisitMonth the first month with a live visit, or null
     */
    public record WorkInputs(Map<String, String> parts, YearMonth firstVisitMonth) {
    }

    /** {@link WorkInputs} of the inputs. */
    public static WorkInputs workInputs(MartInputs in) {
        // months as year × 12 + month − 1: formatting 30M timestamps as text would cost more than the rest
        Dataset<Row> visits = in.versions(Entity.VISITS).select(expr("0").as("src"),
                expr("year(visited_at) * 12 + month(visited_at) - 1").as("m"), col(LakeSchema.HASH).as("h"));
        Dataset<Row> approvals = in.versions(Entity.NIGHT_APPROVALS).select(expr("1").as("src"),
                expr("explode(array_distinct(array(year(approved_date) * 12 + month(approved_date) - 1, "
                        + "year(date_add(approved_date, 1)) * 12 + month(date_add(approved_date, 1)) - 1)))").as("m"),
                col(LakeSchema.HASH).as("h"));
        Map<Integer, long[]> months = new java.util.TreeMap<>();
        Integer first = null;
        for (Row r : visits.unionByName(approvals).where(col("m").isNotNull()).groupBy("src", "m")
                .agg(expr("count(1)"), expr("bit_xor(h)")).collectAsList()) {
            int m = r.getInt(1);
            long[] part = months.computeIfAbsent(m, k -> new long[2]);
            part[0] += r.getLong(2);
            part[1] ^= r.getLong(3);
            if (r.getInt(0) == 0 && (first == null || m < first)) {
                first = m;
            }
        }
        Map<String, String> parts = new java.util.TreeMap<>();
        months.forEach((m, p) -> parts.put(month(m).toString(), p[0] + ":" + p[1]));
        return new WorkInputs(parts, first == null ? null : month(first));
    }

    private static YearMonth month(int key) {
        return YearMonth.of(Math.floorDiv(key, 12), Math.floorMod(key, 12) + 1);
    }

    /**
     * Writes the unit status snapshot on those days into the folder ({@link UnitStatusFiles}), or,
     * with no day, an empty table of its columns.
     *
     * @return the rows written
     */
    public long writeUnitStatuses(List<LocalDate> days, java.nio.file.Path folder) {
        if (days.isEmpty()) {
            in.beats().sparkSession().createDataFrame(List.of(), UnitStatusFiles.SPARK_SCHEMA).write()
                    .mode(org.apache.spark.sql.SaveMode.Overwrite).parquet(folder.toString());
            return 0;
        }
        return UnitStatusFiles.write(histories(), new SnapshotEngine(rules), SnapshotPlan.epochDays(days), folder);
    }

    /**
     * Writes the unit status snapshot on those days into the folder and counts every beat on them
     * ({@link UnitStatusFiles#writeAndCount}), in one pass over the beat histories: each unit's
     * status is computed once for both, and the histories are read once, so they are not cached.
     * With {@code reuse}, the beat-days an earlier build computed from the same inputs are kept
     * instead (their counts are then the earlier build's: {@link UnitStatusFiles.Pass#kept}).
     */
    public UnitStatusFiles.Pass writeUnitStatusesAndCount(List<LocalDate> days, java.nio.file.Path folder,
                                                          SnapshotReuse reuse) {
        return writeUnitStatusesAndCount(days, folder, reuse, null, null);
    }

    /**
     * As {@link #writeUnitStatusesAndCount(List, java.nio.file.Path, SnapshotReuse)}, with the unit
     * histories patched from an earlier build's where {@code earlier} is given, and written as
     * {@link #UNIT_HISTORIES} into {@code historiesOut} unless it is null.
     */
    public UnitStatusFiles.Pass writeUnitStatusesAndCount(List<LocalDate> days, java.nio.file.Path folder,
                                                          SnapshotReuse reuse, java.nio.file.Path historiesOut,
                                                          EarlierHistories earlier) {
        if (days.isEmpty()) {
            writeUnitStatuses(days, folder);
            return new UnitStatusFiles.Pass(List.of(), List.of(), List.of(), 0, 0, 0);
        }
        JavaRDD<InternalRow> source = earlier != null ? BeatHistories.patched(in, earlier.folder(), earlier.changedUnits())
                : BeatHistories.internalRows(histories != null ? histories : BeatHistories.build(in));
        // the histories patched are those of the build reused: a table's folder is named after its build
        boolean unchangedAsReused = earlier != null && reuse != null
                && java.nio.file.Paths.get(reuse.previousFolder()).getFileName().equals(earlier.folder().getFileName());
        return UnitStatusFiles.writeAndCount(source, new SnapshotEngine(rules), SnapshotPlan.epochDays(days), folder,
                reuse, unchangedAsReused, historiesOut);
    }

    /**
     * An earlier build's {@link #UNIT_HISTORIES} and the units that changed since ({@link ChangedUnits}):
     * what a build patches instead of gathering every history.
     */
    public record EarlierHistories(java.nio.file.Path folder, List<String> changedUnits) {
    }

    /** The per-beat counts of a pass without reuse, as {@link UnitSnapshots#BEAT_COUNTS_SCHEMA}. */
    public Dataset<Row> writeUnitStatusesAndCount(List<LocalDate> days, java.nio.file.Path folder) {
        return UnitSnapshots.beatCounts(in.beats().sparkSession(), writeUnitStatusesAndCount(days, folder, null).counts());
    }

    /** The fingerprint rows of a pass as the {@link #BEAT_INPUTS} table. */
    public static Dataset<Row> beatInputs(SparkSession spark, List<Row> fingerprints) {
        // in slices of 100 beats (a beat's fingerprint holds a few hundred numbers), so that no task
        // carries more than Spark's 1 MB without a warning
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(fingerprints,
                Math.max(1, fingerprints.size() / 100)), BEAT_INPUTS_SCHEMA);
    }

    /**
     * What a build may keep of an earlier one computed with the same rule file and partition count:
     * its beats' fingerprints (broadcast) and the partitions that held a beat deleted since.
     */
    public static SnapshotReuse reuse(SparkSession spark, MartStore store, MartStore.Build earlier, Dataset<Row> beats,
                                      int partitions) {
        Map<String, BeatFingerprint.Stored> fingerprints = new HashMap<>();
        for (Row r : spark.read().parquet(store.folder(earlier, BEAT_INPUTS).toString()).collectAsList()) {
            List<Integer> months = r.getList(1);
            List<Long> hashes = r.getList(2);
            fingerprints.put(r.getString(0), new BeatFingerprint.Stored(months.stream().mapToInt(Integer::intValue).toArray(),
                    hashes.stream().mapToLong(Long::longValue).toArray()));
        }
        Dataset<Row> before = spark.createDataset(new ArrayList<>(fingerprints.keySet()), Encoders.STRING())
                .toDF("beat_code");
        // the partition a beat's rows go to when the histories are partitioned by beat (Spark's
        // hash partitioning: pmod of the Murmur3 hash that hash() computes)
        Set<Integer> dirty = new HashSet<>();
        for (Row r : before.join(beats.select("beat_code"), before.col("beat_code").equalTo(beats.col("beat_code")),
                "left_anti").select(expr("pmod(hash(beat_code), " + partitions + ")")).collectAsList()) {
            dirty.add(r.getInt(0));
        }
        Set<Integer> days = new HashSet<>();
        for (String d : earlier.days()) {
            days.add(Days.of(LocalDate.parse(d)));
        }
        Broadcast<Map<String, BeatFingerprint.Stored>> shared = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(fingerprints);
        return new SnapshotReuse(store.folder(earlier, UNIT_STATUS).toString(), days, shared, dirty);
    }

    /**
     * The earlier build's beat counts of the beat-days a pass kept, with the counts the pass
     * computed again ({@link SnapshotEngine#RECOUNTED}, {@link UnitStatusFiles.Pass#kept}: as
     * recounted, or the earlier ones plus the change the pass counted; where it did neither, the
     * earlier ones), in the columns of the earlier counts.
     */
    public static Dataset<Row> keptCounts(SparkSession spark, java.nio.file.Path earlierCounts, List<Row> kept) {
        StructType schema = new StructType().add("as_of_day", DataTypes.IntegerType, false)
                .add("beat_code", DataTypes.StringType, false);
        for (String n : SnapshotEngine.RECOUNTED) {
            schema = schema.add(n + "_now", DataTypes.LongType, true);
        }
        schema = schema.add("_change", DataTypes.BooleanType, false);
        Dataset<Row> keys = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(kept, Math.max(spark.sessionState().conf().numShufflePartitions(), kept.size() / 5_000)),
                        schema)
                .withColumn("as_of", expr("date_from_unix_date(as_of_day)")).drop("as_of_day");
        Dataset<Row> earlier = spark.read().parquet(earlierCounts.toString());
        Dataset<Row> joined = earlier.join(keys, new String[] {"as_of", "beat_code"}, "inner");
        for (String n : SnapshotEngine.RECOUNTED) {
            // null: the beat's attributes without history did not change, its earlier count stands;
            // a change (only the changed units recounted) adds to it
            joined = joined.withColumn(n, when(col("_change"), col(n).plus(col(n + "_now")))
                    .otherwise(org.apache.spark.sql.functions.coalesce(col(n + "_now"), col(n))));
        }
        return joined.select(java.util.Arrays.stream(earlier.columns()).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new));
    }

    private Dataset<Row> histories() {
        if (histories == null) {
            histories = BeatHistories.build(in).persist(StorageLevel.MEMORY_AND_DISK());
        }
        return histories;
    }

    /** Frees what is cached: the beat histories, and the counts and visit facts of {@link #marts}. */
    public void release() {
        if (histories != null) {
            histories.unpersist();
            histories = null;
        }
        persisted.forEach(Dataset::unpersist);
        persisted.clear();
    }
}
