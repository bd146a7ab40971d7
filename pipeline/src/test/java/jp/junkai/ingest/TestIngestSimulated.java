package jp.junkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.marts.IngestMarts;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.source.sim.Canaries;
import jp.junkai.source.sim.SimulationOptions;
import jp.junkai.source.sim.Simulator;
import jp.junkai.testing.SharedSpark;

/** Ingest of a simulated prefecture with planted defects, end to end. */
class TestIngestSimulated {

    static final LocalDateTime PULL = LocalDateTime.of(2026, 11, 25, 12, 0);

    @TempDir
    static Path tmp;

    static Path inbox;
    static Path lakeDir;
    static IngestSummary first;
    static SparkSession spark;
    static final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void ingestOnce() throws IOException {
        spark = SharedSpark.spark();
        inbox = tmp.resolve("inbox");
        Simulator.run(new SimulationOptions(4, inbox, 2, 1_200, 6, LocalDate.of(2026, 10, 31), 0.02,
                List.of(Flavour.JSONL, Flavour.CSV_SJIS), Map.of(), null, 2), m -> { });
        lakeDir = tmp.resolve("lake");
        first = Ingest.run(spark, options(PULL), messages::add);
    }

    static IngestOptions options(LocalDateTime pull) {
        return new IngestOptions(lakeDir, List.of(new FileStation("S001", Flavour.JSONL, inbox.resolve("S001")),
                new FileStation("S002", Flavour.CSV_SJIS, inbox.resolve("S002"))), pull, null);
    }

    @Test
    void quarantineSummaryEqualsWhatTheSimulatorPlanted() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(inbox.resolve("_simulator/manifest.json").toFile());
        Map<String, Long> expected = new TreeMap<>();
        manifest.get("expected_quarantine_summary").forEach(r -> expected.put(String.join("|",
                r.get("station_code").asText(), r.get("entity").asText(), r.get("batch").asText(),
                r.get("reason").asText()), r.get("records").asLong()));
        Map<String, Long> actual = new TreeMap<>();
        Path mart = new Lake(lakeDir).currentMart(IngestMarts.QUARANTINE_SUMMARY).orElseThrow();
        for (Row r : spark.read().parquet(mart.toString()).collectAsList()) {
            actual.put(String.join("|", r.getString(0), r.getString(1), r.getString(2), r.getString(3)), r.getLong(4));
        }
        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everyBatchReconcilesAndDuplicateFilesAreSkipped() {
        RunRecord run = new Lake(lakeDir).latest().orElseThrow();
        assertThat(run.batches()).isNotEmpty().allSatisfy(b -> assertThat(b.reconciles()).isTrue());
        assertThat(first.filesRepeated()).isPositive();
        assertThat(run.skipped()).hasSize(first.filesRepeated())
                .allSatisfy(f -> assertThat(f.batch()).endsWith("-231500"));
        long read = first.counts().stream().mapToLong(IngestSummary.EntityCounts::read).sum();
        long parts = first.counts().stream().mapToLong(c -> c.applied() + c.duplicates() + c.quarantined()).sum();
        assertThat(read).isEqualTo(parts).isPositive();
        long duplicates = first.counts().stream().mapToLong(IngestSummary.EntityCounts::duplicates).sum();
        assertThat(duplicates).isPositive().isEqualTo(manifestCounter("exact_repeats"));
    }

    @Test
    void reRunningOnAnUnchangedInboxChangesNothing() throws IOException {
        List<Row> before = Silver.current(spark, new Lake(lakeDir), new Lake(lakeDir).latest().orElseThrow(),
                Entity.VISITS).orderBy("visit_id").collectAsList();
        List<String> filesBefore = tree(lakeDir);
        IngestSummary again = Ingest.run(spark, options(PULL.plusHours(1)), m -> { });
        assertThat(again.run()).isNull();
        assertThat(tree(lakeDir)).isEqualTo(filesBefore);
        List<Row> after = Silver.current(spark, new Lake(lakeDir), new Lake(lakeDir).latest().orElseThrow(),
                Entity.VISITS).orderBy("visit_id").collectAsList();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void noCanaryReachesTheLogs() {
        assertThat(messages).isNotEmpty();
        for (String m : messages) {
            for (String c : Canaries.ALL) {
                assertThat(m).doesNotContain(c);
            }
        }
    }

    @Test
    void noCanaryReachesTheLake() throws IOException {
        List<byte[]> needles = new ArrayList<>();
        for (String c : Canaries.ALL) {
            needles.add(c.getBytes(StandardCharsets.UTF_8));
            needles.add(c.getBytes(Charset.forName("windows-31j")));
        }
        try (Stream<Path> files = Files.walk(lakeDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (byte[] n : needles) {
                    assertThat(indexOf(bytes, n)).as("canary in %s", f).isEqualTo(-1);
                }
            }
        }
    }

    static long manifestCounter(String name) {
        try {
            return new ObjectMapper().readTree(inbox.resolve("_simulator/manifest.json").toFile()).get("counters")
                    .get(name).asLong();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p) + (Files.isRegularFile(p) ? ":" + p.toFile().length() : "")).sorted().toList();
        }
    }
}
