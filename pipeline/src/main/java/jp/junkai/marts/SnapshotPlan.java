package jp.junkai.marts;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jp.junkai.marts.snapshot.Days;
import jp.junkai.schema.rules.RuleFile;

/**
 * Which snapshots a run computes (SPEC §3, §6.21): the last day of every month from the first month
 * with a visit through {@code --through}; none when {@code --through} is earlier or there is no
 * visit. The unit statuses are also computed on the month-end before the first month (when a rule
 * set is in force then), because the first month's officer due units are judged on it.
 *
 * @param months the snapshot months, in order
 */
public record SnapshotPlan(List<YearMonth> months, RuleFile rules) {

    public SnapshotPlan {
        months = List.copyOf(months);
        Objects.requireNonNull(rules, "rules");
        for (YearMonth m : months) {
            // refused with the rule file's message: a snapshot before the first rule set (SPEC §6.10)
            rules.ruleAt(m.atEndOfMonth());
        }
    }

    /** The plan from the first visit month (null: no visit) through {@code through}. */
    public static SnapshotPlan of(YearMonth firstVisitMonth, YearMonth through, RuleFile rules) {
        List<YearMonth> months = new ArrayList<>();
        if (firstVisitMonth != null) {
            for (YearMonth m = firstVisitMonth; !m.isAfter(through); m = m.plusMonths(1)) {
                months.add(m);
            }
        }
        return new SnapshotPlan(months, rules);
    }

    /** The snapshot dates (as_of), month-ends in order. */
    public List<LocalDate> snapshotDays() {
        return months.stream().map(YearMonth::atEndOfMonth).toList();
    }

    /** The days the unit statuses are computed on: the snapshot dates and, if covered, the month-end before. */
    public List<LocalDate> statusDays() {
        List<LocalDate> days = new ArrayList<>();
        if (!months.isEmpty()) {
            LocalDate before = months.get(0).minusMonths(1).atEndOfMonth();
            if (rules.covers(before)) {
                days.add(before);
            }
        }
        days.addAll(snapshotDays());
        return days;
    }

    public boolean isEmpty() {
        return months.isEmpty();
    }

    static int[] epochDays(List<LocalDate> days) {
        return days.stream().mapToInt(Days::of).toArray();
    }
}
