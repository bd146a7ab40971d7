package jp.junkai.source.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import jp.junkai.source.RawValue;
import jp.junkai.source.SourceRecord;
import jp.junkai.source.StationOutput;

/**
 * Upserts the records of one batch into one entity table, in JDBC batches, as one transaction:
 * committed by {@code close(true)}, rolled back by {@code close(false)} (a batch the station
 * system has not finished is invisible to a pull, like a file without its marker).
 *
 * <p>Records take effect in the order written. Rows wait in a JDBC batch of one statement at a
 * time; the batch is executed before a record needs the other statement (live record after a
 * tombstone or back) and before a key comes a second time, because PostgreSQL's rewritten
 * multi-row {@code INSERT … ON CONFLICT} cannot touch the same row twice.
 */
final class JdbcBatchWriter implements StationOutput.BatchWriter {

    /** Rows per executed JDBC batch: large enough for speed, small enough to bound memory. */
    static final int ROWS_PER_EXECUTE = 1000;

    private final Connection connection;
    private final EntityTable table;
    private final String description;
    private final Runnable onClose;
    private final PreparedStatement upsert;
    private final PreparedStatement tombstone;
    private final Set<String> pendingKeys = new HashSet<>();
    private PreparedStatement pending;
    private boolean closed;

    JdbcBatchWriter(Connection connection, EntityTable table, String description, Runnable onClose)
            throws SQLException {
        this.connection = connection;
        this.table = table;
        this.description = description;
        this.onClose = onClose;
        this.upsert = connection.prepareStatement(table.upsertSql());
        PreparedStatement t;
        try {
            t = connection.prepareStatement(table.tombstoneSql());
        } catch (SQLException e) {
            upsert.close();
            throw e;
        }
        this.tombstone = t;
    }

    @Override
    public int write(SourceRecord record) throws IOException {
        if (closed) {
            throw new IllegalStateException("Cannot write to " + description + ": the batch is closed");
        }
        if (record.entity() != table.entity()) {
            throw new IllegalArgumentException("Cannot write a " + record.entity().code() + " record to "
                    + description + ": the batch holds " + table.entity().code());
        }
        String key = keyText(record.values()[0]);
        if (key == null) {
            throw new IllegalArgumentException("Cannot write " + table.entity().code() + " record to jdbc: "
                    + "it has no " + table.entity().key() + ", and a table row needs its primary key");
        }
        PreparedStatement target = record.deleted() ? tombstone : upsert;
        try {
            if (pending != null && (pending != target || pendingKeys.contains(key)
                    || pendingKeys.size() >= ROWS_PER_EXECUTE)) {
                executePending();
            }
            if (target == tombstone) {
                table.bindTombstone(target, record);
            } else {
                table.bindUpsert(target, record);
            }
            target.addBatch();
        } catch (SQLException e) {
            throw failure("write record " + key, e);
        }
        pending = target;
        pendingKeys.add(key);
        return 0;
    }

    @Override
    public int writeRawLine(byte[] bytes) {
        throw new UnsupportedOperationException("Cannot write a raw line to " + description
                + ": a jdbc station holds typed rows, not lines (plant defects as values instead)");
    }

    @Override
    public void close(boolean complete) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (complete) {
                executePending();
                connection.commit();
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw failure(complete ? "commit" : "roll back", e);
        } finally {
            closeQuietly(upsert);
            closeQuietly(tombstone);
            onClose.run();
        }
    }

    private void executePending() throws SQLException {
        if (pending != null) {
            pending.executeBatch();
            pending = null;
            pendingKeys.clear();
        }
    }

    private static String keyText(Object key) {
        if (key instanceof RawValue raw) {
            return raw.text();
        }
        return key == null ? null : key.toString();
    }

    private IOException failure(String what, SQLException e) {
        StringBuilder message = new StringBuilder("Cannot ").append(what).append(" in ").append(description)
                .append(": ").append(e.getMessage());
        // A batch failure's own message is generic; the cause is the next exception in the chain.
        SQLException next = e.getNextException();
        if (next != null && next != e) {
            message.append(" (").append(next.getMessage()).append(')');
        }
        return new IOException(message.toString(), e);
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // The transaction is already settled; a statement that fails to close changes nothing.
        }
    }
}
