package jp.junkai.source.jdbc;

import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import jp.junkai.schema.FieldType;

/**
 * MariaDB: a schema is a database of the server, {@code INSERT … ON DUPLICATE KEY UPDATE}.
 * Text is {@code utf8mb4} with a binary collation, so that keys compare exactly as in
 * PostgreSQL ({@code U1} and {@code u1} are two keys) and Japanese text is stored whole.
 */
public final class MariaDbDialect implements SqlDialect {

    static final MariaDbDialect INSTANCE = new MariaDbDialect();

    private static final String CHARSET = "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    private MariaDbDialect() {
    }

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    public Properties connectionProperties() {
        Properties p = new Properties();
        // Connector/J 3 has no rewriteBatchedStatements; its bulk protocol for INSERT batches is
        // the fast path (default on, set here so that a URL elsewhere cannot silently lose it).
        p.setProperty("useBulkStmtsForInserts", "true");
        return p;
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String keyType() {
        // An indexed column needs a bounded length; 191 characters of utf8mb4 fit any InnoDB row format.
        return "varchar(191)";
    }

    @Override
    public String columnType(FieldType type) {
        return switch (type) {
            case STRING, ENUM, TOPICS -> "varchar(255)";
            case DATE -> "date";
            // DATETIME, not TIMESTAMP: MariaDB's TIMESTAMP converts through the session time zone.
            case TIMESTAMP -> "datetime(6)";
            case INT -> "int";
            case BOOL -> "boolean";
        };
    }

    @Override
    public String textType() {
        return "mediumtext";
    }

    @Override
    public String tableOptions() {
        return " ENGINE=InnoDB " + CHARSET;
    }

    @Override
    public String createSchema(String schema) {
        return "CREATE DATABASE IF NOT EXISTS " + quote(schema) + " " + CHARSET;
    }

    @Override
    public String dropSchema(String schema) {
        return "DROP DATABASE IF EXISTS " + quote(schema);
    }

    @Override
    public String onConflictUpdate(String key, List<String> updatedColumns) {
        return " ON DUPLICATE KEY UPDATE " + updatedColumns.stream()
                .map(c -> quote(c) + " = VALUES(" + quote(c) + ")")
                .collect(Collectors.joining(", "));
    }

    @Override
    public String listOwnTablesQuery() {
        return "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()";
    }
}
