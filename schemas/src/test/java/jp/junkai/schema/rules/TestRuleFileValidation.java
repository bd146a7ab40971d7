package jp.junkai.schema.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal of a rule file, with its line and message. Most cases edit the SPEC example,
 * whose lines are:
 * <pre>
 *  1 rule_sets:
 *  2   - id: "2024-04"
 *  3     effective_from: 2024-04-01
 *  4     turnover_bands: { medium: 0.10, high: 0.25 }
 *  5     intervals_days:
 *  6       household: { low: 730, medium: 365, high: 180 }
 *  7       business:  { low: 730, medium: 730, high: 365 }
 *  8     overrides:
 *  9       - area_type: commercial
 * 10         business: { low: 365, medium: 365, high: 180 }
 * 11     new_occupant_grace_days: 90
 * 12     counted_outcomes: [met]
 * 13     night_window: { start: "20:00", end: "06:00" }
 * 14     card_freshness_days: 730
 * 15     inspection_interval_days: 90
 * 16     commendation: { min_contacts: 20, min_percentile: 0.9 }
 * </pre>
 */
class TestRuleFileValidation {

    private static final String SPEC = TestRuleFile.SPEC_EXAMPLE;

    /** Loading fails with exactly this line and problem. */
    private static void refused(String yaml, int line, String problem) {
        assertThatThrownBy(() -> RuleFile.parse(yaml, "rules.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load rule file rules.yaml: line " + line + ": " + problem);
    }

    /** The SPEC example with one piece of text replaced (which must be there). */
    private static String spec(String from, String to) {
        assertThat(SPEC).contains(from);
        return SPEC.replace(from, to);
    }

    /** The SPEC example without a key of the rule set (and the lines nested under it). */
    private static String specWithout(String key) {
        List<String> lines = new ArrayList<>(SPEC.lines().toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("    " + key + ":") || line.startsWith("  - " + key + ":")) {
                lines.remove(i);
                while (i < lines.size() && lines.get(i).startsWith("     ")) {
                    lines.remove(i); // nested deeper than the rule set's keys
                }
                if (line.startsWith("  - ")) {
                    lines.set(i, "  - " + lines.get(i).substring(4));
                }
                return String.join("\n", lines) + "\n";
            }
        }
        throw new AssertionError("no key " + key);
    }

    @Test
    void theHelperRemovesWholeKeys() {
        assertThat(specWithout("intervals_days")).doesNotContain("household").doesNotContain("intervals_days")
                .contains("overrides");
        assertThat(specWithout("overrides")).doesNotContain("commercial").contains("new_occupant_grace_days");
        assertThat(specWithout("id")).startsWith("rule_sets:\n  - effective_from: 2024-04-01\n");
        assertThat(RuleFile.parse(specWithout("overrides"), "x").first().overrides()).isEmpty();
    }

    // ------------------------------------------------------------------ the file

    @Test
    void anEmptyFile() {
        refused("", 1, "the file is empty; it needs a rule_sets: list");
        refused("# nothing but a comment\n\n", 1, "the file is empty; it needs a rule_sets: list");
    }

    @Test
    void notAMapping() {
        refused("- id: a\n", 1, "the file must be a YAML mapping with a rule_sets: list, not a list");
        refused("\n\nrules\n", 3, "the file must be a YAML mapping with a rule_sets: list, not rules");
    }

    @Test
    void noRuleSets() {
        refused("{}\n", 1, "no rule_sets: list the rule sets under rule_sets:");
        refused("# the rules\nrule_sets:\n", 2, "rule_sets is empty: the file needs at least one rule set");
        refused("rule_sets: []\n", 1, "rule_sets is empty: the file needs at least one rule set");
        refused("rule_sets:\n  id: a\n", 2,
                "rule_sets must be a list (one '- id: …' item per rule set), not a mapping");
        refused("rule_sets:\n  - 2024-04\n", 2,
                "rule set #1 must be a mapping of id:, effective_from: and its rules, not 2024-04");
    }

