package jp.junkai.source.file;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation of raw bytes (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), so readers can tell {@code wrong_encoding} from {@code broken_line} before any
 * parser sees the bytes.
 */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /** True when the bytes are well-formed UTF-8. */
    static boolean isValid(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            // Most of a line is ASCII: test eight bytes at a time for a high bit.
            while (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= end) {
                break;
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + need >= end) {
                return false;
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cont = b[i + k] & 0xFF;
                if ((cont & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cont & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    /** True when some byte is outside ASCII. */
    static boolean hasNonAscii(byte[] b, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i + 8 <= end) {
            if (((long) LONGS.get(b, i) & HIGH_BITS) != 0) {
                return true;
            }
            i += 8;
        }
        for (; i < end; i++) {
            if (b[i] < 0) {
                return true;
            }
        }
        return false;
    }
}
