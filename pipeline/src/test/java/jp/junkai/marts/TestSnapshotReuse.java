package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.lake.Lake;
import jp.junkai.marts.snapshot.SnapshotReuse;
import jp.junkai.marts.snapshot.UnitSnapshots;
import jp.junkai.marts.snapshot.UnitStatusFiles;
import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;

/**
 * Incremental snapshots per bucket of beats: a build keeps the earlier build's unit statuses
 * and counts of every beat-day its beats' changes cannot reach, and what it keeps and computes
 * together equal a build from scratch.
 */
class TestSnapshotReuse {

    private static final RuleFile RULES = MartFixtures.rules(new MartFixtures.RuleSetYaml("R", "2023-01-01"));
    private static final YearMonth THROUGH = YearMonth.of(2024, 6);

    @TempDir
    Path dir;

    private final SparkSession spark = MartFixtures.spark();
    /** Two beats that hash-partitioning by beat puts in different partitions. */
    private final String beatA;
    private final String beatB;
    private final int partitions = spark.sessionState().conf().numShufflePartitions();

    TestSnapshotReuse() {
        beatA = "B1";
        String other = null;
        for (String c : List.of("B2", "B3", "B4", "B5", "B6", "B7", "B8")) {
            if (other == null && partition(c) != partition(beatA)) {
                other = c;
            }
        }
        beatB = other;
    }

    private int partition(String beat) {
        return spark.sql("SELECT pmod(hash('" + beat + "'), " + partitions + ")").first().getInt(0);
    }

    private MartFixtures.Tables world(String unitBBeat, boolean lateVisit, boolean withBeatB) {
        return world(unitBBeat, lateVisit, withBeatB, false, "ja");
    }

    private MartFixtures.Tables world(String unitBBeat, boolean lateVisit, boolean withBeatB, boolean foreignUa,
                                      String cardLanguage) {
        List<Object[]> visits = new ArrayList<>(List.of(
                row("V1", "UA", "O1", t("2024-02-05T10:00"), "met", "none"),
                row("V2", "UB", "O1", t("2024-05-05T10:00"), "met", "confirmed")));
        if (lateVisit) {
            visits.add(row("V3", "UA", "O1", t("2024-06-10T10:00"), "absent", "none"));
        }
        List<Object[]> beats = new ArrayList<>();
        beats.add(row(beatA, "S1", "K1", "mixed"));
        if (withBeatB) {
            beats.add(row(beatB, "S1", "K1", "rural"));
        }
        return new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type", beats.toArray(Object[][]::new))
                .put(Entity.OFFICERS, "officer_id, station_code, department", row("O1", "S1", "community"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on, foreign_resident",
                        row("UA", beatA, "household", d("2023-12-10"), foreignUa),
                        row("UA2", beatA, "business", d("2024-01-20"), false),
                        row("UB", unitBBeat, "household", d("2024-04-02"), true),
                        row("UB2", beatB, "household", d("2023-11-02"), true))
                // a card corrected again loses its earlier correction date (no history)
                .put(Entity.CARDS, "card_id, unit_id, form, created_on, language, last_corrected_on",
                        row("CA", "UA", "household", d("2022-01-05"), cardLanguage,
                                d(cardLanguage.equals("ja") ? "2024-03-01" : "2024-06-20")),
                        row("CB", "UB2", "household", d("2024-02-05"), cardLanguage, null))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action",
                        visits.toArray(Object[][]::new));
    }

    /** One build as {@code junkai run} does it: statuses and counts (kept or computed), fingerprints, commit. */
    private MartStore.Build build(MartStore store, String name, MartInputs in, MartStore.Build earlier,
                                  UnitStatusFiles.Pass[] pass) throws IOException {
        return build(store, name, in, earlier, null, pass);
    }

