package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import jp.junkai.marts.snapshot.BeatHistories;
import jp.junkai.marts.snapshot.SnapshotEngine;
import jp.junkai.marts.snapshot.UnitSnapshots;
import jp.junkai.schema.rules.RuleFile;

/**
 * Every mart of SPEC §4 that the snapshots feed, from the lake's current state and the rule file:
 * the data flow of the marts in one place — inputs → beat histories → unit statuses and beat
 * counts → beat marts → roll-ups and officer, koban marts.
 */
public final class MartBuild {

    /** The lake table of unit statuses (not a mart of the export). */
    public static final String UNIT_STATUS = "unit_status";

    private final MartInputs in;
    private final RuleFile rules;
    private final SnapshotPlan plan;
    private Dataset<Row> histories;

    public MartBuild(MartInputs in, RuleFile rules, SnapshotPlan plan) {
        this.in = in;
        this.rules = rules;
        this.plan = plan;
    }

    /** The plan from the first month with a live visit through {@code through}. */
    public static SnapshotPlan plan(MartInputs in, RuleFile rules, YearMonth through) {
        Row first = in.visits().agg(expr("min(visited_at)")).first();
        YearMonth firstMonth = first.isNullAt(0) ? null : YearMonth.from((LocalDateTime) first.get(0));
        return SnapshotPlan.of(firstMonth, through, rules);
    }

    public SnapshotPlan plan() {
        return plan;
    }

    /** The marts of the snapshots, by name, in export order. Call {@link #release} when written. */
    public Map<String, Dataset<Row>> marts() {
        SnapshotEngine engine = new SnapshotEngine(rules);
        Dataset<Row> counts = UnitSnapshots.beatCounts(histories(), engine, SnapshotPlan.epochDays(plan.statusDays()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> allBeats = BeatSnapshots.of(counts, in.beats());
        Dataset<Row> beats = BeatSnapshots.on(allBeats, plan.snapshotDays());
        Dataset<Row> visitFacts = plan.isEmpty() ? in.visits().sparkSession().createDataFrame(java.util.List.of(),
                VisitFacts.SCHEMA) : VisitFacts.of(in, rules, plan.months().get(0).atDay(1),
                plan.snapshotDays().get(plan.snapshotDays().size() - 1));
        Dataset<Row> kobans = KobanInspections.from(in.beats(), in.inspections(), plan.snapshotDays(), rules);
        Map<String, Dataset<Row>> marts = new LinkedHashMap<>();
        marts.put(ComplianceBeatMonthly.NAME, ComplianceBeatMonthly.from(beats));
        marts.put(CoverageBeatMonthly.NAME, CoverageBeatMonthly.from(beats));
        marts.put(CardsBeatMonthly.NAME, CardsBeatMonthly.from(beats));
        marts.put(OfficerMonthly.NAME, OfficerMonthly.from(visitFacts, in.officers(), in.assignments(), allBeats,
                plan.months(), rules));
        marts.put(StationMonthly.NAME, StationMonthly.from(beats, visitFacts, in.officers(), in.beats(), kobans));
        marts.put(KobanInspections.NAME, kobans);
        marts.put(TrendMonthly.NAME, TrendMonthly.from(beats));
        return marts;
    }

    /** The unit status snapshot on every status day, with the beat's station, koban and area type. */
    public Dataset<Row> unitStatuses() {
        return UnitSnapshots.unitStatuses(histories(), new SnapshotEngine(rules),
                        SnapshotPlan.epochDays(plan.statusDays()))
                .join(in.beats().select("beat_code", "station_code", "koban_code", "area_type"), "beat_code")
                .selectExpr("as_of", "unit_id", "beat_code", "station_code", "koban_code", "area_type", "unit_kind",
                        "band", "rule_set_id", "interval_days", "active", "exempt", "eligible", "status",
                        "occupant_since", "last_contact", "due_date", "days_overdue");
    }

    private Dataset<Row> histories() {
        if (histories == null) {
            histories = BeatHistories.build(in).persist(StorageLevel.MEMORY_AND_DISK());
        }
        return histories;
    }

    /** Frees the cached beat histories. */
    public void release() {
        if (histories != null) {
            histories.unpersist();
            histories = null;
        }
    }

    static LocalDate last(java.util.List<LocalDate> days) {
        return days.get(days.size() - 1);
    }

    static org.apache.spark.sql.Column asOf(LocalDate d) {
        return col("as_of").equalTo(d);
    }
}
