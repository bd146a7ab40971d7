package jp.junkai.marts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.ingest.FileStation;
import jp.junkai.ingest.Ingest;
import jp.junkai.ingest.IngestOptions;
import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.lake.SilverFold;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.testing.SharedSpark;

/**
 * The units whose histories changed since an earlier run, told from the silver deltas: the units
 * of new versions and of the versions they displaced (a visit moved to another unit, a deleted
 * visit), through merged deltas, and "cannot tell" where a base was rewritten.
 */
class TestChangedUnits {

    private static final LocalDateTime PULL = LocalDateTime.of(2024, 6, 1, 12, 0);
    /** Deltas merged once there are two segments; a new base only when the deltas outweigh it. */
    private static final SilverFold MERGE_EARLY = new SilverFold(2, 1);
    private static final SilverFold NEVER_MERGE = new SilverFold(100, 1);

    @TempDir
    Path tmp;

    private Path station;
    private Path lakeDir;
    private final SparkSession spark = SharedSpark.spark();

    @BeforeEach
    void folders() {
        station = tmp.resolve("inbox").resolve("S9");
        lakeDir = tmp.resolve("lake");
    }

    private void batch(Entity e, String name, List<String> lines) throws IOException {
        Path folder = station.resolve(e.code());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name + ".jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.createFile(folder.resolve(name + ".jsonl.done"));
    }

    private String ingest(LocalDateTime pull, SilverFold fold) throws IOException {
        return Ingest.run(spark, new IngestOptions(lakeDir, List.of(new FileStation("S9", Flavour.JSONL, station)),
                pull, null).withFold(fold), m -> { }).run();
    }

    private static String unit(String id, String kind, String updated) {
        return "{\"unit_id\":\"" + id + "\",\"beat_code\":\"B1\",\"unit_kind\":\"" + kind
                + "\",\"registered_on\":\"2020-01-01\",\"updated_at\":\"" + updated + "\"}";
    }

    private static String visit(String id, String unit, String updated) {
        return "{\"visit_id\":\"" + id + "\",\"unit_id\":\"" + unit + "\",\"officer_id\":\"O1\","
                + "\"visited_at\":\"2024-01-02T10:00:00+09:00\",\"outcome\":\"met\",\"card_action\":\"none\","
                + "\"updated_at\":\"" + updated + "\"}";
    }

    private static String tombstone(String key, String id, String updated) {
        return "{\"" + key + "\":\"" + id + "\",\"updated_at\":\"" + updated + "\",\"deleted\":true}";
    }