    /**
     * As {@link #build}, keeping the unit histories; with {@code changedUnits}, patching the
     * earlier build's histories where those units changed instead of gathering every one.
     */
    private MartStore.Build build(MartStore store, String name, MartInputs in, MartStore.Build earlier,
                                  List<String> changedUnits, UnitStatusFiles.Pass[] pass) throws IOException {
        MartBuild marts = new MartBuild(in, RULES, MartBuild.plan(in, RULES, THROUGH));
        MartStore.Staging staging = store.stage(name);
        SnapshotReuse reuse = earlier == null ? null : MartBuild.reuse(spark, store, earlier, in.beats(), partitions);
        MartBuild.EarlierHistories histories = changedUnits == null ? null
                : new MartBuild.EarlierHistories(store.folder(earlier, MartBuild.UNIT_HISTORIES), changedUnits);
        pass[0] = marts.writeUnitStatusesAndCount(marts.plan().statusDays(), staging.tableFolder(MartBuild.UNIT_STATUS),
                reuse, staging.tableFolder(MartBuild.UNIT_HISTORIES), histories);
        Dataset<Row> counts = UnitSnapshots.beatCounts(spark, pass[0].counts());
        if (!pass[0].kept().isEmpty()) {
            counts = counts.unionByName(MartBuild.keptCounts(spark, store.folder(earlier, MartBuild.BEAT_COUNTS),
                    pass[0].kept()));
        }
        staging.write(MartBuild.BEAT_COUNTS, counts);
        staging.write(MartBuild.BEAT_INPUTS, MartBuild.beatInputs(spark, pass[0].fingerprints()));
        marts.release();
        return store.commit(staging, name, "rules", THROUGH.toString(),
                marts.plan().statusDays().stream().map(Object::toString).toList(), partitions, java.util.Map.of());
    }

    /** The kept unit histories: beat, unit and the length of its packed history, sorted. */
    private static List<String> histories(MartStore store, MartStore.Build b) {
        return MartFixtures.spark().read().parquet(store.folder(b, MartBuild.UNIT_HISTORIES).toString())
                .selectExpr("beat_code", "unit_id", "length(history)").collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }

    private int historyBytes(List<String> histories, String unit) {
        String prefix = "[" + beatA + "," + unit + ",";
        String row = histories.stream().filter(r -> r.startsWith(prefix)).findFirst().orElseThrow();
        return Integer.parseInt(row.substring(prefix.length(), row.length() - 1));
    }

    private static List<String> table(MartStore store, MartStore.Build b, String name) {
        return MartFixtures.spark().read().parquet(store.folder(b, name).toString()).collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }

    /** The incremental pass of the last {@link #incrementalEqualsScratch} that gathered every unit history. */
    private UnitStatusFiles.Pass gathered;

    /**
     * Builds {@code before} then {@code after} incrementally, and {@code after} from scratch in another
     * lake: equal, whether the incremental build gathers every unit history or patches the earlier
     * build's histories where the units that changed ({@code changedUnits}) are.
     */
    private UnitStatusFiles.Pass incrementalEqualsScratch(MartInputs before, MartInputs after, String... changedUnits)
            throws IOException {
        UnitStatusFiles.Pass incremental = null;
        gathered = null;
        for (List<String> patched : java.util.Arrays.asList(null, List.of(changedUnits))) {
            Path root = dir.resolve(patched == null ? "gathered" : "patched");
            MartStore store = new MartStore(new Lake(root.resolve("incremental")));
            UnitStatusFiles.Pass[] pass = new UnitStatusFiles.Pass[1];
            MartStore.Build first = build(store, "b1", before, null, pass);
            MartStore.Build second = build(store, "b2", after, first, patched, pass);
            if (incremental == null) {
                gathered = pass[0];
            } else {
                assertThat(List.of(pass[0].computedDays(), pass[0].keptDays(), pass[0].linkedDays()))
                        .as("the same days kept and computed").isEqualTo(List.of(incremental.computedDays(),
                                incremental.keptDays(), incremental.linkedDays()));
            }
            incremental = pass[0];

            MartStore scratchStore = new MartStore(new Lake(root.resolve("scratch")));
            MartStore.Build scratch = build(scratchStore, "s1", after, null, pass);

            assertThat(pass[0].keptDays()).isZero();
            for (String t : List.of(MartBuild.UNIT_STATUS, MartBuild.BEAT_COUNTS, MartBuild.BEAT_INPUTS)) {
                assertThat(table(store, second, t)).as(t).isEqualTo(table(scratchStore, scratch, t)).isNotEmpty();
            }
            assertThat(histories(store, second)).isEqualTo(histories(scratchStore, scratch)).isNotEmpty();
        }
        return incremental;
    }

