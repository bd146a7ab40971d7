package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.lake.Lake;
import jp.junkai.run.MainJob;
import jp.junkai.source.sim.Canaries;
import jp.junkai.testing.SharedSpark;
import picocli.CommandLine;

/**
 * {@code junkai run} end to end on a simulated prefecture, through the command line in this JVM:
 * every mart lands in the DuckDB file; running twice gives the same tables; after new days the
 * incremental build equals a full recompute; no canary reaches the lake's snapshots, the DuckDB
 * file or the output; bad options and rule files fail with clear messages.
 */
class TestRunCommandEndToEnd {

    private static final Consumer<CommandLine> SHARED_SPARK = cmd -> ((RunCommand) cmd.getSubcommands()
            .get("run").getCommand()).sparkSession = SharedSpark::spark;

    private static final Path RULES = Path.of("..", "ops", "rules", "default.yaml");

    @TempDir
    Path tmp;

    @Test
    void runTwiceThenIncrementallyEqualsAFullRecompute() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path lake = tmp.resolve("lake");
        Path duckdb = tmp.resolve("out").resolve("marts.duckdb");
        CliRun simulated = CliRun.of("simulate", "--out", inbox.toString(), "--stations", "2", "--units", "300",
                "--months", "4", "--seed", "11");
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();

        CliRun first = run(inbox, lake, duckdb, "2026-11-01T06:00", "2026-10");

        assertThat(first.exitCode()).as(first.err()).isZero();
        // the simulated world runs July–October 2026: four snapshots
        assertThat(first.out()).contains("snapshots: 4", "marts: computed", "duckdb: " + duckdb.toAbsolutePath());
        Map<String, List<String>> tables = dump(duckdb);
        assertThat(tables.keySet()).containsExactlyElementsOf(MainJob.EXPORTED.stream().sorted().toList());
        assertThat(column(duckdb, "SELECT DISTINCT as_of FROM compliance_beat_monthly ORDER BY 1"))
                .containsExactly("2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31");
        assertThat(column(duckdb, "SELECT DISTINCT month FROM officer_monthly ORDER BY 1"))
                .containsExactly("2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01");
        // a row per beat per snapshot, and per officer per month (SPEC §6.12)
        assertThat(column(duckdb, "SELECT count(*) = 4 * count(DISTINCT beat_code) FROM compliance_beat_monthly"))
                .containsExactly("true");
        assertThat(column(duckdb, "SELECT count(*) = 4 * count(DISTINCT officer_id) FROM officer_monthly"))
                .containsExactly("true");
        assertThat(column(duckdb, "SELECT sum(visits) > 0 FROM station_monthly")).containsExactly("true");
        // every station's nine entities were fed
        assertThat(column(duckdb, "SELECT count(*) FROM data_freshness")).containsExactly("18");
        assertNoCanary(first, lake, duckdb, tables);

        CliRun again = run(inbox, lake, duckdb, "2026-11-01T07:00", "2026-10");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("run: nothing new", "marts: up to date");
        assertThat(dump(duckdb)).isEqualTo(tables);

        // three more days of the world, then the snapshots through November: what changed is
        // recomputed per bucket of beats, from the month each beat's changes reach back to
        CliRun continued = CliRun.of("simulate", "--continue", inbox.toString(), "--days", "3");
        assertThat(continued.exitCode()).as(continued.err()).isZero();
        CliRun incremental = run(inbox, lake, duckdb, "2026-11-04T06:00", "2026-11");
        assertThat(incremental.exitCode()).as(incremental.err()).isZero();
        // each partition of beats keeps the month-ends its beats' new facts do not reach: at
        // least June to September where only November's visits arrived
        java.util.regex.Matcher pass = java.util.regex.Pattern
                .compile("unit status files of a day and bucket of beats: (\\d+) computed \\((\\d+) of them linked[^)]*\\), (\\d+) kept").matcher(incremental.err());
        assertThat(pass.find()).as(incremental.err()).isTrue();
        assertThat(Integer.parseInt(pass.group(1))).isPositive();
        assertThat(Integer.parseInt(pass.group(3))).isPositive();
        // what the officers' work reads is told from the deltas, not from a pass over all visits
        assertThat(incremental.err()).containsPattern("visits or night approvals of [1-9][0-9]* months changed since build");
        // the unit histories are the first build's, with the units the three days changed gathered again
        assertThat(incremental.err()).containsPattern("unit histories of build \\S+ kept but [1-9][0-9,]* changed units gathered");
        // officer_monthly keeps the months whose work and beat counts read did not change: the
        // first months, which the three November days do not reach; the last are computed
        java.util.regex.Matcher officers = java.util.regex.Pattern
                .compile("officer_monthly of (\\d+) months kept, (\\d+) computed").matcher(incremental.err());
        assertThat(officers.find()).as(incremental.err()).isTrue();
        assertThat(Integer.parseInt(officers.group(1))).as(incremental.err()).isPositive();
        assertThat(Integer.parseInt(officers.group(2))).as(incremental.err()).isPositive();
        Map<String, List<String>> incrementalTables = dump(duckdb);
        assertThat(incrementalTables.get("compliance_beat_monthly")).hasSizeGreaterThan(
                tables.get("compliance_beat_monthly").size());

