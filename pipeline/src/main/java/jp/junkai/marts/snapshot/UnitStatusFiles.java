package jp.junkai.marts.snapshot;

import static org.apache.parquet.schema.LogicalTypeAnnotation.dateType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the unit status snapshot (one row per unit active on a day; columns: docs/metrics.md) as
 * Parquet files {@code <folder>/as_of=<date>/part-<task>-<bucket>.parquet}, straight from the
 * {@link SnapshotEngine}'s results. At prefecture scale this is the largest table of the lake
 * (8M units × 37 days), and going through Spark's row encoder and writer cost more than computing
 * it; here each task writes one day and bucket of its beats at a time with Parquet's own writer.
 * File names follow the task and bucket, so a retried task overwrites its files instead of adding to them.
 */
public final class UnitStatusFiles {

    /** The file columns; {@code as_of} is the folder's partition value. */
    public static final MessageType SCHEMA = Types.buildMessage()
            .required(BINARY).as(stringType()).named("unit_id")
            .required(BINARY).as(stringType()).named("beat_code")
            .required(BINARY).as(stringType()).named("unit_kind")
            .required(BINARY).as(stringType()).named("band")
            .required(BINARY).as(stringType()).named("rule_set_id")
            .required(INT32).named("interval_days")
            .required(BOOLEAN).named("eligible")
            .optional(BINARY).as(stringType()).named("status")
            .required(INT32).as(dateType()).named("occupant_since")
            .optional(INT32).as(dateType()).named("last_contact")
            .required(INT32).as(dateType()).named("due_date")
            .optional(INT32).named("days_overdue")
            .named("unit_status");

    /**
     * The table as Spark reads it: {@code as_of} (the partition) first, then the file columns.
     * Station, koban and area type are the beat's: join {@code beat_code} to the beats (kept out:
     * this is the largest table of the lake).
     */
    public static final StructType SPARK_SCHEMA = new StructType().add("as_of", DataTypes.DateType, false)
            .add("unit_id", DataTypes.StringType, false).add("beat_code", DataTypes.StringType, false)
            .add("unit_kind", DataTypes.StringType, false).add("band", DataTypes.StringType, false)
            .add("rule_set_id", DataTypes.StringType, false).add("interval_days", DataTypes.IntegerType, false)
            .add("eligible", DataTypes.BooleanType, false).add("status", DataTypes.StringType, true)
            .add("occupant_since", DataTypes.DateType, false).add("last_contact", DataTypes.DateType, true)
            .add("due_date", DataTypes.DateType, false).add("days_overdue", DataTypes.IntegerType, true);

    private static final int ROW_GROUP_BYTES = 16 << 20;

    private UnitStatusFiles() {
    }

    /**
     * Writes the statuses of every beat on every day under the folder (which must be on a file
     * system every executor sees, as the lake is).
     *
     * @return the rows written
     */
    public static long write(Dataset<Row> beatHistories, SnapshotEngine engine, int[] days, Path folder) {
        return pass(BeatHistories.internalRows(beatHistories), engine, days, folder, false, null, false, null).stream()
                .mapToLong(Written::rows).sum();
    }

    /**
     * What one pass wrote and counted.
     *
     * @param counts       rows of {@link UnitSnapshots#BEAT_COUNTS_ROWS} of the beat-days computed
     * @param kept         (as_of_day, beat_code, then {@link SnapshotEngine#RECOUNTED}, then whether
     *                     those are changes) of the beat-days kept from the previous build: those
     *                     counts computed now (false), or how much they changed where the beat
     *                     knows which of its units changed ({@link SnapshotEngine#recountChange},
     *                     true), or null where the beat's attributes without history did not
     *                     change (the previous counts stand)
     * @param fingerprints (beat_code, months, hashes) of every beat: {@link BeatFingerprint.Stored}
     * @param computedDays files of a day and bucket of beats ({@link #BUCKETS} per task) whose counts
     *                     were computed: written, or linked from the previous build where only the
     *                     counts read something that changed ({@code linkedDays} of them)
     * @param keptDays     files of a day and bucket kept with their counts
     */
    public record Pass(List<Row> counts, List<Row> kept, List<Row> fingerprints, int computedDays, int keptDays,
                       int linkedDays) {
    }

