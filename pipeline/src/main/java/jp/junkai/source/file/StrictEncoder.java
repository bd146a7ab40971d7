package jp.junkai.source.file;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes text in a stateless charset such as Windows-31J, refusing every character that would
 * not come back unchanged: unmappable characters (which a lenient encoder turns into {@code ?})
 * and one-way mappings (Java's Windows-31J writes {@code ¥} as {@code \}). Writers must fail
 * loudly rather than change station data silently.
 *
 * <p>Works from a per-charset table of the bytes of every BMP character, built once, so
 * encoding a line is one table look-up per character. Characters outside the BMP are refused.
 * Not thread-safe (reuses its byte buffer); the tables are shared.
 */
final class StrictEncoder {

    private static final Map<Charset, int[]> TABLES = new ConcurrentHashMap<>();

    /** Per char: 0 when refused, else (byte count &lt;&lt; 24) | the bytes, first byte highest. */
    private final int[] table;
    private byte[] bytes = new byte[1024];
    private int length;

    StrictEncoder(Charset charset) {
        this.table = TABLES.computeIfAbsent(charset, StrictEncoder::buildTable);
    }

    /**
     * Encodes {@code text} into this encoder's buffer ({@link #bytes()}, {@link #length()}).
     *
     * @return -1 on success, else the index of the first refused character (the buffer is then undefined)
     */
    int encode(CharSequence text) {
        int n = text.length();
        if (bytes.length < n * 3) {
            bytes = new byte[Math.max(n * 3, bytes.length * 2)];
        }
        int out = 0;
        for (int i = 0; i < n; i++) {
            int code = table[text.charAt(i)];
            if (code == 0) {
                return i;
            }
            int count = code >>> 24;
            if (count == 1) {
                bytes[out++] = (byte) code;
            } else if (count == 2) {
                bytes[out++] = (byte) (code >>> 8);
                bytes[out++] = (byte) code;
            } else {
                bytes[out++] = (byte) (code >>> 16);
                bytes[out++] = (byte) (code >>> 8);
                bytes[out++] = (byte) code;
            }
        }
        length = out;
        return -1;
    }

    /** The buffer holding the last encoded text. */
    byte[] bytes() {
        return bytes;
    }

    /** The number of bytes of the last encoded text. */
    int length() {
        return length;
    }

    private static int[] buildTable(Charset charset) {
        CharsetEncoder encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int[] table = new int[0x10000];
        CharBuffer in = CharBuffer.allocate(1);
        ByteBuffer out = ByteBuffer.allocate(16);
        for (int c = 0; c < 0x10000; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            in.clear();
            in.put((char) c).flip();
            out.clear();
            encoder.reset();
            CoderResult r = encoder.encode(in, out, true);
            if (r.isError() || r.isOverflow() || encoder.flush(out).isError()) {
                continue;
            }
            out.flip();
            int count = out.remaining();
            if (count < 1 || count > 3) {
                continue;
            }
            byte[] b = new byte[count];
            out.get(b);
            if (!roundTrips(decoder, b, (char) c)) {
                continue;
            }
            int value = 0;
            for (byte x : b) {
                value = (value << 8) | (x & 0xFF);
            }
            table[c] = (count << 24) | value;
        }
        return table;
    }

    private static boolean roundTrips(CharsetDecoder decoder, byte[] b, char c) {
        try {
            decoder.reset();
            CharBuffer decoded = decoder.decode(ByteBuffer.wrap(b));
            return decoded.length() == 1 && decoded.charAt(0) == c;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
