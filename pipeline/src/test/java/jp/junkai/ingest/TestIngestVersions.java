package jp.junkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.lake.SilverFold;
import jp.junkai.marts.IngestMarts;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.testing.SharedSpark;

/** Versioning (SPEC §6.1–3, §6.7) on small hand-written batches, with hand-computed outcomes. */
class TestIngestVersions {

    static final LocalDateTime PULL = LocalDateTime.of(2024, 6, 1, 12, 0);

    @TempDir
    Path tmp;

    Path station;
    Path lakeDir;
    SparkSession spark = SharedSpark.spark();

    @BeforeEach
    void folders() {
        station = tmp.resolve("inbox").resolve("S9");
        lakeDir = tmp.resolve("lake");
    }

    private void batch(Entity e, String name, String... lines) throws IOException {
        Path folder = station.resolve(e.code());
        Files.createDirectories(folder);
        Path f = folder.resolve(name + ".jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.createFile(folder.resolve(name + ".jsonl.done"));
    }

    private IngestSummary ingest(LocalDateTime pull) throws IOException {
        return ingest(pull, SilverFold.DEFAULT);
    }

    private IngestSummary ingest(LocalDateTime pull, SilverFold fold) throws IOException {
        return Ingest.run(spark, new IngestOptions(lakeDir, List.of(new FileStation("S9", Flavour.JSONL, station)),
                pull, null).withFold(fold), m -> { });
    }

    private List<String> unitSegments() {
        return new Lake(lakeDir).latest().orElseThrow().silver().get(Entity.UNITS.code());
    }

    private static String unit(String id, String updated, String kind) {
        return "{\"unit_id\":\"" + id + "\",\"beat_code\":\"B1\",\"unit_kind\":\"" + kind
                + "\",\"registered_on\":\"2020-01-01\",\"updated_at\":\"" + updated + "\"}";
    }

    private static String tombstone(String key, String id, String updated) {
        return "{\"" + key + "\":\"" + id + "\",\"updated_at\":\"" + updated + "\",\"deleted\":true}";
    }

    private static String officer(String id) {
        return "{\"officer_id\":\"" + id + "\",\"station_code\":\"S9\",\"department\":\"community\","
                + "\"updated_at\":\"2024-01-01T09:00:00+09:00\",\"name\":\"山田 太郎\"}";
    }

    private static String visit(String id, String unit, String officer, String updated) {
        return "{\"visit_id\":\"" + id + "\",\"unit_id\":\"" + unit + "\",\"officer_id\":\"" + officer
                + "\",\"visited_at\":\"2024-01-02T10:00:00+09:00\",\"outcome\":\"met\",\"card_action\":\"none\","
                + "\"updated_at\":\"" + updated + "\",\"notes\":\"個人的なメモ\"}";
    }

    /** unit_id → unit_kind of the live silver units. */
    private Map<String, String> liveUnits() {
        Lake lake = new Lake(lakeDir);
        Map<String, String> out = new TreeMap<>();
        for (Row r : Silver.live(Silver.current(spark, lake, lake.latest().orElseThrow(), Entity.UNITS))
                .select("unit_id", "unit_kind").collectAsList()) {
            out.put(r.getString(0), r.getString(1));
        }
        return out;
    }

    private Map<String, Long> quarantine() {
        Map<String, Long> out = new TreeMap<>();
        Path mart = new Lake(lakeDir).currentMart(IngestMarts.QUARANTINE_SUMMARY).orElseThrow();
        for (Row r : spark.read().parquet(mart.toString()).collectAsList()) {
            out.put(r.getString(1) + "/" + r.getString(2) + "/" + r.getString(3), r.getLong(4));
        }
        return out;
    }

    @Test
    void deltasAreMergedWhenManyAndFoldedIntoANewBaseWhenLargeWithTheSameState() throws IOException {
        String[] many = new String[2000];
        for (int i = 0; i < many.length; i++) {
            many[i] = unit(String.format("U%04d", i), "2024-01-05T10:00:00+09:00", "household");
        }
        batch(Entity.UNITS, "20240101-230000", many);
        ingest(PULL);
        assertThat(unitSegments()).hasSize(1).allMatch(s -> s.startsWith("base-"));
        String base = unitSegments().get(0);

        // at most three segments, and a new base only once the deltas outweigh it: small changes add deltas
        SilverFold fewSegments = new SilverFold(3, 1);
        batch(Entity.UNITS, "20240102-230000", unit("U0001", "2024-01-06T10:00:00+09:00", "business"));
        ingest(PULL.plusDays(1), fewSegments);
        batch(Entity.UNITS, "20240103-230000", unit("U0002", "2024-01-07T10:00:00+09:00", "business"),
                tombstone("unit_id", "U0003", "2024-01-07T10:00:00+09:00"));
        ingest(PULL.plusDays(2), fewSegments);
        assertThat(unitSegments()).hasSize(3).first().isEqualTo(base);

        // a third delta would make four: the deltas and this run's are merged into one, the base kept
        batch(Entity.UNITS, "20240104-230000", unit("U0004", "2024-01-08T10:00:00+09:00", "business"),
                unit("U0001", "2024-01-08T10:00:00+09:00", "household"));
        ingest(PULL.plusDays(3), fewSegments);
        assertThat(unitSegments()).hasSize(2).first().isEqualTo(base);
        Lake lake = new Lake(lakeDir);
        // U0001 (its later version), U0002, U0003's tombstone, U0004
        assertThat(spark.read().parquet(lake.silver(Entity.UNITS, unitSegments().get(1)).toString()).count())
                .isEqualTo(4);
        Map<String, String> live = liveUnits();
        assertThat(live).hasSize(1999).containsEntry("U0001", "household").containsEntry("U0002", "business")
                .containsEntry("U0004", "business").containsEntry("U0005", "household").doesNotContainKey("U0003");

        // deltas that weigh enough fold everything into a new base: same state plus the change
        batch(Entity.UNITS, "20240105-230000", unit("U0005", "2024-01-09T10:00:00+09:00", "business"));
        ingest(PULL.plusDays(4), new SilverFold(3, 1_000_000));
        assertThat(unitSegments()).hasSize(1).allMatch(s -> s.startsWith("base-") && !s.equals(base));
        assertThat(liveUnits()).hasSize(1999).containsEntry("U0001", "household").containsEntry("U0005", "business")
                .doesNotContainKey("U0003");
        // every key once, the tombstone kept (a late older version must stay dead); merged and folded segments gone
        assertThat(spark.read().parquet(lake.silver(Entity.UNITS, unitSegments().get(0)).toString()).count())
                .isEqualTo(2000);
        assertThat(Files.exists(lake.silver(Entity.UNITS, base))).isFalse();
        assertThat(Files.exists(lake.silver(Entity.UNITS, "delta-" + Ingest.RUN_ID.format(PULL.plusDays(1)))))
                .isFalse();
    }

    @Test
    void latestUpdatedAtWinsThenLaterBatchThenLaterLine() throws IOException {
        batch(Entity.UNITS, "20240101-230000",
                unit("U1", "2024-01-05T10:00:00+09:00", "household"),
                unit("U2", "2024-01-05T10:00:00+09:00", "household"),
                unit("U3", "2024-01-05T10:00:00+09:00", "household"),
                // the same key twice in one file, same updated_at: the later line wins
                unit("U3", "2024-01-05T10:00:00+09:00", "business"),
                // any offset is converted to Japan time: 01:00Z is 10:00 in Japan, a tie with U4's other version
                unit("U4", "2024-01-05T01:00:00Z", "household"));
        batch(Entity.UNITS, "20240102-230000",
                // an older updated_at in a later batch loses
                unit("U1", "2024-01-04T10:00:00+09:00", "business"),
                // the same updated_at in a later batch wins
                unit("U2", "2024-01-05T10:00:00+09:00", "business"),
                unit("U4", "2024-01-05T10:00:00+09:00", "business"));
        ingest(PULL);
        assertThat(liveUnits()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "U1", "household", "U2", "business", "U3", "business", "U4", "business"));
    }

