package jp.junkai.source.file;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;
import jp.junkai.schema.ReasonCode;
import jp.junkai.source.RecordChecker;
import jp.junkai.source.format.FullWidth;
import jp.junkai.source.format.JapaneseDates;

/**
 * Reads the data lines of one csv file as its {@link CsvMapping} describes them (rules and
 * precedence on {@link RecordParser}). Everything in a cell is text, so types come from the
 * mapping: enum values and booleans by their spellings, dates and times in every Japanese
 * form, counts and topics as digits; full-width digits are folded first. A blank cell is an
 * absent field.
 *
 * <p>Encoding: a line that does not decode strictly is {@code wrong_encoding}. Decoding alone
 * misses the usual mistake, a UTF-8 line in a Windows-31J file, because most UTF-8 Japanese also
 * decodes as (garbled) Windows-31J; so when the mapping's encoding is not UTF-8, a line with
 * non-ASCII bytes that is well-formed UTF-8 is {@code wrong_encoding} too. Genuine Windows-31J
 * Japanese is practically never well-formed UTF-8 (its lead bytes 0x81–0x9F are UTF-8
 * continuation bytes).
 */
final class CsvRecordParser implements RecordParser {

    private final RecordChecker checker;
    private final CsvMapping mapping;
    private final CsvMapping.EntityMapping columns;
    private final CharsetDecoder decoder;
    private final boolean refuseUtf8;
    private final CsvLine splitter = new CsvLine();
    private CharBuffer chars = CharBuffer.allocate(1024);

    /** Set when the header itself is faulty: every data line gets this reason. */
    private final ReasonCode headerFault;
    private final int columnCount;
    /** Per column: the field it carries, or -1 for a column the mapping does not name. */
    private final int[] fieldOfColumn;
    private final boolean[] wanted;
    private final String[] cells;

    CsvRecordParser(Entity entity, CsvMapping mapping, byte[] header, LocalDateTime pullTime) {
        this.checker = new RecordChecker(entity, pullTime);
        this.mapping = mapping;
        this.columns = mapping.entity(entity);
        Charset charset = mapping.encoding();
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.refuseUtf8 = !charset.equals(StandardCharsets.UTF_8);

        int from = Lines.skipBom(header, 0, header.length);
        int end = Lines.dropCarriageReturn(header, from, header.length);
        ReasonCode fault = null;
        int count = 0;
        int[] fieldOf = new int[0];
        int length = decode(header, from, end);
        if (length < 0) {
            fault = ReasonCode.WRONG_ENCODING;
        } else {
            // Split with every column wanted: the header names are all needed.
            boolean[] all = new boolean[length + 1];
            Arrays.fill(all, true);
            String[] names = new String[length + 1];
            count = splitter.split(chars.array(), length, all, names);
            if (count < 0) {
                fault = ReasonCode.BROKEN_LINE;
            } else {
                fieldOf = new int[count];
                boolean[] seen = new boolean[entity.fields().size()];
                for (int c = 0; c < count; c++) {
                    int f = columns.fieldIndex(names[c].strip());
                    fieldOf[c] = f;
                    if (f >= 0) {
                        if (seen[f]) {
                            fault = ReasonCode.BROKEN_LINE;
                        }
                        seen[f] = true;
                    }
                }
            }
        }
        this.headerFault = fault;
        this.columnCount = count;
        this.fieldOfColumn = fieldOf;
        this.wanted = new boolean[fieldOf.length];
        for (int c = 0; c < fieldOf.length; c++) {
            wanted[c] = fieldOf[c] >= 0;
        }
        this.cells = new String[fieldOf.length];
    }

