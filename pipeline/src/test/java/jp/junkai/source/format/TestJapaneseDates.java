package jp.junkai.source.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.junkai.schema.DateForm;

class TestJapaneseDates {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2024/09/13        | 2024-09-13",
            "2024-09-13        | 2024-09-13",
            "2024/9/3          | 2024-09-03",
            "令和6年9月13日     | 2024-09-13",
            "令和06年09月13日   | 2024-09-13",
            "令和元年5月1日     | 2019-05-01",
            "平成31年4月30日    | 2019-04-30",
            "平成元年1月8日     | 1989-01-08",
            "昭和64年1月7日     | 1989-01-07",
            "昭和元年12月25日   | 1926-12-25",
            "R06.09.13         | 2024-09-13",
            "R01.05.01         | 2019-05-01",
            "r6.9.13           | 2024-09-13",
            "R06/09/13         | 2024-09-13",
            "H31.04.30         | 2019-04-30",
            "H01.01.08         | 1989-01-08",
            "S63.12.31         | 1988-12-31",
            "S64.01.07         | 1989-01-07",
            "２０２４/０９/１３   | 2024-09-13",
            "２０２４／０９／１３  | 2024-09-13",
            "令和６年９月１３日   | 2024-09-13",
            "Ｒ０６．０９．１３   | 2024-09-13",
            "2024/02/29        | 2024-02-29",
            "' 2024/09/13 '    | 2024-09-13",
    })
    void parsesEveryDateForm(String text, LocalDate expected) {
        assertThat(JapaneseDates.parseDate(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is unparsable")
    @ValueSource(strings = {
            "平成32年1月1日",      // 平成 ended in its year 31
            "平成31年5月1日",      // the day 令和 began
            "令和元年4月30日",     // still 平成
            "令和0年5月1日",
            "昭和64年1月8日",      // the first day of 平成
            "昭和元年12月24日",    // still 大正
            "S64.01.08",
            "H31.05.01",
            "R01.04.30",
            "2024/02/30",
            "2023/02/29",
            "2024/13/01",
            "2024/00/10",
            "2024/09/00",
            "令和6年2月30日",
            "2024/09-13",         // mixed separators
            "24/09/13",
            "20240913",
            "2024/09/13x",
            "0000/01/01",
            "大正15年12月24日",    // eras before 昭和 are not supported
            "T15.12.24",
            "令和6年9月13",
            "R06.09",
            "R123.01.01",
            "",
            "   ",
            "不明",
    })
    void refusesImpossibleAndOutOfEraDates(String text) {
        assertThat(JapaneseDates.parseDate(text)).isNull();
    }

    @Test
    void refusesNull() {
        assertThat(JapaneseDates.parseDate(null)).isNull();
        assertThat(JapaneseDates.parseDateTime(null)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2024/09/13 08:05:09          | 2024-09-13T08:05:09",
            "2024/09/13 8:05              | 2024-09-13T08:05",
            "2024-09-13T23:59:59          | 2024-09-13T23:59:59",
            "令和6年9月13日 21:30           | 2024-09-13T21:30",
            "令和元年5月1日 00:00:00         | 2019-05-01T00:00",
            "R06.09.13 21:30:15           | 2024-09-13T21:30:15",
            "２０２４/０９/１３　２１：３０：１５ | 2024-09-13T21:30:15",
            "2024/09/13 10:00:00.25       | 2024-09-13T10:00:00.250",
    })
    void parsesTimestampsAsADateFormThenTime(String text, LocalDateTime expected) {
        assertThat(JapaneseDates.parseDateTime(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is unparsable")
    @ValueSource(strings = {"2024/09/13", "2024/09/13 24:00", "2024/09/13 10:60", "2024/09/13 10:00:60",
            "2024/09/13 10", "2024/09/13 10:5", "2024/09/13 10:00+09:00", "平成32年1月1日 10:00",
            "2024/02/30 10:00"})
    void refusesBadTimestamps(String text) {
        assertThat(JapaneseDates.parseDateTime(text)).isNull();
    }

    @Test
    void formatsEachForm() {
        LocalDate d = LocalDate.of(2024, 9, 13);
        assertThat(JapaneseDates.format(d, DateForm.ISO, false)).isEqualTo("2024-09-13");
        assertThat(JapaneseDates.format(d, DateForm.WESTERN, false)).isEqualTo("2024/09/13");
        assertThat(JapaneseDates.format(d, DateForm.ERA_KANJI, false)).isEqualTo("令和6年9月13日");
        assertThat(JapaneseDates.format(d, DateForm.ERA_INITIAL, false)).isEqualTo("R06.09.13");
    }

    @Test
    void formatsFullWidthDigits() {
        LocalDate d = LocalDate.of(2024, 9, 13);
        assertThat(JapaneseDates.format(d, DateForm.WESTERN, true)).isEqualTo("２０２４/０９/１３");
        assertThat(JapaneseDates.format(d, DateForm.ERA_KANJI, true)).isEqualTo("令和６年９月１３日");
        assertThat(JapaneseDates.format(d, DateForm.ERA_INITIAL, true)).isEqualTo("R０６.０９.１３");
        assertThat(JapaneseDates.format(LocalDateTime.of(2024, 9, 13, 7, 5, 0), DateForm.WESTERN, true))
                .isEqualTo("２０２４/０９/１３ ０７:０５:００");
    }

    @Test
    void formatsTheFirstYearOfAnEraAsGannen() {
        assertThat(JapaneseDates.format(LocalDate.of(2019, 5, 1), DateForm.ERA_KANJI, false)).isEqualTo("令和元年5月1日");
        assertThat(JapaneseDates.format(LocalDate.of(2019, 5, 1), DateForm.ERA_INITIAL, false)).isEqualTo("R01.05.01");
        assertThat(JapaneseDates.format(LocalDate.of(1989, 1, 8), DateForm.ERA_KANJI, false)).isEqualTo("平成元年1月8日");
    }

    @Test
    void formatsEraBoundaries() {
        assertThat(JapaneseDates.format(LocalDate.of(2019, 4, 30), DateForm.ERA_KANJI, false)).isEqualTo("平成31年4月30日");
        assertThat(JapaneseDates.format(LocalDate.of(1989, 1, 7), DateForm.ERA_KANJI, false)).isEqualTo("昭和64年1月7日");
        assertThat(JapaneseDates.format(LocalDate.of(1989, 1, 7), DateForm.ERA_INITIAL, false)).isEqualTo("S64.01.07");
        assertThat(JapaneseDates.format(LocalDate.of(1926, 12, 25), DateForm.ERA_KANJI, false)).isEqualTo("昭和元年12月25日");
    }

    @Test
    void formatsTimestampsWithSeconds() {
        LocalDateTime t = LocalDateTime.of(2024, 9, 13, 21, 30, 5);
        assertThat(JapaneseDates.format(t, DateForm.WESTERN, false)).isEqualTo("2024/09/13 21:30:05");
        assertThat(JapaneseDates.format(t, DateForm.ERA_KANJI, false)).isEqualTo("令和6年9月13日 21:30:05");
        assertThat(JapaneseDates.format(t.withNano(120_000_000), DateForm.WESTERN, false))
                .isEqualTo("2024/09/13 21:30:05.12");
    }

    @Test
    void refusesEraFormsBeforeShowa() {
        LocalDate taisho = LocalDate.of(1926, 12, 24);
        assertThat(JapaneseDates.hasEra(taisho)).isFalse();
        assertThat(JapaneseDates.hasEra(taisho.plusDays(1))).isTrue();
        assertThatThrownBy(() -> JapaneseDates.format(taisho, DateForm.ERA_KANJI, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot format a date before 1926-12-25 in an era form: it has no era");
        assertThat(JapaneseDates.format(taisho, DateForm.WESTERN, false)).isEqualTo("1926/12/24");
    }

    @Test
    void roundTripsEveryDayAcrossTheEraBoundariesInEveryForm() {
        for (LocalDate start : new LocalDate[] {LocalDate.of(1989, 1, 1), LocalDate.of(2019, 4, 25)}) {
            for (LocalDate d = start; d.isBefore(start.plusDays(15)); d = d.plusDays(1)) {
                for (DateForm form : DateForm.values()) {
                    for (boolean fullWidth : new boolean[] {false, true}) {
                        assertThat(JapaneseDates.parseDate(JapaneseDates.format(d, form, fullWidth)))
                                .as("%s %s %s", d, form, fullWidth).isEqualTo(d);
                    }
                }
            }
        }
    }
}
