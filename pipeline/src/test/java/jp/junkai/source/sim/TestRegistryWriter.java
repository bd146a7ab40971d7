package jp.junkai.source.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.schema.SourceRegistry;
import jp.junkai.schema.StationSource;

/** {@code junkai simulate} writes a source registry that loads back and matches its stations. */
class TestRegistryWriter {

    @TempDir
    Path tmp;

    @Test
    void aSimulatedWorldComesWithItsRegistry() throws Exception {
        Path out = tmp.resolve("inbox");
        Simulator.run(SmallWorld.options(out, 1), m -> { });

        Path file = out.resolve("_simulator/sources.yaml");
        assertThat(file).isRegularFile();
        SourceRegistry r = SourceRegistry.load(file);
        assertThat(r.takenFiles()).isEqualTo(SourceRegistry.TakenFiles.KEEP);
        assertThat(r.stations()).containsExactly(
                StationSource.file("S001", Flavour.JSONL, out.resolve("S001")),
                StationSource.file("S002", Flavour.CSV_SJIS, out.resolve("S002")));

        // the same stations as discovering the inbox, whose scan skips _simulator/
        SourceRegistry discovered = SourceRegistry.fromInbox(out);
        assertThat(discovered.stations()).isEqualTo(r.stations());
        assertThat(discovered.skipped()).isEmpty();

        // --continue rewrites it identically
        String before = Files.readString(file);
        Simulator.continueRun(out, 1, m -> { });
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(file.resolveSibling("sources.yaml.tmp")).doesNotExist();
    }

    @Test
    void jdbcStationsGetTheUrlWithoutSecretsTheVariableNamesAndTheirTables() throws Exception {
        Path out = tmp.resolve("world");
        String url = "jdbc:postgresql://127.0.0.1:5432/stations?user=postgres&password=hunter2&connectTimeout=3";
        // nothing connects: the writer only reads the options
        SimulationOptions o = new SimulationOptions(5, out, 4, 400, 2, SmallWorld.END, 0.0,
                List.of(Flavour.JSONL, Flavour.CSV_SJIS, Flavour.JDBC), Map.of("S004", Flavour.JDBC), url, 1);
        Path file = RegistryWriter.write(o);
        assertThat(file).isEqualTo(out.resolve("_simulator/sources.yaml"));
        String text = Files.readString(file);
        assertThat(text).doesNotContain("hunter2").doesNotContain("user=");

        SourceRegistry r = SourceRegistry.load(file);
        assertThat(r.stations()).extracting(StationSource::code, StationSource::flavour).containsExactly(
                org.assertj.core.groups.Tuple.tuple("S001", Flavour.JSONL),
                org.assertj.core.groups.Tuple.tuple("S002", Flavour.CSV_SJIS),
                org.assertj.core.groups.Tuple.tuple("S003", Flavour.JDBC),
                org.assertj.core.groups.Tuple.tuple("S004", Flavour.JDBC));
        StationSource s3 = r.station("S003").orElseThrow();
        assertThat(s3.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/stations?connectTimeout=3");
        assertThat(s3.userEnv()).isEqualTo("JUNKAI_S003_USER");
        assertThat(s3.passwordEnv()).isEqualTo("JUNKAI_S003_PASSWORD");
        assertThat(s3.partitions()).isEqualTo(StationSource.DEFAULT_PARTITIONS);
        for (Entity e : Entity.values()) {
            assertThat(s3.table(e)).isEqualTo("s003_" + e.code());
            assertThat(r.station("S004").orElseThrow().table(e)).isEqualTo("s004_" + e.code());
        }
        assertThat(s3.jdbcCredentials(Map.of("JUNKAI_S003_USER", "postgres", "JUNKAI_S003_PASSWORD", "hunter2")))
                .containsEntry("user", "postgres").containsEntry("password", "hunter2");
    }

    @Test
    void namesOnlyTheVariablesTheSimulatorsUrlNeeded() throws Exception {
        Path out = tmp.resolve("trust");
        SimulationOptions o = new SimulationOptions(5, out, 1, 100, 2, SmallWorld.END, 0.0,
                List.of(Flavour.JDBC), Map.of(), "jdbc:mariadb://db.example:3306/stations", 1);
        StationSource s = SourceRegistry.load(RegistryWriter.write(o)).stations().get(0);
        assertThat(s.url()).isEqualTo("jdbc:mariadb://db.example:3306/stations");
        assertThat(s.userEnv()).isNull();
        assertThat(s.passwordEnv()).isNull();
    }

    @Test
    void stripsOnlyTheCredentialsFromAUrl() {
        assertThat(RegistryWriter.Url.parse("jdbc:mariadb://127.0.0.1:3306/db?user=root&password=&connectTimeout=3000"))
                .isEqualTo(new RegistryWriter.Url("jdbc:mariadb://127.0.0.1:3306/db?connectTimeout=3000", true, true));
        assertThat(RegistryWriter.Url.parse("jdbc:postgresql://h/db?user=postgres"))
                .isEqualTo(new RegistryWriter.Url("jdbc:postgresql://h/db", true, false));
        assertThat(RegistryWriter.Url.parse("jdbc:postgresql://u:pw@h:5432/db?currentSchema=s&PASSWORD=x"))
                .isEqualTo(new RegistryWriter.Url("jdbc:postgresql://h:5432/db?currentSchema=s", true, true));
        assertThat(RegistryWriter.Url.parse("jdbc:postgresql://h/db"))
                .isEqualTo(new RegistryWriter.Url("jdbc:postgresql://h/db", false, false));
    }
}