    /**
     * Writes the statuses as {@link #write} does and, from the same statuses, counts every beat on
     * every day: one pass over the histories, each unit's status computed once for both. With an
     * earlier build to reuse, a task keeps a day of a bucket of its beats (links the earlier file,
     * and the beats' counts are the earlier build's) when none of those beats changed in a way
     * that reaches that day ({@link BeatFingerprint}); where a change reaches only the day's
     * counts (a month-end's counts read the month after it, its statuses do not), it links the
     * earlier file and computes the counts.
     */
    public static Pass writeAndCount(Dataset<Row> beatHistories, SnapshotEngine engine, int[] days, Path folder,
                                     SnapshotReuse reuse) {
        return writeAndCount(BeatHistories.internalRows(beatHistories), engine, days, folder, reuse, false, null);
    }

    /**
     * As {@link #writeAndCount(Dataset, SnapshotEngine, int[], Path, SnapshotReuse)}, from the rows of
     * {@link BeatHistories} as Spark's internal rows (partitioned by beat), also writing them as
     * {@link UnitHistoryFiles} into {@code histories} unless it is null.
     *
     * @param unchangedAsReused whether the histories were patched from those of the build {@code reuse}
     *                          keeps ({@link BeatHistories#patched}): a beat {@link BeatHistory#unchanged}
     *                          since then keeps its fingerprint without computing it
     */
    public static Pass writeAndCount(JavaRDD<InternalRow> beatHistories, SnapshotEngine engine, int[] days,
                                     Path folder, SnapshotReuse reuse, boolean unchangedAsReused, Path histories) {
        List<Row> counts = new ArrayList<>();
        List<Row> kept = new ArrayList<>();
        List<Row> fingerprints = new ArrayList<>();
        int computed = 0;
        int keptDays = 0;
        int linked = 0;
        for (Written w : pass(beatHistories, engine, days, folder, true, reuse, unchangedAsReused, histories)) {
            counts.addAll(w.counts());
            kept.addAll(w.kept());
            fingerprints.addAll(w.fingerprints());
            computed += w.computedDays();
            keptDays += w.keptDays();
            linked += w.linkedDays();
        }
        return new Pass(counts, kept, fingerprints, computed, keptDays, linked);
    }

    /** What one task wrote: its status rows and, if asked, its beats' counts, kept beat-days and fingerprints. */
    record Written(long rows, List<Row> counts, List<Row> kept, List<Row> fingerprints, int computedDays,
                   int keptDays, int linkedDays) implements java.io.Serializable {
    }

