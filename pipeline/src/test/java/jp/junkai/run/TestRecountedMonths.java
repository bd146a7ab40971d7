package jp.junkai.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.junkai.marts.MartStore;

/** Which months' officer work a build counts anew, and which it keeps from the earlier build. */
class TestRecountedMonths {

    private static final List<YearMonth> MONTHS = List.of(YearMonth.of(2024, 5), YearMonth.of(2024, 6),
            YearMonth.of(2024, 7), YearMonth.of(2024, 8));

    private static Optional<MartStore.Build> earlier(Map<String, String> inputs) {
        // status days: April 30 (before the first month), then May through July
        return Optional.of(new MartStore.Build("b", "r", "sha", "2024-07",
                List.of("2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31"), 2, inputs, Map.of()));
    }

    @Test
    void withoutAnEarlierBuildEveryMonthIsCounted() {
        assertThat(MainJob.recountedMonths(Optional.empty(), Map.of(), MONTHS)).containsExactlyElementsOf(MONTHS);
    }

    @Test
    void aChangedMonthIsRecountedWithTheMonthAfterItAndANewMonthIsCounted() {
        Map<String, String> then = Map.of("2024-05", "1:1", "2024-06", "1:2", "2024-07", "1:3");
        Map<String, String> now = Map.of("2024-05", "1:1", "2024-06", "2:9", "2024-07", "1:3", "2024-08", "1:4");
        // June changed: June and July (its first visit may follow June's last within 60 s);
        // August the earlier build never counted
        assertThat(MainJob.recountedMonths(earlier(then), now, MONTHS))
                .containsExactly(YearMonth.of(2024, 6), YearMonth.of(2024, 7), YearMonth.of(2024, 8));
        // nothing changed: only August
        assertThat(MainJob.recountedMonths(earlier(then), then, MONTHS)).containsExactly(YearMonth.of(2024, 8));
        // a month that lost its last visit changed too
        Map<String, String> emptied = Map.of("2024-05", "1:1", "2024-07", "1:3");
        assertThat(MainJob.recountedMonths(earlier(then), emptied, MONTHS.subList(0, 3)))
                .containsExactly(YearMonth.of(2024, 6), YearMonth.of(2024, 7));
    }
}
