package jp.junkai.marts;

import static jp.junkai.marts.MartFixtures.assertCells;
import static jp.junkai.marts.MartFixtures.d;
import static jp.junkai.marts.MartFixtures.one;
import static jp.junkai.marts.MartFixtures.row;
import static jp.junkai.marts.MartFixtures.t;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import jp.junkai.schema.Entity;

/** SPEC §6.4: an absent card language is {@code ja}, so it is no foreign-language card (第6). */
class TestCardLanguage {

    @Test
    void anAbsentLanguageIsJapanese() {
        MartInputs in = new MartFixtures.Tables()
                .put(Entity.BEATS, "beat_code, station_code, koban_code, area_type", row("B1", "S1", "K1", "mixed"))
                .put(Entity.OFFICERS, "officer_id, station_code, department", row("O1", "S1", "community"))
                .put(Entity.UNITS, "unit_id, beat_code, unit_kind, registered_on, foreign_resident",
                        row("U1", "B1", "household", d("2024-01-10"), true),
                        row("U2", "B1", "household", d("2024-01-10"), true),
                        row("U3", "B1", "household", d("2024-01-10"), true))
                .put(Entity.CARDS, "card_id, unit_id, form, language, created_on",
                        row("C1", "U1", "household", null, d("2024-02-01")),
                        row("C2", "U2", "household", "ja", d("2024-02-01")),
                        row("C3", "U3", "household", "vi", d("2024-02-01")))
                .put(Entity.VISITS, "visit_id, unit_id, officer_id, visited_at, outcome, card_action",
                        row("V1", "U1", "O1", t("2024-03-05T10:00"), "met", "none"))
                .inputs();

        Map<String, List<Row>> marts = MartFixtures.build(in, MartFixtures.rules(
                new MartFixtures.RuleSetYaml("R", "2024-01-01")), YearMonth.of(2024, 3), CardsBeatMonthly.NAME);

        // three foreign-resident units, each with an active card; only U3's (vi) is foreign-language
        assertCells(one(marts.get(CardsBeatMonthly.NAME), "as_of", d("2024-03-31")), "foreign_units", 3L,
                "units_with_card", 3L, "foreign_units_with_foreign_card", 1L, "foreign_card_coverage", 1.0 / 3);
    }
}
