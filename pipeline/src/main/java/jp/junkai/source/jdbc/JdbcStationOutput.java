package jp.junkai.source.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

import jp.junkai.schema.Entity;
import jp.junkai.source.StationOutput;

/**
 * The database of one simulated {@code jdbc} station system (SPEC §1): one table per entity in
 * the database the URL names (PostgreSQL: its current schema), named by the station code in lower
 * case and {@link Entity#code()} ({@code s003_visits}). Stations share the database without
 * meeting, and dropping the database drops every station in it.
 *
 * <p>Table layout, which the pipeline's incremental pull reads:
 * <ul>
 *   <li>one column per field of {@link Entity#fields()}, named as the field: the key is the
 *       primary key (text); DATE fields are {@code date}; TIMESTAMP fields are a timestamp without
 *       time zone holding Japan local time; INT is an integer; BOOL a boolean; STRING and ENUM are
 *       text (varchar in MariaDB); topics are text such as {@code 1,3} (the empty text for no
 *       topic, null when unknown);
 *   <li>{@code updated_at} (timestamp, Japan local) and {@code deleted} (boolean, default false):
 *       a tombstone is a soft delete that keeps the row's other columns;
 *   <li>then one text column per personal field of
 *       {@link jp.junkai.source.sim.PersonalFields#of(Entity)}: a station system does hold personal
 *       data; lists and maps are JSON text with sorted keys;
 *   <li>an index on {@code (updated_at, key)} for incremental pulls.
 * </ul>
 *
 * <p>The URL is a PostgreSQL ({@code jdbc:postgresql:}) or MariaDB ({@code jdbc:mariadb:}) URL;
 * user and password may be URL parameters. The tables are created when missing.
 * Batches are upserts: a re-sent record replaces the row. The same records give the same table
 * contents. One connection per station, used from one thread; several batches may be open at once
 * (a station system commits as it goes: closing a batch commits what was written so far). They
 * share one transaction, so {@code close(false)} on one batch also rolls back what the others
 * sent and did not commit yet; the simulator never leaves a {@code jdbc} batch unfinished.
 */
public final class JdbcStationOutput implements StationOutput {

    /** Schema names are made from station codes; anything else could not be quoted safely everywhere. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z0-9_]{1,40}");

    private final String stationCode;
    private final String tablePrefix;
    private final String where;
    private final Connection connection;
    private final Map<Entity, EntityTable> tables = new EnumMap<>(Entity.class);
    private final java.util.Set<JdbcBatchWriter> openBatches = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private boolean closed;

    /**
     * Connects to the station's database and creates the nine entity tables
     * unless they exist.
     *
     * @throws IOException when the database cannot be reached or refuses the DDL
     */
    public JdbcStationOutput(String jdbcUrl, String stationCode) throws IOException {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        SqlDialect dialect = SqlDialect.forUrl(jdbcUrl);
        this.stationCode = stationCode;
        this.tablePrefix = tablePrefix(stationCode);
        this.where = "station " + stationCode + " (" + dialect.name() + " " + SqlDialect.withoutCredentials(jdbcUrl)
                + ", tables " + tablePrefix + "*)";
        for (Entity entity : Entity.values()) {
            tables.put(entity, new EntityTable(dialect, tablePrefix, entity));
        }
        try {
            this.connection = connect(jdbcUrl, dialect);
        } catch (SQLException e) {
            throw new IOException("Cannot connect to the database of " + where + ": " + e.getMessage(), e);
        }
        try (Statement ddl = connection.createStatement()) {
            for (EntityTable table : tables.values()) {
                for (String sql : table.createStatements()) {
                    ddl.execute(sql);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            closeConnection(e);
            throw new IOException("Cannot create the tables of " + where + ": " + e.getMessage(), e);
        }
    }

    /** What a station's table names start with: its code in lower case and {@code _}. */
    public static String tablePrefix(String stationCode) {
        Objects.requireNonNull(stationCode, "stationCode");
        String name = stationCode.toLowerCase(Locale.ROOT);
        if (!SCHEMA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Cannot name tables after station code '" + stationCode
                    + "': only letters, digits and _ (at most 40) make portable table names");
        }
        return name + "_";
    }

    public String stationCode() {
        return stationCode;
    }

    /** What this station's table names start with, e.g. {@code s003_}. */
    public String tablePrefix() {
        return tablePrefix;
    }

    /**
     * Opens a batch that upserts records into the entity's table, committed when closed with
     * {@code complete = true}. {@link BatchWriter#writeRawLine(byte[])} is unsupported: bad input
     * in a {@code jdbc} station is a value a typed table can hold. A {@link jp.junkai.source.RawValue}
     * is written as its text into a text column and refused ({@link IllegalArgumentException}) by
     * a typed one.
     */
    @Override
    public BatchWriter openBatch(Entity entity, String batchName) throws IOException {
        if (closed) {
            throw new IllegalStateException("Cannot open batch " + batchName + " of " + entity.code() + ": "
                    + where + " is closed");
        }
        String description = "batch " + batchName + " of " + entity.code() + " in " + where;
        try {
            JdbcBatchWriter[] self = new JdbcBatchWriter[1];
            self[0] = new JdbcBatchWriter(connection, tables.get(entity), description, () -> openBatches.remove(self[0]));
            openBatches.add(self[0]);
            return self[0];
        } catch (SQLException e) {
            throw new IOException("Cannot open " + description + ": " + e.getMessage(), e);
        }
    }

    /** Closes the connection; a batch still open is rolled back. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (JdbcBatchWriter batch : List.copyOf(openBatches)) {
                batch.close(false);
            }
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IOException("Cannot close the connection of " + where + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Drops a station's tables, if they exist: a fresh simulation starts the station's database over.
     */
    public static void dropStation(String jdbcUrl, String stationCode) throws IOException {
        SqlDialect dialect = SqlDialect.forUrl(jdbcUrl);
        String prefix = tablePrefix(stationCode);
        try (Connection c = connect(jdbcUrl, dialect); Statement s = c.createStatement()) {
            for (Entity entity : Entity.values()) {
                s.execute("DROP TABLE IF EXISTS " + dialect.quote(prefix + entity.code()));
            }
            c.commit();
        } catch (SQLException e) {
            throw new IOException("Cannot drop the tables " + prefix + "* of station " + stationCode + " in "
                    + SqlDialect.withoutCredentials(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    /** The tables of a station, sorted by name; empty when there are none. */
    public static List<String> listTables(String jdbcUrl, String stationCode) throws IOException {
        SqlDialect dialect = SqlDialect.forUrl(jdbcUrl);
        String prefix = tablePrefix(stationCode);
        // The nine names exactly, not every name with the prefix: station S003_B's tables start with s003_ too.
        java.util.Set<String> own = new java.util.HashSet<>();
        for (Entity entity : Entity.values()) {
            own.add(prefix + entity.code());
        }
        List<String> names = new ArrayList<>();
        try (Connection c = connect(jdbcUrl, dialect);
             PreparedStatement s = c.prepareStatement(dialect.listOwnTablesQuery());
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (own.contains(name)) {
                    names.add(name);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IOException("Cannot list the tables " + prefix + "* in "
                    + SqlDialect.withoutCredentials(jdbcUrl) + ": " + e.getMessage(), e);
        }
        Collections.sort(names);
        return names;
    }

    private static Connection connect(String jdbcUrl, SqlDialect dialect) throws SQLException {
        Properties properties = dialect.connectionProperties();
        Connection c = DriverManager.getConnection(jdbcUrl, properties);
        c.setAutoCommit(false);
        return c;
    }

    private void closeConnection(Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
