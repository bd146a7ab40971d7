package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.testing.SharedSpark;
import picocli.CommandLine;

/**
 * {@code junkai simulate}, then {@code junkai ingest} through the command line in this JVM, on the
 * shared test Spark session: a first run takes everything, a second finds nothing new.
 */
class TestIngestCommandEndToEnd {

    private static final Consumer<CommandLine> SHARED_SPARK = cmd -> ((IngestCommand) cmd.getSubcommands()
            .get("ingest").getCommand()).sparkSession = SharedSpark::spark;

    @TempDir
    Path tmp;

    @Test
    void simulateThenIngestThenNothingNew() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Path lake = tmp.resolve("lake");
        CliRun simulated = CliRun.of("simulate", "--out", inbox.toString(), "--stations", "2", "--units", "600",
                "--months", "3", "--seed", "7");
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
        long simulatedRecords = value(simulated.out(), "records");

        CliRun first = ingest(inbox, lake, "2026-11-01T06:00");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Ingested 2 stations into " + lake + " in ")
                .contains("run: 20261101-060000000", "files repeated: 0", "lake: " + lake);
        assertThat(value(first.out(), "records")).isEqualTo(simulatedRecords);
        assertThat(value(first.out(), "files taken")).isPositive();
        assertTotalReconciles(first.out());
        assertThat(first.err()).contains("ingest: 2 file stations into " + lake, "ingest: S001: ", "ingest: S002: ")
                .doesNotContain("junkai:");
        assertThat(lake).isNotEmptyDirectory();

        CliRun again = ingest(inbox, lake, "2026-11-01T07:00");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("Nothing new from 2 stations for " + lake)
                .contains("run: nothing new", "files taken: 0");
        assertThat(value(again.out(), "records")).isZero();
        assertThat(again.err()).contains("ingest: nothing new");
    }

    @Test
    void aJdbcStationThatCannotBePulledFailsAloneAndTheRunExitsWithFailure() throws IOException {
        Path registry = tmp.resolve("sources.yaml");
        Files.createDirectories(tmp.resolve("S001"));
        Files.writeString(registry, String.join("\n",
                "stations:",
                "  - code: S001",
                "    flavour: jsonl",
                "    inbox: S001",
                "  - code: S003",
                "    flavour: jdbc",
                "    url: jdbc:postgresql://127.0.0.1:5432/sim",
                ""));

        CliRun run = CliRun.of(SHARED_SPARK, "ingest", "--lake", tmp.resolve("lake").toString(),
                "--sources", registry.toString(), "--pull-time", "2026-11-01T06:00");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("ingest: 1 file stations into ")
                .contains("ingest: S003: Cannot pull beats of station S003 from jdbc:postgresql://127.0.0.1:5432/sim")
                .contains("its watermarks stay, the next run catches up")
                .contains("junkai: Cannot pull station(s) S003 (see above); the other stations were ingested");
        assertThat(run.out()).contains("run: nothing new", "records: 0");
    }

    private static CliRun ingest(Path inbox, Path lake, String pullTime) {
        return CliRun.of(SHARED_SPARK, "ingest", "--lake", lake.toString(), "--inbox", inbox.toString(),
                "--pull-time", pullTime);
    }

    /** The total line: read = applied + duplicates + quarantined. */
    private static void assertTotalReconciles(String out) {
        Matcher m = Pattern.compile("(?m)^  total +([\\d,]+) +([\\d,]+) +([\\d,]+) +([\\d,]+)$").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        long[] n = new long[4];
        for (int i = 0; i < 4; i++) {
            n[i] = Long.parseLong(m.group(i + 1).replace(",", ""));
        }
        assertThat(n[0]).isPositive().isEqualTo(n[1] + n[2] + n[3]);
    }

    private static long value(String out, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ": (\\d+)$").matcher(out);
        assertThat(m.find()).as(key + " in " + out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
