package jp.junkai.marts.snapshot;

import java.time.LocalDate;

/**
 * Dates as epoch days (whole days since 1970-01-01), the form the snapshot engine computes in:
 * day differences are plain subtraction and windows such as (D − 365, D] are exact day counts
 * (SPEC §6.13), 29 February included. {@link #NONE} stands for an absent date.
 */
public final class Days {

    /** An absent date (null in the lake). */
    public static final int NONE = Integer.MIN_VALUE;

    private Days() {
    }

    public static int of(LocalDate d) {
        return d == null ? NONE : Math.toIntExact(d.toEpochDay());
    }

    public static LocalDate date(int day) {
        return day == NONE ? null : LocalDate.ofEpochDay(day);
    }

    /** The first day of the fiscal year (1 April) that contains the day. */
    public static int fiscalYearStart(int day) {
        LocalDate d = LocalDate.ofEpochDay(day);
        int year = d.getMonthValue() >= 4 ? d.getYear() : d.getYear() - 1;
        return of(LocalDate.of(year, 4, 1));
    }

    /** The last day of the month after the day's month. */
    public static int nextMonthEnd(int day) {
        LocalDate d = LocalDate.ofEpochDay(day).withDayOfMonth(1).plusMonths(1);
        return of(d.withDayOfMonth(d.lengthOfMonth()));
    }
}
