package jp.junkai.source.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

import jp.junkai.schema.FieldType;

/**
 * What differs between the databases a {@code jdbc} station system may run on: column types,
 * identifier quoting, schema DDL and the upsert clause. Callers ask the dialect and never branch
 * on the vendor themselves; {@link #forUrl(String)} picks the dialect from the JDBC URL.
 */
public interface SqlDialect {

    /** The dialect of a JDBC URL: {@code jdbc:postgresql:} or {@code jdbc:mariadb:}. */
    static SqlDialect forUrl(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:postgresql:")) {
            return PostgresDialect.INSTANCE;
        }
        if (url.startsWith("jdbc:mariadb:")) {
            return MariaDbDialect.INSTANCE;
        }
        throw new IllegalArgumentException("Cannot choose a SQL dialect for " + withoutCredentials(jdbcUrl)
                + ": only jdbc:postgresql: and jdbc:mariadb: URLs are supported");
    }

    /**
     * The URL without its parameters and user info, for messages: those may hold a password.
     */
    static String withoutCredentials(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "no URL";
        }
        String url = jdbcUrl;
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                url = url.substring(0, i);
            }
        }
        int authority = url.indexOf("//");
        int at = url.lastIndexOf('@');
        if (authority >= 0 && at > authority) {
            url = url.substring(0, authority + 2) + url.substring(at + 1);
        }
        return url;
    }

    /** A short name for messages, e.g. {@code PostgreSQL}. */
    String name();

    /** Driver properties that make {@code executeBatch} fast. */
    Properties connectionProperties();

    /** Quotes one identifier (schema, table, column or index name). */
    String quote(String identifier);

    /** {@code schema.table}, both quoted; just the table when the schema is null (the connection's own). */
    default String qualified(String schema, String table) {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    /** The column type of the primary key (a code). */
    String keyType();

    /** The column type of an entity field of this type. */
    String columnType(FieldType type);

    /** The column type of free text: personal data, nested values as JSON. */
    String textType();

    /** Text after {@code CREATE TABLE …( … )}: engine and collation where the vendor needs them. */
    String tableOptions();

    /** Creates a schema unless it exists (in MariaDB a schema is a database). */
    String createSchema(String schema);

    /** Drops a schema and everything in it, if it exists. */
    String dropSchema(String schema);

    /** Creates an index unless it exists. */
    default String createIndex(String schema, String table, String index, List<String> columns) {
        return "CREATE INDEX IF NOT EXISTS " + quote(index) + " ON " + qualified(schema, table) + " ("
                + columns.stream().map(this::quote).collect(Collectors.joining(", ")) + ")";
    }

    /** Lists the tables of a schema; one parameter, the schema name. */
    default String listTablesQuery() {
        return "SELECT table_name FROM information_schema.tables WHERE table_schema = ?";
    }

    /** Lists the tables of the connection's own schema (PostgreSQL) or database (MariaDB). */
    String listOwnTablesQuery();

    /**
     * An {@code INSERT} of {@code columns} (one {@code ?} each) that, when a row with the same
     * {@code key} exists, instead sets {@code updatedColumns} of that row to the new values.
     */
    default String upsert(String schema, String table, List<String> columns, String key,
                          List<String> updatedColumns) {
        String names = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        return "INSERT INTO " + qualified(schema, table) + " (" + names + ") VALUES (" + marks + ")"
                + onConflictUpdate(key, updatedColumns);
    }

    /** The vendor's clause that turns an {@code INSERT} into an upsert on {@code key}. */
    String onConflictUpdate(String key, List<String> updatedColumns);
}
