package jp.junkai.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TestLineReader {

    private static List<String> lines(byte[] bytes) throws IOException {
        List<String> out = new ArrayList<>();
        try (LineReader r = new LineReader(new ByteArrayInputStream(bytes))) {
            while (r.next()) {
                out.add(r.lineNumber() + ":" + new String(r.buffer(), 0, r.length(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void splitsAtLineFeedsKeepingCarriageReturnsAndEmptyLines() throws IOException {
        assertThat(lines("a\r\n\nb\nc".getBytes(StandardCharsets.UTF_8))).containsExactly("1:a\r", "2:", "3:b", "4:c");
    }

    @Test
    void endsWithoutAnExtraLineAfterTheLastLineFeed() throws IOException {
        assertThat(lines("a\n".getBytes(StandardCharsets.UTF_8))).containsExactly("1:a");
        assertThat(lines(new byte[0])).isEmpty();
    }

    @Test
    void readsLinesLongerThanItsChunk() throws IOException {
        String longLine = "x".repeat(600_000);
        assertThat(lines((longLine + "\nshort").getBytes(StandardCharsets.UTF_8)))
                .containsExactly("1:" + longLine, "2:short");
    }
}
