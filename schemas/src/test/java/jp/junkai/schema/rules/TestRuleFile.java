package jp.junkai.schema.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRuleFile {

    @TempDir
    Path tmp;

    /** The example of SPEC §2, verbatim. */
    static final String SPEC_EXAMPLE = """
            rule_sets:
              - id: "2024-04"
                effective_from: 2024-04-01
                turnover_bands: { medium: 0.10, high: 0.25 }   # lower bounds of the turnover rate
                intervals_days:
                  household: { low: 730, medium: 365, high: 180 }
                  business:  { low: 730, medium: 730, high: 365 }
                overrides:                                       # first match wins
                  - area_type: commercial
                    business: { low: 365, medium: 365, high: 180 }
                new_occupant_grace_days: 90
                counted_outcomes: [met]
                night_window: { start: "20:00", end: "06:00" }
                card_freshness_days: 730
                inspection_interval_days: 90
                commendation: { min_contacts: 20, min_percentile: 0.9 }
            """;

    static RuleFile parse(String yaml) {
        return RuleFile.parse(yaml, "rules.yaml");
    }

    /** A rule set of the SPEC example with another id, date and a few values changed. */
    static String ruleSet(String id, String from, String householdHigh, String grace, String outcomes) {
        return """
                  - id: "%s"
                    effective_from: %s
                    turnover_bands: { medium: 0.10, high: 0.25 }
                    intervals_days:
                      household: { low: 730, medium: 365, high: %s }
                      business:  { low: 730, medium: 730, high: 365 }
                    new_occupant_grace_days: %s
                    counted_outcomes: %s
                    night_window: { start: "20:00", end: "06:00" }
                    card_freshness_days: 730
                    inspection_interval_days: 90
                    commendation: { min_contacts: 20, min_percentile: 0.9 }
                """.formatted(id, from, householdHigh, grace, outcomes);
    }

    // ------------------------------------------------------------------ the SPEC example

    @Test
    void theSpecExampleParsesToItsExactValues() {
        RuleFile file = parse(SPEC_EXAMPLE);
        assertThat(file.name()).isEqualTo("rules.yaml");
        assertThat(file.ruleSets()).hasSize(1);
        RuleSet r = file.first();
        assertThat(r.id()).isEqualTo("2024-04");
        assertThat(r.effectiveFrom()).isEqualTo(LocalDate.of(2024, 4, 1));
        assertThat(r.turnoverBands()).isEqualTo(new RuleSet.TurnoverBands(0.10, 0.25));
        assertThat(r.intervalsDays()).containsExactly(
                Map.entry("household", new RuleSet.Intervals(730, 365, 180)),
                Map.entry("business", new RuleSet.Intervals(730, 730, 365)));
        assertThat(r.overrides()).containsExactly(new RuleSet.AreaOverride("commercial",
                Map.of("business", new RuleSet.Intervals(365, 365, 180))));
        assertThat(r.overrides().get(0).names("business")).isTrue();
        assertThat(r.overrides().get(0).names("household")).isFalse();
        assertThat(r.newOccupantGraceDays()).isEqualTo(90);
        assertThat(r.countedOutcomes()).containsExactly("met");
        assertThat(r.counts("met")).isTrue();
        assertThat(r.counts("absent")).isFalse();
        assertThat(r.nightWindow()).isEqualTo(new RuleSet.NightWindow(LocalTime.of(20, 0), LocalTime.of(6, 0)));
        assertThat(r.cardFreshnessDays()).isEqualTo(730);
        assertThat(r.inspectionIntervalDays()).isEqualTo(90);
        assertThat(r.commendation()).isEqualTo(new RuleSet.Commendation(20, 0.9));

        // equal to the same rule set built in code
        RuleSet built = new RuleSet("2024-04", LocalDate.of(2024, 4, 1), new RuleSet.TurnoverBands(0.10, 0.25),
                Map.of("household", new RuleSet.Intervals(730, 365, 180),
                        "business", new RuleSet.Intervals(730, 730, 365)),
                List.of(new RuleSet.AreaOverride("commercial", Map.of("business", new RuleSet.Intervals(365, 365, 180)))),
                90, Set.of("met"), new RuleSet.NightWindow(LocalTime.of(20, 0), LocalTime.of(6, 0)), 730, 90,
                new RuleSet.Commendation(20, 0.9));
        assertThat(r).isEqualTo(built);
        assertThat(RuleFile.of(built)).isEqualTo(new RuleFile("rules", List.of(r)));
    }

    @Test
    void overridesAreOptionalAndOutcomesKeepTheirListOrder() {
        RuleSet r = parse("rule_sets:\n" + ruleSet("a", "2024-04-01", "180", "0", "[vacant, met, met, absent]"))
                .first();
        assertThat(r.overrides()).isEmpty();
        assertThat(r.newOccupantGraceDays()).isZero();
        assertThat(r.countedOutcomes()).containsExactly("met", "absent", "vacant");
    }

    @Test
    void overridesMayBeEmptyOrNull() {
        String base = "rule_sets:\n" + ruleSet("a", "2024-04-01", "180", "90", "[met]");
        assertThat(parse(base + "    overrides: []\n").first().overrides()).isEmpty();
        assertThat(parse(base + "    overrides:\n").first().overrides()).isEmpty();
    }

    @Test
    void quotedDatesAndSingleQuotedTimesAreAccepted() {
        RuleSet r = parse("rule_sets:\n" + ruleSet("a", "\"2024-04-01\"", "180", "90", "[met]")
                .replace("{ start: \"20:00\", end: \"06:00\" }", "{ start: '21:30', end: '05:00' }")).first();
        assertThat(r.effectiveFrom()).isEqualTo(LocalDate.of(2024, 4, 1));
        assertThat(r.nightWindow()).isEqualTo(new RuleSet.NightWindow(LocalTime.of(21, 30), LocalTime.of(5, 0)));
    }

    // ------------------------------------------------------------------ the rule in force

    static final String THREE_SETS = "rule_sets:\n"
            // in file order not by date: the file is sorted on loading
            + ruleSet("2025-04", "2025-04-01", "90", "60", "[met]")
            + ruleSet("2024-04", "2024-04-01", "180", "90", "[met]")
            + ruleSet("2024-10", "2024-10-15", "120", "90", "[met, refused]");

    @Test
    void ruleSetsAreSortedByEffectiveDate() {
        RuleFile file = parse(THREE_SETS);
        assertThat(file.ruleSets()).extracting(RuleSet::id).containsExactly("2024-04", "2024-10", "2025-04");
        assertThat(file.first().id()).isEqualTo("2024-04");
        assertThat(file.byId("2024-10")).map(RuleSet::effectiveFrom).contains(LocalDate.of(2024, 10, 15));
        assertThat(file.byId("2023-04")).isEmpty();
    }

    @Test
    void ruleAtIsTheLatestRuleSetInForceOnTheDate() {
        RuleFile file = parse(THREE_SETS);
        // at the first effective date and between
        assertThat(file.ruleAt(LocalDate.of(2024, 4, 1)).id()).isEqualTo("2024-04");
        assertThat(file.ruleAt(LocalDate.of(2024, 10, 14)).id()).isEqualTo("2024-04");
        // exactly at a switch, and between later ones
        assertThat(file.ruleAt(LocalDate.of(2024, 10, 15)).id()).isEqualTo("2024-10");
        assertThat(file.ruleAt(LocalDate.of(2025, 3, 31)).id()).isEqualTo("2024-10");
        assertThat(file.ruleAt(LocalDate.of(2025, 4, 1)).id()).isEqualTo("2025-04");
        // after the last
        assertThat(file.ruleAt(LocalDate.of(2031, 12, 31)).id()).isEqualTo("2025-04");
        assertThat(file.covers(LocalDate.of(2024, 4, 1))).isTrue();
        assertThat(file.covers(LocalDate.of(2024, 3, 31))).isFalse();
    }

    @Test
    void aDateBeforeTheFirstRuleSetIsRefused() {
        RuleFile file = parse(THREE_SETS);
        assertThatThrownBy(() -> file.ruleAt(LocalDate.of(2024, 3, 31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot compute a snapshot on 2024-03-31: the first rule set (2024-04) takes effect on"
                        + " 2024-04-01");
        RuleFile spec = parse(SPEC_EXAMPLE);
        assertThatThrownBy(() -> spec.ruleAt(LocalDate.of(2023, 12, 31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot compute a snapshot on 2023-12-31: the first rule set (2024-04) takes effect on"
                        + " 2024-04-01");
        assertThatThrownBy(() -> spec.ruleForMonth(YearMonth.of(2024, 3)))
                .hasMessage("Cannot compute a snapshot on 2024-03-31: the first rule set (2024-04) takes effect on"
                        + " 2024-04-01");
    }

    @Test
    void aMonthIsGovernedByTheRuleSetInForceOnItsLastDayAndItsD0ByTheMonthBefore() {
        // A switch mid-month: 2024-10-15. For October 2024, D0 = 2024-09-30 and D1 = 2024-10-31.
        RuleFile file = parse(THREE_SETS);
        YearMonth october = YearMonth.of(2024, 10);
        LocalDate d0 = october.minusMonths(1).atEndOfMonth();
        LocalDate d1 = october.atEndOfMonth();
        assertThat(file.ruleAt(d0).id()).isEqualTo("2024-04");
        assertThat(file.ruleAt(d1).id()).isEqualTo("2024-10");
        assertThat(file.ruleForMonth(october)).isSameAs(file.ruleAt(d1));
        // the month's contacts count by D1's outcomes; the status on D0 by D0's intervals
        assertThat(file.ruleForMonth(october).counts("refused")).isTrue();
        assertThat(file.ruleAt(d0).counts("refused")).isFalse();
        assertThat(file.ruleAt(d0).interval("household", "high", "residential")).isEqualTo(180);
        assertThat(file.ruleAt(d1).interval("household", "high", "residential")).isEqualTo(120);
        // April 2024, the first month: D0 = 2024-03-31 is before the first rule set
        assertThat(file.ruleForMonth(YearMonth.of(2024, 4)).id()).isEqualTo("2024-04");
        assertThatThrownBy(() -> file.ruleAt(YearMonth.of(2024, 3).atEndOfMonth()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ bands and intervals

    @Test
    void bandEdgesExactlyAtTheThresholdsBelongToTheHigherBand() {
        RuleSet r = parse(SPEC_EXAMPLE).first();
        assertThat(r.band(0.0)).isEqualTo("low");
        assertThat(r.band(0.0999999)).isEqualTo("low");
        assertThat(r.band(0.10)).isEqualTo("medium");
        assertThat(r.band(0.2499999)).isEqualTo("medium");
        assertThat(r.band(0.25)).isEqualTo("high");
        assertThat(r.band(3.0)).isEqualTo("high");
        // the rates a beat can have: 1 event over a base of 10, and 1 over 4
        assertThat(r.band(1.0 / 10)).isEqualTo("medium");
        assertThat(r.band(1.0 / 4)).isEqualTo("high");
    }

    @Test
    void equalThresholdsLeaveNoMediumBand() {
        RuleSet r = parse(SPEC_EXAMPLE.replace("{ medium: 0.10, high: 0.25 }", "{ medium: 0.2, high: 0.2 }")).first();
        assertThat(r.band(0.19)).isEqualTo("low");
        assertThat(r.band(0.2)).isEqualTo("high");
        RuleSet zero = parse(SPEC_EXAMPLE.replace("{ medium: 0.10, high: 0.25 }", "{ medium: 0, high: 1 }")).first();
        assertThat(zero.band(0.0)).isEqualTo("medium");
        assertThat(zero.band(1)).isEqualTo("high");
    }

    @Test
    void theSpecOverrideChangesCommercialBusinessesOnly() {
        RuleSet r = parse(SPEC_EXAMPLE).first();
        assertThat(r.interval("business", "low", "commercial")).isEqualTo(365);
        assertThat(r.interval("business", "medium", "commercial")).isEqualTo(365);
        assertThat(r.interval("business", "high", "commercial")).isEqualTo(180);
        // the override names only business: households in commercial beats keep the base interval
        assertThat(r.interval("household", "low", "commercial")).isEqualTo(730);
        assertThat(r.interval("household", "medium", "commercial")).isEqualTo(365);
        assertThat(r.interval("household", "high", "commercial")).isEqualTo(180);
        // other area types keep the base interval
        assertThat(r.interval("business", "low", "residential")).isEqualTo(730);
        assertThat(r.interval("business", "medium", "mixed")).isEqualTo(730);
        assertThat(r.interval("business", "high", "rural")).isEqualTo(365);
        assertThat(r.interval("business", "high", null)).isEqualTo(365);
    }

    @Test
    void theFirstMatchingOverrideThatNamesTheUnitKindWins() {
        RuleSet r = parse("rule_sets:\n" + ruleSet("a", "2024-04-01", "180", "90", "[met]") + """
                    overrides:
                      - area_type: rural
                        household: { low: 1000, medium: 900, high: 800 }
                      - area_type: commercial
                        business: { low: 365, medium: 365, high: 180 }
                      - area_type: commercial
                        household: { low: 500, medium: 300, high: 100 }
                        business: { low: 1, medium: 2, high: 3 }
                      - area_type: rural
                        household: { low: 7, medium: 7, high: 7 }
                """).first();
        // the earlier rural override does not match commercial and is skipped
        assertThat(r.interval("business", "high", "commercial")).isEqualTo(180);
        // the first commercial override does not name households: the second one applies
        assertThat(r.interval("household", "high", "commercial")).isEqualTo(100);
        assertThat(r.interval("household", "low", "commercial")).isEqualTo(500);
        // first match wins: the later rural override never applies
        assertThat(r.interval("household", "medium", "rural")).isEqualTo(900);
        // no override names businesses in rural beats
        assertThat(r.interval("business", "medium", "rural")).isEqualTo(730);
        assertThat(r.interval("household", "medium", "residential")).isEqualTo(365);
    }

    @Test
    void intervalRefusesUnknownKindsAndBands() {
        RuleSet r = parse(SPEC_EXAMPLE).first();
        assertThatThrownBy(() -> r.interval("shop", "low", "commercial"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot find an interval for unit kind shop (known: household, business)");
        assertThatThrownBy(() -> r.interval("business", "very_high", "commercial"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot find an interval for band very_high (known: low, medium, high)");
        assertThatThrownBy(() -> r.band(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ night window

    @Test
    void aNightWindowAcrossMidnight() {
        RuleSet.NightWindow w = parse(SPEC_EXAMPLE).first().nightWindow();
        assertThat(w.crossesMidnight()).isTrue();
        assertThat(w.isNight(LocalTime.of(19, 59, 59))).isFalse();
        assertThat(w.isNight(LocalTime.of(20, 0))).isTrue();
        assertThat(w.isNight(LocalTime.of(23, 59, 59))).isTrue();
        assertThat(w.isNight(LocalTime.MIDNIGHT)).isTrue();
        assertThat(w.isNight(LocalTime.of(5, 59, 59))).isTrue();
        assertThat(w.isNight(LocalTime.of(6, 0))).isFalse();
        assertThat(w.isNight(LocalTime.NOON)).isFalse();
        // a visit before the end may be approved for the day before; an evening one on its own date
        LocalDate day = LocalDate.of(2024, 3, 1);
        assertThat(w.approvableOnPreviousDay(LocalTime.of(1, 30))).isTrue();
        assertThat(w.approvableOnPreviousDay(LocalTime.of(21, 0))).isFalse();
        assertThat(w.approves(LocalDate.of(2024, 2, 29), day, LocalTime.of(1, 30))).isTrue();
        assertThat(w.approves(day, day, LocalTime.of(1, 30))).isTrue();
        assertThat(w.approves(LocalDate.of(2024, 2, 29), day, LocalTime.of(21, 0))).isFalse();
        assertThat(w.approves(day.plusDays(1), day, LocalTime.of(21, 0))).isFalse();
    }

    @Test
    void aNightWindowWithinOneDay() {
        RuleSet.NightWindow w = parse(SPEC_EXAMPLE.replace("{ start: \"20:00\", end: \"06:00\" }",
                "{ start: \"00:30\", end: \"05:00\" }")).first().nightWindow();
        assertThat(w.crossesMidnight()).isFalse();
        assertThat(w.isNight(LocalTime.of(0, 29, 59))).isFalse();
        assertThat(w.isNight(LocalTime.of(0, 30))).isTrue();
        assertThat(w.isNight(LocalTime.of(4, 59))).isTrue();
        assertThat(w.isNight(LocalTime.of(5, 0))).isFalse();
        assertThat(w.isNight(LocalTime.of(23, 0))).isFalse();
        // approved on its own date only
        LocalDate day = LocalDate.of(2024, 3, 1);
        assertThat(w.approvableOnPreviousDay(LocalTime.of(1, 0))).isFalse();
        assertThat(w.approves(day.minusDays(1), day, LocalTime.of(1, 0))).isFalse();
        assertThat(w.approves(day, day, LocalTime.of(1, 0))).isTrue();
    }

    @Test
    void aNightWindowEndingAtMidnight() {
        RuleSet.NightWindow w = new RuleSet.NightWindow(LocalTime.of(22, 0), LocalTime.MIDNIGHT);
        assertThat(w.crossesMidnight()).isTrue();
        assertThat(w.isNight(LocalTime.of(21, 59))).isFalse();
        assertThat(w.isNight(LocalTime.of(22, 0))).isTrue();
        assertThat(w.isNight(LocalTime.MIDNIGHT)).isFalse();
        assertThat(w.approvableOnPreviousDay(LocalTime.MIDNIGHT)).isFalse();
    }

    // ------------------------------------------------------------------ files

    @Test
    void loadsAFileAndNamesItInMessages() throws IOException, URISyntaxException {
        Path two = Path.of(getClass().getResource("/rules/two-rule-sets.yaml").toURI());
        RuleFile file = RuleFile.load(two);
        assertThat(file.name()).isEqualTo(two.toString());
        assertThat(file.ruleSets()).extracting(RuleSet::id).containsExactly("2024-04", "2025-04");
        assertThat(file.ruleAt(LocalDate.of(2025, 3, 31)).interval("household", "high", "mixed")).isEqualTo(180);
        assertThat(file.ruleAt(LocalDate.of(2025, 4, 1)).interval("household", "high", "mixed")).isEqualTo(90);

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "\uFEFFrule_sets: []\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RuleFile.load(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load rule file " + bad + ": line 1: rule_sets is empty: the file needs at least"
                        + " one rule set");
        Path missing = tmp.resolve("none.yaml");
        assertThatThrownBy(() -> RuleFile.load(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("Cannot load rule file " + missing + ": no such file");
        Path latin = tmp.resolve("latin.yaml");
        Files.write(latin, new byte[] {'r', 'u', 'l', 'e', (byte) 0xE9, ':', '\n'});
        assertThatThrownBy(() -> RuleFile.load(latin))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load rule file " + latin + ": the file is not UTF-8 text");
    }

    @Test
    void theRepositoryExampleLoads() throws IOException {
        Path example = Path.of("..").resolve(RuleFile.DEFAULT_PATH);
        RuleFile file = RuleFile.load(example);
        assertThat(file.ruleSets()).extracting(RuleSet::id).containsExactly("2020-04", "2024-04", "2025-04");
        // its 2024-04 rule set is the SPEC example, and the baseline before it has the same values
        RuleSet spec = parse(SPEC_EXAMPLE).first();
        assertThat(file.byId("2024-04")).contains(spec);
        assertThat(file.first().intervalsDays()).isEqualTo(spec.intervalsDays());
        assertThat(file.first().turnoverBands()).isEqualTo(spec.turnoverBands());
        RuleSet later = file.ruleAt(LocalDate.of(2025, 4, 1));
        assertThat(later.band(0.2)).isEqualTo("high");
        assertThat(later.interval("household", "high", "residential")).isEqualTo(90);
        assertThat(later.interval("business", "medium", "mixed")).isEqualTo(365);
        assertThat(later.newOccupantGraceDays()).isEqualTo(60);
    }

    @Test
    void aRuleFileSerializes() throws Exception {
        RuleFile file = parse(THREE_SETS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(file);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            RuleFile back = (RuleFile) in.readObject();
            assertThat(back).isEqualTo(file);
            assertThat(back.ruleAt(LocalDate.of(2024, 10, 15)).countedOutcomes()).containsExactly("met", "refused");
        }
    }

    @Test
    void aRuleFileBuiltInCodeIsCheckedToo() {
        RuleSet a = parse(SPEC_EXAMPLE).first();
        assertThatThrownBy(() -> RuleFile.of(a, a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot describe rule file rules: rule set id 2024-04 is used twice");
        assertThatThrownBy(() -> new RuleFile("rules", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot describe rule file rules: it has no rule set");
        assertThatThrownBy(() -> new RuleSet.TurnoverBands(0.3, 0.2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleSet.Intervals(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleSet.NightWindow(LocalTime.NOON, LocalTime.NOON))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleSet.AreaOverride("downtown", Map.of("business", new RuleSet.Intervals(1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleSet.AreaOverride("rural", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleSet.Commendation(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