    @Test
    void anUnknownTopLevelKey() {
        refused("rule_set:\n  - id: a\n", 1, "unknown key rule_set (the file takes: rule_sets)");
        refused(SPEC + "version: 2\n", 17, "unknown key version (the file takes: rule_sets)");
    }

    @Test
    void aKeyTwiceInOneMapping() {
        refused(SPEC + "    new_occupant_grace_days: 60\n", 17,
                "key new_occupant_grace_days appears twice in one mapping (first on line 11)");
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ medium: 0.10, medium: 0.25 }"), 4,
                "key medium appears twice in one mapping (first on line 4)");
    }

    @Test
    void brokenYaml() {
        assertThatThrownBy(() -> RuleFile.parse(spec("counted_outcomes: [met]", "counted_outcomes: [met"), "rules.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot load rule file rules.yaml: line 13: ");
        assertThatThrownBy(() -> RuleFile.parse(spec("    effective_from", "\teffective_from"), "rules.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot load rule file rules.yaml: line 3: ");
        assertThatThrownBy(() -> RuleFile.parse(SPEC + "---\n" + SPEC, "rules.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot load rule file rules.yaml: line 17: ");
    }

    // ------------------------------------------------------------------ keys of a rule set

    @Test
    void anUnknownKeyInARuleSet() {
        refused(spec("card_freshness_days", "card_freshnes_days"), 14, "rule set 2024-04: unknown key"
                + " card_freshnes_days (a rule set takes: id, effective_from, turnover_bands, intervals_days, overrides,"
                + " new_occupant_grace_days, counted_outcomes, night_window, card_freshness_days,"
                + " inspection_interval_days, commendation)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"effective_from", "turnover_bands", "intervals_days", "new_occupant_grace_days",
            "counted_outcomes", "night_window", "card_freshness_days", "inspection_interval_days", "commendation"})
    void everyKeyButOverridesIsRequired(String key) {
        refused(specWithout(key), 2, "rule set 2024-04: missing key " + key);
    }

    @Test
    void anIdIsRequired() {
        refused(specWithout("id"), 2, "rule set #1: missing key id");
        refused(spec("- id: \"2024-04\"", "- id:"), 2, "rule set #1: id has no value");
        refused(spec("- id: \"2024-04\"", "- id: [a, b]"), 2, "rule set #1: id must be a non-empty text, not a list");
        refused(spec("- id: \"2024-04\"", "- id: \" \""), 2, "rule set #1: id must be a non-empty text, not \" \"");
    }

    @Test
    void aRequiredKeyWithoutValue() {
        refused(spec("new_occupant_grace_days: 90", "new_occupant_grace_days:"), 11,
                "rule set 2024-04: new_occupant_grace_days has no value");
        refused(spec("night_window: { start: \"20:00\", end: \"06:00\" }", "night_window: ~"), 13,
                "rule set 2024-04: night_window has no value");
    }

    // ------------------------------------------------------------------ ids and dates

    @Test
    void duplicateIds() {
        refused(SPEC + TestRuleFile.ruleSet("2024-04", "2025-04-01", "90", "60", "[met]"), 17,
                "rule set id 2024-04 is used twice (first on line 2)");
    }

    @Test
    void twoRuleSetsTakingEffectTheSameDay() {
        refused(SPEC + TestRuleFile.ruleSet("2024-04b", "2024-04-01", "90", "60", "[met]"), 18,
                "rule sets 2024-04 and 2024-04b both take effect on 2024-04-01 (2024-04 on line 3); give each rule"
                        + " set its own effective_from");
        // one quoted, one not: the same date
        refused(SPEC + TestRuleFile.ruleSet("b", "\"2024-04-01\"", "90", "60", "[met]"), 18,
                "rule sets 2024-04 and b both take effect on 2024-04-01 (2024-04 on line 3); give each rule"
                        + " set its own effective_from");
    }

    @Test
    void effectiveFromNotADate() {
        refused(spec("effective_from: 2024-04-01", "effective_from: 2024-04"), 3,
                "rule set 2024-04: effective_from must be a date written YYYY-MM-DD, not 2024-04");
        refused(spec("effective_from: 2024-04-01", "effective_from: 2024-02-30"), 3,
                "rule set 2024-04: effective_from must be a date written YYYY-MM-DD, not 2024-02-30");
        refused(spec("effective_from: 2024-04-01", "effective_from: 2024-4-1"), 3,
                "rule set 2024-04: effective_from must be a date written YYYY-MM-DD, not 2024-4-1");
        refused(spec("effective_from: 2024-04-01", "effective_from: \"April 2024\""), 3,
                "rule set 2024-04: effective_from must be a date written YYYY-MM-DD, not \"April 2024\"");
        refused(spec("effective_from: 2024-04-01", "effective_from: 2024-04-01T00:00:00+09:00"), 3,
                "rule set 2024-04: effective_from must be a date written YYYY-MM-DD, not 2024-04-01T00:00:00+09:00");
    }

    @Test
    void aProblemInALaterRuleSetNamesIt() {
        String two = SPEC + TestRuleFile.ruleSet("2025-04", "2025-04-01", "0", "60", "[met]");
        // line 17 "  - id", 18 effective_from, 19 turnover_bands, 20 intervals_days, 21 household
        refused(two, 21, "rule set 2025-04: intervals_days.household.high must be a positive number of days, not 0");
        refused(SPEC + TestRuleFile.ruleSet("2025-04", "2025-04-01", "90", "60", "[met]")
                        .replace("    card_freshness_days: 730\n", ""), 17,
                "rule set 2025-04: missing key card_freshness_days");
    }

    // ------------------------------------------------------------------ turnover bands

    @Test
    void turnoverThresholds() {
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ medium: 0.30, high: 0.25 }"), 4,
                "rule set 2024-04: turnover_bands medium (0.30) is above high (0.25): medium is the lower bound of the"
                        + " medium band and must not exceed high");
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ medium: -0.1, high: 0.25 }"), 4,
                "rule set 2024-04: turnover_bands.medium must not be negative, not -0.1");
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ medium: -0.3, high: -0.2 }"), 4,
                "rule set 2024-04: turnover_bands.medium must not be negative, not -0.3");
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ medium: 0.10, high: \"0.25\" }"), 4,
                "rule set 2024-04: turnover_bands.high must be a number, not \"0.25\"");
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ medium: 0.10, high: .inf }"), 4,
                "rule set 2024-04: turnover_bands.high must be a number, not .inf");
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ medium: 0.10 }"), 4,
                "rule set 2024-04: missing key high in turnover_bands");
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ medium: 0.10, high: }"), 4,
                "rule set 2024-04: turnover_bands.high has no value");
        refused(spec("{ medium: 0.10, high: 0.25 }", "{ low: 0, medium: 0.10, high: 0.25 }"), 4,
                "rule set 2024-04: unknown key low in turnover_bands (it takes: medium, high)");
        refused(spec("{ medium: 0.10, high: 0.25 }", "0.1"), 4,
                "rule set 2024-04: turnover_bands must be a mapping { medium: 0.10, high: 0.25 }, not 0.1");
    }

    @Test
    void turnoverThresholdsInBlockStyleNameTheirOwnLines() {
        String block = spec("    turnover_bands: { medium: 0.10, high: 0.25 }   # lower bounds of the turnover rate\n",
                "    turnover_bands:\n      medium: 0.10\n      hihg: 0.25\n");
        refused(block, 6, "rule set 2024-04: unknown key hihg in turnover_bands (it takes: medium, high)");
        // a missing key is reported on the line of the key that holds the mapping
        refused(block.replace("      hihg: 0.25\n", ""), 4, "rule set 2024-04: missing key high in turnover_bands");
        refused(block.replace("hihg: 0.25", "high: -1"), 6,
                "rule set 2024-04: turnover_bands.high must not be negative, not -1");
    }

    @Test
    void thresholdsMayBeEqualOrZero() {
        assertThat(RuleFile.parse(spec("{ medium: 0.10, high: 0.25 }", "{ medium: 0, high: 0 }"), "r").first()
                .turnoverBands()).isEqualTo(new RuleSet.TurnoverBands(0, 0));
        assertThat(RuleFile.parse(spec("{ medium: 0.10, high: 0.25 }", "{ medium: 1, high: 1.5e0 }"), "r").first()
                .turnoverBands()).isEqualTo(new RuleSet.TurnoverBands(1, 1.5));
    }

    // ------------------------------------------------------------------ intervals

    @Test
    void aBandMissingInIntervals() {
        refused(spec("household: { low: 730, medium: 365, high: 180 }", "household: { low: 730, medium: 365 }"), 6,
                "rule set 2024-04: band high missing in intervals_days.household (it needs low, medium and high)");
        refused(spec("business:  { low: 730, medium: 730, high: 365 }", "business:  { medium: 730, high: 365 }"), 7,
                "rule set 2024-04: band low missing in intervals_days.business (it needs low, medium and high)");
        String block = spec("      household: { low: 730, medium: 365, high: 180 }\n",
                "      household:\n        low: 730\n        medium: 365\n");
        refused(block, 6,
                "rule set 2024-04: band high missing in intervals_days.household (it needs low, medium and high)");
        refused(spec("household: { low: 730, medium: 365, high: 180 }",
                "household: { low: 730, medium: 365, high: 180, very_high: 90 }"), 6,
                "rule set 2024-04: unknown band very_high in intervals_days.household (known: low, medium, high)");
        refused(spec("household: { low: 730, medium: 365, high: 180 }", "household: { low: 730, medium: 365, high: }"),
                6, "rule set 2024-04: intervals_days.household.high has no value");
    }

    @Test
    void aNegativeOrZeroInterval() {
        refused(spec("household: { low: 730, medium: 365, high: 180 }", "household: { low: 730, medium: 365, high: -180 }"),
                6, "rule set 2024-04: intervals_days.household.high must be a positive number of days, not -180");
        refused(spec("business:  { low: 730, medium: 730, high: 365 }", "business:  { low: 0, medium: 730, high: 365 }"),
                7, "rule set 2024-04: intervals_days.business.low must be a positive number of days, not 0");
        refused(spec("household: { low: 730, medium: 365, high: 180 }", "household: { low: 730, medium: 365, high: 180.5 }"),
                6, "rule set 2024-04: intervals_days.household.high must be a whole number of days, not 180.5");
        refused(spec("household: { low: 730, medium: 365, high: 180 }", "household: { low: 730, medium: 365, high: 0180 }"),
                6, "rule set 2024-04: intervals_days.household.high must be a whole number of days, not 0180");
        refused(spec("household: { low: 730, medium: 365, high: 180 }", "household: { low: 730, medium: 365, high: 99999999999 }"),
                6, "rule set 2024-04: intervals_days.household.high is too large: 99999999999");
    }

    @Test
    void unitKindsOfIntervals() {
        refused(spec("      business:  { low: 730, medium: 730, high: 365 }\n",
                "      business:  { low: 730, medium: 730, high: 365 }\n      shop: { low: 1, medium: 1, high: 1 }\n"), 8,
                "rule set 2024-04: unknown unit kind shop in intervals_days (known: household, business)");
        refused(spec("      business:  { low: 730, medium: 730, high: 365 }\n", ""), 5,
                "rule set 2024-04: unit kind business missing in intervals_days (it needs household and business)");
        refused(spec("household: { low: 730, medium: 365, high: 180 }", "household: 365"), 6,
                "rule set 2024-04: intervals_days.household must be a mapping { low: …, medium: …, high: … }, not 365");
        refused(spec("household: { low: 730, medium: 365, high: 180 }", "household:"), 6,
                "rule set 2024-04: intervals_days.household has no value (it needs { low: …, medium: …, high: … })");
    }

    // ------------------------------------------------------------------ overrides

    @Test
    void anOverrideNamingNoUnitKind() {
        refused(spec("        business: { low: 365, medium: 365, high: 180 }\n", ""), 9,
                "rule set 2024-04: override #1 (commercial) names no unit kind: give it household: and/or business:"
                        + " intervals");
    }

    @Test
    void anOverrideOfAnUnknownAreaType() {
        refused(spec("area_type: commercial", "area_type: downtown"), 9,
                "rule set 2024-04: unknown area type downtown in override #1 (known: residential, commercial, mixed,"
                        + " rural)");
        refused(spec("area_type: commercial", "area_type: [commercial]"), 9,
                "rule set 2024-04: unknown area type a list in override #1 (known: residential, commercial, mixed,"
                        + " rural)");
        refused(spec("area_type: commercial", "area_type:"), 9,
                "rule set 2024-04: override #1: area_type has no value");
    }

    @Test
    void anOverrideWithoutAreaType() {
        refused(spec("      - area_type: commercial\n        business:", "      - business:"), 9,
                "rule set 2024-04: missing key area_type in override #1");
    }

    @Test
    void anOverrideWithAnUnknownUnitKindOrKey() {
        refused(spec("        business: {", "        shop: {"), 10,
                "rule set 2024-04: unknown key shop in override #1 (an override takes area_type: and the unit kinds"
                        + " household:, business:)");
    }

    @Test
    void anOverrideWithABandMissingOrAZeroInterval() {
        refused(spec("business: { low: 365, medium: 365, high: 180 }", "business: { low: 365, high: 180 }"), 10,
                "rule set 2024-04: band medium missing in override #1 (commercial) business (it needs low, medium and"
                        + " high)");
        refused(spec("business: { low: 365, medium: 365, high: 180 }", "business: { low: 365, medium: 365, high: 0 }"),
                10, "rule set 2024-04: override #1 (commercial) business.high must be a positive number of days, not 0");
    }

    @Test
    void aSecondOverrideIsNumbered() {
        String two = spec("    new_occupant_grace_days: 90\n",
                "      - area_type: rural\n        household: { low: 900, medium: 800, high: -1 }\n"
                        + "    new_occupant_grace_days: 90\n");
        refused(two, 12,
                "rule set 2024-04: override #2 (rural) household.high must be a positive number of days, not -1");
    }

    @Test
    void overridesMustBeAList() {
        refused(spec("    overrides:                                       # first match wins\n"
                        + "      - area_type: commercial\n        business: { low: 365, medium: 365, high: 180 }\n",
                "    overrides: { area_type: commercial }\n"), 8,
                "rule set 2024-04: overrides must be a list (one '- area_type: …' item per override), not a mapping");
        refused(spec("      - area_type: commercial\n        business: { low: 365, medium: 365, high: 180 }\n",
                "      - commercial\n"), 9,
                "rule set 2024-04: override #1 must be a mapping of area_type: and household: and/or business:, not"
                        + " commercial");
    }

    // ------------------------------------------------------------------ days

    @Test
    void negativeDays() {
        refused(spec("new_occupant_grace_days: 90", "new_occupant_grace_days: -1"), 11,
                "rule set 2024-04: new_occupant_grace_days must not be negative, not -1");
        refused(spec("card_freshness_days: 730", "card_freshness_days: -730"), 14,
                "rule set 2024-04: card_freshness_days must not be negative, not -730");
        refused(spec("inspection_interval_days: 90", "inspection_interval_days: -5"), 15,
                "rule set 2024-04: inspection_interval_days must not be negative, not -5");
    }

    @Test
    void daysAreWholeNumbers() {
        refused(spec("new_occupant_grace_days: 90", "new_occupant_grace_days: \"90\""), 11,
                "rule set 2024-04: new_occupant_grace_days must be a whole number of days, not \"90\"");
        refused(spec("new_occupant_grace_days: 90", "new_occupant_grace_days: 90.0"), 11,
                "rule set 2024-04: new_occupant_grace_days must be a whole number of days, not 90.0");
        refused(spec("new_occupant_grace_days: 90", "new_occupant_grace_days: 0x5a"), 11,
                "rule set 2024-04: new_occupant_grace_days must be a whole number of days, not 0x5a");
        refused(spec("card_freshness_days: 730", "card_freshness_days: [730]"), 14,
                "rule set 2024-04: card_freshness_days must be a whole number of days, not a list");
        refused(spec("inspection_interval_days: 90", "inspection_interval_days: ninety"), 15,
                "rule set 2024-04: inspection_interval_days must be a whole number of days, not ninety");
    }

    @Test
    void zeroDaysAreAllowed() {
        RuleSet r = RuleFile.parse(spec("new_occupant_grace_days: 90", "new_occupant_grace_days: 0")
                .replace("card_freshness_days: 730", "card_freshness_days: 0")
                .replace("inspection_interval_days: 90", "inspection_interval_days: 0"), "r").first();
        assertThat(r.newOccupantGraceDays()).isZero();
        assertThat(r.cardFreshnessDays()).isZero();
        assertThat(r.inspectionIntervalDays()).isZero();
    }

    // ------------------------------------------------------------------ outcomes

    @Test
    void countedOutcomes() {
        refused(spec("counted_outcomes: [met]", "counted_outcomes: [met, spoken]"), 12,
                "rule set 2024-04: unknown outcome spoken in counted_outcomes (known: met, absent, refused, vacant)");
        refused(spec("counted_outcomes: [met]", "counted_outcomes: []"), 12,
                "rule set 2024-04: counted_outcomes is empty: name at least one outcome (known: met, absent, refused,"
                        + " vacant)");
        refused(spec("counted_outcomes: [met]", "counted_outcomes:"), 12,
                "rule set 2024-04: counted_outcomes has no value");
        refused(spec("counted_outcomes: [met]", "counted_outcomes: met"), 12,
                "rule set 2024-04: counted_outcomes must be a list of outcomes such as [met], not met");
        refused(spec("counted_outcomes: [met]", "counted_outcomes:\n      - met\n      - Met"), 14,
                "rule set 2024-04: unknown outcome Met in counted_outcomes (known: met, absent, refused, vacant)");
        refused(spec("counted_outcomes: [met]", "counted_outcomes: [met, [absent]]"), 12,
                "rule set 2024-04: unknown outcome a list in counted_outcomes (known: met, absent, refused, vacant)");
    }

    // ------------------------------------------------------------------ night window

    @Test
    void unquotedTimesAreRefused() {
        refused(spec("start: \"20:00\"", "start: 20:00"), 13,
                "rule set 2024-04: night_window.start must be a quoted \"HH:MM\" time, not 20:00 unquoted (YAML may"
                        + " read an unquoted time as a number): write \"20:00\"");
        refused(spec("end: \"06:00\"", "end: 06:00"), 13,
                "rule set 2024-04: night_window.end must be a quoted \"HH:MM\" time, not 06:00 unquoted (YAML may"
                        + " read an unquoted time as a number): write \"06:00\"");
        refused(spec("start: \"20:00\"", "start: 1200"), 13,
                "rule set 2024-04: night_window.start must be a quoted \"HH:MM\" time from \"00:00\" to \"23:59\","
                        + " not 1200");
        String block = spec("    night_window: { start: \"20:00\", end: \"06:00\" }\n",
                "    night_window:\n      start: \"20:00\"\n      end: 6:00\n");
        refused(block, 15, "rule set 2024-04: night_window.end must be a quoted \"HH:MM\" time from \"00:00\" to"
                + " \"23:59\", not 6:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"24:00", "8:00", "20:60", "20:00:00", "2000", "", "20.00", " 20:00"})
    void quotedTextsThatAreNotTimesAreRefused(String text) {
        refused(spec("start: \"20:00\"", "start: \"" + text + "\""), 13,
                "rule set 2024-04: night_window.start must be a quoted \"HH:MM\" time from \"00:00\" to \"23:59\","
                        + " not \"" + text + "\"");
    }

    @Test
    void otherNightWindowProblems() {
        refused(spec("end: \"06:00\"", "end: \"20:00\""), 13,
                "rule set 2024-04: night_window start and end are both \"20:00\": the window would be empty");
        refused(spec("{ start: \"20:00\", end: \"06:00\" }", "{ start: \"20:00\" }"), 13,
                "rule set 2024-04: missing key end in night_window");
        refused(spec("{ start: \"20:00\", end: \"06:00\" }", "{ start: \"20:00\", end: \"06:00\", tz: \"JST\" }"), 13,
                "rule set 2024-04: unknown key tz in night_window (it takes: start, end)");
        refused(spec("{ start: \"20:00\", end: \"06:00\" }", "[\"20:00\", \"06:00\"]"), 13,
                "rule set 2024-04: night_window must be a mapping { start: \"20:00\", end: \"06:00\" }, not a list");
    }

    @Test
    void boundaryTimesAreAccepted() {
        RuleSet.NightWindow w = RuleFile.parse(spec("{ start: \"20:00\", end: \"06:00\" }",
                "{ start: \"23:59\", end: \"00:00\" }"), "r").first().nightWindow();
        assertThat(w.start()).hasToString("23:59");
        assertThat(w.end()).hasToString("00:00");
    }

    // ------------------------------------------------------------------ commendation

    @Test
    void commendationThresholds() {
        refused(spec("min_percentile: 0.9", "min_percentile: 1.5"), 16,
                "rule set 2024-04: commendation.min_percentile must be between 0 and 1 (a percent rank), not 1.5");
        refused(spec("min_percentile: 0.9", "min_percentile: 90"), 16,
                "rule set 2024-04: commendation.min_percentile must be between 0 and 1 (a percent rank), not 90");
        refused(spec("min_percentile: 0.9", "min_percentile: -0.1"), 16,
                "rule set 2024-04: commendation.min_percentile must be between 0 and 1 (a percent rank), not -0.1");
        refused(spec("min_contacts: 20", "min_contacts: -1"), 16,
                "rule set 2024-04: commendation.min_contacts must not be negative, not -1");
        refused(spec("min_contacts: 20", "min_contacts: 2.5"), 16,
                "rule set 2024-04: commendation.min_contacts must be a whole number of contacts, not 2.5");
        refused(spec("{ min_contacts: 20, min_percentile: 0.9 }", "{ min_contacts: 20 }"), 16,
                "rule set 2024-04: missing key min_percentile in commendation");
        refused(spec("{ min_contacts: 20, min_percentile: 0.9 }", "{ min_contacts: 20, min_percentile: 0.9, max: 1 }"),
                16, "rule set 2024-04: unknown key max in commendation (it takes: min_contacts, min_percentile)");
    }

    @Test
    void commendationBoundariesAreAccepted() {
        RuleSet.Commendation c = RuleFile.parse(spec("{ min_contacts: 20, min_percentile: 0.9 }",
                "{ min_contacts: 0, min_percentile: 1 }"), "r").first().commendation();
        assertThat(c).isEqualTo(new RuleSet.Commendation(0, 1.0));
        assertThat(RuleFile.parse(spec("min_percentile: 0.9", "min_percentile: 0"), "r").first().commendation()
                .minPercentile()).isZero();
    }
}
