package jp.junkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.marts.IngestMarts;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.schema.StationSource;
import jp.junkai.source.sim.SimulationOptions;
import jp.junkai.source.sim.Simulator;
import jp.junkai.testing.SharedSpark;
import jp.junkai.testing.TestDatabases;

/** JDBC stations (issue 3, item 3): incremental pulls into the lake, against a real PostgreSQL. */
class TestIngestJdbc {

    static final LocalDateTime PULL = LocalDateTime.of(2026, 11, 25, 12, 0);

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @TempDir
    Path tmp;

    final SparkSession spark = SharedSpark.spark();

    @Test
    void pullsAJdbcStationIncrementallyAndAnUnreachableOneFailsAlone() throws IOException, Exception {
        String url = databases.postgres();
        Path inbox = tmp.resolve("inbox");
        Simulator.run(new SimulationOptions(12, inbox, 2, 800, 4, LocalDate.of(2026, 10, 31), 0.02,
                List.of(Flavour.JSONL, Flavour.JDBC), Map.of(), url, 2), m -> { });
        Path lakeDir = tmp.resolve("lake");
        List<String> messages = new ArrayList<>();
        StationSource s002 = StationSource.jdbc("S002", url, null, null);
        StationSource down = StationSource.jdbc("S003", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", null, null);
        IngestOptions options = new IngestOptions(lakeDir, List.of(new FileStation("S001", Flavour.JSONL,
                inbox.resolve("S001"))), PULL, null, false, List.of(s002, down), Map.of());
        IngestSummary first = Ingest.run(spark, options, messages::add);

        // the unreachable station failed alone, with a message and no watermark
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("ingest: S003: Cannot pull")
                .contains("the next run catches up"));
        Lake lake = new Lake(lakeDir);
        RunRecord run = lake.latest().orElseThrow();
        assertThat(run.watermarks().keySet()).allSatisfy(k -> assertThat(k).startsWith("S002/"));
        assertThat(run.watermarks()).containsKey("S002/visits");

        // the station's planted defects are exactly its quarantine (jdbc rows carry batch "*" in the manifest)
        JsonNode manifest = new ObjectMapper().readTree(inbox.resolve("_simulator/manifest.json").toFile());
        Map<String, Long> expected = new TreeMap<>();
        manifest.get("expected_quarantine_summary").forEach(r -> {
            if (r.get("station_code").asText().equals("S002")) {
                expected.merge(r.get("entity").asText() + "/" + r.get("reason").asText(), r.get("records").asLong(), Long::sum);
            }
        });
        Map<String, Long> actual = new TreeMap<>();
        for (Row r : spark.read().parquet(lake.currentMart(IngestMarts.QUARANTINE_SUMMARY).orElseThrow().toString())
                .where("station_code = 'S002'").collectAsList()) {
            actual.merge(r.getString(1) + "/" + r.getString(3), r.getLong(4), Long::sum);
        }
        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);

        // every live visit row of the station is in silver, but the planted bad ones
        Set<String> silverVisits = new HashSet<>(Silver.live(Silver.current(spark, lake, run, Entity.VISITS))
                .where("_station = 'S002'").select("visit_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        Set<String> tableVisits = keys(url, "SELECT visit_id FROM s002_visits WHERE deleted = false");
        Set<String> missing = new HashSet<>(tableVisits);
        missing.removeAll(silverVisits);
        assertThat(missing).allSatisfy(k -> assertThat(k).contains("-D"));
        assertThat(tableVisits).containsAll(silverVisits);
        long read = first.read();

        // the next days: only the new rows are pulled
        Simulator.continueRun(inbox, 2, url, 2, m -> { });
        IngestSummary second = Ingest.run(spark, new IngestOptions(lakeDir, options.fileStations(), PULL.plusDays(1),
                null, false, List.of(s002), Map.of()), m -> { });
        long newRows = keys(url, "SELECT visit_id FROM s002_visits WHERE updated_at > '2026-10-31 23:59:59'").size();
        assertThat(second.counts()).anySatisfy(c -> {
            assertThat(c.entity()).isEqualTo("visits");
            assertThat(c.read()).isLessThan(read / 2);
        });
        assertThat(newRows).isPositive();
        // nothing new the third time
        IngestSummary third = Ingest.run(spark, new IngestOptions(lakeDir, options.fileStations(), PULL.plusDays(2),
                null, false, List.of(s002), Map.of()), m -> { });
        assertThat(third.run()).isNull();
    }

    private static Set<String> keys(String url, String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
