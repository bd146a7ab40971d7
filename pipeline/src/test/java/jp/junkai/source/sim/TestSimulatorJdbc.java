package jp.junkai.source.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.source.jdbc.JdbcStationOutput;
import jp.junkai.testing.TestDatabases;

/**
 * The {@code jdbc} flavour fills a real PostgreSQL and MariaDB database: a station simulated into
 * tables holds exactly the current version of every record the same station writes as files.
 */
class TestSimulatorJdbc {

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @TempDir
    Path tmp;

    @Test
    void postgresStationHoldsTheLatestVersionOfEveryRecord() throws Exception {
        jdbcStationMatchesItsFileTwin(databases.postgres());
    }

    @Test
    void mariaDbStationHoldsTheLatestVersionOfEveryRecord() throws Exception {
        jdbcStationMatchesItsFileTwin(databases.mariaDb());
    }

    private void jdbcStationMatchesItsFileTwin(String url) throws Exception {
        Path withJdbc = tmp.resolve("jdbc");
        Simulator.run(options(withJdbc, Flavour.JDBC, url), m -> { });
        Path asFiles = tmp.resolve("files");
        Simulator.run(options(asFiles, Flavour.JSONL, null), m -> { });
        // the file station S001 is the same in both runs; S002 went to the database in the first
        assertThat(withJdbc.resolve("S002")).doesNotExist();
        assertThat(JdbcStationOutput.listTables(url, "S002")).hasSize(Entity.values().length);
        for (Entity e : Entity.values()) {
            assertThat(table(url, e)).as(e.code()).isEqualTo(latest(asFiles, e)).isNotEmpty();
        }

        // --continue upserts the next days into the same tables
        Simulator.continueRun(withJdbc, 4, url, 2, m -> { });
        Simulator.continueRun(asFiles, 4, m -> { });
        for (Entity e : Entity.values()) {
            assertThat(table(url, e)).as(e.code()).isEqualTo(latest(asFiles, e));
        }
    }

    private static SimulationOptions options(Path out, Flavour second, String url) {
        SimulationOptions o = SmallWorld.options(out, 9);
        return new SimulationOptions(o.seed(), out, 2, o.units(), o.months(), o.end(), 0.0,
                List.of(Flavour.JSONL, second), Map.of(), url, 2);
    }

    /** key → updated_at of the latest version of S002's records in the file twin. */
    private static Map<String, LocalDateTime> latest(Path inbox, Entity entity) throws Exception {
        Map<String, LocalDateTime> latest = new TreeMap<>();
        for (InboxScan.Line l : InboxScan.scan(inbox)) {
            if (l.station().equals("S002") && l.entity() == entity) {
                latest.merge((String) l.get(entity.key()), (LocalDateTime) l.get(Entity.UPDATED_AT),
                        (a, b) -> b.isAfter(a) ? b : a);
            }
        }
        return latest;
    }

    private static Map<String, LocalDateTime> table(String url, Entity entity) throws Exception {
        Map<String, LocalDateTime> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + entity.key() + ", updated_at FROM "
                     + JdbcStationOutput.tablePrefix("S002") + entity.code())) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getTimestamp(2).toLocalDateTime());
            }
        }
        return rows;
    }
}