    private static List<Written> pass(JavaRDD<InternalRow> beatHistories, SnapshotEngine engine, int[] days,
                                      Path folder, boolean count, SnapshotReuse reuse, boolean unchangedAsReused,
                                      Path histories) {
        int[] d = days.clone();
        String root = folder.toString();
        String historiesRoot = histories == null ? null : histories.toString();
        return beatHistories.mapPartitions(it -> {
            int task = TaskContext.getPartitionId();
            List<BeatHistory> beats;
            if (historiesRoot == null) {
                beats = BeatHistories.perBeat(it);
            } else {
                try (UnitHistoryFiles.Writer kept = new UnitHistoryFiles.Writer(Paths.get(historiesRoot), task)) {
                    beats = BeatHistories.perBeat(it, kept, unchangedAsReused);
                }
            }
            List<Row> fingerprints = new ArrayList<>();
            // per beat: the first day from which its snapshots may differ from the reused build's
            // (every day without one), and whether its kept days need their timeless counts recounted
            int[] changedFrom = new int[beats.size()];
            java.util.Arrays.fill(changedFrom, Integer.MIN_VALUE);
            boolean[] recounts = new boolean[beats.size()];
            if (count) {
                for (int i = 0; i < beats.size(); i++) {
                    BeatHistory b = beats.get(i);
                    BeatFingerprint.Stored same = reuse != null && unchangedAsReused && b.unchanged()
                            ? reuse.fingerprints().value().get(b.beatCode()) : null;
                    if (same != null) {
                        // the histories of the reused build, as they were: so is the fingerprint,
                        // and nothing of the beat changed (no day to compute, nothing to recount)
                        fingerprints.add(RowFactory.create(b.beatCode(), same.months(), same.hashes()));
                        changedFrom[i] = Integer.MAX_VALUE;
                        continue;
                    }
                    Map<Integer, Long> fp = BeatFingerprint.of(b);
                    BeatFingerprint.Stored stored = BeatFingerprint.Stored.of(fp);
                    fingerprints.add(RowFactory.create(b.beatCode(), stored.months(), stored.hashes()));
                    if (reuse != null) {
                        changedFrom[i] = reuse.changedFrom(b, fp);
                        recounts[i] = reuse.recounts(b, fp);
                    }
                }
            }
            boolean reusable = count && reuse != null && !reuse.dirtyPartitions().contains(task);
            Map<Integer, List<Integer>> buckets = new java.util.TreeMap<>();
            for (int i = 0; i < beats.size(); i++) {
                buckets.computeIfAbsent(bucket(beats.get(i).beatCode()), k -> new ArrayList<>()).add(i);
            }
            List<Row> counts = count ? new ArrayList<>() : null;
            List<Row> kept = new ArrayList<>();
            long rows = 0;
            int computed = 0;
            int linked = 0;
            int keptDays = 0;
            Strings strings = new Strings();
            for (int day : d) {
                boolean hadDay = reusable && reuse.previousDays().contains(day);
                for (Map.Entry<Integer, List<Integer>> bucket : buckets.entrySet()) {
                    int from = Integer.MAX_VALUE;
                    for (int i : bucket.getValue()) {
                        from = Math.min(from, changedFrom[i]);
                    }
                    if (hadDay && BeatFingerprint.keeps(day, from)) {
                        // nothing of its beats that the day reads changed: its file and counts stand
                        linkEarlier(reuse.previousFolder(), root, day, task, bucket.getKey());
                        for (int i : bucket.getValue()) {
                            BeatHistory b = beats.get(i);
                            if (recounts[i] && b.changes() != null) {
                                // only the changed units' part: added to the earlier counts
                                long[] change = engine.recountChange(b.changes(), day);
                                kept.add(RowFactory.create(day, b.beatCode(), change[0], change[1], change[2], true));
                            } else if (recounts[i]) {
                                long[] recounted = engine.recount(b, day);
                                kept.add(RowFactory.create(day, b.beatCode(), recounted[0], recounted[1], recounted[2],
                                        false));
                            } else {
                                kept.add(RowFactory.create(day, b.beatCode(), null, null, null, false));
                            }
                        }
                        keptDays++;
                        continue;
                    }
                    List<BeatHistory> mine = bucket.getValue().stream().map(beats::get).toList();
                    if (hadDay && day < from) {
                        // its statuses read nothing that changed, only its counts do (the due units
                        // cleared in the month after): the earlier file stands, the counts are computed
                        linkEarlier(reuse.previousFolder(), root, day, task, bucket.getKey());
                        for (BeatHistory b : mine) {
                            BeatTurnover t = engine.turnover(b, day);
                            counts.add(UnitSnapshots.countRow(day, b, t, engine.statuses(b, t)));
                        }
                        linked++;
                    } else {
                        rows += writeBucket(mine, engine, day, file(Paths.get(root), day, task, bucket.getKey()), counts,
                                strings);
                    }
                    computed++;
                }
            }
            return List.of(new Written(rows, counts == null ? List.of() : counts, kept, fingerprints, computed,
                    keptDays, linked)).iterator();
        }).collect();
    }

    /**
     * The buckets of beats within a task: each task-day's statuses are one file per bucket, so a
     * late record recomputes the files of its beats' buckets, not every beat of the partition.
     */
    static final int BUCKETS = 16;

    /** The bucket of a beat: a hash of its code (Java's string hash, the same in every JVM), mixed. */
    public static int bucket(String beatCode) {
        int h = beatCode.hashCode() * 0x9E3779B1;
        return (h ^ (h >>> 16)) & (BUCKETS - 1);
    }

