package jp.junkai.source.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import jp.junkai.schema.Entity;
import jp.junkai.source.StationOutput;

/**
 * What both file flavours share: one buffered data file, physical line numbers, raw lines, and
 * the {@code .done} marker created only after the data file is flushed and closed.
 */
abstract class FileBatchWriter implements StationOutput.BatchWriter {

    /** Large enough that a prefecture's tens of millions of records cost few system calls. */
    static final int BUFFER_BYTES = 256 * 1024;

    protected final Path file;
    protected final Entity entity;
    protected final OutputStream out;
    private final Consumer<FileBatchWriter> onClose;
    private int lines;
    private boolean closed;

    FileBatchWriter(Path file, Entity entity, Consumer<FileBatchWriter> onClose) throws IOException {
        this.file = file;
        this.entity = entity;
        this.onClose = onClose;
        // An unfinished earlier attempt (no marker) is overwritten from scratch.
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), BUFFER_BYTES);
    }

    /** The flavour's line end in bytes. */
    protected abstract byte[] lineEnd();

    /** Moves anything the subclass buffers itself into {@link #out} (before raw bytes and on close). */
    protected void drain() throws IOException {
    }

    /** Counts one more physical line and returns its 1-based number. */
    protected final int nextLine() {
        return ++lines;
    }

    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Cannot write to batch " + file + ": it is closed");
        }
    }

    @Override
    public final int writeRawLine(byte[] bytes) throws IOException {
        ensureOpen();
        drain();
        out.write(bytes);
        out.write(lineEnd());
        return nextLine();
    }

    @Override
    public final void close(boolean complete) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        try (OutputStream o = out) {
            drain();
        }
        if (complete) {
            // Only now: a reader that sees the marker sees the whole file.
            Files.write(FileStationOutput.markerFile(file), new byte[0]);
        }
    }
}
