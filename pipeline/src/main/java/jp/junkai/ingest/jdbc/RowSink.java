package jp.junkai.ingest.jdbc;

import java.io.IOException;
import java.time.LocalDateTime;

import jp.junkai.source.file.ReadResult;

/**
 * Receives the rows of one {@link JdbcPull#read slice read}, in {@code (updated_at, key)} order.
 * An exception thrown here stops the read and reaches the caller unchanged.
 */
@FunctionalInterface
public interface RowSink {

    /**
     * One row, read through the same rules as the file read boundary.
     *
     * @param rowNumber the row's 1-based position in the slice's ordered result (its "line")
     * @param result    a {@link ReadResult.Parsed} record or a {@link ReadResult.Rejected} one
     *                  (never {@code Skipped})
     */
    void accept(long rowNumber, ReadResult result) throws IOException;

    /**
     * One row with its identity: the key and {@code updated_at} as the table holds them (null when
     * the column is null or blank), good or rejected. Codes and times only, never personal data.
     * A pull may deliver a row again (see {@link PullResult#unsettledRows()} and the overlap on
     * {@link JdbcPull}); this identity is how a sink recognises the repeat. The pull calls this
     * method; by default it passes the row on to {@link #accept(long, ReadResult)}.
     */
    default void accept(long rowNumber, String key, LocalDateTime updatedAt, ReadResult result) throws IOException {
        accept(rowNumber, result);
    }
}
