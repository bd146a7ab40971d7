package jp.junkai.marts.snapshot;

import static jp.junkai.marts.snapshot.Fixtures.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** Epoch days, the fiscal year start (1 April) and the next month-end (SPEC §5 "Coverage", "Officers"). */
class TestDays {

    @Test
    void epochDaysAndAbsentDates() {
        assertThat(Days.of(LocalDate.of(1970, 1, 2))).isEqualTo(1);
        assertThat(Days.of(null)).isEqualTo(Days.NONE);
        assertThat(Days.date(Days.NONE)).isNull();
        assertThat(Days.date(day("2024-02-29"))).isEqualTo(LocalDate.of(2024, 2, 29));
        // (D − 365, D] across 29 February: 2025-02-28 − 365 = 2024-02-29
        assertThat(day("2025-02-28") - 365).isEqualTo(day("2024-02-29"));
    }

    @Test
    void fiscalYearStartsOnTheLatestFirstOfApril() {
        assertThat(Days.fiscalYearStart(day("2025-03-31"))).isEqualTo(day("2024-04-01"));
        assertThat(Days.fiscalYearStart(day("2025-01-01"))).isEqualTo(day("2024-04-01"));
        assertThat(Days.fiscalYearStart(day("2024-04-01"))).isEqualTo(day("2024-04-01"));
        assertThat(Days.fiscalYearStart(day("2024-04-30"))).isEqualTo(day("2024-04-01"));
        assertThat(Days.fiscalYearStart(day("2024-12-31"))).isEqualTo(day("2024-04-01"));
    }

    @Test
    void nextMonthEnd() {
        assertThat(Days.nextMonthEnd(day("2024-01-31"))).isEqualTo(day("2024-02-29"));
        assertThat(Days.nextMonthEnd(day("2023-01-31"))).isEqualTo(day("2023-02-28"));
        assertThat(Days.nextMonthEnd(day("2024-02-29"))).isEqualTo(day("2024-03-31"));
        assertThat(Days.nextMonthEnd(day("2024-05-31"))).isEqualTo(day("2024-06-30"));
        assertThat(Days.nextMonthEnd(day("2024-12-31"))).isEqualTo(day("2025-01-31"));
        // a day that is not a month-end: the end of the following month
        assertThat(Days.nextMonthEnd(day("2024-01-15"))).isEqualTo(day("2024-02-29"));
    }
}