        Lake.deleteTree(lake.resolve("_snapshots"));
        Lake.deleteTree(lake.resolve("snapshots"));
        CliRun full = run(inbox, lake, duckdb, "2026-11-04T07:00", "2026-11");
        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(full.err()).containsPattern("unit status files of a day and bucket of beats: [1-9][0-9]* computed \\(0 of them linked[^)]*\\), 0 kept");
        assertThat(full.err()).contains("officer_monthly of 0 months kept, 5 computed");
        assertThat(dump(duckdb)).isEqualTo(incrementalTables);
    }

    @Test
    void badOptionsAndRuleFilesFailClearly() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        Path lake = tmp.resolve("lake");
        Path duckdb = tmp.resolve("marts.duckdb");

        CliRun badMonth = CliRun.of(SHARED_SPARK, "run", "--inbox", inbox.toString(), "--lake", lake.toString(),
                "--rules", RULES.toString(), "--duckdb", duckdb.toString(), "--through", "2026-13");
        assertThat(badMonth.exitCode()).isEqualTo(2);
        assertThat(badMonth.err()).contains("--through must be YYYY-MM, got 2026-13");

        CliRun noRules = CliRun.of(SHARED_SPARK, "run", "--inbox", inbox.toString(), "--lake", lake.toString(),
                "--rules", tmp.resolve("missing.yaml").toString(), "--duckdb", duckdb.toString(), "--through", "2026-10");
        assertThat(noRules.exitCode()).isEqualTo(1);
        assertThat(noRules.err()).contains("junkai: Cannot read rule file").contains("missing.yaml");

        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, "rule_sets: []\n");
        CliRun badRules = CliRun.of(SHARED_SPARK, "run", "--inbox", inbox.toString(), "--lake", lake.toString(),
                "--rules", broken.toString(), "--duckdb", duckdb.toString(), "--through", "2026-10");
        assertThat(badRules.exitCode()).isEqualTo(1);
        assertThat(badRules.err()).contains("junkai: Cannot load rule file").contains("broken.yaml");
        assertThat(duckdb).doesNotExist();
    }

    @Test
    void aSnapshotBeforeTheFirstRuleSetIsRefused() throws IOException {
        Path inbox = tmp.resolve("inbox");
        CliRun simulated = CliRun.of("simulate", "--out", inbox.toString(), "--stations", "1", "--units", "60",
                "--months", "2", "--seed", "5");
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
        Path late = tmp.resolve("late.yaml");
        Files.writeString(late, Files.readString(RULES).replace("effective_from: 2020-04-01", "effective_from: 2026-10-01")
                .replace("effective_from: 2024-04-01", "effective_from: 2026-10-15")
                .replace("effective_from: 2025-04-01", "effective_from: 2026-10-20"));
        Path duckdb = tmp.resolve("marts.duckdb");

        CliRun refused = run(inbox, tmp.resolve("lake"), duckdb, "2026-11-01T06:00", "2026-10", late);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("junkai: Cannot compute a snapshot on 2026-09-30: the first rule set "
                + "(2020-04) takes effect on 2026-10-01");
        assertThat(duckdb).doesNotExist();
    }

    private static CliRun run(Path inbox, Path lake, Path duckdb, String pullTime, String through) {
        return run(inbox, lake, duckdb, pullTime, through, RULES);
    }

    private static CliRun run(Path inbox, Path lake, Path duckdb, String pullTime, String through, Path rules) {
        return CliRun.of(SHARED_SPARK, "run", "--inbox", inbox.toString(), "--lake", lake.toString(), "--rules",
                rules.toString(), "--duckdb", duckdb.toString(), "--through", through, "--pull-time", pullTime);
    }

    /** Every table of the file, as sorted lines of tab-separated cells. */
    static Map<String, List<String>> dump(Path duckdb) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String t : column(duckdb, "SELECT table_name FROM information_schema.tables ORDER BY 1")) {
            List<String> rows = rows(duckdb, "SELECT * FROM " + t);
            rows.sort(null);
            tables.put(t, rows);
        }
        return tables;
    }

    static List<String> column(Path duckdb, String sql) throws SQLException {
        return rows(duckdb, sql);
    }

    private static List<String> rows(Path duckdb, String sql) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb.toAbsolutePath(), readOnly);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    cells.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("\t", cells));
            }
        }
        return rows;
    }

    /** No canary in any cell, in any byte of the snapshots in the lake or of the DuckDB file, or in the output. */
    private static void assertNoCanary(CliRun run, Path lake, Path duckdb, Map<String, List<String>> tables)
            throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(duckdb);
        try (Stream<Path> s = Stream.concat(Files.walk(lake.resolve("snapshots")), Files.walk(lake.resolve("marts")))) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (String canary : Canaries.ALL) {
            assertThat(run.out() + run.err()).doesNotContain(canary);
            for (List<String> rows : tables.values()) {
                assertThat(rows).noneMatch(r -> r.contains(canary));
            }
            for (Charset cs : List.of(StandardCharsets.UTF_8, Charset.forName("windows-31j"))) {
                byte[] needle = canary.getBytes(cs);
                for (Path f : files) {
                    assertThat(indexOf(Files.readAllBytes(f), needle)).as("%s in %s", canary, f).isEqualTo(-1);
                }
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
