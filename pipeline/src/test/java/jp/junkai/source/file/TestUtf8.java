package jp.junkai.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TestUtf8 {

    @Test
    void findsAFaultAtEveryPositionAroundTheEightByteSteps() {
        for (int at = 0; at < 20; at++) {
            byte[] line = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
            assertThat(Utf8.isValid(line, 0, line.length)).isTrue();
            assertThat(Utf8.hasNonAscii(line, 0, line.length)).isFalse();
            line[at] = (byte) 0xFF;
            assertThat(Utf8.isValid(line, 0, line.length)).as("0xFF at %d", at).isFalse();
            assertThat(Utf8.hasNonAscii(line, 0, line.length)).isTrue();
            // Outside the range looked at, the fault does not count.
            assertThat(Utf8.isValid(line, at + 1, line.length - at - 1)).isTrue();
        }
    }

    @Test
    void acceptsWellFormedMultiByteTextAndRefusesMalformedSequences() {
        byte[] ok = "{\"notes\":\"夜間は犬に注意 é 𠮷\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.isValid(ok, 0, ok.length)).isTrue();
        byte[][] bad = {
                {(byte) 0xC0, (byte) 0x80},                          // overlong NUL
                {(byte) 0xE0, (byte) 0x80, (byte) 0x80},             // overlong
                {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},             // surrogate
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                {(byte) 0xE6, (byte) 0x9D},                          // cut short
                {(byte) 0x9D},                                       // lone continuation byte
        };
        for (byte[] b : bad) {
            assertThat(Utf8.isValid(b, 0, b.length)).isFalse();
        }
    }
}
