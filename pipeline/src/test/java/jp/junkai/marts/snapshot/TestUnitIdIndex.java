package jp.junkai.marts.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** The unit-id table of the gathering: positions in insertion order, exact matches only. */
class TestUnitIdIndex {

    @Test
    void findsEveryIdAddedAcrossGrowthAndNothingElse() {
        UnitIdIndex index = new UnitIdIndex();
        int n = 50_000; // many growths from the initial 1,024 slots
        for (int i = 0; i < n; i++) {
            assertThat(index.add(UTF8String.fromString(String.format("S001-U%07d", i)))).isEqualTo(i);
        }
        assertThat(index.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(index.find(UTF8String.fromString(String.format("S001-U%07d", i)))).isEqualTo(i);
        }
        assertThat(index.find(UTF8String.fromString("S001-U9999999"))).isEqualTo(-1);
        // a prefix or an extension of an id is another id
        assertThat(index.find(UTF8String.fromString("S001-U000000"))).isEqualTo(-1);
        assertThat(index.find(UTF8String.fromString("S001-U00000000"))).isEqualTo(-1);
    }

    @Test
    void anIdAddedTwiceKeepsItsFirstPosition() {
        UnitIdIndex index = new UnitIdIndex();
        assertThat(index.add(UTF8String.fromString("U1"))).isEqualTo(0);
        assertThat(index.add(UTF8String.fromString("U2"))).isEqualTo(1);
        assertThat(index.add(UTF8String.fromString("U1"))).isEqualTo(-1);
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.find(UTF8String.fromString("U1"))).isEqualTo(0);
        // non-ASCII and empty ids are bytes like any other
        assertThat(index.add(UTF8String.fromString("世帯-１"))).isEqualTo(2);
        assertThat(index.add(UTF8String.EMPTY_UTF8)).isEqualTo(3);
        assertThat(index.find(UTF8String.fromString("世帯-１"))).isEqualTo(2);
        assertThat(index.find(UTF8String.EMPTY_UTF8)).isEqualTo(3);
    }
}
