package jp.junkai.ingest.jdbc;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Field;
import jp.junkai.source.file.ReadResult;
import jp.junkai.source.jdbc.SqlDialect;

/**
 * The incremental pull of one entity table of one {@code jdbc} station (SPEC §1, issue 3 item 3;
 * table layout on {@link jp.junkai.source.jdbc.JdbcStationOutput}). Plain JDBC, no Spark:
 * {@link #plan} splits the rows after a {@link Watermark} into {@link Slice}s, and {@link #read}
 * streams one slice through the read boundary into a {@link RowSink}. An instance holds no
 * connection and no state: {@code plan} and every {@code read} open a connection of their own, so
 * several slices may be read at once from several threads or Spark tasks.
 *
 * <h2>What is read</h2>
 * Only the allow-listed columns, by name ({@link Entity#fields()}: key, attributes,
 * {@code updated_at}, {@code deleted}), never {@code *}: the personal columns beside them are
 * never selected, so they never leave the database. Values follow the rules of the file read
 * boundary (see {@link RowConverter}); a row with {@code deleted} true is a tombstone (key,
 * {@code updated_at} and {@code deleted} only).
 *
 * <h2>The watermark</h2>
 * Rows come in {@code (updated_at, key)} order. The watermark moves over every row whose
 * {@code updated_at} is at most the pull time, good or rejected (a rejected row is quarantined;
 * reading it again forever would help nobody). Rows dated after the pull time are delivered
 * (valid up to one day ahead, {@code future_date} beyond) but do not move the watermark: a station
 * clock that runs ahead, or a row dated 2099, must not make the pull skip every row the station
 * writes until then. The next pull therefore delivers them again; so does it the rows whose
 * {@code updated_at} is null, which are read (as {@code missing_field}) by any slice starting at
 * {@link Watermark#START}. {@link PullResult#unsettledRows()} counts such rows, and
 * {@link RowSink#accept(long, String, LocalDateTime, ReadResult)} gives each row's identity
 * (key, {@code updated_at}) so that the ingest can count a repeat as a duplicate.
 *
 * <h2>Late commits</h2>
 * A row committed after a pull with an {@code updated_at} older than the watermark (a long
 * transaction, a station clock running behind) is never read by a pull that starts at the
 * watermark. The remedy is to pull from {@link Watermark#minus(java.time.Duration) an overlap
 * before the watermark} and count the repeats as duplicates (same key and {@code updated_at}).
 *
 * <h2>Errors</h2>
 * A database that cannot be reached, a missing table or column, a connection lost mid-read:
 * {@link IOException} "Cannot pull &lt;entity&gt; of station &lt;code&gt; from &lt;url&gt;: &lt;why&gt;",
 * with the URL's user info and parameters removed and the password masked wherever it appears.
 */
public final class JdbcPull implements Serializable {

