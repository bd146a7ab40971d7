package jp.junkai.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSourceRegistry {

    @TempDir
    Path tmp;

    private static final Path BASE = Path.of("/etc/junkai").toAbsolutePath();

    private static SourceRegistry parse(String yaml) {
        return SourceRegistry.parse(yaml, "sources.yaml", BASE);
    }

    /** Loading fails with exactly this message after the file name. */
    private static void refused(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load source registry sources.yaml: " + message);
    }

    private static final String JSONL_STATION = """
              - code: S001
                flavour: jsonl
                inbox: /data/inbox/S001
            """;

    // ------------------------------------------------------------------ a good file

    @Test
    void loadsEveryKeyWithItsDefaults() {
        SourceRegistry r = parse("""
                # sources.yaml
                taken_files: archive
                archive_dir: /data/archive
                stations:
                  - code: S001
                    flavour: jsonl
                    inbox: /data/inbox/S001
                  - code: S002
                    flavour: csv-sjis
                    inbox: inbox/S002        # relative: against the file's folder
                  - code: S003
                    flavour: jdbc
                    url: jdbc:postgresql://db.s003.example:5432/liaison?sslmode=require
                    user_env: JUNKAI_S003_USER
                    password_env: JUNKAI_S003_PASSWORD
                    tables: { visits: liaison_visits }
                    partitions: 8
                  - code: S004
                    flavour: jdbc
                    url: jdbc:mariadb://db.s004.example:3306/koban
                """);
        assertThat(r.takenFiles()).isEqualTo(SourceRegistry.TakenFiles.ARCHIVE);
        assertThat(r.archiveDir()).isEqualTo(Path.of("/data/archive").toAbsolutePath());
        assertThat(r.skipped()).isEmpty();
        assertThat(r.stations()).extracting(StationSource::code).containsExactly("S001", "S002", "S003", "S004");
        assertThat(r.codes()).containsExactly("S001", "S002", "S003", "S004");

        StationSource s1 = r.station("S001").orElseThrow();
        assertThat(s1.flavour()).isEqualTo(Flavour.JSONL);
        assertThat(s1.isFile()).isTrue();
        assertThat(s1.inbox()).isEqualTo(Path.of("/data/inbox/S001").toAbsolutePath());
        assertThat(s1.url()).isNull();
        assertThat(s1.tables()).isEmpty();

        StationSource s2 = r.station("S002").orElseThrow();
        assertThat(s2.flavour()).isEqualTo(Flavour.CSV_SJIS);
        assertThat(s2.inbox()).isEqualTo(BASE.resolve("inbox/S002"));

        StationSource s3 = r.station("S003").orElseThrow();
        assertThat(s3.flavour()).isEqualTo(Flavour.JDBC);
        assertThat(s3.inbox()).isNull();
        assertThat(s3.url()).isEqualTo("jdbc:postgresql://db.s003.example:5432/liaison?sslmode=require");
        assertThat(s3.userEnv()).isEqualTo("JUNKAI_S003_USER");
        assertThat(s3.passwordEnv()).isEqualTo("JUNKAI_S003_PASSWORD");
        assertThat(s3.table(Entity.VISITS)).isEqualTo("liaison_visits");
        assertThat(s3.table(Entity.UNITS)).isEqualTo("s003_units");
        assertThat(s3.table(Entity.NIGHT_APPROVALS)).isEqualTo("s003_night_approvals");
        assertThat(s3.tables()).hasSize(Entity.values().length);
        assertThat(s3.partitions()).isEqualTo(8);

        StationSource s4 = r.station("S004").orElseThrow();
        assertThat(s4.userEnv()).isNull();
        assertThat(s4.passwordEnv()).isNull();
        assertThat(s4.partitions()).isEqualTo(StationSource.DEFAULT_PARTITIONS).isEqualTo(4);
        assertThat(s4.table(Entity.CARD_CHANGES)).isEqualTo("s004_card_changes");

        assertThat(r.stations(Flavour.JDBC)).extracting(StationSource::code).containsExactly("S003", "S004");
        assertThat(r.station("S999")).isEmpty();
    }

    @Test
    void keepsTakenFilesByDefault() {
        SourceRegistry r = parse("stations:\n" + JSONL_STATION);
        assertThat(r.takenFiles()).isEqualTo(SourceRegistry.TakenFiles.KEEP);
        assertThat(r.archiveDir()).isNull();
    }

    @Test
    void resolvesRelativePathsAgainstTheFilesFolder() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("etc"));
        Path file = folder.resolve("sources.yaml");
        Files.writeString(file, """
                taken_files: archive
                archive_dir: ../archive
                stations:
                  - code: S001
                    flavour: jsonl
                    inbox: ../inbox/S001
                  - code: S002
                    flavour: csv-sjis
                    inbox: ./S002
                """, StandardCharsets.UTF_8);
        SourceRegistry r = SourceRegistry.load(file);
        assertThat(r.archiveDir()).isEqualTo(tmp.resolve("archive").toAbsolutePath());
        assertThat(r.station("S001").orElseThrow().inbox()).isEqualTo(tmp.resolve("inbox/S001").toAbsolutePath());
        assertThat(r.station("S002").orElseThrow().inbox()).isEqualTo(folder.resolve("S002").toAbsolutePath());
    }

    @Test
    void namesTheFileWhenItIsMissing() {
        Path missing = tmp.resolve("nope.yaml");
        assertThatThrownBy(() -> SourceRegistry.load(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("Cannot load source registry " + missing + ": no such file");
    }

    @Test
    void loadErrorsNameTheFileAsGiven() throws IOException {
        Path file = tmp.resolve("sources.yaml");
        Files.writeString(file, "stations: []\n");
        assertThatThrownBy(() -> SourceRegistry.load(file))
                .hasMessage("Cannot load source registry " + file + ": line 1: no stations: the stations: list is empty");
    }

    // ------------------------------------------------------------------ refusals, with their line

    @Test
    void refusesAFileWithoutStations() {
        refused("", "line 1: the file is empty; it needs a stations: list");
        refused("# only a comment\n", "line 1: the file is empty; it needs a stations: list");
        refused("taken_files: keep\n", "line 1: no stations: list the prefecture's stations under stations:");
        refused("taken_files: keep\nstations: []\n", "line 2: no stations: the stations: list is empty");
        refused("taken_files: keep\nstations:\n", "line 2: no stations: list the prefecture's stations under stations:");
        refused("taken_files: keep\n\nstations: S001\n",
                "line 3: stations must be a list (one '- code: …' item per station)");
        refused("- S001\n", "line 1: the file must be a YAML mapping with a stations: list");
    }

    @Test
    void refusesBrokenYamlWithItsLine() {
        refused("stations:\n  - code: S001\n    flavour: [jsonl\n",
                "line 4: expected ',' or ']', but got <stream end> (while parsing a flow sequence)");
        refused("stations:\n\t- code: S001\n", "line 2: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation) (while scanning for the next token)");
        refused("stations:\n  - code: S001\n    flavour: jsonl\n    inbox: a\n---\nstations: []\n",
                "line 6: the file holds more than one YAML document");
        refused("stations:\n  - code: S001\n    code: S002\n    flavour: jsonl\n",
                "line 3: key code appears twice in one mapping (first on line 2)");
    }

    @Test
    void refusesDuplicateCodes() {
        refused("""
                stations:
                  - code: S001
                    flavour: jsonl
                    inbox: a
                  - code: S002
                    flavour: jsonl
                    inbox: b
                  - code: S001
                    flavour: csv-sjis
                    inbox: c
                """, "line 8: station code S001 is listed twice (first on line 2)");
    }

    @Test
    void refusesBadCodes() {
        refused("stations:\n  - flavour: jsonl\n    inbox: a\n", "line 2: station #1 has no code:");
        refused("stations:\n  - code: S 001\n    flavour: jsonl\n    inbox: a\n",
                "line 2: station code 'S 001' is not valid: use 1 to 32 letters, digits, _ or -");
        refused("stations:\n  - code: " + "S".repeat(33) + "\n    flavour: jsonl\n    inbox: a\n",
                "line 2: station code '" + "S".repeat(33) + "' is not valid: use 1 to 32 letters, digits, _ or -");
        refused("stations:\n  - code: [S001]\n    flavour: jsonl\n    inbox: a\n",
                "line 2: code must be a non-empty text");
        refused("stations:\n  - S001\n", "line 2: station #1 must be a mapping with code: and flavour:");
    }

    @Test
    void refusesUnknownOrMissingFlavours() {
        refused("stations:\n  - code: S001\n    flavour: xml\n    inbox: a\n",
                "line 3: unknown flavour xml in station S001 (known: jsonl, csv-sjis, jdbc)");
        refused("stations:\n  - code: S001\n    inbox: a\n",
                "line 2: station S001 has no flavour: (jsonl, csv-sjis or jdbc)");
    }

    @Test
    void refusesUnknownKeys() {
        refused("stations:\n  - code: S001\n    flavour: jsonl\n    inbx: a\n",
                "line 4: unknown key inbx in station S001 (a station takes: code, flavour, inbox, url, user_env,"
                        + " password_env, tables, partitions)");
        refused("taken_file: keep\nstations:\n" + JSONL_STATION,
                "line 1: unknown key taken_file (the registry takes: taken_files, archive_dir, stations)");
    }

    @Test
    void refusesKeysOfTheOtherKindOfStation() {
        refused("stations:\n  - code: S001\n    flavour: jsonl\n    inbox: a\n    partitions: 2\n",
                "line 5: partitions is for jdbc stations; station S001 is a jsonl station (it has an inbox:)");
        refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n    inbox: a\n",
                "line 5: inbox is for file stations; station S003 is a jdbc station (it has a url:)");
    }

    @Test
    void refusesAFileStationWithoutInboxAndAJdbcStationWithoutUrl() {
        refused("stations:\n  - code: S001\n    flavour: csv-sjis\n",
                "line 2: station S001 is a csv-sjis station and needs an inbox: (the folder holding"
                        + " <entity>/<batch>.csv)");
        refused("stations:\n  - code: S001\n    flavour: jsonl\n    inbox:\n",
                "line 2: station S001 is a jsonl station and needs an inbox: (the folder holding"
                        + " <entity>/<batch>.jsonl)");
        refused("stations:\n  - code: S003\n    flavour: jdbc\n",
                "line 2: station S003 is a jdbc station and needs a url: (jdbc:postgresql:… or jdbc:mariadb:…)");
    }

    @Test
    void refusesTwoStationsSharingAnInbox() {
        refused("stations:\n  - code: S001\n    flavour: jsonl\n    inbox: /in/S001\n"
                        + "  - code: S002\n    flavour: jsonl\n    inbox: /in/x/../S001\n",
                "line 7: station S002 has the same inbox as station S001 (" + Path.of("/in/S001").toAbsolutePath() + ")");
    }

    @Test
    void refusesUrlsOfOtherDatabases() {
        refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:mysql://h/db\n",
                "line 4: station S003: url must start with jdbc:postgresql: or jdbc:mariadb: (jdbc:mysql:)");
        refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: postgres://h/db\n",
                "line 4: station S003: url must start with jdbc:postgresql: or jdbc:mariadb: (not a jdbc: URL)");
    }

    @Test
    void refusesInlineSecretsAndNeverQuotesThem() {
        String inUrl = "line 4: station S003: url holds a password: secrets belong in environment variables;"
                + " remove it from the url and name the variable with password_env:";
        for (String url : new String[] {
            "jdbc:postgresql://h/db?user=u&password=hunter2",
            "jdbc:postgresql://h/db?PASSWORD=hunter2",
            "jdbc:mariadb://h:3306/db?user=root&password=hunter2&connectTimeout=3",
            "jdbc:postgresql://h/db?sslpassword=hunter2",
            "jdbc:mariadb://u:hunter2@h/db",
        }) {
            refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: \"" + url + "\"\n", inUrl);
        }
        refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n    password: hunter2\n",
                "line 5: password: in station S003 is refused: secrets belong in environment variables; name them"
                        + " with user_env: and password_env: (e.g. password_env: JUNKAI_S003_PASSWORD)");
        refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n    user: liaison\n",
                "line 5: user: in station S003 is refused: secrets belong in environment variables; name them"
                        + " with user_env: and password_env: (e.g. password_env: JUNKAI_S003_PASSWORD)");
        refused("password: hunter2\nstations:\n" + JSONL_STATION,
                "line 1: password: in the registry is refused: secrets belong in environment variables; name them"
                        + " with user_env: and password_env: (e.g. password_env: JUNKAI_S003_PASSWORD)");
    }

    @Test
    void acceptsAUserInTheUrlButNotTwice() {
        SourceRegistry r = parse("stations:\n  - code: S003\n    flavour: jdbc\n"
                + "    url: jdbc:postgresql://h/db?user=liaison\n    password_env: PW\n");
        assertThat(r.station("S003").orElseThrow().userEnv()).isNull();
        refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db?user=liaison\n"
                        + "    user_env: JUNKAI_S003_USER\n",
                "line 5: station S003 names a user in its url and in user_env: keep one");
    }

    @Test
    void refusesBadEnvironmentVariableNames() {
        refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n"
                        + "    password_env: junkai_pw\n",
                "line 5: password_env: environment variable name 'junkai_pw' is not valid: use upper-case letters,"
                        + " digits and _, not starting with a digit (e.g. JUNKAI_S003_PASSWORD)");
        refused("stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n"
                        + "    user_env: 3USER\n",
                "line 5: user_env: environment variable name '3USER' is not valid: use upper-case letters,"
                        + " digits and _, not starting with a digit (e.g. JUNKAI_S003_PASSWORD)");
    }

    @Test
    void refusesUnknownEntitiesAndBadTableNames() {
        String head = "stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n";
        refused(head + "    tables:\n      visits: v\n      visitz: v2\n",
                "line 7: unknown entity visitz in tables of station S003 (known: beats, officers, assignments,"
                        + " units, cards, card_changes, visits, night_approvals, inspections)");
        refused(head + "    tables: { visits: \"visits; drop table x\" }\n",
                "line 5: table name 'visits; drop table x' for visits is not valid: use 1 to 63 letters, digits or _");
        refused(head + "    tables:\n      units: " + "u".repeat(64) + "\n",
                "line 6: table name '" + "u".repeat(64) + "' for units is not valid: use 1 to 63 letters, digits or _");
        refused(head + "    tables: [visits]\n",
                "line 5: tables must map entity names to table names, e.g. { visits: s003_visits }");
        refused(head + "    tables:\n      visits:\n",
                "line 6: table of visits in station S003 is empty");
    }

    @Test
    void aCodeThatMakesNoTableNameNeedsEveryTableNamed() {
        refused("stations:\n  - code: S-03\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n",
                "line 2: station S-03: the code makes no valid default table name (s-03_beats); name the table of"
                        + " beats under tables:");
        StringBuilder yaml = new StringBuilder("stations:\n  - code: S-03\n    flavour: jdbc\n"
                + "    url: jdbc:postgresql://h/db\n    tables:\n");
        for (Entity e : Entity.values()) {
            yaml.append("      ").append(e.code()).append(": s03_").append(e.code()).append('\n');
        }
        assertThat(parse(yaml.toString()).station("S-03").orElseThrow().table(Entity.BEATS)).isEqualTo("s03_beats");
    }

    @Test
    void refusesTwoStationsReadingTheSameTable() {
        refused("""
                stations:
                  - code: S003
                    flavour: jdbc
                    url: jdbc:postgresql://h/db
                  - code: S004
                    flavour: jdbc
                    url: jdbc:postgresql://h/db
                    tables: { visits: s003_visits }
                """, "line 5: station S004 reads table s003_visits at the same url as station S003");
    }

    @Test
    void refusesPartitionsBelowOneOrNotAWholeNumber() {
        String head = "stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n";
        refused(head + "    partitions: 0\n", "line 5: partitions must be from 1 to 64, got 0");
        refused(head + "    partitions: -2\n", "line 5: partitions must be from 1 to 64, got -2");
        refused(head + "    partitions: 65\n", "line 5: partitions must be from 1 to 64, got 65");
        refused(head + "    partitions: 2.5\n", "line 5: partitions must be a whole number, not 2.5");
        refused(head + "    partitions: many\n", "line 5: partitions must be a whole number, not many");
        assertThat(parse(head + "    partitions: 1\n").stations().get(0).partitions()).isEqualTo(1);
    }

    @Test
    void refusesArchiveWithoutArchiveDirAndUnknownTakenFiles() {
        refused("taken_files: archive\nstations:\n" + JSONL_STATION,
                "line 1: taken_files: archive needs an archive_dir: (where taken files go)");
        refused("\ntaken_files: delete\nstations:\n" + JSONL_STATION,
                "line 2: taken_files must be keep or archive, not delete");
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void resolvesCredentialsFromTheEnvironment() {
        StationSource s = parse("stations:\n  - code: S003\n    flavour: jdbc\n    url: jdbc:postgresql://h/db\n"
                + "    user_env: JUNKAI_S003_USER\n    password_env: JUNKAI_S003_PASSWORD\n").stations().get(0);
        Map<String, String> env = new HashMap<>(Map.of("JUNKAI_S003_USER", "liaison", "JUNKAI_S003_PASSWORD", "s3cret"));
        assertThat(s.jdbcUser(env)).isEqualTo("liaison");
        assertThat(s.jdbcPassword(env)).isEqualTo("s3cret");
        assertThat(s.jdbcCredentials(env)).containsEntry("user", "liaison").containsEntry("password", "s3cret");

        env.put("JUNKAI_S003_PASSWORD", "");
        assertThat(s.jdbcPassword(env)).as("an empty password is a password").isEmpty();

        env.remove("JUNKAI_S003_PASSWORD");
        assertThatThrownBy(() -> s.jdbcPassword(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot connect station S003: environment variable JUNKAI_S003_PASSWORD is not set");
        assertThatThrownBy(() -> s.jdbcCredentials(env))
                .hasMessage("Cannot connect station S003: environment variable JUNKAI_S003_PASSWORD is not set");
        assertThatThrownBy(() -> s.jdbcUser(Map.of()))
                .hasMessage("Cannot connect station S003: environment variable JUNKAI_S003_USER is not set");
    }

    @Test
    void aStationWithoutVariablesSendsNoCredentials() {
        StationSource s = StationSource.jdbc("S004", "jdbc:mariadb://h/db", null, null);
        assertThat(s.jdbcUser(Map.of())).isNull();
        assertThat(s.jdbcPassword(Map.of())).isNull();
        assertThat(s.jdbcCredentials(Map.of())).isEmpty();
    }

    @Test
    void fileStationsHaveNoTablesNorCredentials() {
        StationSource s = StationSource.file("S001", Flavour.JSONL, Path.of("in/S001"));
        assertThat(s.inbox()).isAbsolute();
        assertThatThrownBy(() -> s.table(Entity.VISITS)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Station S001 is a jsonl station and does not have tables: only jdbc stations do");
        assertThatThrownBy(() -> s.jdbcPassword(Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theConstructorKeepsTheSameRules() {
        assertThatThrownBy(() -> StationSource.jdbc("S003", "jdbc:postgresql://h/db?password=x", null, null))
                .hasMessageNotContaining("password=x")
                .hasMessageContaining("url holds a password");
        assertThatThrownBy(() -> StationSource.file("S 1", Flavour.JSONL, Path.of("a")))
                .hasMessageContaining("station code 'S 1' is not valid");
        assertThatThrownBy(() -> StationSource.file("S001", Flavour.JDBC, Path.of("a")))
                .hasMessageContaining("jdbc is not a file flavour");
        assertThatThrownBy(() -> new SourceRegistry(SourceRegistry.TakenFiles.ARCHIVE, null, java.util.List.of(),
                java.util.List.of())).hasMessageContaining("archive needs an archive_dir");
        assertThat(StationSource.defaultUserEnv("S003")).isEqualTo("JUNKAI_S003_USER");
        assertThat(StationSource.defaultPasswordEnv("s-03")).isEqualTo("JUNKAI_S_03_PASSWORD");
    }

    // ------------------------------------------------------------------ inbox discovery

    private Path dataFile(Path inbox, String relative) throws IOException {
        Path f = inbox.resolve(relative);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, "x");
    }

    @Test
    void discoversFileStationsFromTheInboxFolders() throws IOException {
        Path inbox = tmp.resolve("inbox");
        dataFile(inbox, "S001/visits/2024-01.jsonl");
        dataFile(inbox, "S001/visits/2024-01.jsonl.done");
        dataFile(inbox, "S002/units/2024-01.csv");           // no marker yet: still decides the flavour
        dataFile(inbox, "S003/units/2024-01.csv.done");      // only a marker: no data file yet
        Files.createDirectories(inbox.resolve("S004/visits")); // nothing yet
        dataFile(inbox, "_simulator/state.json");
        dataFile(inbox, "_simulator/x/y.jsonl");
        dataFile(inbox, ".trash/visits/a.csv");
        dataFile(inbox, "README.txt");
        dataFile(inbox, "lost+found/visits/a.jsonl");

        SourceRegistry r = SourceRegistry.fromInbox(inbox);
        assertThat(r.takenFiles()).isEqualTo(SourceRegistry.TakenFiles.KEEP);
        assertThat(r.stations()).containsExactly(
                StationSource.file("S001", Flavour.JSONL, inbox.resolve("S001")),
                StationSource.file("S002", Flavour.CSV_SJIS, inbox.resolve("S002")));
        assertThat(r.skipped()).extracting(SourceRegistry.SkippedFolder::folder)
                .containsExactly(inbox.resolve("S003"), inbox.resolve("S004"), inbox.resolve("lost+found"));
        assertThat(r.skipped().get(0).reason()).isEqualTo("no data file yet (S003/<entity>/<batch>.jsonl or .csv)");
        assertThat(r.skipped().get(2).reason()).startsWith("the folder name is not a station code");
    }

    @Test
    void refusesAStationFolderWithBothKindsOfFile() throws IOException {
        Path inbox = tmp.resolve("inbox");
        dataFile(inbox, "S001/visits/2024-01.jsonl");
        dataFile(inbox, "S002/visits/2024-01.jsonl");
        dataFile(inbox, "S002/units/2024-02.csv");
        assertThatThrownBy(() -> SourceRegistry.fromInbox(inbox))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot discover stations in inbox " + inbox + ": station folder S002 holds"
                        + " both .jsonl and .csv data files (")
                .hasMessageContaining(Path.of("S002/visits/2024-01.jsonl").toString())
                .hasMessageContaining(Path.of("S002/units/2024-02.csv").toString());
    }

    @Test
    void anEmptyInboxHasNoStationsAndAMissingOneIsAnError() throws IOException {
        Path inbox = Files.createDirectories(tmp.resolve("empty"));
        assertThat(SourceRegistry.fromInbox(inbox).stations()).isEmpty();
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> SourceRegistry.fromInbox(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("Cannot discover stations in inbox " + missing + ": no such folder");
    }
}