    @Test
    void patchedHistoriesKeepWhatTheChangedUnitsDoNotName() throws IOException {
        // UA's late visit, but the patch is told of no changed unit: UA's history stays the earlier one
        MartStore store = new MartStore(new Lake(dir.resolve("stale")));
        UnitStatusFiles.Pass[] pass = new UnitStatusFiles.Pass[1];
        MartStore.Build first = build(store, "b1", world(beatB, false, true).inputs(), null, pass);
        List<String> before = histories(store, first);
        MartStore.Build second = build(store, "b2", world(beatB, true, true).inputs(), first, List.of(), pass);

        assertThat(histories(store, second)).isEqualTo(before);
        // told of UA, the patch gathers it again: its history now has the June visit (four bytes more)
        MartStore.Build third = build(store, "b3", world(beatB, true, true).inputs(), second, List.of("UA"), pass);
        List<String> after = histories(store, third);
        assertThat(after).filteredOn(r -> !r.startsWith("[" + beatA + ",UA,")).containsExactlyElementsOf(
                before.stream().filter(r -> !r.startsWith("[" + beatA + ",UA,")).toList());
        assertThat(after).contains("[" + beatA + ",UA," + (historyBytes(before, "UA") + 4) + "]");
    }

    @Test
    void aLateVisitRecomputesItsBeatFromTheMonthBeforeItAndKeepsTheRest() throws IOException {
        UnitStatusFiles.Pass pass = incrementalEqualsScratch(world(beatB, false, true).inputs(),
                world(beatB, true, true).inputs(), "UA");

        // six status days (2024-01-31 through 2024-06-30); UA's June visit reaches May (whose due
        // units are cleared in June) and June in beat A's partition; beat B's keeps all six
        assertThat(pass.computedDays()).isEqualTo(2);
        assertThat(pass.keptDays()).isEqualTo(4 + 6);
        // May's statuses read nothing of June: its file is linked, only its counts (due units
        // cleared in June) computed; June's file is written
        assertThat(pass.linkedDays()).isEqualTo(1);
        assertThat(pass.kept()).hasSize(4 + 6);
        // no attribute without history changed: nothing recounted, the earlier counts stand
        assertThat(pass.kept()).allSatisfy(r -> assertThat(r.isNullAt(2) && r.isNullAt(3) && r.isNullAt(4)
                && !r.getBoolean(5)).isTrue());
    }

