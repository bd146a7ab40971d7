package jp.junkai.source.jdbc;

import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import jp.junkai.schema.FieldType;

/** PostgreSQL: schemas inside the URL's database, {@code INSERT … ON CONFLICT … DO UPDATE}. */
public final class PostgresDialect implements SqlDialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public Properties connectionProperties() {
        Properties p = new Properties();
        // The driver turns a batch of single-row INSERTs into multi-row ones: several times faster.
        p.setProperty("reWriteBatchedInserts", "true");
        return p;
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String keyType() {
        return "text";
    }

    @Override
    public String columnType(FieldType type) {
        return switch (type) {
            case STRING, ENUM, TOPICS -> "text";
            case DATE -> "date";
            // Japan local wall time, as the station system shows it; no zone is stored.
            case TIMESTAMP -> "timestamp without time zone";
            case INT -> "integer";
            case BOOL -> "boolean";
        };
    }

    @Override
    public String textType() {
        return "text";
    }

    @Override
    public String tableOptions() {
        return "";
    }

    @Override
    public String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
    }

    @Override
    public String dropSchema(String schema) {
        return "DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE";
    }

    @Override
    public String onConflictUpdate(String key, List<String> updatedColumns) {
        return " ON CONFLICT (" + quote(key) + ") DO UPDATE SET " + updatedColumns.stream()
                .map(c -> quote(c) + " = EXCLUDED." + quote(c))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String listOwnTablesQuery() {
        return "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
    }
}