    @Override
    public ReadResult parse(byte[] buffer, int offset, int length, long lineNumber) {
        int from = Lines.contentStart(buffer, offset, length, lineNumber);
        if (from < 0) {
            return new ReadResult.Rejected(ReasonCode.BROKEN_LINE, null);
        }
        int end = Lines.dropCarriageReturn(buffer, from, offset + length);
        if (Lines.isBlank(buffer, from, end)) {
            return ReadResult.SKIPPED;
        }
        if (headerFault != null) {
            return new ReadResult.Rejected(headerFault, null);
        }
        int charCount = decode(buffer, from, end);
        if (charCount < 0) {
            return new ReadResult.Rejected(ReasonCode.WRONG_ENCODING, null);
        }
        int count = splitter.split(chars.array(), charCount, wanted, cells);
        if (count != columnCount) {
            return new ReadResult.Rejected(ReasonCode.BROKEN_LINE, null);
        }
        checker.start();
        for (int c = 0; c < count; c++) {
            int f = fieldOfColumn[c];
            if (f >= 0) {
                read(f, cells[c]);
            }
        }
        return checker.finish();
    }

    /** Decodes strictly into {@link #chars}; returns the char count, or -1 for a wrong encoding. */
    private int decode(byte[] b, int from, int end) {
        if (refuseUtf8 && Utf8.hasNonAscii(b, from, end - from) && Utf8.isValid(b, from, end - from)) {
            return -1;
        }
        if (chars.capacity() < end - from) {
            chars = CharBuffer.allocate(Math.max(end - from, chars.capacity() * 2));
        }
        ByteBuffer in = ByteBuffer.wrap(b, from, end - from);
        decoder.reset();
        chars.clear();
        while (true) {
            CoderResult r = decoder.decode(in, chars, true);
            if (r.isOverflow()) {
                chars = grow(chars);
                continue;
            }
            if (r.isError()) {
                return -1;
            }
            r = decoder.flush(chars);
            if (r.isOverflow()) {
                chars = grow(chars);
                continue;
            }
            return r.isError() ? -1 : chars.position();
        }
    }

    private static CharBuffer grow(CharBuffer full) {
        CharBuffer bigger = CharBuffer.allocate(full.capacity() * 2);
        full.flip();
        bigger.put(full);
        return bigger;
    }

    private void read(int index, String cell) {
        if (cell.isBlank()) {
            checker.value(index, null);
            return;
        }
        switch (checker.field(index).type()) {
            case STRING -> checker.value(index, cell);
            case ENUM -> {
                String value = columns.enumValue(index, cell.strip());
                if (value == null) {
                    checker.fault(index, ReasonCode.UNKNOWN_ENUM);
                } else {
                    checker.value(index, value);
                }
            }
            case DATE -> {
                LocalDate d = JapaneseDates.parseDate(cell);
                if (d == null) {
                    checker.fault(index, ReasonCode.UNPARSABLE_DATE);
                } else {
                    checker.value(index, d);
                }
            }
            case TIMESTAMP -> {
                LocalDateTime t = JapaneseDates.parseDateTime(cell);
                if (t == null) {
                    checker.fault(index, ReasonCode.UNPARSABLE_DATE);
                } else {
                    checker.value(index, t);
                }
            }
            case INT -> {
                long n = count(FullWidth.normalize(cell).strip());
                if (n < 0) {
                    checker.fault(index, ReasonCode.BAD_TYPE);
                } else {
                    checker.value(index, (int) n);
                }
            }
            case BOOL -> {
                Boolean b = mapping.parseBoolean(FullWidth.normalize(cell).strip());
                if (b == null) {
                    checker.fault(index, ReasonCode.BAD_TYPE);
                } else {
                    checker.value(index, b);
                }
            }
            case TOPICS -> readTopics(index, FullWidth.normalize(cell));
        }
    }

    private void readTopics(int index, String cell) {
        String sep = mapping.topicSeparator();
        int bits = 0;
        int from = 0;
        while (bits >= 0) {
            int at = cell.indexOf(sep, from);
            int to = at < 0 ? cell.length() : at;
            bits = RecordChecker.addTopic(bits, count(cell.substring(from, to).strip()));
            if (at < 0) {
                break;
            }
            from = at + sep.length();
        }
        if (bits < 0) {
            checker.fault(index, ReasonCode.BAD_TYPE);
        } else {
            checker.value(index, RecordChecker.topics(bits));
        }
    }

    /** A count of ASCII digits up to {@link Integer#MAX_VALUE}; -1 for anything else (signs, decimals, empty). */
    private static long count(String s) {
        int n = s.length();
        if (n == 0 || n > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : v;
    }
}
