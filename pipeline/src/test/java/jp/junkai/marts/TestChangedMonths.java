package jp.junkai.marts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.ingest.FileStation;
import jp.junkai.ingest.Ingest;
import jp.junkai.ingest.IngestOptions;
import jp.junkai.lake.Lake;
import jp.junkai.lake.SilverFold;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.testing.SharedSpark;

/**
 * The months whose visits or night approvals changed since an earlier run, told from the silver
 * deltas: new versions, displaced ones (a visit moved to another month, a deleted visit), and a
 * night approval's date and the day after.
 */
class TestChangedMonths {

    private static final LocalDateTime PULL = LocalDateTime.of(2024, 6, 1, 12, 0);
    /** Deltas are never merged, and never outweigh the bases. */
    private static final SilverFold FOLD = new SilverFold(100, 1);

    @TempDir
    Path tmp;

    private final SparkSession spark = SharedSpark.spark();

    private Path station() {
        return tmp.resolve("inbox").resolve("S9");
    }

    private void batch(Entity e, String name, List<String> lines) throws IOException {
        Path folder = station().resolve(e.code());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name + ".jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.createFile(folder.resolve(name + ".jsonl.done"));
    }

    private String ingest(LocalDateTime pull) throws IOException {
        return Ingest.run(spark, new IngestOptions(tmp.resolve("lake"), List.of(new FileStation("S9", Flavour.JSONL,
                station())), pull, null).withFold(FOLD), m -> { }).run();
    }

    private static String visit(String id, String at, String updated) {
        return "{\"visit_id\":\"" + id + "\",\"unit_id\":\"U1\",\"officer_id\":\"O1\",\"visited_at\":\"" + at
                + "+09:00\",\"outcome\":\"met\",\"card_action\":\"none\",\"updated_at\":\"" + updated + "\"}";
    }

    private static String approval(String id, String date, String updated) {
        return "{\"approval_id\":\"" + id + "\",\"officer_id\":\"O1\",\"approved_date\":\"" + date
                + "\",\"updated_at\":\"" + updated + "\"}";
    }

    @Test
    void theMonthsOfNewAndDisplacedVersionsAndOfApprovalsAndTheirNextDays() throws IOException {
        // run 1: 200 January visits and approvals (bases the small deltas after never outweigh)
        List<String> visits = new ArrayList<>();
        List<String> approvals = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            visits.add(visit(String.format("V%03d", i), "2024-01-02T10:00:00", "2024-01-05T10:00:00+09:00"));
            approvals.add(approval(String.format("A%03d", i), "2024-01-02", "2024-01-05T10:00:00+09:00"));
        }
        batch(Entity.OFFICERS, "20240105-230000", List.of("{\"officer_id\":\"O1\",\"station_code\":\"S9\","
                + "\"department\":\"community\",\"updated_at\":\"2024-01-01T09:00:00+09:00\"}"));
        batch(Entity.UNITS, "20240105-230000", List.of("{\"unit_id\":\"U1\",\"beat_code\":\"B1\","
                + "\"unit_kind\":\"household\",\"registered_on\":\"2020-01-01\",\"updated_at\":\"2024-01-05T10:00:00+09:00\"}"));
        batch(Entity.VISITS, "20240105-230000", visits);
        batch(Entity.NIGHT_APPROVALS, "20240105-230000", approvals);
        String first = ingest(PULL);
        Lake lake = new Lake(tmp.resolve("lake"));
        assertThat(ChangedMonths.since(spark, lake, first, lake.latest().orElseThrow()))
                .hasValue(new ChangedMonths.Changes(java.util.Set.of(), null, null));

        // run 2: V001 moved from January to March 15, V003 deleted, V900 new in December 2023;
        // an approval of April 30 (it may approve a visit just after midnight on May 1)
        batch(Entity.VISITS, "20240106-230000", List.of(visit("V001", "2024-03-15T10:00:00", "2024-01-06T10:00:00+09:00"),
                "{\"visit_id\":\"V003\",\"updated_at\":\"2024-01-06T10:00:00+09:00\",\"deleted\":true}",
                visit("V900", "2023-12-20T10:00:00", "2024-01-06T10:00:00+09:00")));
        batch(Entity.NIGHT_APPROVALS, "20240106-230000", List.of(approval("A900", "2024-04-30", "2024-01-06T10:00:00+09:00")));
        ingest(PULL.plusDays(1));

        Optional<ChangedMonths.Changes> changes = ChangedMonths.since(spark, lake, first, lake.latest().orElseThrow());
        assertThat(changes).isPresent();
        assertThat(changes.get().months()).containsExactly(YearMonth.of(2023, 12), YearMonth.of(2024, 1),
                YearMonth.of(2024, 3), YearMonth.of(2024, 4), YearMonth.of(2024, 5));
        assertThat(changes.get().firstNewVisit()).isEqualTo(YearMonth.of(2023, 12));
        // V001 and V003 were January's: January may have lost visits
        assertThat(changes.get().firstDisplaced()).isEqualTo(YearMonth.of(2024, 1));

        // an unknown earlier run cannot be told
        assertThat(ChangedMonths.since(spark, lake, "20000101-000000000", lake.latest().orElseThrow())).isEmpty();
    }
}
