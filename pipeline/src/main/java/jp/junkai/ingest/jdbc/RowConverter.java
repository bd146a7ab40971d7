package jp.junkai.ingest.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Field;
import jp.junkai.schema.ReasonCode;
import jp.junkai.source.RecordChecker;
import jp.junkai.source.file.ReadResult;

/**
 * Turns the current row of a pull's result set (columns = {@link Entity#fields()} in order, from
 * 1) into a {@link ReadResult} through the flavour-independent {@link RecordChecker}, so that a
 * {@code jdbc} row obeys the rules of the file read boundary
 * ({@link jp.junkai.source.file.RecordParser}):
 * <ul>
 *   <li>text columns (STRING, ENUM, the key): null, empty or blank is absent; an enum value must
 *       be one of the field's values exactly ({@code unknown_enum});</li>
 *   <li>DATE / TIMESTAMP columns are read as {@code LocalDate} / {@code LocalDateTime} (Japan
 *       local time as stored, never through {@code java.sql.Timestamp} and the JVM's zone); a value
 *       the driver cannot convert, a MariaDB zero date ({@code 0000-00-00}) or a PostgreSQL
 *       {@code ±infinity} is {@code unparsable_date};</li>
 *   <li>INT: a whole number from 0 to 2<sup>31</sup>−1, else {@code bad_type}; BOOL a boolean,
 *       else {@code bad_type};</li>
 *   <li>TOPICS: text such as {@code 1,3} (spaces around numbers allowed): sorted distinct
 *       numbers 1–5; the empty text is no topic; anything else is {@code bad_type}.</li>
 * </ul>
 * One instance per thread.
 */
final class RowConverter {

    private final Field[] fields;
    private final RecordChecker checker;

    RowConverter(Entity entity, LocalDateTime pullTime) {
        List<Field> all = entity.fields();
        this.fields = all.toArray(new Field[0]);
        this.checker = new RecordChecker(entity, pullTime);
    }

    ReadResult convert(ResultSet rs) throws SQLException {
        checker.start();
        for (int i = 0; i < fields.length; i++) {
            read(i, i + 1, rs);
        }
        return checker.finish();
    }

    /** A text column as the table holds it, null when null or blank. */
    static String text(ResultSet rs, int column) throws SQLException {
        String s = rs.getString(column);
        return s == null || s.isBlank() ? null : s;
    }

    /** A timestamp column as Japan local time; null when null or not a usable time. */
    static LocalDateTime time(ResultSet rs, int column) {
        try {
            LocalDateTime t = rs.getObject(column, LocalDateTime.class);
            return t == null || t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN) ? null : t;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private void read(int index, int column, ResultSet rs) throws SQLException {
        Field field = fields[index];
        switch (field.type()) {
            case STRING -> checker.value(index, text(rs, column));
            case ENUM -> {
                String s = text(rs, column);
                if (s == null) {
                    checker.value(index, null);
                } else {
                    int at = field.values().indexOf(s);
                    if (at < 0) {
                        checker.fault(index, ReasonCode.UNKNOWN_ENUM);
                    } else {
                        checker.value(index, field.values().get(at));
                    }
                }
            }
            case DATE -> {
                LocalDate d;
                try {
                    d = rs.getObject(column, LocalDate.class);
                } catch (SQLException | RuntimeException e) {
                    checker.fault(index, ReasonCode.UNPARSABLE_DATE);
                    return;
                }
                if (d == null ? rs.getString(column) != null : d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
                    // A zero date the driver gives as null, or PostgreSQL's infinity: no calendar day.
                    checker.fault(index, ReasonCode.UNPARSABLE_DATE);
                } else {
                    checker.value(index, d);
                }
            }
            case TIMESTAMP -> {
                LocalDateTime t;
                try {
                    t = rs.getObject(column, LocalDateTime.class);
                } catch (SQLException | RuntimeException e) {
                    checker.fault(index, ReasonCode.UNPARSABLE_DATE);
                    return;
                }
                if (t == null ? rs.getString(column) != null : t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
                    checker.fault(index, ReasonCode.UNPARSABLE_DATE);
                } else {
                    checker.value(index, t);
                }
            }
            case INT -> {
                long n;
                try {
                    n = rs.getLong(column);
                } catch (SQLException | RuntimeException e) {
                    checker.fault(index, ReasonCode.BAD_TYPE);
                    return;
                }
                if (rs.wasNull()) {
                    checker.value(index, null);
                } else if (n < 0 || n > Integer.MAX_VALUE) {
                    checker.fault(index, ReasonCode.BAD_TYPE);
                } else {
                    checker.value(index, (int) n);
                }
            }
            case BOOL -> {
                boolean b;
                try {
                    b = rs.getBoolean(column);
                } catch (SQLException | RuntimeException e) {
                    checker.fault(index, ReasonCode.BAD_TYPE);
                    return;
                }
                checker.value(index, rs.wasNull() ? null : b);
            }
            case TOPICS -> {
                String s = rs.getString(column);
                if (s == null) {
                    checker.value(index, null);
                } else {
                    int bits = topicBits(s);
                    if (bits < 0) {
                        checker.fault(index, ReasonCode.BAD_TYPE);
                    } else {
                        checker.value(index, RecordChecker.topics(bits));
                    }
                }
            }
        }
    }

    /** Topic text such as {@code 1,3} as a bit set; 0 for the empty (or blank) text, -1 when bad. */
    static int topicBits(String text) {
        if (text.isBlank()) {
            return 0;
        }
        int bits = 0;
        int from = 0;
        while (true) {
            int comma = text.indexOf(',', from);
            int to = comma < 0 ? text.length() : comma;
            String part = text.substring(from, to).strip();
            if (part.length() != 1) {
                return -1;
            }
            bits = RecordChecker.addTopic(bits, part.charAt(0) - '0');
            if (bits < 0 || comma < 0) {
                return bits;
            }
            from = comma + 1;
        }
    }
}
