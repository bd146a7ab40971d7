package jp.junkai.ingest.jdbc;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link JdbcPull#read slice read} took.
 *
 * @param rowsRead      rows handed to the sink, good or rejected
 * @param rejected      how many of them were {@link jp.junkai.source.file.ReadResult.Rejected}
 * @param unsettledRows how many of them do not move the watermark and will be read again by the
 *                      next pull: rows dated after the pull time (ahead of the pipeline's clock,
 *                      or {@code future_date} beyond one day) and rows without {@code updated_at}
 *                      (only read by a slice that starts at {@link Watermark#START})
 * @param highest       the {@code (updated_at, key)} of the last row that moves the watermark
 *                      (good or rejected), or null when the slice had none
 */
public record PullResult(long rowsRead, long rejected, long unsettledRows, Watermark highest) {

    public PullResult {
        if (highest != null && highest.isStart()) {
            throw new IllegalArgumentException("Cannot report START as the highest row read");
        }
    }

    /**
     * The watermark after a pull: the highest row of the last slice, in slice order, that moved
     * the watermark, or {@code from} when none did. Pass the results of every slice of one plan,
     * in slice order, and only when every slice was read completely: after a failed slice, keep
     * the old watermark (the next pull reads the rows again, which the ingest counts as
     * duplicates), since a later slice's watermark would skip the failed slice's rows.
     */
    public static Watermark next(Watermark from, List<PullResult> resultsInSliceOrder) {
        Objects.requireNonNull(from, "from");
        for (int i = resultsInSliceOrder.size() - 1; i >= 0; i--) {
            Watermark h = resultsInSliceOrder.get(i).highest();
            if (h != null) {
                return h;
            }
        }
        return from;
    }
}