    /** The file of a task, day and bucket. */
    private static Path file(Path root, int day, int task, int bucket) {
        return root.resolve("as_of=" + Days.date(day)).resolve(String.format("part-%05d-%02d.parquet", task, bucket));
    }

    /** Keeps the earlier build's file of this task, day and bucket, by a hard link (no byte copied). */
    private static void linkEarlier(String earlierRoot, String root, int day, int task, int bucket) throws IOException {
        Path from = file(Paths.get(earlierRoot), day, task, bucket);
        if (!Files.exists(from)) {
            throw new IllegalStateException("Cannot keep the unit statuses of " + Days.date(day) + ": " + from
                    + " is missing; delete the lake's _snapshots folder to recompute every snapshot");
        }
        Path to = file(Paths.get(root), day, task, bucket);
        Files.createDirectories(to.getParent());
        Files.deleteIfExists(to);
        Files.createLink(to, from);
    }

    /**
     * Writes the statuses of some beats on one day into one file; adds each beat's counts to
     * {@code counts} unless null.
     *
     * @return the rows written
     */
    static long writeBucket(List<BeatHistory> beats, SnapshotEngine engine, int day, Path file, List<Row> counts,
                            Strings strings) throws IOException {
        long rows = 0;
        Files.createDirectories(file.getParent());
        try (ParquetWriter<Line> out = LocalParquetWriter.builder(file, SCHEMA, UnitStatusFiles::writeLine)
                .withRowGroupSize(ROW_GROUP_BYTES)
                // every unit id is distinct: a dictionary would only cost hashing each one until given up
                .withDictionaryEncoding("unit_id", false).build()) {
            Line line = new Line();
            for (BeatHistory b : beats) {
                BeatTurnover t = engine.turnover(b, day);
                List<UnitStatus> statuses = engine.statuses(b, t);
                if (counts != null) {
                    counts.add(UnitSnapshots.countRow(day, b, t, statuses));
                }
                line.beat = strings.of(b.beatCode());
                line.band = strings.of(t.band());
                line.ruleSet = strings.of(t.ruleSetId());
                for (UnitStatus u : statuses) {
                    if (u.active()) {
                        line.unit = u;
                        line.kind = strings.of(u.unitKind());
                        line.status = u.status() == null ? null : strings.of(u.status());
                        out.write(line);
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /** One row: a unit's status with the beat's values, as Parquet binaries. */
    static final class Line {
        UnitStatus unit;
        Binary beat;
        Binary band;
        Binary ruleSet;
        Binary kind;
        Binary status;
    }

    /** The few distinct strings of a task (beats, bands, rule sets, kinds, statuses), encoded once. */
    static final class Strings {
        private final Map<String, Binary> binaries = new HashMap<>();

        Binary of(String s) {
            return binaries.computeIfAbsent(s, Binary::fromString);
        }
    }

    /** A line's fields in {@link #SCHEMA}'s order; absent where null (status, last contact) or not eligible. */
    private static void writeLine(RecordConsumer out, Line l) {
        UnitStatus u = l.unit;
        LocalParquetWriter.binary(out, 0, "unit_id", Binary.fromString(u.unitId()));
        LocalParquetWriter.binary(out, 1, "beat_code", l.beat);
        LocalParquetWriter.binary(out, 2, "unit_kind", l.kind);
        LocalParquetWriter.binary(out, 3, "band", l.band);
        LocalParquetWriter.binary(out, 4, "rule_set_id", l.ruleSet);
        LocalParquetWriter.integer(out, 5, "interval_days", u.intervalDays());
        LocalParquetWriter.bool(out, 6, "eligible", u.eligible());
        if (l.status != null) {
            LocalParquetWriter.binary(out, 7, "status", l.status);
        }
        LocalParquetWriter.integer(out, 8, "occupant_since", u.occupantSince());
        if (u.lastContact() != Days.NONE) {
            LocalParquetWriter.integer(out, 9, "last_contact", u.lastContact());
        }
        LocalParquetWriter.integer(out, 10, "due_date", u.dueDate());
        if (u.eligible()) {
            LocalParquetWriter.integer(out, 11, "days_overdue", u.daysOverdue());
        }
    }
}
