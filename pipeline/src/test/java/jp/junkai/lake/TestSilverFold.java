package jp.junkai.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TestSilverFold {

    private final SilverFold policy = new SilverFold(4, 8);

    @Test
    void noSegmentOrABaseAloneIsNotFolded() {
        assertThat(policy.newBase(List.of())).isFalse();
        assertThat(policy.newBase(List.of(100L))).isFalse();
    }

    @Test
    void deltasReachingAnEighthOfTheBaseMakeANewBase() {
        // 12 × 8 = 96 < 100; 13 × 8 = 104 ≥ 100; the deltas add up
        assertThat(policy.newBase(List.of(100L, 12L))).isFalse();
        assertThat(policy.newBase(List.of(100L, 13L))).isTrue();
        assertThat(policy.newBase(List.of(100L, 6L, 7L))).isTrue();
        // exactly an eighth folds
        assertThat(policy.newBase(List.of(96L, 12L))).isTrue();
    }

    @Test
    void manySmallSegmentsMergeTheirDeltasOnly() {
        assertThat(policy.newBase(List.of(1000L, 1L, 1L, 1L))).isFalse();
        assertThat(policy.mergeDeltas(3)).isFalse();
        assertThat(policy.mergeDeltas(4)).isTrue();
        assertThat(SilverFold.DEFAULT.mergeDeltas(7)).isFalse();
        assertThat(SilverFold.DEFAULT.mergeDeltas(8)).isTrue();
    }

    @Test
    void refusesAPolicyThatCannotWork() {
        assertThatThrownBy(() -> new SilverFold(1, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSegments 1");
        assertThatThrownBy(() -> new SilverFold(8, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deltaShare 0");
    }
}