    @Test
    void theSameBatchNameAndLineAtTwoStationsIsSettledByTheStationAlikeInARunAndInARebuild() throws IOException {
        Path other = tmp.resolve("inbox").resolve("S8");
        Files.createDirectories(other.resolve("units"));
        Files.writeString(other.resolve("units/20240101-230000.jsonl"),
                unit("U1", "2024-01-05T10:00:00+09:00", "business") + "\n", StandardCharsets.UTF_8);
        Files.createFile(other.resolve("units/20240101-230000.jsonl.done"));
        batch(Entity.UNITS, "20240101-230000", unit("U1", "2024-01-05T10:00:00+09:00", "household"));
        List<FileStation> both = List.of(new FileStation("S8", Flavour.JSONL, other),
                new FileStation("S9", Flavour.JSONL, station));
        Ingest.run(spark, new IngestOptions(lakeDir, both, PULL, null), m -> { });
        // same key, updated_at, batch name and line: the later station code, S9, wins
        assertThat(liveUnits()).containsExactlyEntriesOf(Map.of("U1", "household"));

        Ingest.run(spark, new IngestOptions(lakeDir, both, PULL.plusDays(1), null, true), m -> { });
        assertThat(liveUnits()).containsExactlyEntriesOf(Map.of("U1", "household"));
    }

    @Test
    void tombstonesAreVersionsToo() throws IOException {
        batch(Entity.UNITS, "20240101-230000",
                unit("U1", "2024-01-05T10:00:00+09:00", "household"),
                unit("U2", "2024-01-05T10:00:00+09:00", "household"),
                // older than U2's version: changes nothing
                tombstone("unit_id", "U2", "2024-01-04T10:00:00+09:00"));
        batch(Entity.UNITS, "20240102-230000", tombstone("unit_id", "U1", "2024-01-06T10:00:00+09:00"));
        ingest(PULL);
        assertThat(liveUnits()).containsOnlyKeys("U2");

        // a newer version brings U1 back; an older one does not
        batch(Entity.UNITS, "20240103-230000", unit("U1", "2024-01-07T10:00:00+09:00", "business"),
                unit("U2", "2024-01-03T10:00:00+09:00", "business"));
        ingest(PULL.plusDays(1));
        assertThat(liveUnits()).containsExactlyInAnyOrderEntriesOf(Map.of("U1", "business", "U2", "household"));
    }

