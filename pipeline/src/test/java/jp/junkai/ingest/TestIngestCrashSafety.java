package jp.junkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.marts.IngestMarts;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.source.sim.SimulationOptions;
import jp.junkai.source.sim.Simulator;
import jp.junkai.spark.SparkSessions;
import jp.junkai.testing.SharedSpark;

/**
 * Crash safety (issue 3, item 7) and rebuild from bronze (item 6): an ingest process halted at
 * several points, as {@code kill -9} would, then run again, leaves exactly what an uninterrupted
 * run leaves; deleting silver and running again rebuilds it identically.
 */
class TestIngestCrashSafety {

    static final LocalDateTime PULL = LocalDateTime.of(2026, 11, 25, 12, 0);

    @TempDir
    static Path tmp;

    static Path inbox;
    static Path reference;
    static SparkSession spark;

    /** Entry point of the child JVM: {@code <inbox> <lake> <pull time>}, fault point from -Djunkai.fault. */
    public static void main(String[] args) throws IOException {
        SparkSession session = SparkSessions.configure(SparkSession.builder().master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")).getOrCreate();
        Ingest.run(session, options(Path.of(args[0]), Path.of(args[1]), LocalDateTime.parse(args[2])), m -> { });
        session.stop();
    }

    static IngestOptions options(Path inbox, Path lake, LocalDateTime pull) {
        return new IngestOptions(lake, List.of(new FileStation("S001", Flavour.JSONL, inbox.resolve("S001")),
                new FileStation("S002", Flavour.CSV_SJIS, inbox.resolve("S002"))), pull, null);
    }

    @BeforeAll
    static void referenceRun() throws IOException {
        spark = SharedSpark.spark();
        inbox = tmp.resolve("inbox");
        Simulator.run(new SimulationOptions(8, inbox, 2, 800, 4, LocalDate.of(2026, 10, 31), 0.02,
                List.of(Flavour.JSONL, Flavour.CSV_SJIS), Map.of(), null, 2), m -> { });
        reference = tmp.resolve("reference");
        Ingest.run(spark, options(inbox, reference, PULL), m -> { });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mid-move", "after-commit"})
    void aRunKilledAtAnyPointAndRunAgainEqualsAnUninterruptedRun(String point) throws Exception {
        Path lake = tmp.resolve("crash-" + point);
        int exit = child(point, lake);
        assertThat(exit).as("the child was halted at " + point).isEqualTo(137);
        // the interrupted run left its traces; the next run cleans them up and does the work once
        Ingest.run(spark, options(inbox, lake, PULL), m -> { });
        List<String> expected = state(reference);
        List<String> actual = state(lake);
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        assertThat(extra).as("extra").isEmpty();
        assertThat(missing).as("missing").isEmpty();
        assertThat(actual).isEqualTo(expected);
        assertThat(Files.exists(lake.resolve("_work"))).isFalse();
    }

    @Test
    void deletingSilverAndRunningAgainRebuildsItIdenticallyFromBronze() throws IOException {
        Path lake = tmp.resolve("rebuild");
        // an inbox of its own: the continuation must not change the other tests' inbox
        Path own = tmp.resolve("rebuild-inbox");
        Simulator.run(new SimulationOptions(8, own, 2, 800, 4, LocalDate.of(2026, 10, 31), 0.02,
                List.of(Flavour.JSONL, Flavour.CSV_SJIS), Map.of(), null, 2), m -> { });
        Ingest.run(spark, options(own, lake, PULL), m -> { });
        Simulator.continueRun(own, 3, m -> { });
        try {
            Ingest.run(spark, options(own, lake, PULL.plusDays(1)), m -> { });
            List<String> before = silverState(lake);
            Lake.deleteTree(lake.resolve("silver"));
            Lake.deleteTree(lake.resolve("pending"));
            IngestSummary again = Ingest.run(spark, options(own, lake, PULL.plusDays(2)), m -> { });
            assertThat(again.run()).isNull(); // nothing new: only the rebuild was committed
            assertThat(silverState(lake)).isEqualTo(before);
        } finally {
            // other tests of this class expect the first 4 months only
            Lake.deleteTree(lake);
        }
    }

    private static int child(String point, Path lake) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect") || arg.startsWith("-XX:+Ignore")
                    || arg.startsWith("-Duser.timezone")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-Xmx1g", "-D" + Faults.PROPERTY + "=" + point, "-cp", System.getProperty("java.class.path"),
                TestIngestCrashSafety.class.getName(), inbox.toString(), lake.toString(), PULL.toString()));
        Path log = Files.createTempFile("ingest-child", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        int exit = p.waitFor();
        if (exit != 137) {
            System.out.println(Files.readString(log, StandardCharsets.UTF_8));
        }
        return exit;
    }

    /** Everything a reader sees: silver, pending, ledger reconciliation, the ingest marts. */
    private static List<String> state(Path lakeDir) throws IOException {
        Lake lake = new Lake(lakeDir);
        RunRecord r = lake.latest().orElseThrow();
        List<String> out = new ArrayList<>(silverState(lakeDir));
        r.batches().forEach(b -> out.add("batch " + b));
        out.add("files " + r.files().size() + " skipped " + r.skipped().size() + " runs " + lake.committed().size());
        for (String mart : List.of(IngestMarts.QUARANTINE_SUMMARY, IngestMarts.DATA_FRESHNESS)) {
            out.addAll(rows(mart, spark.read().parquet(lake.currentMart(mart).orElseThrow().toString())));
        }
        return out;
    }

    private static List<String> silverState(Path lakeDir) {
        Lake lake = new Lake(lakeDir);
        RunRecord r = lake.latest().orElseThrow();
        List<String> out = new ArrayList<>();
        for (Entity e : Entity.values()) {
            out.addAll(rows(e.code(), Silver.current(spark, lake, r, e)));
        }
        if (r.pending() != null) {
            out.addAll(rows("pending", spark.read().parquet(lake.pending(r.pending()).toString())));
        }
        return out;
    }

    private static List<String> rows(String what, org.apache.spark.sql.Dataset<Row> d) {
        List<String> out = new ArrayList<>();
        for (Row row : d.collectAsList()) {
            out.add(what + " " + row);
        }
        out.sort(null);
        return out;
    }
}
