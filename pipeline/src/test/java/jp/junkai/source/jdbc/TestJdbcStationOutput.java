package jp.junkai.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.junkai.schema.Entity;
import jp.junkai.source.RawValue;
import jp.junkai.source.SourceRecord;
import jp.junkai.source.StationOutput.BatchWriter;
import jp.junkai.testing.TestDatabases;

/** Runs every case on the real PostgreSQL and the real MariaDB. */
class TestJdbcStationOutput {

    private static final LocalDateTime T0 = LocalDateTime.of(2024, 4, 1, 9, 0);

    /** Each test has a database of its own, dropped after it with every station's tables. */
    private static final String STATION = "S003";

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private String url(String vendor) {
        return vendor.equals("postgres") ? databases.postgres() : databases.mariaDb();
    }

    /** The name of a station's table of an entity, e.g. {@code s003_visits}. */
    private static String table(String station, Entity entity) {
        return JdbcStationOutput.tablePrefix(station) + entity.code();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void createsTablesColumnsAndPullIndexInTheUrlsDatabase(String vendor) throws Exception {
        String url = url(vendor);

        JdbcStationOutput created = new JdbcStationOutput(url, STATION);
        created.close();

        assertThat(created.tablePrefix()).isEqualTo("s003_").isEqualTo(JdbcStationOutput.tablePrefix(STATION));
        List<String> nine = List.of("s003_assignments", "s003_beats", "s003_card_changes", "s003_cards",
                "s003_inspections", "s003_night_approvals", "s003_officers", "s003_units", "s003_visits");
        assertThat(JdbcStationOutput.listTables(url, STATION)).containsExactlyElementsOf(nine);
        // The tables are in the URL's database (PostgreSQL: its current schema, public); the station
        // has no schema (MariaDB: no server-level database) of its own.
        assertThat(ownTables(url)).containsExactlyElementsOf(nine);
        assertThat(query(url, "SELECT " + currentSchema(url), ResultSet::getString))
                .containsExactly(List.of(vendor.equals("postgres") ? "public" : databaseName(url)));
        assertThat(query(url, "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 's003%'",
                ResultSet::getString)).isEmpty();
        assertThat(columns(url, "s003_visits")).containsExactly("visit_id", "unit_id", "officer_id",
                "visited_at", "outcome", "card_action", "topics", "concerns_count", "dedicated_day",
                "night_approval_id", "updated_at", "deleted", "notes");
        assertThat(columns(url, "s003_units")).endsWith("updated_at", "deleted", "address", "occupant_name", "phone");
        assertThat(columns(url, "s003_cards")).endsWith("members", "emergency_contact", "vehicles", "notes");
        assertThat(columns(url, "s003_officers")).endsWith("name");
        assertThat(indexColumns(url, "s003_visits", "s003_visits_pull")).containsExactly("updated_at", "visit_id");
        assertThat(primaryKey(url, "s003_card_changes")).containsExactly("change_id");
        // A second run against the same database finds everything in place.
        new JdbcStationOutput(url, STATION).close();
        assertThat(JdbcStationOutput.listTables(url, STATION)).containsExactlyElementsOf(nine);
        assertThat(ownTables(url)).containsExactlyElementsOf(nine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void reSentRecordReplacesTheRow(String vendor) throws Exception {
        String url = url(vendor);
        String station = STATION;
        try (JdbcStationOutput out = new JdbcStationOutput(url, station)) {
            try (BatchWriter w = out.openBatch(Entity.VISITS, "20240401T0900")) {
                assertThat(w.write(visit("V1", "absent", T0))).isZero();
                w.write(visit("V2", "absent", T0));
                // The same key twice in one JDBC batch: the later one wins.
                w.write(visit("V2", "refused", T0.plusMinutes(5)));
            }
            try (BatchWriter w = out.openBatch(Entity.VISITS, "20240402T0900")) {
                w.write(visit("V1", "met", T0.plusDays(1)));
            }
        }

        List<Map<String, Object>> rows = rows(url, station, Entity.VISITS);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("visit_id", "V1").containsEntry("outcome", "met")
                .containsEntry("updated_at", T0.plusDays(1)).containsEntry("deleted", false);
        assertThat(rows.get(1)).containsEntry("visit_id", "V2").containsEntry("outcome", "refused")
                .containsEntry("updated_at", T0.plusMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void tombstoneSoftDeletesKeepingTheOtherColumns(String vendor) throws Exception {
        String url = url(vendor);
        String station = STATION;
        try (JdbcStationOutput out = new JdbcStationOutput(url, station)) {
            try (BatchWriter w = out.openBatch(Entity.VISITS, "b1")) {
                w.write(visit("V1", "met", T0));
                w.write(visit("V2", "met", T0));
                w.write(visit("V3", "met", T0));
            }
            try (BatchWriter w = out.openBatch(Entity.VISITS, "b2")) {
                w.write(tombstone(Entity.VISITS, "V1", T0.plusDays(2)));
                // Deleted and sent again within one batch: the order of the batch holds.
                w.write(tombstone(Entity.VISITS, "V2", T0.plusDays(2)));
                w.write(visit("V2", "absent", T0.plusDays(3)));
                // A tombstone for a record the table never held still leaves its mark.
                w.write(tombstone(Entity.VISITS, "V9", T0.plusDays(2)));
            }
        }

        Map<String, Map<String, Object>> byKey = byKey(rows(url, station, Entity.VISITS));
        assertThat(byKey.get("V1")).containsEntry("deleted", true).containsEntry("updated_at", T0.plusDays(2))
                .containsEntry("outcome", "met").containsEntry("unit_id", "U-V1").containsEntry("notes", "留守 V1");
        assertThat(byKey.get("V2")).containsEntry("deleted", false).containsEntry("outcome", "absent");
        assertThat(byKey.get("V3")).containsEntry("deleted", false);
        assertThat(byKey.get("V9")).containsEntry("deleted", true).containsEntry("outcome", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void japaneseTextAndPersonalDataRoundTrip(String vendor) throws Exception {
        String url = url(vendor);
        String station = STATION;
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("name", "𠮷田 花子");
        member.put("birth_date", LocalDate.of(1950, 1, 2));
        member.put("phone", "090-0000-0000");
        Map<String, Object> cardPersonal = Map.of(
                "members", List.of(member),
                "emergency_contact", Map.of("name", "山田 太郎", "relation", "長男"),
                "vehicles", List.of(),
                "notes", "高齢者のみ世帯。夜間は不在がち");
        try (JdbcStationOutput out = new JdbcStationOutput(url, station)) {
            try (BatchWriter w = out.openBatch(Entity.BEATS, "b1")) {
                w.write(record(Entity.BEATS, Map.of(), "beat_code", "B01", "station_code", station,
                        "koban_code", "K01", "koban_name", "駅前交番（第二）", "area_type", "residential",
                        "updated_at", T0));
            }
            try (BatchWriter w = out.openBatch(Entity.CARDS, "b1")) {
                w.write(record(Entity.CARDS, cardPersonal, "card_id", "C1", "unit_id", "U1", "form", "household",
                        "created_on", LocalDate.of(2024, 1, 5), "members_count", 1, "updated_at", T0));
            }
        }

        assertThat(rows(url, station, Entity.BEATS).get(0)).containsEntry("koban_name", "駅前交番（第二）");
        Map<String, Object> card = rows(url, station, Entity.CARDS).get(0);
        assertThat(card).containsEntry("notes", "高齢者のみ世帯。夜間は不在がち").containsEntry("vehicles", "[]");
        JsonNode members = new ObjectMapper().readTree((String) card.get("members"));
        assertThat(members.get(0).get("name").asText()).isEqualTo("𠮷田 花子");
        assertThat(members.get(0).get("birth_date").asText()).isEqualTo("1950-01-02");
        assertThat((String) card.get("emergency_contact")).isEqualTo("{\"name\":\"山田 太郎\",\"relation\":\"長男\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void datesAndTimestampsAreExactJapanLocalTimes(String vendor) throws Exception {
        String url = url(vendor);
        String station = STATION;
        // Just before and after midnight in Japan: a zone conversion anywhere would move the date.
        LocalDateTime lateNight = LocalDateTime.of(2024, 3, 31, 23, 59, 59);
        LocalDateTime earlyMorning = LocalDateTime.of(2024, 4, 1, 0, 30, 0, 123_456_000);
        try (JdbcStationOutput out = new JdbcStationOutput(url, station)) {
            try (BatchWriter w = out.openBatch(Entity.VISITS, "b1")) {
                w.write(visit("V1", "met", lateNight).with("visited_at", lateNight));
                w.write(visit("V2", "met", earlyMorning).with("visited_at", earlyMorning));
            }
            try (BatchWriter w = out.openBatch(Entity.UNITS, "b1")) {
                w.write(record(Entity.UNITS, Map.of(), "unit_id", "U1", "beat_code", "B01", "unit_kind", "household",
                        "registered_on", LocalDate.of(2024, 2, 29), "closed_on", LocalDate.of(1999, 12, 31),
                        "updated_at", T0));
            }
        }

        Map<String, Map<String, Object>> visits = byKey(rows(url, station, Entity.VISITS));
        assertThat(visits.get("V1")).containsEntry("visited_at", lateNight).containsEntry("updated_at", lateNight);
        assertThat(visits.get("V2")).containsEntry("visited_at", earlyMorning);
        Map<String, Object> unit = rows(url, station, Entity.UNITS).get(0);
        assertThat(unit).containsEntry("registered_on", LocalDate.of(2024, 2, 29))
                .containsEntry("closed_on", LocalDate.of(1999, 12, 31));
        // What the database itself holds, independent of the JVM's time zone.
        assertThat(query(url, "SELECT EXTRACT(DAY FROM visited_at), EXTRACT(HOUR FROM visited_at) FROM "
                + SqlDialect.forUrl(url).quote(table(station, Entity.VISITS)) + " ORDER BY visit_id", ResultSet::getInt))
                .containsExactly(List.of(31, 23), List.of(1, 0));
        assertThat(columnTypes(url, table(station, Entity.VISITS)).get("visited_at"))
                .isIn("timestamp without time zone", "datetime");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void typedValuesNullsAndPlantedDefectsAreHeld(String vendor) throws Exception {
        String url = url(vendor);
        String station = STATION;
        try (JdbcStationOutput out = new JdbcStationOutput(url, station)) {
            try (BatchWriter w = out.openBatch(Entity.VISITS, "b1")) {
                w.write(visit("V1", "met", T0).with("topics", new int[] {1, 3}).with("concerns_count", 2)
                        .with("dedicated_day", true));
                w.write(visit("V2", "met", T0).with("topics", new int[0]));
                // Planted defects a typed table can hold: a null required field, an unknown enum
                // value (also as raw text), a date in the future.
                w.write(visit("V3", null, T0));
                w.write(visit("V4", "maybe", T0).with("card_action", new RawValue("作成")));
                w.write(visit("V5", "met", T0).with("visited_at", LocalDateTime.of(2099, 1, 1, 0, 0)));

                assertThatThrownBy(() -> w.write(visit("V6", "met", T0).with("visited_at", new RawValue("令和6年"))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("Cannot write raw value '令和6年' to jdbc: column visits.visited_at");
                assertThatThrownBy(() -> w.write(visit("V7", "met", T0).with("concerns_count", "2")))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Cannot write String");
                assertThatThrownBy(() -> w.writeRawLine(new byte[] {'{'}))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("Cannot write a raw line");
                assertThatThrownBy(() -> w.write(visit(null, "met", T0)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no visit_id");
            }
        }

        Map<String, Map<String, Object>> byKey = byKey(rows(url, station, Entity.VISITS));
        assertThat(byKey).containsOnlyKeys("V1", "V2", "V3", "V4", "V5");
        assertThat(byKey.get("V1")).containsEntry("topics", "1,3").containsEntry("concerns_count", 2)
                .containsEntry("dedicated_day", true);
        assertThat(byKey.get("V2")).containsEntry("topics", "").containsEntry("concerns_count", null);
        assertThat(byKey.get("V3")).containsEntry("outcome", null);
        assertThat(byKey.get("V4")).containsEntry("outcome", "maybe").containsEntry("card_action", "作成");
        assertThat(byKey.get("V5")).containsEntry("visited_at", LocalDateTime.of(2099, 1, 1, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void incompleteBatchIsRolledBackAndDropRemovesTheStation(String vendor) throws Exception {
        String url = url(vendor);
        String station = STATION;
        // A neighbour in the same database whose table names start with the station's prefix.
        String neighbour = "S003_B";
        try (JdbcStationOutput out = new JdbcStationOutput(url, neighbour);
             BatchWriter w = out.openBatch(Entity.VISITS, "b1")) {
            w.write(visit("N1", "met", T0));
        }
        JdbcStationOutput closed;
        try (JdbcStationOutput out = new JdbcStationOutput(url, station)) {
            closed = out;
            try (BatchWriter w = out.openBatch(Entity.VISITS, "b1")) {
                w.write(visit("V1", "met", T0));
            }
            BatchWriter unfinished = out.openBatch(Entity.VISITS, "b2");
            unfinished.write(visit("V2", "met", T0));
            // The same key again sends the first row to the database: the rollback must take it back.
            unfinished.write(visit("V2", "absent", T0.plusMinutes(1)));
            unfinished.close(false);
            // A batch still open when the output closes is rolled back too.
            BatchWriter abandoned = out.openBatch(Entity.UNITS, "b3");
            abandoned.write(record(Entity.UNITS, Map.of(), "unit_id", "U1", "updated_at", T0));
            abandoned.write(record(Entity.UNITS, Map.of(), "unit_id", "U1", "updated_at", T0.plusMinutes(1)));
        }
        assertThatThrownBy(() -> closed.openBatch(Entity.UNITS, "b4")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThat(byKey(rows(url, station, Entity.VISITS))).containsOnlyKeys("V1");
        assertThat(rows(url, station, Entity.UNITS)).isEmpty();
        assertThat(JdbcStationOutput.listTables(url, station)).hasSize(Entity.values().length)
                .allMatch(t -> t.startsWith("s003_") && !t.startsWith("s003_b_"));

        JdbcStationOutput.dropStation(url, station);

        assertThat(JdbcStationOutput.listTables(url, station)).isEmpty();
        // Dropping one station leaves its neighbours' tables alone.
        assertThat(JdbcStationOutput.listTables(url, neighbour)).hasSize(Entity.values().length)
                .allMatch(t -> t.startsWith("s003_b_"));
        assertThat(ownTables(url)).containsExactlyInAnyOrderElementsOf(JdbcStationOutput.listTables(url, neighbour));
        assertThat(byKey(rows(url, neighbour, Entity.VISITS))).containsOnlyKeys("N1");
        // Dropping a station that has no tables is a no-op.
        JdbcStationOutput.dropStation(url, station);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void batchesOfDifferentEntitiesMayBeOpenAtOnceAndBothLand(String vendor) throws Exception {
        String url = url(vendor);
        String station = STATION;
        // Enough visits that some are sent to the database while the units batch is still open.
        int n = JdbcBatchWriter.ROWS_PER_EXECUTE + 200;
        int unitCount = 0;
        try (JdbcStationOutput out = new JdbcStationOutput(url, station)) {
            BatchWriter visits = out.openBatch(Entity.VISITS, "b1");
            BatchWriter units = out.openBatch(Entity.UNITS, "b1");
            for (int i = 0; i < n; i++) {
                visits.write(visit(String.format("V%05d", i), "met", T0.plusSeconds(i)));
                if (i % 100 == 0) {
                    units.write(record(Entity.UNITS, Map.of("address", "住所 " + i), "unit_id",
                            String.format("U%05d", i), "beat_code", "B01", "unit_kind", "household",
                            "registered_on", LocalDate.of(2024, 2, 29), "updated_at", T0.plusSeconds(i)));
                    unitCount++;
                }
            }
            units.close(true);
            // The units are committed while the visits batch is still open.
            assertThat(rows(url, station, Entity.UNITS)).hasSize(unitCount);
            visits.write(visit("V00001", "absent", T0.plusDays(1)));
            visits.write(visit("VLAST", "met", T0.plusDays(1)));
            visits.close(true);
        }

        Map<String, Map<String, Object>> visits = byKey(rows(url, station, Entity.VISITS));
        assertThat(visits).hasSize(n + 1);
        assertThat(visits.get("V00000")).containsEntry("outcome", "met").containsEntry("updated_at", T0)
                .containsEntry("notes", "留守 V00000");
        assertThat(visits.get("V00001")).containsEntry("outcome", "absent").containsEntry("updated_at", T0.plusDays(1));
        assertThat(visits.get(String.format("V%05d", n - 1))).containsEntry("updated_at", T0.plusSeconds(n - 1));
        assertThat(visits.get("VLAST")).containsEntry("deleted", false);
        Map<String, Map<String, Object>> units = byKey(rows(url, station, Entity.UNITS));
        assertThat(units).hasSize(unitCount).hasSize(12);
        assertThat(units.get("U01100")).containsEntry("address", "住所 1100").containsEntry("unit_kind", "household")
                .containsEntry("registered_on", LocalDate.of(2024, 2, 29)).containsEntry("updated_at", T0.plusSeconds(1100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void sameRecordsGiveTheSameTableContents(String vendor) throws Exception {
        String url = url(vendor);
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(visit("V" + i, i % 3 == 0 ? "met" : "absent", T0.plusMinutes(i))
                    .with("topics", new int[] {1 + i % 5}));
        }
        records.add(tombstone(Entity.VISITS, "V7", T0.plusDays(1)));
        // Two stations in one database, each in tables of its own.
        String first = STATION;
        String second = "S004";
        for (String station : List.of(first, second)) {
            try (JdbcStationOutput out = new JdbcStationOutput(url, station);
                 BatchWriter w = out.openBatch(Entity.VISITS, "b1")) {
                for (SourceRecord r : records) {
                    w.write(r);
                }
            }
        }

        assertThat(rows(url, second, Entity.VISITS)).isEqualTo(rows(url, first, Entity.VISITS)).hasSize(50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aBatchOfThousandsIsFast(String vendor) throws Exception {
        String url = url(vendor);
        String station = STATION;
        int n = 5000;
        try (JdbcStationOutput out = new JdbcStationOutput(url, station)) {
            long start = System.nanoTime();
            try (BatchWriter w = out.openBatch(Entity.VISITS, "b1")) {
                for (int i = 0; i < n; i++) {
                    w.write(visit(String.format("V%06d", i), "met", T0.plusSeconds(i)).with("topics", new int[] {1, 2}));
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%s: %d visits upserted in %d ms%n", vendor, n, millis);
            assertThat(millis).as("ms for %d rows", n).isLessThan(15_000);
        }
        assertThat(query(url, "SELECT COUNT(*) FROM " + SqlDialect.forUrl(url).quote(table(station, Entity.VISITS)),
                ResultSet::getInt)).containsExactly(List.of(n));
    }

    // ---- records -------------------------------------------------------------------------

    private static SourceRecord record(Entity entity, Map<String, Object> personal, Object... namesAndValues) {
        Object[] values = new Object[entity.fields().size()];
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values[entity.index((String) namesAndValues[i])] = namesAndValues[i + 1];
        }
        return new SourceRecord(entity, values, personal);
    }

    private static SourceRecord visit(String id, String outcome, LocalDateTime updatedAt) {
        return record(Entity.VISITS, id == null ? Map.of() : Map.of("notes", "留守 " + id),
                "visit_id", id, "unit_id", "U-" + id, "officer_id", "O1", "visited_at", T0.minusHours(1),
                "outcome", outcome, "card_action", "none", "updated_at", updatedAt);
    }

    private static SourceRecord tombstone(Entity entity, String key, LocalDateTime updatedAt) {
        return record(entity, Map.of(), entity.key(), key, "updated_at", updatedAt, "deleted", true);
    }

    // ---- reading back ---------------------------------------------------------------------

    /** All rows ordered by key; column values as java.time / String / Integer / Boolean. */
    private static List<Map<String, Object>> rows(String url, String station, Entity entity) throws SQLException {
        SqlDialect d = SqlDialect.forUrl(url);
        String sql = "SELECT * FROM " + d.quote(table(station, entity)) + " ORDER BY "
                + d.quote(entity.key());
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String name = md.getColumnLabel(i);
                    String type = entity.hasField(name) ? entity.field(name).type().name() : "PERSONAL";
                    Object value = switch (type) {
                        case "DATE" -> rs.getObject(i, LocalDate.class);
                        case "TIMESTAMP" -> rs.getObject(i, LocalDateTime.class);
                        case "INT" -> rs.getObject(i) == null ? null : rs.getInt(i);
                        case "BOOL" -> rs.getObject(i) == null ? null : rs.getBoolean(i);
                        default -> rs.getString(i);
                    };
                    row.put(name, value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            byKey.put((String) row.values().iterator().next(), row);
        }
        return byKey;
    }

    /** How a column of a query's row is read. */
    @FunctionalInterface
    private interface Column {
        Object get(ResultSet rs, int index) throws SQLException;
    }

    private static List<List<Object>> query(String url, String sql, Column column) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Object[] row = new Object[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = column.get(rs, i + 1);
                }
                rows.add(Arrays.asList(row));
            }
        }
        return rows;
    }

    /** The SQL of the connection's own schema (PostgreSQL) or database (MariaDB). */
    private static String currentSchema(String url) {
        return url.startsWith("jdbc:mariadb:") ? "DATABASE()" : "current_schema()";
    }

    /** The database a URL names, e.g. {@code junkai_test_…} in {@code jdbc:mariadb://h:3306/junkai_test_…?user=root}. */
    private static String databaseName(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return base.substring(base.lastIndexOf('/') + 1);
    }

    /** Every table of the URL's database (PostgreSQL: its current schema), sorted by name in Java. */
    private static List<String> ownTables(String url) throws SQLException {
        List<String> names = new ArrayList<>();
        for (List<Object> row : query(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                + currentSchema(url), ResultSet::getString)) {
            names.add((String) row.get(0));
        }
        Collections.sort(names);
        return names;
    }

    private static List<String> columns(String url, String table) throws SQLException {
        return new ArrayList<>(columnTypes(url, table).keySet());
    }

    private static Map<String, String> columnTypes(String url, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(
                "SELECT column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = " + currentSchema(url) + " AND table_name = ? ORDER BY ordinal_position")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2).toLowerCase());
                }
            }
        }
        return types;
    }

    /**
     * Index columns through JDBC metadata, in the connection's own schema (PostgreSQL) or database
     * (MariaDB, whose driver calls a database a catalog).
     */
    private static List<String> indexColumns(String url, String table, String index) throws SQLException {
        Map<Short, String> columns = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url)) {
            DatabaseMetaData md = c.getMetaData();
            boolean catalogs = url.startsWith("jdbc:mariadb:");
            try (ResultSet rs = md.getIndexInfo(catalogs ? c.getCatalog() : null, catalogs ? null : c.getSchema(),
                    table, false, false)) {
                while (rs.next()) {
                    if (index.equals(rs.getString("INDEX_NAME"))) {
                        columns.put(rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
                    }
                }
            }
        }
        return new ArrayList<>(columns.values());
    }

    private static List<String> primaryKey(String url, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = url.startsWith("jdbc:mariadb:") ? c.getMetaData().getPrimaryKeys(c.getCatalog(), null, table)
                     : c.getMetaData().getPrimaryKeys(null, c.getSchema(), table)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }
}
