package jp.junkai.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TestJdbcSqlDialect {

    @Test
    void theUrlChoosesTheDialect() {
        assertThat(SqlDialect.forUrl("jdbc:postgresql://127.0.0.1:5432/test?user=postgres"))
                .isInstanceOf(PostgresDialect.class);
        assertThat(SqlDialect.forUrl("jdbc:mariadb://127.0.0.1:3306/?user=root&password=")).isInstanceOf(MariaDbDialect.class);
        assertThatThrownBy(() -> SqlDialect.forUrl("jdbc:sqlserver://h;password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot choose a SQL dialect for jdbc:sqlserver://h: only jdbc:postgresql: and jdbc:mariadb: "
                        + "URLs are supported");
    }

    @Test
    void messagesNeverShowCredentials() {
        assertThat(SqlDialect.withoutCredentials("jdbc:postgresql://h:5432/db?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://h:5432/db");
        assertThat(SqlDialect.withoutCredentials("jdbc:mariadb://u:secret@h:3306/db")).isEqualTo("jdbc:mariadb://h:3306/db");
    }

    @Test
    void upsertsDifferOnlyInTheConflictClause() {
        List<String> columns = List.of("visit_id", "updated_at", "deleted");
        List<String> updated = columns.subList(1, 3);

        assertThat(SqlDialect.forUrl("jdbc:postgresql://h/db").upsert("st03", "visits", columns, "visit_id", updated))
                .isEqualTo("INSERT INTO \"st03\".\"visits\" (\"visit_id\", \"updated_at\", \"deleted\") VALUES (?, ?, ?)"
                        + " ON CONFLICT (\"visit_id\") DO UPDATE SET \"updated_at\" = EXCLUDED.\"updated_at\","
                        + " \"deleted\" = EXCLUDED.\"deleted\"");
        assertThat(SqlDialect.forUrl("jdbc:mariadb://h/db").upsert("st03", "visits", columns, "visit_id", updated))
                .isEqualTo("INSERT INTO `st03`.`visits` (`visit_id`, `updated_at`, `deleted`) VALUES (?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE `updated_at` = VALUES(`updated_at`), `deleted` = VALUES(`deleted`)");
    }

    @Test
    void tablesOfTheConnectionsOwnSchemaAreJustTheQuotedTable() {
        SqlDialect postgres = SqlDialect.forUrl("jdbc:postgresql://h/db");
        SqlDialect mariaDb = SqlDialect.forUrl("jdbc:mariadb://h/db");

        assertThat(postgres.qualified(null, "s003_visits")).isEqualTo("\"s003_visits\"");
        assertThat(mariaDb.qualified(null, "s003_visits")).isEqualTo("`s003_visits`");
        assertThat(postgres.qualified("st03", "visits")).isEqualTo("\"st03\".\"visits\"");
        assertThat(mariaDb.qualified("st03", "visits")).isEqualTo("`st03`.`visits`");
        // What a station's tables are written with: no schema anywhere in the statement.
        assertThat(postgres.upsert(null, "s003_visits", List.of("visit_id", "deleted"), "visit_id", List.of("deleted")))
                .isEqualTo("INSERT INTO \"s003_visits\" (\"visit_id\", \"deleted\") VALUES (?, ?)"
                        + " ON CONFLICT (\"visit_id\") DO UPDATE SET \"deleted\" = EXCLUDED.\"deleted\"");
        assertThat(mariaDb.createIndex(null, "s003_visits", "s003_visits_pull", List.of("updated_at", "visit_id")))
                .isEqualTo("CREATE INDEX IF NOT EXISTS `s003_visits_pull` ON `s003_visits` (`updated_at`, `visit_id`)");
    }

    @Test
    void tablePrefixesComeFromStationCodes() {
        assertThat(JdbcStationOutput.tablePrefix("ST03")).isEqualTo("st03_");
        assertThat(JdbcStationOutput.tablePrefix("S003")).isEqualTo("s003_");
        assertThat(JdbcStationOutput.tablePrefix("x".repeat(40))).isEqualTo("x".repeat(40) + "_");
        assertThatThrownBy(() -> JdbcStationOutput.tablePrefix("st-03; DROP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot name tables after station code 'st-03; DROP': only letters, digits and _ "
                        + "(at most 40) make portable table names");
        assertThatThrownBy(() -> JdbcStationOutput.tablePrefix("x".repeat(41)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot name tables after station code 'xxx");
        assertThatThrownBy(() -> JdbcStationOutput.tablePrefix(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot name tables after station code ''");
    }
}