    /** Below this many rows after the watermark, {@link #plan} makes one slice. */
    public static final long MIN_ROWS_TO_SPLIT = 50_000;
    /** Rows fetched from the server at a time while streaming. */
    static final int FETCH_SIZE = 2_000;

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)[?&;]password=([^&;]*)");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("//[^/@:]*:([^/@]*)@");

    private final String stationCode;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String table;
    private final Entity entity;
    private final transient SqlDialect dialect;
    private final String where;

    /**
     * A pull of the table of a station whose code is the table name's start: table
     * {@code s003_visits} of entity {@code visits} is station {@code S003} (the upper-case prefix,
     * as {@link jp.junkai.source.jdbc.JdbcStationOutput#tablePrefix} names tables); any other name
     * is taken as the station code. Use the other constructor to name the station.
     */
    public JdbcPull(String jdbcUrl, String user, String password, String table, Entity entity) {
        this(stationOf(table, entity), jdbcUrl, user, password, table, entity);
    }

    /**
     * @param stationCode for messages
     * @param jdbcUrl     {@code jdbc:postgresql:} or {@code jdbc:mariadb:} URL of the station's database
     * @param user        null when the URL carries it
     * @param password    null when the URL carries it (or none is needed)
     * @param table       the entity's table in the URL's database (PostgreSQL: its search path)
     * @param entity      what the table holds
     */
    public JdbcPull(String stationCode, String jdbcUrl, String user, String password, String table, Entity entity) {
        this.stationCode = Objects.requireNonNull(stationCode, "stationCode");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.user = user;
        this.password = password;
        this.table = Objects.requireNonNull(table, "table");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.dialect = SqlDialect.forUrl(jdbcUrl);
        this.where = entity.code() + " of station " + stationCode + " from " + SqlDialect.withoutCredentials(jdbcUrl);
    }

    private static String stationOf(String table, Entity entity) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(entity, "entity");
        String suffix = "_" + entity.code();
        return table.toLowerCase(Locale.ROOT).endsWith(suffix) && table.length() > suffix.length()
                ? table.substring(0, table.length() - suffix.length()).toUpperCase(Locale.ROOT)
                : table;
    }

    public String stationCode() {
        return stationCode;
    }

    public String table() {
        return table;
    }

    public Entity entity() {
        return entity;
    }

    /** {@link #plan(Watermark, int, long)} with {@link #MIN_ROWS_TO_SPLIT}. */
    public List<Slice> plan(Watermark from, int partitions) throws IOException {
        return plan(from, partitions, MIN_ROWS_TO_SPLIT);
    }

    /**
     * Splits the rows after {@code from} into at most {@code partitions} slices of about equal
     * row counts, in {@code (updated_at, key)} order: the slice edges are rows of the table
     * (quantiles by position), so rows sharing an {@code updated_at} are split by key and every
     * row falls in exactly one slice. Fewer than {@code minRowsToSplit} rows make one slice.
     * The last slice ends at the last row when planned; rows written later wait for the next pull.
     * Counts and edges come from one consistent snapshot (repeatable read).
     *
     * @return the slices in order; empty when there is nothing after {@code from}
     */
    public List<Slice> plan(Watermark from, int partitions, long minRowsToSplit) throws IOException {
        Objects.requireNonNull(from, "from");
        if (partitions < 1) {
            throw new IllegalArgumentException("Cannot plan a pull of " + where + " in " + partitions
                    + " partitions: at least 1");
        }
        try (Connection c = connect()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                List<Slice> slices = plan(c, from, partitions, minRowsToSplit);
                c.commit();
                return slices;
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private List<Slice> plan(Connection c, Watermark from, int partitions, long minRowsToSplit) throws SQLException {
        long rows;
        try (PreparedStatement s = c.prepareStatement(countSql(from))) {
            bindAfter(s, 1, from);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        if (rows == 0) {
            boolean nullRows = false;
            if (from.isStart()) {
                try (PreparedStatement s = c.prepareStatement(nullCountSql()); ResultSet rs = s.executeQuery()) {
                    rs.next();
                    nullRows = rs.getLong(1) > 0;
                }
            }
            return nullRows ? List.of(Slice.all(Watermark.START)) : List.of();
        }
        int n = rows < minRowsToSplit ? 1 : (int) Math.min(partitions, rows);
        List<Slice> slices = new ArrayList<>(n);
        Watermark lower = from;
        for (int k = 1; k <= n; k++) {
            // The last row of slice k: position k·rows/n (1-based) in the order.
            Watermark upper = k == n ? lastRow(c, from) : rowAt(c, from, k * rows / n - 1);
            if (upper == null) {
                throw new SQLException("the table changed while planning (no row at an edge)");
            }
            slices.add(new Slice(k - 1, lower, upper));
            lower = upper;
        }
        return slices;
    }

    private Watermark rowAt(Connection c, Watermark from, long offset) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(edgeSql(from, false, offset))) {
            bindAfter(s, 1, from);
            return edge(s);
        }
    }

    private Watermark lastRow(Connection c, Watermark from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(edgeSql(from, true, 0))) {
            bindAfter(s, 1, from);
            return edge(s);
        }
    }

    private Watermark edge(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            LocalDateTime t = rs.getObject(1, LocalDateTime.class);
            String key = rs.getString(2);
            return new Watermark(t, key);
        }
    }

    /**
     * Streams the rows of one slice, in {@code (updated_at, key)} order, through the read
     * boundary into {@code sink}: first (only when the slice starts at {@link Watermark#START}) the
     * rows without {@code updated_at}, by key, then the rows of the range. Row numbers count from 1
     * in that order.
     *
     * @param pullTime Japan local time of the pull: the future-date check and the watermark's limit
     * @throws IOException when the database cannot be reached or the query fails; what the sink
     *                     throws passes unchanged
     */
    public PullResult read(Slice slice, LocalDateTime pullTime, RowSink sink) throws IOException {
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(pullTime, "pullTime");
        Objects.requireNonNull(sink, "sink");
        RowConverter converter = new RowConverter(entity, pullTime);
        Reading reading = new Reading(converter, pullTime, sink);
        int updatedAt = entity.index(Entity.UPDATED_AT) + 1;
        try (Connection c = connect()) {
            try {
                if (slice.after().isStart()) {
                    try (PreparedStatement s = c.prepareStatement(nullRowsSql())) {
                        stream(s, reading, updatedAt);
                    }
                }
                try (PreparedStatement s = c.prepareStatement(readSql(slice))) {
                    int next = bindAfter(s, 1, slice.after());
                    bindThrough(s, next, slice.through());
                    stream(s, reading, updatedAt);
                }
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        } catch (SinkFailure e) {
            throw e.getCause();
        }
        return new PullResult(reading.rows, reading.rejected, reading.unsettled, reading.highest);
    }

    /** The state of one {@link #read}. */
    private static final class Reading {
        final RowConverter converter;
        final LocalDateTime pullTime;
        final RowSink sink;
        long rows;
        long rejected;
        long unsettled;
        Watermark highest;

        Reading(RowConverter converter, LocalDateTime pullTime, RowSink sink) {
            this.converter = converter;
            this.pullTime = pullTime;
            this.sink = sink;
        }
    }

    /** Carries a sink's {@link IOException} past the {@code SQLException} handling. */
    private static final class SinkFailure extends RuntimeException {
        SinkFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private void stream(PreparedStatement s, Reading r, int updatedAtColumn) throws SQLException {
        s.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String key = RowConverter.text(rs, 1);
                LocalDateTime at = RowConverter.time(rs, updatedAtColumn);
                ReadResult result = r.converter.convert(rs);
                r.rows++;
                if (result instanceof ReadResult.Rejected) {
                    r.rejected++;
                }
                if (at != null && !at.isAfter(r.pullTime)) {
                    // The watermark is the row as the table orders it, even when its key is blank.
                    r.highest = new Watermark(at, rs.getString(1));
                } else {
                    r.unsettled++;
                }
                try {
                    r.sink.accept(r.rows, key, at, result);
                } catch (IOException e) {
                    throw new SinkFailure(e);
                }
            }
        }
    }

    // ---- SQL -----------------------------------------------------------------------------

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    /** The allow-listed columns by name, in {@link Entity#fields()} order. */
    String columnList() {
        return entity.fields().stream().map(Field::name).map(this::q).collect(Collectors.joining(", "));
    }

    private String order(boolean descending) {
        String dir = descending ? " DESC" : "";
        return " ORDER BY " + q(Entity.UPDATED_AT) + dir + ", " + q(entity.key()) + dir;
    }

    /**
     * {@code (updated_at, key) > (?, ?)} written portably and so that an index on
     * {@code (updated_at, key)} gives a range: {@code updated_at >= ? AND (updated_at > ? OR key > ?)},
     * which is {@code updated_at > ? OR (updated_at = ? AND key > ?)}. Rows without
     * {@code updated_at} are outside every range.
     */
    private String afterCondition(Watermark after) {
        String u = q(Entity.UPDATED_AT);
        if (after.isStart()) {
            return u + " IS NOT NULL";
        }
        if (after.key() == null) {
            return u + " >= ?";
        }
        return u + " >= ? AND (" + u + " > ? OR " + q(entity.key()) + " > ?)";
    }

    /** {@code (updated_at, key) <= (?, ?)}, as {@link #afterCondition}. */
    private String throughCondition(Watermark through) {
        String u = q(Entity.UPDATED_AT);
        return u + " <= ? AND (" + u + " < ? OR " + q(entity.key()) + " <= ?)";
    }

    /** Binds {@link #afterCondition}'s parameters from {@code index}; returns the next index. */
    private static int bindAfter(PreparedStatement s, int index, Watermark after) throws SQLException {
        if (after.isStart()) {
            return index;
        }
        s.setObject(index++, after.updatedAt());
        if (after.key() != null) {
            s.setObject(index++, after.updatedAt());
            s.setString(index++, after.key());
        }
        return index;
    }

    private static void bindThrough(PreparedStatement s, int index, Watermark through) throws SQLException {
        if (through != null) {
            s.setObject(index++, through.updatedAt());
            s.setObject(index++, through.updatedAt());
            s.setString(index, through.key());
        }
    }

    /** The query of {@link #read}: the slice's rows, allow-listed columns only, in order. */
    String readSql(Slice slice) {
        String condition = "(" + afterCondition(slice.after()) + ")";
        if (slice.through() != null) {
            condition += " AND (" + throughCondition(slice.through()) + ")";
        }
        return "SELECT " + columnList() + " FROM " + q(table) + " WHERE " + condition + order(false);
    }

    /** The rows without {@code updated_at}, read by a slice that starts at {@link Watermark#START}. */
    String nullRowsSql() {
        return "SELECT " + columnList() + " FROM " + q(table) + " WHERE " + q(Entity.UPDATED_AT) + " IS NULL"
                + " ORDER BY " + q(entity.key());
    }

    String countSql(Watermark from) {
        return "SELECT COUNT(" + q(entity.key()) + ") FROM " + q(table) + " WHERE " + afterCondition(from);
    }

    String nullCountSql() {
        return "SELECT COUNT(" + q(entity.key()) + ") FROM " + q(table) + " WHERE " + q(Entity.UPDATED_AT) + " IS NULL";
    }

    /** The row at a 0-based position after {@code from}, or the last row. */
    String edgeSql(Watermark from, boolean last, long offset) {
        return "SELECT " + q(Entity.UPDATED_AT) + ", " + q(entity.key()) + " FROM " + q(table) + " WHERE "
                + afterCondition(from) + order(last) + " LIMIT 1" + (last ? "" : " OFFSET " + offset);
    }

    // ---- connections and errors ----------------------------------------------------------

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (!lower.contains("connecttimeout=")) {
            // An unreachable station fails within seconds, not minutes (PostgreSQL: s, MariaDB: ms).
            p.setProperty("connectTimeout", lower.startsWith("jdbc:postgresql:") ? "10" : "10000");
        }
        Connection c = DriverManager.getConnection(jdbcUrl, p);
        try {
            // PostgreSQL streams with a fetch size only inside a transaction; one snapshot per query anyway.
            c.setAutoCommit(false);
            c.setReadOnly(true);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException close) {
                e.addSuppressed(close);
            }
            throw e;
        }
        return c;
    }

    private static void rollbackQuietly(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private IOException failure(SQLException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName()
                // One line for the logs: PostgreSQL puts "Position: …" on a line of its own.
                : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        String message = mask("Cannot pull " + where + ": " + why);
        // The driver's exception goes along only when nothing in its chain names a secret.
        boolean clean = true;
        for (Throwable t = e; t != null && clean; t = t.getCause()) {
            clean = mask(String.valueOf(t.getMessage())).equals(String.valueOf(t.getMessage()));
        }
        return clean ? new IOException(message, e) : new IOException(message);
    }

    /** The text with the password (given or in the URL) replaced by {@code ***}. */
    String mask(String text) {
        String out = text;
        for (String secret : secrets()) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        for (Pattern p : new Pattern[] {URL_PASSWORD, USER_INFO_PASSWORD}) {
            Matcher m = p.matcher(jdbcUrl);
            while (m.find()) {
                if (!m.group(1).isEmpty()) {
                    secrets.add(m.group(1));
                }
            }
        }
        return secrets;
    }

    /** After deserialisation (Spark): the dialect again. */
    private Object readResolve() {
        return new JdbcPull(stationCode, jdbcUrl, user, password, table, entity);
    }

    @Override
    public String toString() {
        return "JdbcPull(" + where + ", table " + table + ")";
    }
}