    @Test
    void aVisitBeforeItsUnitWaitsInQuarantineAndIsAppliedWhenTheUnitArrives() throws IOException {
        batch(Entity.OFFICERS, "20240101-230000", officer("P1"));
        batch(Entity.UNITS, "20240101-230000", unit("U1", "2024-01-01T10:00:00+09:00", "household"));
        batch(Entity.VISITS, "20240102-230000",
                visit("V1", "U1", "P1", "2024-01-02T11:00:00+09:00"),
                visit("V2", "U2", "P1", "2024-01-02T11:00:00+09:00"),
                visit("V3", "U1", "P9", "2024-01-02T11:00:00+09:00"));
        IngestSummary first = ingest(PULL);
        assertThat(quarantine()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "visits/20240102-230000/unknown_unit", 1L, "visits/20240102-230000/unknown_officer", 1L));
        assertThat(first.counts()).contains(new IngestSummary.EntityCounts("visits", 3, 1, 0, 2));
        assertThat(visits()).containsExactly("V1");

        batch(Entity.UNITS, "20240103-230000", unit("U2", "2024-01-03T10:00:00+09:00", "household"));
        ingest(PULL.plusDays(1));
        assertThat(visits()).containsExactly("V1", "V2");
        assertThat(quarantine()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "visits/20240102-230000/unknown_officer", 1L));
    }

    @Test
    void theSameRecordAgainIsADuplicateAndTheSameFileAgainIsSkipped() throws IOException {
        String u1 = unit("U1", "2024-01-05T10:00:00+09:00", "household");
        batch(Entity.UNITS, "20240101-230000", u1, unit("U2", "2024-01-05T10:00:00+09:00", "household"));
        batch(Entity.UNITS, "20240102-230000", u1, unit("U3", "2024-01-05T10:00:00+09:00", "household"));
        IngestSummary first = ingest(PULL);
        assertThat(first.counts()).containsExactly(new IngestSummary.EntityCounts("units", 4, 3, 1, 0));

        // the first file again under another name: skipped by its content hash
        Files.copy(station.resolve("units/20240101-230000.jsonl"), station.resolve("units/20240101-231500.jsonl"));
        Files.createFile(station.resolve("units/20240101-231500.jsonl.done"));
        // and a file without its marker: not taken yet
        Files.writeString(station.resolve("units/20240104-230000.jsonl"), unit("U9", "2024-01-05T10:00:00+09:00",
                "household") + "\n");
        IngestSummary second = ingest(PULL.plusDays(1));
        assertThat(second.filesTaken()).isZero();
        assertThat(second.filesRepeated()).isEqualTo(1);
        RunRecord last = new Lake(lakeDir).latest().orElseThrow();
        assertThat(last.skipped()).extracting(RunRecord.TakenFile::batch).containsExactly("20240101-231500");
        assertThat(liveUnits()).containsOnlyKeys("U1", "U2", "U3");

        // again: nothing new at all, nothing committed
        assertThat(ingest(PULL.plusDays(2)).run()).isNull();
    }

    @Test
    void personalFieldsNeverReachTheLake() throws IOException {
        batch(Entity.OFFICERS, "20240101-230000", officer("P1"));
        batch(Entity.UNITS, "20240101-230000", unit("U1", "2024-01-01T10:00:00+09:00", "household"));
        batch(Entity.VISITS, "20240102-230000", visit("V1", "U1", "P1", "2024-01-02T11:00:00+09:00"),
                "{\"visit_id\":\"V2\",\"notes\":\"壊れた行の個人的なメモ\"");
        ingest(PULL);
        try (var files = Files.walk(lakeDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                assertThat(text).as(f.toString()).doesNotContain("個人的なメモ").doesNotContain("山田");
            }
        }
        assertThat(quarantine()).containsEntry("visits/20240102-230000/broken_line", 1L);
    }

    @Test
    void takenFilesAreArchivedWhenConfigured() throws IOException {
        batch(Entity.UNITS, "20240101-230000", unit("U1", "2024-01-05T10:00:00+09:00", "household"));
        Path archive = tmp.resolve("archive");
        Ingest.run(spark, new IngestOptions(lakeDir, List.of(new FileStation("S9", Flavour.JSONL, station)), PULL,
                archive), m -> { });
        assertThat(station.resolve("units/20240101-230000.jsonl")).doesNotExist();
        assertThat(archive.resolve("S9/units/20240101-230000.jsonl")).exists();
        assertThat(archive.resolve("S9/units/20240101-230000.jsonl.done")).exists();
        assertThat(liveUnits()).containsOnlyKeys("U1");
    }

    private List<String> visits() {
        Lake lake = new Lake(lakeDir);
        return Silver.live(Silver.current(spark, lake, lake.latest().orElseThrow(), Entity.VISITS))
                .orderBy("visit_id").select("visit_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }
}