    /**
     * Run 1: units U000–U199, each visited once (visit Vnnn on Unnn): bases large enough that the
     * small deltas after never outweigh them.
     */
    private String firstRun() throws IOException {
        List<String> units = new ArrayList<>();
        List<String> visits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            units.add(unit(String.format("U%03d", i), "household", "2024-01-05T10:00:00+09:00"));
            visits.add(visit(String.format("V%03d", i), String.format("U%03d", i), "2024-01-05T10:00:00+09:00"));
        }
        batch(Entity.OFFICERS, "20240105-230000", List.of("{\"officer_id\":\"O1\",\"station_code\":\"S9\","
                + "\"department\":\"community\",\"updated_at\":\"2024-01-01T09:00:00+09:00\"}"));
        batch(Entity.UNITS, "20240105-230000", units);
        batch(Entity.VISITS, "20240105-230000", visits);
        return ingest(PULL, NEVER_MERGE);
    }

    /**
     * Run 2: V001 moved from U001 to U002, V003 deleted (its tombstone names no unit), a new unit
     * U900 with its first visit V900, and U005 changed.
     */
    private String secondRun(SilverFold fold) throws IOException {
        batch(Entity.UNITS, "20240106-230000", List.of(unit("U900", "business", "2024-01-06T10:00:00+09:00"),
                unit("U005", "business", "2024-01-06T10:00:00+09:00")));
        batch(Entity.VISITS, "20240106-230000", List.of(visit("V001", "U002", "2024-01-06T10:00:00+09:00"),
                tombstone("visit_id", "V003", "2024-01-06T10:00:00+09:00"),
                visit("V900", "U900", "2024-01-06T10:00:00+09:00")));
        return ingest(PULL.plusDays(1), fold);
    }

    private Optional<List<String>> since(String run) {
        Lake lake = new Lake(lakeDir);
        return ChangedUnits.since(spark, lake, run, lake.latest().orElseThrow());
    }

    @Test
    void theUnitsOfNewVersionsAndOfTheVersionsTheyDisplaced() throws IOException {
        String first = firstRun();
        assertThat(since(first)).hasValue(List.of());

        secondRun(NEVER_MERGE);

        // U001 lost V001 (displaced), U002 gained it, U003 lost V003 (tombstone: displaced only),
        // U005 changed, U900 is new with V900
        assertThat(new TreeSet<>(since(first).orElseThrow())).containsExactly("U001", "U002", "U003", "U005", "U900");

        // a delta without its displaced units (written by an earlier release) cannot tell
        RunRecord now = new Lake(lakeDir).latest().orElseThrow();
        List<String> visits = now.silver().get(Entity.VISITS.code());
        Lake.deleteTree(new Lake(lakeDir).silver(Entity.VISITS, visits.get(visits.size() - 1)).resolve(Silver.DISPLACED));
        assertThat(since(first)).isEmpty();
    }

    @Test
    void silverRestrictedToUnitsBeforeItsReplacedVersionsAreDroppedIsTheSameAsAfter() throws IOException {
        firstRun();
        secondRun(NEVER_MERGE);
        Lake lake = new Lake(lakeDir);
        RunRecord now = lake.latest().orElseThrow();
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> ids = spark.createDataset(
                List.of("U001", "U002", "U003"), org.apache.spark.sql.Encoders.STRING()).toDF("unit_id");
        java.util.function.UnaryOperator<org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> only =
                d -> d.join(ids, new String[] {"unit_id"}, "left_semi");

        // U001's V001 moved to U002 (its base row is replaced, so U001 has none), U002 keeps V002,
        // U003's V003 is deleted (the tombstone names no unit)
        assertThat(visitsOf(Silver.current(spark, lake, now, Entity.VISITS, only))).containsExactly(
                "V001@U002", "V002@U002");
        assertThat(visitsOf(only.apply(Silver.current(spark, lake, now, Entity.VISITS)))).containsExactly(
                "V001@U002", "V002@U002");
        // the marts' inputs of those units read the same way; units outside them are not read
        MartInputs in = MartInputs.fromLake(spark, lake, now).ofUnits(ids);
        assertThat(visitsOf(in.visits())).containsExactly("V001@U002", "V002@U002");
        assertThat(in.units().count()).isEqualTo(3);
        assertThat(in.officers().count()).isEqualTo(1);
    }

    private static List<String> visitsOf(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> visits) {
        return visits.selectExpr("concat(visit_id, '@', unit_id)").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList().stream().sorted().toList();
    }

    @Test
    void mergedDeltasKeepTheDisplacedUnitsOfTheDeltasTheyMerge() throws IOException {
        String first = firstRun();
        String second = secondRun(NEVER_MERGE);
        // run 3 merges run 2's deltas into its own: V010 moved from U010 to U011
        batch(Entity.VISITS, "20240107-230000", List.of(visit("V010", "U011", "2024-01-07T10:00:00+09:00")));
        ingest(PULL.plusDays(2), MERGE_EARLY);
        RunRecord now = new Lake(lakeDir).latest().orElseThrow();
        assertThat(now.silver().get(Entity.VISITS.code())).hasSize(2);

        // run 2's visits changes are still found, from the merged segment and its displaced units
        assertThat(new TreeSet<>(since(first).orElseThrow()))
                .containsExactly("U001", "U002", "U003", "U005", "U010", "U011", "U900");
        // since run 2: run 3's, and run 2's visits again (its delta was merged: a superset)
        assertThat(new TreeSet<>(since(second).orElseThrow()))
                .containsExactly("U001", "U002", "U003", "U010", "U011", "U900");
    }

    @Test
    void aRewrittenBaseOrAnUnknownRunCannotBeTold() throws IOException {
        String first = firstRun();
        secondRun(NEVER_MERGE);
        // run 3: deltas of any size fold into a new base
        batch(Entity.VISITS, "20240107-230000", List.of(visit("V010", "U011", "2024-01-07T10:00:00+09:00")));
        ingest(PULL.plusDays(2), new SilverFold(100, 100_000));
        assertThat(new Lake(lakeDir).latest().orElseThrow().silver().get(Entity.VISITS.code())).hasSize(1);

        assertThat(since(first)).isEmpty();
        assertThat(since("20000101T000000000")).isEmpty();
    }
}
