package jp.junkai.source.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestFullWidth {

    @Test
    void foldsFullWidthAsciiAndTheIdeographicSpace() {
        assertThat(FullWidth.normalize("２０２４／０９／１３")).isEqualTo("2024/09/13");
        assertThat(FullWidth.normalize("Ｒ０６．０９．１３")).isEqualTo("R06.09.13");
        assertThat(FullWidth.normalize("１２：３０　")).isEqualTo("12:30 ");
    }

    @Test
    void keepsJapaneseTextAndReturnsTheSameStringWhenNothingIsFullWidth() {
        String plain = "令和6年9月13日・備考";
        assertThat(FullWidth.normalize(plain)).isSameAs(plain);
        assertThat(FullWidth.normalize("令和６年")).isEqualTo("令和6年");
    }

    @Test
    void turnsDigitsFullWidthFromAnIndexOn() {
        StringBuilder sb = new StringBuilder("12,R06.09.13");
        FullWidth.digits(sb, 3);
        assertThat(sb.toString()).isEqualTo("12,R０６.０９.１３");
    }
}
