package jp.junkai.source.format;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import jp.junkai.schema.DateForm;

/**
 * Dates and Japan-local timestamps as Japanese station systems spell them (SPEC §1):
 * {@code 2024/09/13}, {@code 2024-09-13}, {@code 令和6年9月13日}, {@code 令和元年5月1日},
 * {@code R06.09.13}, with half- or full-width digits; a timestamp is a date followed by a space
 * (or {@code T}) and {@code HH:MM[:SS[.fraction]]}.
 *
 * <p>Eras: 昭和 (S) 1926-12-25 to 1989-01-07, 平成 (H) 1989-01-08 to 2019-04-30, 令和 (R) from
 * 2019-05-01. An era date outside its era ({@code 平成32年}, {@code 令和元年4月30日}) and a date that
 * does not exist ({@code 2月30日}) are unparsable, as is anything else: parse methods return
 * {@code null} rather than throwing, because bad dates are ordinary input for a reader.
 *
 * <p>Month, day, era year and hour may have one or two digits; western years have four (from
 * 1000, so {@code 0000/01/01} is unparsable rather than a date in year 0). Era
 * initials may be lower case, and {@code R06.09.13} may also use {@code /} or {@code -}.
 */
public final class JapaneseDates {

    /** A Japanese era: its name, initial, the western year before its first year, and its days. */
    private enum Era {
        SHOWA("昭和", 'S', 1925, LocalDate.of(1926, 12, 25), LocalDate.of(1989, 1, 7)),
        HEISEI("平成", 'H', 1988, LocalDate.of(1989, 1, 8), LocalDate.of(2019, 4, 30)),
        REIWA("令和", 'R', 2018, LocalDate.of(2019, 5, 1), LocalDate.MAX);

        final String kanji;
        final char initial;
        final int yearZero;
        final LocalDate first;
        final LocalDate last;

        Era(String kanji, char initial, int yearZero, LocalDate first, LocalDate last) {
            this.kanji = kanji;
            this.initial = initial;
            this.yearZero = yearZero;
            this.first = first;
            this.last = last;
        }

        static Era of(LocalDate date) {
            for (int i = values().length - 1; i >= 0; i--) {
                Era e = values()[i];
                if (!date.isBefore(e.first)) {
                    return e;
                }
            }
            return null;
        }

        static Era byInitial(char c) {
            char upper = Character.toUpperCase(c);
            for (Era e : values()) {
                if (e.initial == upper) {
                    return e;
                }
            }
            return null;
        }

        static Era byKanji(String s, int at) {
            for (Era e : values()) {
                if (s.startsWith(e.kanji, at)) {
                    return e;
                }
            }
            return null;
        }
    }

    private static final char GANNEN = '元';

    private JapaneseDates() {
    }

    /** Parses a date in any supported form; null when unparsable. */
    public static LocalDate parseDate(String text) {
        if (text == null) {
            return null;
        }
        Scanner s = new Scanner(FullWidth.normalize(text).strip());
        LocalDate d = s.date();
        return d != null && s.atEnd() ? d : null;
    }

    /** Parses a Japan-local timestamp: a date in any supported form, then {@code HH:MM[:SS]}; null when unparsable. */
    public static LocalDateTime parseDateTime(String text) {
        if (text == null) {
            return null;
        }
        Scanner s = new Scanner(FullWidth.normalize(text).strip());
        LocalDate d = s.date();
        if (d == null || !(s.eat(' ') || s.eat('T'))) {
            return null;
        }
        while (s.eat(' ')) {
            // several spaces between date and time are tolerated
        }
        LocalTime t = s.time();
        return t != null && s.atEnd() ? LocalDateTime.of(d, t) : null;
    }

    /** True when {@code date} belongs to an era (from 1926-12-25), so era forms can spell it. */
    public static boolean hasEra(LocalDate date) {
        return Era.of(date) != null;
    }

    /** Formats a date in one form, optionally with full-width digits. */
    public static String format(LocalDate date, DateForm form, boolean fullWidth) {
        StringBuilder sb = new StringBuilder(16);
        appendDate(sb, date, form, fullWidth);
        return sb.toString();
    }

    /** Formats a timestamp as a date in one form, a space and {@code HH:MM:SS}. */
    public static String format(LocalDateTime time, DateForm form, boolean fullWidth) {
        StringBuilder sb = new StringBuilder(32);
        appendDateTime(sb, time, form, fullWidth);
        return sb.toString();
    }

    /**
     * Appends a date in one form (writers reuse one builder per line).
     *
     * @throws IllegalArgumentException for an era form and a date before 昭和 (see {@link #hasEra})
     */
    public static void appendDate(StringBuilder sb, LocalDate date, DateForm form, boolean fullWidth) {
        int start = sb.length();
        switch (form) {
            case ISO -> western(sb, date, '-');
            case WESTERN -> western(sb, date, '/');
            case ERA_KANJI -> {
                Era era = eraOf(date);
                int year = date.getYear() - era.yearZero;
                sb.append(era.kanji);
                if (year == 1) {
                    sb.append(GANNEN);
                } else {
                    sb.append(year);
                }
                sb.append('年').append(date.getMonthValue()).append('月').append(date.getDayOfMonth()).append('日');
            }
            case ERA_INITIAL -> {
                Era era = eraOf(date);
                sb.append(era.initial);
                two(sb, date.getYear() - era.yearZero).append('.');
                two(sb, date.getMonthValue()).append('.');
                two(sb, date.getDayOfMonth());
            }
        }
        if (fullWidth) {
            FullWidth.digits(sb, start);
        }
    }

