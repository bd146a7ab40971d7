package jp.junkai.ingest;

import static org.apache.spark.sql.functions.broadcast;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sets that are usually small (the unknown units and officers of a run's visits) joined against data that
 * is usually large: counted first, and sent to every task when small, so that the large side is
 * never shuffled to meet them. Large sets fall back to an ordinary join.
 */
final class SmallSets {

    /** Sets up to this many rows are broadcast. */
    static final long BROADCAST_LIMIT = 1_000_000;

    private SmallSets() {
    }

    /** The set, cached (it is read twice: counted, then joined), with a broadcast hint when small. */
    static Dataset<Row> broadcastIfSmall(Dataset<Row> set) {
        Dataset<Row> cached = set.persist();
        return cached.count() <= BROADCAST_LIMIT ? broadcast(cached) : cached;
    }
}
