package jp.junkai.source.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestJapanTime {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2024-09-13T10:00:00+09:00       | 2024-09-13T10:00",
            "2024-09-13T10:00+09:00          | 2024-09-13T10:00",
            "2024-09-13 10:00:00+09:00       | 2024-09-13T10:00",
            "2024-09-13T01:00:00Z            | 2024-09-13T10:00",
            "2024-09-13T20:00:00-05:00       | 2024-09-14T10:00",
            "2024-09-13T10:00:00+0900        | 2024-09-13T10:00",
            "2024-09-13T10:00:00+09          | 2024-09-13T10:00",
            "2024-12-31T20:30:00+00:00       | 2025-01-01T05:30",
            "2024-09-13T10:00:00.123+09:00   | 2024-09-13T10:00:00.123",
            "2024-09-13T10:00:00.123456789Z  | 2024-09-13T19:00:00.123456789",
    })
    void convertsAnyOffsetToJapanTime(String text, LocalDateTime expected) {
        assertThat(JapanTime.parseOffset(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is unparsable")
    @ValueSource(strings = {"2024-09-13T10:00:00", "2024-09-13", "2024/09/13 10:00:00+09:00",
            "2024-09-13T25:00:00+09:00", "2024-02-30T10:00:00+09:00", "2024-09-13T10:00:00+19:00",
            "2024-09-13T10:00:00+09:00x", "2024-09-13T10:00:00.+09:00", "令和6年9月13日 10:00+09:00", ""})
    void refusesTimestampsWithoutOffsetOrMalformed(String text) {
        assertThat(JapanTime.parseOffset(text)).isNull();
    }

    @Test
    void formatsWithTheJapanOffset() {
        StringBuilder sb = new StringBuilder();
        JapanTime.appendIso(sb, LocalDateTime.of(2024, 9, 3, 7, 5, 9));
        assertThat(sb.toString()).isEqualTo("2024-09-03T07:05:09+09:00");
    }
}
