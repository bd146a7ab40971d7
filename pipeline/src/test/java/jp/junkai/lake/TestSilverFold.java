package jp.junkai.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TestSilverFold {

    private final SilverFold policy = new SilverFold(4, 8);

    @Test
    void noSegmentOrABaseAloneIsNotFolded() {
        assertThat(policy.due(List.of())).isFalse();
        assertThat(policy.due(List.of(100L))).isFalse();
    }

    @Test
    void deltasReachingAnEighthOfTheBaseFold() {
        // 12 × 8 = 96 < 100; 13 × 8 = 104 ≥ 100; the deltas add up
        assertThat(policy.due(List.of(100L, 12L))).isFalse();
        assertThat(policy.due(List.of(100L, 13L))).isTrue();
        assertThat(policy.due(List.of(100L, 6L, 7L))).isTrue();
        // exactly an eighth folds
        assertThat(policy.due(List.of(96L, 12L))).isTrue();
    }

    @Test
    void tooManySegmentsFoldHoweverSmall() {
        assertThat(policy.due(List.of(1000L, 1L, 1L))).isFalse();
        assertThat(policy.due(List.of(1000L, 1L, 1L, 1L))).isTrue();
        List<Long> many = new ArrayList<>(List.of(1L << 40));
        for (int i = 1; i < SilverFold.DEFAULT.maxSegments(); i++) {
            many.add(1L);
        }
        assertThat(SilverFold.DEFAULT.due(many)).isTrue();
        assertThat(SilverFold.DEFAULT.due(many.subList(0, many.size() - 1))).isFalse();
    }

    @Test
    void refusesAPolicyThatCannotWork() {
        assertThatThrownBy(() -> new SilverFold(1, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSegments 1");
        assertThatThrownBy(() -> new SilverFold(8, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deltaShare 0");
    }
}
