package jp.junkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Line sets per batch: sparse long lines, merges, and a size fit to send to every task. */
class TestLineSets {

    @Test
    void linesOfLaterJdbcSlicesAreKeptSmall() throws Exception {
        // the fourth and eighth slices of a jdbc pull: lines offset by 3 × 10⁹ and 7 × 10⁹
        LineSets sets = new LineSets();
        sets.add("S1", "pull-r1", 3_000_000_007L);
        sets.add("S1", "pull-r1", 7_000_000_001L);
        sets.add("S1", "pull-r1", 3_000_000_007L);
        sets.add("S2", "pull-r1", 1L);

        LineSets copy = roundTrip(sets);

        // a bit set would take a bit per line below 3 × 10⁹ (≈ 100 MB); these take bytes per line set
        assertThat(serializedSize(sets)).isLessThan(4_096);
        assertThat(copy.contains("S1", "pull-r1", 3_000_000_007L)).isTrue();
        assertThat(copy.contains("S1", "pull-r1", 7_000_000_001L)).isTrue();
        assertThat(copy.contains("S1", "pull-r1", 3_000_000_006L)).isFalse();
        assertThat(copy.contains("S1", "pull-r1", 1L)).isFalse(); // another station's line
        assertThat(copy.contains("S1", "other", 3_000_000_007L)).isFalse();
        assertThat(copy.contains("S1", "pull-r1", -1L)).isFalse();
        assertThat(copy.count("S1", "pull-r1")).isEqualTo(2);
        assertThat(copy.count("S3", "pull-r1")).isZero();
    }

    @Test
    void addAllMergesBatchesLineByLine() {
        LineSets a = new LineSets();
        a.add("S1", "b1", 1);
        a.add("S1", "b1", 4_294_967_296L); // 2³², where a 32-bit bitmap would wrap to 0
        LineSets b = new LineSets();
        b.add("S1", "b1", 2);
        b.add("S1", "b2", 0);
        a.addAll(b);
        assertThat(a.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("S1/b1", new long[] {1, 2, 4_294_967_296L},
                "S1/b2", new long[] {0}));
        assertThat(a.contains("S1", "b1", 0)).isFalse();
        assertThat(b.count("S1", "b1")).isEqualTo(1); // the other sets are left as they were
    }

    @Test
    void emptySetsAndNegativeLines() {
        LineSets sets = new LineSets();
        assertThat(sets.isEmpty()).isTrue();
        assertThat(sets.asMap()).isEmpty();
        assertThatThrownBy(() -> sets.add("S1", "b1", -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
        assertThat(sets.isEmpty()).isTrue();
    }

    private static int serializedSize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.size();
    }

    private static LineSets roundTrip(LineSets sets) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sets);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (LineSets) in.readObject();
        }
    }
}
