package jp.junkai.marts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import jp.junkai.lake.RunRecord;
import jp.junkai.schema.Entity;

/** Which months of officer_monthly an earlier build's rows stand for. */
class TestKeptOfficerMonths {

    private static final YearMonth JAN = YearMonth.of(2024, 1);
    private static final YearMonth FEB = YearMonth.of(2024, 2);
    private static final YearMonth MAR = YearMonth.of(2024, 3);
    private static final LocalDate DEC31 = LocalDate.of(2023, 12, 31);
    private static final LocalDate JAN31 = LocalDate.of(2024, 1, 31);
    private static final LocalDate FEB29 = LocalDate.of(2024, 2, 29);
    private static final LocalDate MAR31 = LocalDate.of(2024, 3, 31);

    private static final Map<LocalDate, String> BEFORE = Map.of(DEC31, "a", JAN31, "b", FEB29, "c", MAR31, "d");

    @Test
    void aMonthIsKeptWhereItsWorkAndBothMonthEndsAreAsBefore() {
        List<YearMonth> months = List.of(JAN, FEB, MAR);
        // nothing changed: all kept
        assertThat(KeptOfficerMonths.months(months, months, Set.of(), BEFORE, BEFORE, true))
                .containsExactly(JAN, FEB, MAR);
        // February 29 changed: February (its end) and March (its start) are computed
        Map<LocalDate, String> now = Map.of(DEC31, "a", JAN31, "b", FEB29, "x", MAR31, "d");
        assertThat(KeptOfficerMonths.months(months, months, Set.of(), BEFORE, now, true)).containsExactly(JAN);
        // January's work recounted: January alone computed
        assertThat(KeptOfficerMonths.months(months, months, Set.of(JAN), BEFORE, BEFORE, true))
                .containsExactly(FEB, MAR);
        // a month the earlier mart did not have, or a month-end the earlier counts did not have
        assertThat(KeptOfficerMonths.months(months, List.of(JAN, FEB), Set.of(), BEFORE, BEFORE, true))
                .containsExactly(JAN, FEB);
        Map<LocalDate, String> withoutDec = Map.of(JAN31, "b", FEB29, "c", MAR31, "d");
        assertThat(KeptOfficerMonths.months(months, months, Set.of(), withoutDec, BEFORE, true))
                .containsExactly(FEB, MAR);
        // a month-end before any rule set, in neither: as before
        assertThat(KeptOfficerMonths.months(months, months, Set.of(), withoutDec, withoutDec, true))
                .containsExactly(JAN, FEB, MAR);
        // officers, assignments, beats or rules changed: nothing kept
        assertThat(KeptOfficerMonths.months(months, months, Set.of(), BEFORE, BEFORE, false)).isEmpty();
    }

    @Test
    void theDigestsReadTheCountsTheMartReadsOnly() {
        List<String> columns = new ArrayList<>(List.of("as_of", "beat_code", "fresh_cards"));
        columns.addAll(OfficerMonthly.COUNTS_READ);
        StructType schema = new StructType().add("as_of", DataTypes.DateType).add("beat_code", DataTypes.StringType)
                .add("fresh_cards", DataTypes.LongType);
        for (String c : OfficerMonthly.COUNTS_READ) {
            schema = schema.add(c, DataTypes.LongType);
        }
        StructType s = schema;
        java.util.function.BiFunction<Long, Long, Dataset<Row>> counts = (fresh, eligible) -> MartFixtures.spark()
                .createDataFrame(List.of(
                        RowFactory.create(JAN31, "B1", fresh, 1L, 0L, 3L, 1L, eligible),
                        RowFactory.create(JAN31, "B2", 0L, 0L, 0L, 1L, 0L, 1L),
                        RowFactory.create(FEB29, "B1", 0L, 1L, 1L, 3L, 1L, 5L)), s);
        Map<LocalDate, String> base = KeptOfficerMonths.digests(counts.apply(0L, 5L));
        assertThat(base).containsOnlyKeys(JAN31, FEB29);
        assertThat(base.get(JAN31)).startsWith("2:");
        // a card count changed (every night, card corrections): the same digests
        assertThat(KeptOfficerMonths.digests(counts.apply(7L, 5L))).isEqualTo(base);
        // an eligible unit more on January 31: that day differs, February's does not
        Map<LocalDate, String> changed = KeptOfficerMonths.digests(counts.apply(0L, 6L));
        assertThat(changed.get(JAN31)).isNotEqualTo(base.get(JAN31));
        assertThat(changed.get(FEB29)).isEqualTo(base.get(FEB29));
    }

    @Test
    void theDimensionsAreTheOfficersAssignmentsAndBeatsSegments() {
        RunRecord earlier = run(Map.of("officers", List.of("base-1"), "assignments", List.of("base-1"),
                "beats", List.of("base-1"), "visits", List.of("base-1")));
        RunRecord visitsChanged = run(Map.of("officers", List.of("base-1"), "assignments", List.of("base-1"),
                "beats", List.of("base-1"), "visits", List.of("base-1", "delta-2")));
        RunRecord officersChanged = run(Map.of("officers", List.of("base-1", "delta-2"), "assignments",
                List.of("base-1"), "beats", List.of("base-1"), "visits", List.of("base-1")));
        assertThat(KeptOfficerMonths.sameDimensions(earlier, visitsChanged)).isTrue();
        assertThat(KeptOfficerMonths.sameDimensions(earlier, officersChanged)).isFalse();
        assertThat(Entity.OFFICERS.code()).isEqualTo("officers");
    }

    private static RunRecord run(Map<String, List<String>> silver) {
        return new RunRecord("r", null, "2024-01-01T00:00", List.of(), List.of(), List.of(), Map.of(), silver, null,
                Map.of(), Map.of(), Map.of());
    }
}
