package jp.junkai.source.format;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * ISO-8601 timestamps with an offset, as {@code jsonl} exports carry them (SPEC §1, §6.5), and
 * their conversion to Japan local time, the pipeline's one clock. Japan has kept UTC+09:00
 * without daylight saving since 1951, so the conversion is a fixed shift.
 *
 * <p>Accepted: {@code YYYY-MM-DDTHH:MM[:SS[.fraction]]} then {@code Z}, {@code ±HH:MM},
 * {@code ±HHMM} or {@code ±HH}; a space may stand for the {@code T}. A timestamp without an
 * offset is unparsable. Hand-written rather than {@code DateTimeFormatter} because readers parse
 * one per record and a failed parse must not cost an exception.
 */
public final class JapanTime {

    /** Japan's offset from UTC in seconds. */
    public static final int OFFSET_SECONDS = 9 * 3600;

    private JapanTime() {
    }

    /** Parses an ISO-8601 timestamp with offset into Japan local time; null when unparsable or without offset. */
    public static LocalDateTime parseOffset(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        int n = s.length();
        // yyyy-MM-ddTHH:mm is the shortest accepted prefix (16 chars)
        if (n < 17 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2) || s.charAt(7) != '-'
                || !digits(s, 8, 2) || !isTimeSeparator(s.charAt(10)) || !digits(s, 11, 2) || s.charAt(13) != ':'
                || !digits(s, 14, 2)) {
            return null;
        }
        int year = num(s, 0, 4);
        int month = num(s, 5, 2);
        int day = num(s, 8, 2);
        int hour = num(s, 11, 2);
        int minute = num(s, 14, 2);
        int second = 0;
        int nano = 0;
        int pos = 16;
        if (pos < n && s.charAt(pos) == ':') {
            if (!digits(s, pos + 1, 2)) {
                return null;
            }
            second = num(s, pos + 1, 2);
            pos += 3;
            if (pos < n && s.charAt(pos) == '.') {
                int start = ++pos;
                while (pos < n && pos - start < 9 && isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (pos == start || (pos < n && isDigit(s.charAt(pos)))) {
                    return null;
                }
                nano = num(s, start, pos - start);
                for (int i = pos - start; i < 9; i++) {
                    nano *= 10;
                }
            }
        }
        int offset = offsetSeconds(s, pos);
        if (offset == Integer.MIN_VALUE || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59
                || second > 59 || year < 1000) {
            return null;
        }
        LocalDate first = LocalDate.of(year, month, 1);
        if (day > first.lengthOfMonth()) {
            return null;
        }
        LocalDateTime local = LocalDateTime.of(first.withDayOfMonth(day), LocalTime.of(hour, minute, second, nano));
        return offset == OFFSET_SECONDS ? local : local.plusSeconds(OFFSET_SECONDS - (long) offset);
    }

    /** Appends {@code 2024-09-13T10:00:00+09:00} for a Japan local time (a fraction only when there is one). */
    public static void appendIso(StringBuilder sb, LocalDateTime japanLocal) {
        LocalDate d = japanLocal.toLocalDate();
        sb.append(d.getYear()).append('-');
        JapaneseDates.two(sb, d.getMonthValue()).append('-');
        JapaneseDates.two(sb, d.getDayOfMonth()).append('T');
        JapaneseDates.appendTime(sb, japanLocal.toLocalTime());
        sb.append("+09:00");
    }

    /** The offset at {@code pos} to the end of {@code s} in seconds, or MIN_VALUE when there is none or it is malformed. */
    private static int offsetSeconds(String s, int pos) {
        int n = s.length();
        if (pos >= n) {
            return Integer.MIN_VALUE;
        }
        char sign = s.charAt(pos);
        if ((sign == 'Z' || sign == 'z') && pos + 1 == n) {
            return 0;
        }
        if (sign != '+' && sign != '-') {
            return Integer.MIN_VALUE;
        }
        int rest = n - pos - 1;
        int h;
        int m = 0;
        if (rest == 2 && digits(s, pos + 1, 2)) {
            h = num(s, pos + 1, 2);
        } else if (rest == 4 && digits(s, pos + 1, 4)) {
            h = num(s, pos + 1, 2);
            m = num(s, pos + 3, 2);
        } else if (rest == 5 && digits(s, pos + 1, 2) && s.charAt(pos + 3) == ':' && digits(s, pos + 4, 2)) {
            h = num(s, pos + 1, 2);
            m = num(s, pos + 4, 2);
        } else {
            return Integer.MIN_VALUE;
        }
        if (h > 18 || m > 59 || (h == 18 && m > 0)) {
            return Integer.MIN_VALUE;
        }
        int seconds = h * 3600 + m * 60;
        return sign == '-' ? -seconds : seconds;
    }

    private static boolean isTimeSeparator(char c) {
        return c == 'T' || c == 't' || c == ' ';
    }

    private static boolean digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int num(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
