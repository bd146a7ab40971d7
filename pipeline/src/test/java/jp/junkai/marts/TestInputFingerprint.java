package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;

/**
 * The input fingerprint that decides which month-ends an incremental build keeps: a change shows
 * in the month of the date that governs the changed field, and only there; a change to a beat or
 * an officer (no dates) shows everywhere.
 */
class TestInputFingerprint {

    private static final String UNITS = "unit_id, beat_code, unit_kind, registered_on, closed_on";
    private static final String VISITS = "visit_id, unit_id, officer_id, visited_at, outcome, card_action";

    private static MartFixtures.Tables world(String beatArea, Object closedOn, String outcome) {
        return new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type",
                        row("B1", "S1", "K1", beatArea))
                .put(Entity.OFFICERS, "officer_id, station_code, department", row("O1", "S1", "community"))
                .put(Entity.UNITS, UNITS,
                        row("U1", "B1", "household", d("2020-05-10"), closedOn),
                        row("U2", "B1", "business", d("2024-02-01"), null))
                .put(Entity.VISITS, VISITS,
                        row("V1", "U1", "O1", t("2024-03-05T10:00"), outcome, "none"),
                        row("V2", "U2", "O1", t("2024-06-05T10:00"), "met", "none"));
    }

    @Test
    void anUnchangedLakeHasTheSameFingerprint() {
        Map<String, String> a = InputFingerprint.of(world("mixed", null, "met").inputs());
        Map<String, String> b = InputFingerprint.of(world("mixed", null, "met").inputs());

        assertThat(a).isEqualTo(b).containsKeys("units/unit/2020-05", "units/unit/2024-02", "visits/visit/2024-03",
                "visits/visit/2024-06", "beats/all/all");
        // officers feed only marts that every build recomputes: not fingerprinted
        assertThat(a.keySet()).noneMatch(k -> k.startsWith("officers/"));
        assertThat(InputFingerprint.changedFrom(a, b)).isEmpty();
    }

    @Test
    void aClosureShowsInItsOwnMonthNotAtTheRegistration() {
        Map<String, String> before = InputFingerprint.of(world("mixed", null, "met").inputs());
        Map<String, String> after = InputFingerprint.of(world("mixed", d("2024-09-15"), "met").inputs());

        // U1 registered 2020-05 is unchanged there; its closure is new in 2024-09
        assertThat(after.get("units/unit/2020-05")).isEqualTo(before.get("units/unit/2020-05"));
        assertThat(before).doesNotContainKey("units/closed/2024-09");
        assertThat(after).containsKey("units/closed/2024-09");
        assertThat(InputFingerprint.changedFrom(before, after)).contains(LocalDate.of(2024, 9, 1));
    }

    @Test
    void aCorrectedVisitShowsInItsMonth() {
        Map<String, String> before = InputFingerprint.of(world("mixed", null, "met").inputs());
        Map<String, String> after = InputFingerprint.of(world("mixed", null, "absent").inputs());

        assertThat(InputFingerprint.changedFrom(before, after)).contains(LocalDate.of(2024, 3, 1));
    }

    @Test
    void aBeatChangeRecomputesEverything() {
        Map<String, String> before = InputFingerprint.of(world("mixed", null, "met").inputs());
        Map<String, String> after = InputFingerprint.of(world("rural", null, "met").inputs());

        assertThat(InputFingerprint.changedFrom(before, after)).contains(LocalDate.MIN);
    }

    @Test
    void theEarliestDifferingPartWins() {
        Map<String, String> before = Map.of("visits/visit/2024-03", "1:5", "visits/visit/2024-06", "1:7");
        Map<String, String> moved = Map.of("visits/visit/2024-06", "2:9", "cards/card/2024-01", "1:1");

        // 2024-03 lost its part, 2024-06 changed, 2024-01 gained one
        assertThat(InputFingerprint.changedFrom(before, moved)).isEqualTo(Optional.of(LocalDate.of(2024, 1, 1)));
        assertThat(InputFingerprint.changedFrom(Map.of(), Map.of())).isEmpty();
    }
}
