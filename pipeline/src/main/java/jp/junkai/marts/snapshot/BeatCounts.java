package jp.junkai.marts.snapshot;

import java.util.List;

/**
 * The counts of one beat on one snapshot date, summed over its units: the numerators and
 * denominators every beat mart and every roll-up is computed from. Declared once here, by name;
 * the Spark columns, the marts and the roll-ups follow this list.
 */
public final class BeatCounts {

    /** Count names, in column order. */
    public static final List<String> NAMES = List.of(
            "turnover_events", "turnover_active_start", "turnover_active_end",
            "eligible_units", "exempt_units", "compliant_units", "not_yet_due_units", "overdue_units",
            "days_overdue_total",
            "attempted_units_12m", "contacted_units_12m", "contacted_units_fytd", "visits_12m",
            "units_with_card", "active_cards", "fresh_cards", "foreign_units", "foreign_units_with_foreign_card",
            "orphan_active_cards",
            "due_next_units", "due_next_cleared");

    private final long[] values = new long[NAMES.size()];

    private BeatCounts() {
    }

    /** The counts of a beat's turnover and its units' statuses on the turnover's date. */
    public static BeatCounts of(BeatTurnover t, List<UnitStatus> units) {
        BeatCounts c = new BeatCounts();
        long[] v = c.values;
        v[0] = t.events();
        v[1] = t.activeStart();
        v[2] = t.activeEnd();
        for (UnitStatus u : units) {
            if (u.eligible()) {
                v[3]++;
            }
            if (u.exempt()) {
                v[4]++;
            }
            if (UnitStatus.COMPLIANT.equals(u.status())) {
                v[5]++;
            } else if (UnitStatus.NOT_YET_DUE.equals(u.status())) {
                v[6]++;
            } else if (UnitStatus.OVERDUE.equals(u.status())) {
                v[7]++;
                v[8] += u.daysOverdue();
            }
            v[9] += u.attempted12m() ? 1 : 0;
            v[10] += u.contacted12m() ? 1 : 0;
            v[11] += u.contactedFytd() ? 1 : 0;
            v[12] += u.visits12m();
            v[13] += u.hasCard() ? 1 : 0;
            v[14] += u.activeCards();
            v[15] += u.freshCards();
            v[16] += u.foreignUnit() ? 1 : 0;
            v[17] += u.foreignCard() ? 1 : 0;
            v[18] += u.orphanCards();
            if (u.dueNext()) {
                v[19]++;
                v[20] += u.clearedNext() ? 1 : 0;
            }
        }
        return c;
    }

    public long get(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("Cannot find beat count " + name);
        }
        return values[i];
    }

    public long[] values() {
        return values.clone();
    }
}
