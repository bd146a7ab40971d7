package jp.junkai.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.unsafe.types.UTF8String;

import jp.junkai.lake.LakeSchema;
import jp.junkai.schema.Entity;

/**
 * What a run's good records are among the versions of their keys (SPEC §6.1), found in one pass
 * over the records sorted by key, on narrow columns (key, updated_at, hash, lineage):
 * <ul>
 *   <li><b>superseded</b>: every line but the run's latest version of its key. The records are one
 *       run's, so the version order is (updated_at, batch, line); the station settles the last tie
 *       (the same batch name and line at two stations), so exactly one version of a key is latest.</li>
 *   <li><b>duplicates</b>: lines that repeat (same key, updated_at and values) an earlier line of the
 *       run (counted, not applied), or, given the key's current versions, the current version.</li>
 *   <li><b>latest updated_at</b> per station, for the data freshness mart.</li>
 * </ul>
 * Lines are kept as bit sets per batch ({@link LineSets}), small enough to send to every task, so the records
 * themselves are never shuffled. A pass of plain Java over the sorted rows costs a fraction of
 * Spark's window operator, which copies every row of every one-row key several times.
 */
final class VersionMarks implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Lines superseded by a later version of this run. */
    final LineSets superseded = new LineSets();
    /** Lines that are duplicates. */
    final LineSets duplicates = new LineSets();
    /** station → latest updated_at among its good records (microseconds; Long.MIN_VALUE: none has one). */
    final Map<String, Long> latestUpdate = new HashMap<>();

    /**
     * The marks of a run's good records.
     *
     * @param good    the run's good records (key, updated_at, hash, station, batch, line among their columns)
     * @param current the current versions of the keys the run touches (key, updated_at, hash), or null
     */
    static VersionMarks of(Entity e, Dataset<Row> good, Dataset<Row> current) {
        String key = e.key();
        Dataset<Row> narrow = good.select(col(key), col(Entity.UPDATED_AT), col(LakeSchema.HASH),
                col(LakeSchema.STATION), col(LakeSchema.BATCH), col(LakeSchema.LINE));
        Dataset<Row> sorted = narrow.repartition(col(key))
                .sortWithinPartitions(col(key), col(Entity.UPDATED_AT), col(LakeSchema.HASH), col(LakeSchema.BATCH),
                        col(LakeSchema.LINE));
        List<VersionMarks> parts = sorted.queryExecution().toRdd().toJavaRDD()
                .mapPartitions(rows -> List.of(pass(rows)).iterator()).collect();
        VersionMarks marks = new VersionMarks();
        for (VersionMarks p : parts) {
            marks.add(p);
        }
        if (current != null) {
            // a line equal to its key's current version: few, found by a join of the narrow rows
            Dataset<Row> cur = current.select(col(key).as("_ck"), col(Entity.UPDATED_AT).as("_cu"),
                    col(LakeSchema.HASH).as("_ch"));
            Column same = col(key).equalTo(col("_ck")).and(col(Entity.UPDATED_AT).equalTo(col("_cu")))
                    .and(col(LakeSchema.HASH).equalTo(col("_ch")));
            for (Row r : narrow.join(cur, same, "left_semi").select(LakeSchema.STATION, LakeSchema.BATCH,
                    LakeSchema.LINE).collectAsList()) {
                marks.duplicates.add(r.getString(0), r.getString(1), r.getLong(2));
            }
        }
        return marks;
    }

    /** The duplicates of one batch. */
    long duplicatesOf(String station, String batch) {
        return duplicates.count(station, batch);
    }

    /** The latest updated_at of a station's good records of this run, as Japan local time, or null. */
    LocalDateTime latestUpdateOf(String station) {
        Long micros = latestUpdate.get(station);
        return micros == null || micros == Long.MIN_VALUE ? null : DateTimeUtils.microsToLocalDateTime(micros);
    }

    /** One task's rows, sorted by key, updated_at, hash, batch, line: (key, updated_at, hash, station, batch, line). */
    private static VersionMarks pass(Iterator<InternalRow> rows) {
        VersionMarks out = new VersionMarks();
        Map<UTF8String, long[]> latestPerStation = new HashMap<>();
        List<Version> group = new ArrayList<>();
        UTF8String groupKey = null;
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            UTF8String key = r.getUTF8String(0);
            if (groupKey == null || !groupKey.equals(key)) {
                out.close(group);
                group.clear();
                groupKey = key.clone();
            }
            long updated = r.isNullAt(1) ? Long.MIN_VALUE : r.getLong(1);
            Version v = new Version(updated, r.getLong(2), r.getUTF8String(3).clone(), r.getUTF8String(4).clone(),
                    r.getLong(5));
            group.add(v);
            long[] latest = latestPerStation.get(v.station);
            if (latest == null) {
                latestPerStation.put(v.station, new long[] {updated});
            } else if (updated > latest[0]) {
                latest[0] = updated;
            }
        }
        out.close(group);
        latestPerStation.forEach((station, latest) -> out.latestUpdate.put(station.toString(), latest[0]));
        return out;
    }

    /** Marks one key's versions, in (updated_at, hash, batch, line) order. */
    private void close(List<Version> group) {
        if (group.size() < 2) {
            return; // a key's only version: its latest, and no repeat
        }
        Version latest = group.get(0);
        for (int i = 1; i < group.size(); i++) {
            Version v = group.get(i);
            Version before = group.get(i - 1);
            if (v.updated == before.updated && v.hash == before.hash) {
                duplicates.add(v.station.toString(), v.batch.toString(), v.line);
            }
            if (v.laterThan(latest)) {
                latest = v;
            }
        }
        for (Version v : group) {
            if (v != latest) {
                superseded.add(v.station.toString(), v.batch.toString(), v.line);
            }
        }
    }

    private void add(VersionMarks other) {
        superseded.addAll(other.superseded);
        duplicates.addAll(other.duplicates);
        other.latestUpdate.forEach((k, v) -> latestUpdate.merge(k, v, Math::max));
    }

    /** One line's version of a key. */
    private record Version(long updated, long hash, UTF8String station, UTF8String batch, long line) {

        /** The version order of one run: updated_at, then batch, then line, then station. */
        boolean laterThan(Version o) {
            if (updated != o.updated) {
                return updated > o.updated;
            }
            int b = batch.compareTo(o.batch);
            if (b != 0) {
                return b > 0;
            }
            if (line != o.line) {
                return line > o.line;
            }
            return station.compareTo(o.station) > 0;
        }
    }
}