    /** Two beats in one partition but different buckets, each with one household visited in February. */
    private MartFixtures.Tables samePartition(String x, String y, boolean lateVisit) {
        List<Object[]> visits = new ArrayList<>(List.of(
                row("V1", "UX", "O1", t("2024-02-05T10:00"), "met", "none"),
                row("V2", "UY", "O1", t("2024-02-06T10:00"), "met", "none")));
        if (lateVisit) {
            visits.add(row("V3", "UX", "O1", t("2024-06-10T10:00"), "absent", "none"));
        }
        return new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type", row(x, "S1", "K1", "mixed"),
                        row(y, "S1", "K1", "rural"))
                .put(Entity.OFFICERS, "officer_id, station_code, department", row("O1", "S1", "community"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on",
                        row("UX", x, "household", d("2023-12-10")), row("UY", y, "household", d("2023-12-11")))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action",
                        visits.toArray(Object[][]::new));
    }

    @Test
    void aLateVisitRecomputesTheBucketOfItsBeatNotItsWholePartition() throws IOException {
        String x = null;
        String y = null;
        for (int i = 1; i < 500 && y == null; i++) {
            for (int j = i + 1; j < 500 && y == null; j++) {
                String a = "X" + i;
                String b = "X" + j;
                if (partition(a) == partition(b)
                        && jp.junkai.marts.snapshot.UnitStatusFiles.bucket(a) != jp.junkai.marts.snapshot.UnitStatusFiles.bucket(b)) {
                    x = a;
                    y = b;
                }
            }
        }
        assertThat(y).as("two beats of one partition in different buckets").isNotNull();

        UnitStatusFiles.Pass pass = incrementalEqualsScratch(samePartition(x, y, false).inputs(),
                samePartition(x, y, true).inputs(), "UX");

        // six status days in one partition, two buckets: X's June visit writes June and links May
        // (its counts computed); X keeps January to April, Y keeps all six
        assertThat(pass.computedDays()).isEqualTo(2);
        assertThat(pass.linkedDays()).isEqualTo(1);
        assertThat(pass.keptDays()).isEqualTo(4 + 6);
    }

    @Test
    void aUnitMovedToAnotherBeatRecomputesBothFromItsFirstDay() throws IOException {
        UnitStatusFiles.Pass pass = incrementalEqualsScratch(world(beatB, false, true).inputs(),
                world(beatA, false, true).inputs(), "UB");

        // UB (registered 2024-04-02) left B for A: both partitions recompute March (reads April)
        // through June and keep January and February
        assertThat(pass.computedDays()).isEqualTo(2 * 4);
        assertThat(pass.keptDays()).isEqualTo(2 * 2);
        // March's files are linked in both (its statuses read nothing of April), its counts computed
        assertThat(pass.linkedDays()).isEqualTo(2);
    }

    @Test
    void aForeignHouseholdAndACardCorrectedAgainKeepEveryDayAndRecountTheirCounts() throws IOException {
        UnitStatusFiles.Pass pass = incrementalEqualsScratch(world(beatB, false, true, false, "ja").inputs(),
                world(beatB, false, true, true, "en").inputs(), "UA", "UB2");

        // foreign residence, card languages and correction dates apply to every snapshot (no
        // history), but only three counts read them: every day is kept, those counts recomputed
        assertThat(pass.computedDays()).isZero();
        assertThat(pass.keptDays()).isEqualTo(2 * 6);
        // both beats' attributes without history changed (UA foreign, both cards in English): all
        // recounted; gathering every history, each beat's counts anew
        assertThat(gathered.kept()).hasSize(2 * 6).noneMatch(r -> r.isNullAt(2) || r.getBoolean(5));
        // UA is eligible and foreign now, with its active card in English, corrected on June 20
        // (fresh; made in 2022, it was stale before: freshness 730 days)
        assertThat(recounted(gathered, beatA, "2024-06-30")).containsExactly(1L, 1L, 1L);
        // before June 20 the correction is in the future: ignored (SPEC §6.15), and the card made
        // on 2022-01-05 is older than 730 days on April 30
        assertThat(recounted(gathered, beatA, "2024-04-30")).containsExactly(0L, 1L, 1L);
        // patching the histories, only the changed units are counted, as changes to the earlier
        // counts: in June the card was fresh before too (corrected March 1), UA foreign now; in
        // April the card was fresh (corrected March 1) and is stale now
        assertThat(pass.kept()).hasSize(2 * 6).allMatch(r -> !r.isNullAt(2) && r.getBoolean(5));
        assertThat(recounted(pass, beatA, "2024-06-30")).containsExactly(0L, 1L, 1L);
        assertThat(recounted(pass, beatA, "2024-04-30")).containsExactly(-1L, 1L, 1L);
    }

    /** The recounted counts of a kept beat-day: fresh cards, foreign units, with a foreign card. */
    private static List<Long> recounted(UnitStatusFiles.Pass pass, String beat, String day) {
        Row r = pass.kept().stream().filter(k -> k.getString(1).equals(beat)
                && k.getInt(0) == (int) d(day).toEpochDay()).findFirst().orElseThrow();
        return List.of(r.getLong(2), r.getLong(3), r.getLong(4));
    }

    @Test
    void aKeptDayWhoseEarlierFileIsGoneFailsWithAMessage() throws IOException {
        MartStore store = new MartStore(new Lake(dir.resolve("damaged")));
        UnitStatusFiles.Pass[] pass = new UnitStatusFiles.Pass[1];
        MartStore.Build first = build(store, "b1", world(beatB, false, true).inputs(), null, pass);
        // someone deleted the earlier build's unit statuses of January
        Lake.deleteTree(store.folder(first, MartBuild.UNIT_STATUS).resolve("as_of=2024-01-31"));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> build(store, "b2", world(beatB, true, true).inputs(), first, pass))
                .hasStackTraceContaining("Cannot keep the unit statuses of 2024-01-31")
                .hasStackTraceContaining("delete the lake's _snapshots folder");
    }

    @Test
    void aDeletedBeatRecomputesItsPartitionWhole() throws IOException {
        UnitStatusFiles.Pass pass = incrementalEqualsScratch(world(beatA, false, true).inputs(),
                world(beatA, false, false).inputs());

        // beat B is gone: its partition has no beat left, so nothing is kept there (its earlier
        // files must not be linked), and beat A did not change
        assertThat(pass.keptDays()).isEqualTo(6);
        assertThat(pass.computedDays()).isZero();
        assertThat(Set.copyOf(pass.kept().stream().map(r -> r.getString(1)).toList())).containsExactly(beatA);
    }
}
