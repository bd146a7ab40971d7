package jp.junkai.marts.snapshot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jp.junkai.schema.rules.RuleFile;

/**
 * Small literal fixtures for the snapshot engine tests: rule files written as YAML (SPEC §2), units
 * built field by field, and a lookup of one unit's status. Dates are ISO strings; the epoch day of
 * a date is computed here with {@link LocalDate#toEpochDay()}, not with the code under test.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** The epoch day of an ISO date, {@link Days#NONE} for null. */
    static int day(String iso) {
        return iso == null ? Days.NONE : Math.toIntExact(LocalDate.parse(iso).toEpochDay());
    }

    // ------------------------------------------------------------------ rules

    /**
     * One rule set as YAML. Defaults: in force from 2020-04-01; bands medium 0.10 / high 0.25;
     * household 300 / 200 / 100 and business 400 / 350 / 250 days (low / medium / high, all
     * different so that an interval names its kind and band); no override; grace 30 days; counted
     * outcomes [met]; card freshness 100 days.
     */
    static final class Rules {
        String id = "R1";
        String from = "2020-04-01";
        String medium = "0.10";
        String high = "0.25";
        String household = "{ low: 300, medium: 200, high: 100 }";
        String business = "{ low: 400, medium: 350, high: 250 }";
        String overrides = null;
        int grace = 30;
        String outcomes = "[met]";
        int freshness = 100;

        Rules id(String v) {
            id = v;
            return this;
        }

        Rules from(String v) {
            from = v;
            return this;
        }

        Rules bands(String m, String h) {
            medium = m;
            high = h;
            return this;
        }

        /** Bands no rate of a test beat reaches: every beat is {@code low}. */
        Rules alwaysLow() {
            return bands("50", "100");
        }

        Rules household(int low, int med, int hi) {
            household = "{ low: " + low + ", medium: " + med + ", high: " + hi + " }";
            return this;
        }

        Rules business(int low, int med, int hi) {
            business = "{ low: " + low + ", medium: " + med + ", high: " + hi + " }";
            return this;
        }

        /** The {@code overrides:} list items, each line already indented by 6 spaces. */
        Rules overrides(String... lines) {
            overrides = String.join("\n", lines);
            return this;
        }

        Rules grace(int v) {
            grace = v;
            return this;
        }

        Rules outcomes(String v) {
            outcomes = v;
            return this;
        }

        Rules freshness(int v) {
            freshness = v;
            return this;
        }

        String yaml() {
            return "  - id: \"" + id + "\"\n"
                    + "    effective_from: " + from + "\n"
                    + "    turnover_bands: { medium: " + medium + ", high: " + high + " }\n"
                    + "    intervals_days:\n"
                    + "      household: " + household + "\n"
                    + "      business: " + business + "\n"
                    + (overrides == null ? "" : "    overrides:\n" + overrides + "\n")
                    + "    new_occupant_grace_days: " + grace + "\n"
                    + "    counted_outcomes: " + outcomes + "\n"
                    + "    night_window: { start: \"20:00\", end: \"06:00\" }\n"
                    + "    card_freshness_days: " + freshness + "\n"
                    + "    inspection_interval_days: 90\n"
                    + "    commendation: { min_contacts: 20, min_percentile: 0.9 }\n";
        }
    }

    static Rules rules() {
        return new Rules();
    }

    static SnapshotEngine engine(Rules... sets) {
        StringBuilder yaml = new StringBuilder("rule_sets:\n");
        for (Rules r : sets) {
            yaml.append(r.yaml());
        }
        return new SnapshotEngine(RuleFile.parse(yaml.toString(), "test-rules.yaml"));
    }

    // ------------------------------------------------------------------ units

    static final class Unit {
        final String id;
        String kind = "household";
        String registered = "2010-01-01";
        String closed;
        String exemptFrom;
        String exemptTo;
        boolean foreign;
        final List<UnitHistory.Visit> visits = new ArrayList<>();
        final List<Integer> moveIns = new ArrayList<>();
        final List<Integer> moveOuts = new ArrayList<>();
        final List<CardHistory> cards = new ArrayList<>();

        Unit(String id) {
            this.id = id;
        }

        Unit business() {
            kind = "business";
            return this;
        }

        Unit kind(String v) {
            kind = v;
            return this;
        }

        Unit registered(String v) {
            registered = v;
            return this;
        }

        Unit closed(String v) {
            closed = v;
            return this;
        }

        Unit exempt(String from, String to) {
            exemptFrom = from;
            exemptTo = to;
            return this;
        }

        Unit foreign() {
            foreign = true;
            return this;
        }

        Unit visit(String date, String outcome) {
            return visit(date, outcome, "none");
        }

        Unit visit(String date, String outcome, String cardAction) {
            visits.add(UnitHistory.Visit.of(day(date), outcome, cardAction));
            return this;
        }

        Unit met(String date) {
            return visit(date, "met");
        }

        Unit moveIn(String date) {
            moveIns.add(day(date));
            return this;
        }

        Unit moveOut(String date) {
            moveOuts.add(day(date));
            return this;
        }

        /** A card: created, archived (or null), last corrected (or null), language not ja. */
        Unit card(String created, String archived, String corrected, boolean foreignLanguage) {
            cards.add(new CardHistory(day(created), day(archived), day(corrected), foreignLanguage));
            return this;
        }

        /** A Japanese card created on that day, never archived nor corrected. */
        Unit card(String created) {
            return card(created, null, null, false);
        }

        UnitHistory build() {
            return new UnitHistory(id, kind, day(registered), day(closed), day(exemptFrom), day(exemptTo), foreign,
                    visits.toArray(UnitHistory.Visit[]::new), ints(moveIns), ints(moveOuts),
                    cards.toArray(CardHistory[]::new));
        }

        private static int[] ints(List<Integer> l) {
            return l.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static Unit unit(String id) {
        return new Unit(id);
    }

    static BeatHistory beat(String areaType, Unit... units) {
        return new BeatHistory("B1", areaType, Arrays.stream(units).map(Unit::build).toList());
    }

    static BeatHistory beat(Unit... units) {
        return beat("residential", units);
    }

    /** {@code n} household units registered 2000-01-01 with nothing else: active, no events. */
    static Unit[] quiet(int n) {
        Unit[] out = new Unit[n];
        for (int i = 0; i < n; i++) {
            out[i] = unit("quiet" + i).registered("2000-01-01");
        }
        return out;
    }

    static Unit[] concat(Unit[] a, Unit... b) {
        Unit[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------ snapshots

    static List<UnitStatus> statuses(SnapshotEngine e, BeatHistory b, String date) {
        return e.statuses(b, e.turnover(b, day(date)));
    }

    static UnitStatus status(SnapshotEngine e, BeatHistory b, String unitId, String date) {
        return statuses(e, b, date).stream().filter(s -> s.unitId().equals(unitId)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + unitId));
    }

    /** The status of a beat's only unit {@code u}. */
    static UnitStatus status(SnapshotEngine e, Unit u, String date) {
        return status(e, beat(u), u.id, date);
    }

    static BeatCounts counts(SnapshotEngine e, BeatHistory b, String date) {
        BeatTurnover t = e.turnover(b, day(date));
        return BeatCounts.of(t, e.statuses(b, t));
    }
}
