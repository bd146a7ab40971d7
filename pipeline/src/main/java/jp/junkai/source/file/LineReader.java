package jp.junkai.source.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a batch file into physical lines of raw bytes, numbered from 1 as the writers number
 * them ({@link jp.junkai.source.StationOutput.BatchWriter#write}). A line ends at {@code \n}
 * (its {@code \r}, if any, is left for the parser to drop); a last line without {@code \n}
 * still counts. No decoding happens here: encoding faults are per line, found by the parser.
 *
 * <pre>{@code
 * try (LineReader lines = new LineReader(in)) {
 *     while (lines.next()) {
 *         ReadResult r = parser.parse(lines.buffer(), 0, lines.length(), lines.lineNumber());
 *     }
 * }
 * }</pre>
 */
public final class LineReader implements Closeable {

    private static final int CHUNK = 256 * 1024;

    private final InputStream in;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkEnd;
    private boolean eof;
    private byte[] line = new byte[1024];
    private int length;
    private long lineNumber;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        length = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                if (eof || !fill()) {
                    if (!any) {
                        return false;
                    }
                    lineNumber++;
                    return true;
                }
            }
            any = true;
            int nl = -1;
            for (int i = chunkPos; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? chunkEnd : nl;
            append(chunkPos, end - chunkPos);
            if (nl >= 0) {
                chunkPos = nl + 1;
                lineNumber++;
                return true;
            }
            chunkPos = chunkEnd;
        }
    }

    /** The current line's bytes start at index 0 of this buffer (valid until the next call of {@link #next}). */
    public byte[] buffer() {
        return line;
    }

    /** The current line's length in bytes, without its {@code \n}. */
    public int length() {
        return length;
    }

    /** The current line's 1-based number. */
    public long lineNumber() {
        return lineNumber;
    }

    /** A copy of the current line. */
    public byte[] copy() {
        return Arrays.copyOf(line, length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, CHUNK);
        while (n == 0) {
            n = in.read(chunk, 0, CHUNK);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        chunkPos = 0;
        chunkEnd = n;
        return true;
    }

    private void append(int from, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(chunk, from, line, length, count);
        length += count;
    }
}
