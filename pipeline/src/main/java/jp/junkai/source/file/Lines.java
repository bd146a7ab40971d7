package jp.junkai.source.file;

/** Byte-level line edges shared by the parsers: the byte-order mark, {@code \r}, blank lines. */
final class Lines {

    private Lines() {
    }

    /** True when the range starts with a UTF-8 byte-order mark (EF BB BF). */
    /**
     * Where a line's content starts: after a UTF-8 byte-order mark on line 1 (ignored, SPEC §6.5);
     * -1 when a byte-order mark starts a later line, which makes it a broken line.
     */
    static int contentStart(byte[] b, int offset, int length, long lineNumber) {
        if (!startsWithBom(b, offset, offset + length)) {
            return offset;
        }
        return lineNumber == 1 ? offset + 3 : -1;
    }

    static boolean startsWithBom(byte[] b, int from, int end) {
        return end - from >= 3 && b[from] == (byte) 0xEF && b[from + 1] == (byte) 0xBB && b[from + 2] == (byte) 0xBF;
    }

    /** {@code from}, moved past a byte-order mark if the range starts with one. */
    static int skipBom(byte[] b, int from, int end) {
        return startsWithBom(b, from, end) ? from + 3 : from;
    }

    /** {@code end}, moved before a trailing {@code \r} (a CRLF line end) if there is one. */
    static int dropCarriageReturn(byte[] b, int from, int end) {
        return end > from && b[end - 1] == '\r' ? end - 1 : end;
    }

    /** True when the range holds only spaces and tabs (or nothing). */
    static boolean isBlank(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
