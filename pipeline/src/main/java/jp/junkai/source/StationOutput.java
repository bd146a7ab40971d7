package jp.junkai.source;

import java.io.IOException;

import jp.junkai.schema.Entity;

/**
 * Where a simulated station system puts its exports: an inbox folder (file flavours) or the
 * station's own database ({@code jdbc}). One instance per station.
 */
public interface StationOutput extends AutoCloseable {

    /**
     * Opens the batch {@code batchName} of one entity. File flavours write
     * {@code <inbox>/<station>/<entity>/<batchName>.<ext>} and its {@code .done} marker on close;
     * the {@code jdbc} flavour upserts the records into the entity's table.
     */
    BatchWriter openBatch(Entity entity, String batchName) throws IOException;

    @Override
    void close() throws IOException;

    /** Receives the records of one batch, in order. */
    interface BatchWriter extends AutoCloseable {

        /** Writes one record; returns its 1-based line number in the batch file (0 for {@code jdbc}). */
        int write(SourceRecord record) throws IOException;

        /**
         * Writes one raw line (without line end) that no flavour would produce on its own: broken
         * syntax or bytes in the wrong encoding. Returns its line number. Unsupported by {@code jdbc}.
         */
        int writeRawLine(byte[] bytes) throws IOException;

        /** Finishes the batch; {@code complete=false} leaves a file flavour's batch without its marker. */
        void close(boolean complete) throws IOException;

        @Override
        default void close() throws IOException {
            close(true);
        }
    }
}
