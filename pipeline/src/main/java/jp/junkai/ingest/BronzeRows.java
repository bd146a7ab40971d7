package jp.junkai.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import jp.junkai.schema.Entity;
import jp.junkai.source.file.ReadResult;

/**
 * Turns what the read boundary made of one line into a bronze row ({@link jp.junkai.lake.LakeSchema#bronze}).
 * A rejected line keeps only its lineage and reason: its values may be personal data.
 */
final class BronzeRows {

    private BronzeRows() {
    }

    static Row of(Entity entity, String station, String batch, long line, ReadResult result) {
        int n = entity.fields().size();
        Object[] row = new Object[n + 5];
        if (result instanceof ReadResult.Parsed parsed) {
            Object[] values = parsed.values();
            // topics stay an int[]: Spark's row encoder takes primitive arrays as they are
            System.arraycopy(values, 0, row, 0, n);
        } else if (result instanceof ReadResult.Rejected rejected) {
            row[n + 3] = rejected.reason().code();
            row[n + 4] = rejected.field();
        } else {
            throw new IllegalArgumentException("Cannot make a bronze row of a skipped line");
        }
        row[n] = station;
        row[n + 1] = batch;
        row[n + 2] = line;
        return RowFactory.create(row);
    }

}