    /** Appends a timestamp: the date in one form, a space and {@code HH:MM:SS} (plus a fraction if any). */
    public static void appendDateTime(StringBuilder sb, LocalDateTime time, DateForm form, boolean fullWidth) {
        appendDate(sb, time.toLocalDate(), form, fullWidth);
        int start = sb.length();
        sb.append(' ');
        appendTime(sb, time.toLocalTime());
        if (fullWidth) {
            FullWidth.digits(sb, start);
        }
    }

    /** Appends {@code HH:MM:SS}, then {@code .fraction} without trailing zeros when there are nanoseconds. */
    static void appendTime(StringBuilder sb, LocalTime t) {
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        int nano = t.getNano();
        if (nano != 0) {
            String digits = Integer.toString(1_000_000_000 + nano).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(digits, 0, end);
        }
    }

    private static Era eraOf(LocalDate date) {
        Era era = Era.of(date);
        if (era == null) {
            throw new IllegalArgumentException("Cannot format a date before 1926-12-25 in an era form: it has no era");
        }
        return era;
    }

    private static void western(StringBuilder sb, LocalDate date, char sep) {
        int y = date.getYear();
        if (y < 1000 || y > 9999) {
            throw new IllegalArgumentException("Cannot format a date outside the years 1000–9999");
        }
        sb.append(y).append(sep);
        two(sb, date.getMonthValue()).append(sep);
        two(sb, date.getDayOfMonth());
    }

    static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    /** A cursor over one normalised value; each method consumes on success only. */
    private static final class Scanner {
        private final String s;
        private int pos;

        Scanner(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos == s.length();
        }

        boolean eat(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        /** Reads {@code min..max} ASCII digits; -1 (nothing consumed) when there are fewer than min. */
        int digits(int min, int max) {
            int start = pos;
            int v = 0;
            while (pos < s.length() && pos - start < max) {
                char c = s.charAt(pos);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                pos++;
            }
            if (pos - start < min || (pos < s.length() && isDigit(s.charAt(pos)))) {
                pos = start;
                return -1;
            }
            return v;
        }

        LocalDate date() {
            if (atEnd()) {
                return null;
            }
            char c = s.charAt(pos);
            if (isDigit(c)) {
                return westernDate();
            }
            Era kanji = Era.byKanji(s, pos);
            if (kanji != null) {
                pos += kanji.kanji.length();
                return kanjiDate(kanji);
            }
            Era initial = Era.byInitial(c);
            if (initial != null) {
                pos++;
                return initialDate(initial);
            }
            return null;
        }

        private LocalDate westernDate() {
            int y = digits(4, 4);
            if (y < 1000 || atEnd()) {
                return null;
            }
            char sep = s.charAt(pos);
            if (sep != '/' && sep != '-') {
                return null;
            }
            pos++;
            int m = digits(1, 2);
            if (m < 0 || !eat(sep)) {
                return null;
            }
            int d = digits(1, 2);
            return d < 0 ? null : valid(y, m, d);
        }

        private LocalDate kanjiDate(Era era) {
            int year = eat(GANNEN) ? 1 : digits(1, 2);
            if (year < 0 || !eat('年')) {
                return null;
            }
            int m = digits(1, 2);
            if (m < 0 || !eat('月')) {
                return null;
            }
            int d = digits(1, 2);
            if (d < 0 || !eat('日')) {
                return null;
            }
            return inEra(era, year, m, d);
        }

        private LocalDate initialDate(Era era) {
            int year = digits(1, 2);
            if (year < 0 || atEnd()) {
                return null;
            }
            char sep = s.charAt(pos);
            if (sep != '.' && sep != '/' && sep != '-') {
                return null;
            }
            pos++;
            int m = digits(1, 2);
            if (m < 0 || !eat(sep)) {
                return null;
            }
            int d = digits(1, 2);
            return d < 0 ? null : inEra(era, year, m, d);
        }

        LocalTime time() {
            int h = digits(1, 2);
            if (h < 0 || !eat(':')) {
                return null;
            }
            int m = digits(2, 2);
            if (m < 0) {
                return null;
            }
            int sec = 0;
            int nano = 0;
            if (eat(':')) {
                sec = digits(2, 2);
                if (sec < 0) {
                    return null;
                }
                if (eat('.')) {
                    int start = pos;
                    int f = digits(1, 9);
                    if (f < 0) {
                        return null;
                    }
                    for (int i = pos - start; i < 9; i++) {
                        f *= 10;
                    }
                    nano = f;
                }
            }
            if (h > 23 || m > 59 || sec > 59) {
                return null;
            }
            return LocalTime.of(h, m, sec, nano);
        }

        private static LocalDate inEra(Era era, int year, int m, int d) {
            if (year < 1) {
                return null;
            }
            LocalDate date = valid(era.yearZero + year, m, d);
            if (date == null || date.isBefore(era.first) || date.isAfter(era.last)) {
                return null;
            }
            return date;
        }

        private static LocalDate valid(int y, int m, int d) {
            if (m < 1 || m > 12 || d < 1) {
                return null;
            }
            LocalDate first = LocalDate.of(y, m, 1);
            return d > first.lengthOfMonth() ? null : first.withDayOfMonth(d);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
