package jp.junkai.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;

/** The plain-Java parts of the pull: watermarks, slices, results, topic text, station names, masking. */
class TestJdbcPullWatermark {

    private static final LocalDateTime T = LocalDateTime.of(2024, 4, 1, 9, 0);

    @Test
    void watermarksOrderByUpdatedAtThenKeyWithStartFirst() {
        Watermark a = new Watermark(T, "A");
        Watermark b = new Watermark(T, "B");
        Watermark later = new Watermark(T.plusNanos(1000), "A");
        Watermark beforeT = Watermark.before(T);
        List<Watermark> list = new ArrayList<>(List.of(later, b, Watermark.START, a, beforeT));
        Collections.sort(list);
        assertThat(list).containsExactly(Watermark.START, beforeT, a, b, later);
        assertThat(Watermark.START.isStart()).isTrue();
        assertThat(a.isStart()).isFalse();
        assertThat(a).isEqualTo(new Watermark(T, "A")).hasSameHashCodeAs(new Watermark(T, "A"));
        assertThat(Watermark.START).hasToString("START");
        assertThat(a).hasToString("2024-04-01T09:00 A");
        assertThatThrownBy(() -> new Watermark(null, "A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot make a watermark");
    }

    @Test
    void anOverlapGoesBackBeforeEveryRowOfThatTime() {
        assertThat(new Watermark(T, "K").minus(Duration.ofMinutes(10))).isEqualTo(Watermark.before(T.minusMinutes(10)));
        assertThat(Watermark.START.minus(Duration.ofDays(1))).isEqualTo(Watermark.START);
    }

    @Test
    void slicesEndAtARowAndTheNextWatermarkComesFromTheLastSliceThatMovedIt() {
        assertThat(Slice.all(Watermark.START)).isEqualTo(new Slice(0, Watermark.START, null));
        assertThatThrownBy(() -> new Slice(0, Watermark.START, Watermark.before(T)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Slice(0, null, null)).isInstanceOf(NullPointerException.class);

        Watermark from = new Watermark(T, "A");
        PullResult moved = new PullResult(5, 1, 0, new Watermark(T.plusHours(1), "Z"));
        PullResult onlyUnsettled = new PullResult(2, 2, 2, null);
        assertThat(PullResult.next(from, List.of(moved, onlyUnsettled))).isEqualTo(moved.highest());
        assertThat(PullResult.next(from, List.of(onlyUnsettled))).isEqualTo(from);
        assertThat(PullResult.next(from, List.of())).isEqualTo(from);
        assertThatThrownBy(() -> new PullResult(0, 0, 0, Watermark.START)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicTextIsNumbersOneToFiveSeparatedByCommas() {
        assertThat(RowConverter.topicBits("")).isZero();
        assertThat(RowConverter.topicBits("  ")).isZero();
        assertThat(RowConverter.topicBits("1,3")).isEqualTo((1 << 1) | (1 << 3));
        assertThat(RowConverter.topicBits(" 3 , 1,3")).isEqualTo((1 << 1) | (1 << 3));
        assertThat(RowConverter.topicBits("5")).isEqualTo(1 << 5);
        for (String bad : new String[] {"0", "6", "1,", ",1", "1,,2", "1;2", "x", "12", "01", "-1", "１", "1.0"}) {
            assertThat(RowConverter.topicBits(bad)).as(bad).isEqualTo(-1);
        }
    }

    @Test
    void theStationComesFromTheTableNameUnlessNamed() {
        String url = "jdbc:postgresql://127.0.0.1:5432/db?user=u";
        assertThat(new JdbcPull(url, null, null, "s003_visits", Entity.VISITS).stationCode()).isEqualTo("S003");
        assertThat(new JdbcPull(url, null, null, "s003_b_card_changes", Entity.CARD_CHANGES).stationCode())
                .isEqualTo("S003_B");
        assertThat(new JdbcPull(url, null, null, "houmon", Entity.VISITS).stationCode()).isEqualTo("houmon");
        assertThat(new JdbcPull("Kita", url, null, null, "houmon", Entity.VISITS).stationCode()).isEqualTo("Kita");
        assertThatThrownBy(() -> new JdbcPull("jdbc:oracle:thin:@h:1521/x?password=pw", null, null, "t", Entity.VISITS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
        assertThatThrownBy(() -> new JdbcPull(url, null, null, "s003_visits", Entity.VISITS)
                .plan(Watermark.START, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordsAreMaskedWhereverTheyAppear() {
        JdbcPull pull = new JdbcPull("jdbc:mariadb://h:3306/db?user=u&password=inUrl77", "u", "given99",
                "s001_visits", Entity.VISITS);
        assertThat(pull.mask("a inUrl77 b given99 c")).isEqualTo("a *** b *** c");
        JdbcPull userInfo = new JdbcPull("jdbc:postgresql://u:info55@h/db", null, null, "s001_visits", Entity.VISITS);
        assertThat(userInfo.mask("x info55")).isEqualTo("x ***");
        assertThat(pull.toString()).doesNotContain("inUrl77").doesNotContain("given99").doesNotContain("user=");
    }

    @Test
    void aPullSurvivesSerialisationForSparkTasks() throws Exception {
        JdbcPull pull = new JdbcPull("jdbc:postgresql://127.0.0.1:5432/db?user=u", null, null, "s003_visits",
                Entity.VISITS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pull);
            out.writeObject(new Slice(2, new Watermark(T, "A"), new Watermark(T, "B")));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            JdbcPull copy = (JdbcPull) in.readObject();
            assertThat(copy.readSql(Slice.all(Watermark.START))).isEqualTo(pull.readSql(Slice.all(Watermark.START)));
            assertThat(copy.stationCode()).isEqualTo("S003");
            assertThat(in.readObject()).isEqualTo(new Slice(2, new Watermark(T, "A"), new Watermark(T, "B")));
        }
    }
}
