package jp.junkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import jp.junkai.lake.LakeSchema;
import jp.junkai.schema.Entity;
import jp.junkai.testing.SharedSpark;

/** The one-pass version marks of a run (SPEC §6.1), on literal narrow rows with hand-worked outcomes. */
class TestVersionMarks {

    static final StructType NARROW = new StructType()
            .add("unit_id", DataTypes.StringType)
            .add(Entity.UPDATED_AT, DataTypes.TimestampNTZType)
            .add(LakeSchema.HASH, DataTypes.LongType)
            .add(LakeSchema.STATION, DataTypes.StringType)
            .add(LakeSchema.BATCH, DataTypes.StringType)
            .add(LakeSchema.LINE, DataTypes.LongType);

    SparkSession spark = SharedSpark.spark();

    private static Row line(String unit, int hour, long hash, String station, String batch, long line) {
        return RowFactory.create(unit, LocalDateTime.of(2024, 1, 5, hour, 0), hash, station, batch, line);
    }

    private Dataset<Row> rows(Row... rows) {
        return spark.createDataFrame(List.of(rows), NARROW);
    }

    /** station/batch → the marked lines, in order. */
    private static Map<String, List<Long>> lines(LineSets sets) {
        Map<String, List<Long>> out = new TreeMap<>();
        sets.asMap().forEach((id, l) -> out.put(id, java.util.Arrays.stream(l).boxed().toList()));
        return out;
    }

    @Test
    void marksSupersededAndRepeatedLinesAndTheLatestUpdatePerStation() {
        Dataset<Row> good = rows(
                line("U1", 10, 1, "S1", "b1", 1),  // the key's only version
                line("U2", 10, 5, "S1", "b1", 2),  // superseded by the same record in a later batch
                line("U3", 11, 3, "S1", "b1", 3),  // latest: a later updated_at beats a later batch
                line("U5", 10, 1, "S1", "b1", 4),  // A, B, A at one updated_at: the second A repeats
                line("U5", 10, 2, "S1", "b1", 5),  //   the first, though B lies between them in the file
                line("U5", 10, 1, "S1", "b1", 6),  //   (and, the last line, it is the latest)
                line("U6", 12, 9, "S1", "b1", 7),  // equal to its current version: a duplicate
                line("U7", 12, 8, "S1", "b1", 8),  // same updated_at as its current version, other values
                line("U2", 10, 5, "S1", "b2", 1),  // repeats b1's line 2: duplicate, and the latest
                line("U3", 9, 4, "S1", "b2", 2),   // older updated_at in a later batch: superseded
                line("U4", 10, 1, "S1", "b3", 1),  // the same batch name and line at two stations:
                line("U4", 10, 2, "S2", "b3", 1)); //   the later station settles it
        Dataset<Row> current = spark.createDataFrame(List.of(
                RowFactory.create("U6", LocalDateTime.of(2024, 1, 5, 12, 0), 9L),
                RowFactory.create("U7", LocalDateTime.of(2024, 1, 5, 12, 0), 7L)),
                new StructType().add("unit_id", DataTypes.StringType).add(Entity.UPDATED_AT, DataTypes.TimestampNTZType)
                        .add(LakeSchema.HASH, DataTypes.LongType));

        VersionMarks marks = VersionMarks.of(Entity.UNITS, good, current);

        assertThat(lines(marks.superseded)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "S1/b1", List.of(2L, 4L, 5L), "S1/b2", List.of(2L), "S1/b3", List.of(1L)));
        assertThat(lines(marks.duplicates)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "S1/b1", List.of(6L, 7L), "S1/b2", List.of(1L)));
        assertThat(marks.duplicatesOf("S1", "b1")).isEqualTo(2);
        assertThat(marks.duplicatesOf("S2", "b3")).isZero();
        assertThat(marks.latestUpdateOf("S1")).isEqualTo(LocalDateTime.of(2024, 1, 5, 12, 0));
        assertThat(marks.latestUpdateOf("S2")).isEqualTo(LocalDateTime.of(2024, 1, 5, 10, 0));
        assertThat(marks.latestUpdateOf("S3")).isNull();
    }

    @Test
    void linesBeyondTheIntRangeOfAJdbcPullAreMarked() {
        // a jdbc pull's lines are offset by slice × 10⁹: the fourth slice's are beyond 2³¹
        long line = 3_000_000_007L;
        VersionMarks marks = VersionMarks.of(Entity.UNITS, rows(line("U1", 9, 1, "S1", "pull-r1", line),
                line("U1", 10, 2, "S1", "pull-r1", line + 1), line("U1", 10, 2, "S1", "pull-r1", line + 2)), null);
        assertThat(lines(marks.superseded)).containsExactlyEntriesOf(Map.of("S1/pull-r1", List.of(line, line + 1)));
        assertThat(lines(marks.duplicates)).containsExactlyEntriesOf(Map.of("S1/pull-r1", List.of(line + 2)));
        assertThat(marks.superseded.contains("S1", "pull-r1", line)).isTrue();
        assertThat(marks.superseded.contains("S1", "pull-r1", line + 2)).isFalse();
        assertThat(marks.superseded.contains("S1", "pull-r1", line - (1L << 31))).isFalse();
    }

    @Test
    void aRunOfSingleVersionsMarksNothing() {
        VersionMarks marks = VersionMarks.of(Entity.UNITS, rows(line("U1", 10, 1, "S1", "b1", 1),
                line("U2", 10, 1, "S1", "b1", 2), line("U3", 8, 1, "S2", "b1", 1)), null);
        assertThat(marks.superseded.isEmpty()).isTrue();
        assertThat(marks.duplicates.isEmpty()).isTrue();
        assertThat(marks.latestUpdateOf("S1")).isEqualTo(LocalDateTime.of(2024, 1, 5, 10, 0));
        assertThat(marks.latestUpdateOf("S2")).isEqualTo(LocalDateTime.of(2024, 1, 5, 8, 0));
    }

    @Test
    void noRecordsNoMarks() {
        VersionMarks marks = VersionMarks.of(Entity.UNITS, rows(), null);
        assertThat(marks.superseded.isEmpty()).isTrue();
        assertThat(marks.duplicates.isEmpty()).isTrue();
        assertThat(marks.latestUpdate).isEmpty();
    }
}
