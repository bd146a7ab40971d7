// Benchmark of one month-end compliance snapshot (unit statuses + compliance_beat_monthly) against
// an independent DuckDB SQL reference computing the same from the same lake. Run by ops/bench
// (stage "snapshot") through Java's single-file source launcher, on the junkai jar's classpath:
//
//   java <Add-Opens of the jar manifest> -cp 'jobs/target/junkai.jar:jobs/target/lib/*' \
//        ops/bench-reference/SnapshotBench.java LAKE RULES YYYY-MM-DD
//
// Each side runs twice and the second (warm) run is timed; the results must be equal, beat by
// beat, or the benchmark fails. The reference lives here only: it is the SPEC §5 status
// definition written a second time, in SQL, as a check on the engine.

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.SilverSql;
import jp.junkai.marts.BeatSnapshots;
import jp.junkai.marts.ComplianceBeatMonthly;
import jp.junkai.marts.MartBuild;
import jp.junkai.marts.MartInputs;
import jp.junkai.marts.SnapshotPlan;
import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;
import jp.junkai.schema.rules.RuleSet;
import jp.junkai.spark.SparkSessions;

public class SnapshotBench {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("Usage: SnapshotBench LAKE RULES YYYY-MM-DD");
            System.exit(2);
        }
        Lake lake = new Lake(Path.of(args[0]));
        RuleFile rules = RuleFile.load(Path.of(args[1]));
        LocalDate d = LocalDate.parse(args[2]);
        RunRecord state = lake.latest().orElseThrow(() -> new IllegalStateException("no committed run in " + args[0]));

        SparkSession spark = SparkSessions.getOrCreate("junkai snapshot bench");
        spark.sparkContext().setLogLevel("WARN");
        Map<String, String> ours = null;
        double sparkSeconds = 0;
        long units = 0;
        for (int round = 1; round <= 2; round++) {
            long t0 = System.nanoTime();
            MartInputs in = MartInputs.fromLake(spark, lake, state);
            MartBuild build = new MartBuild(in, rules, new SnapshotPlan(List.of(java.time.YearMonth.from(d)), rules));
            // as `junkai run` does: unit statuses written and beats counted in one pass
            Path statuses = java.nio.file.Files.createTempDirectory("junkai-unit-status");
            Dataset<Row> counts = build.writeUnitStatusesAndCount(List.of(d), statuses);
            List<Row> compliance = ComplianceBeatMonthly.from(BeatSnapshots.of(counts, in.beats())).collectAsList();
            build.release();
            Lake.deleteTree(statuses);
            sparkSeconds = (System.nanoTime() - t0) / 1e9;
            ours = new TreeMap<>();
            units = 0;
            for (Row r : compliance) {
                ours.put(r.getAs("beat_code"), line(r.getAs("band"), r.getAs("turnover_events"), r.getAs("turnover_base"),
                        r.getAs("eligible_units"), r.getAs("exempt_units"), r.getAs("compliant_units"),
                        r.getAs("not_yet_due_units"), r.getAs("overdue_units"), r.getAs("days_overdue_total")));
            }
            System.err.printf(Locale.ROOT, "snapshot bench: spark round %d: %.1f s%n", round, sparkSeconds);
        }
        Map<String, String> reference = null;
        double duckSeconds = 0;
        for (int round = 1; round <= 2; round++) {
            long t0 = System.nanoTime();
            reference = reference(lake, state, rules.ruleAt(d), d);
            duckSeconds = (System.nanoTime() - t0) / 1e9;
            System.err.printf(Locale.ROOT, "snapshot bench: duckdb round %d: %.1f s%n", round, duckSeconds);
        }
        int differ = 0;
        for (String beat : reference.keySet()) {
            if (!reference.get(beat).equals(ours.get(beat))) {
                if (differ++ < 10) {
                    System.err.println("snapshot bench: beat " + beat + ": ours " + ours.get(beat) + ", reference "
                            + reference.get(beat));
                }
            }
        }
        if (differ > 0 || reference.size() != ours.size()) {
            System.err.printf("snapshot bench: FAILED: %d beats differ; %d beats ours, %d reference%n", differ,
                    ours.size(), reference.size());
            System.exit(1);
        }
        long unitCount = spark.read().parquet(lake.silver(Entity.UNITS, state.silver().get("units").get(0)).toString())
                .count();
        System.out.printf(Locale.ROOT, "beats: %d (equal)%nspark_seconds: %.1f%nduckdb_seconds: %.1f%nratio: %.2f%n"
                + "records: %d%n", ours.size(), sparkSeconds, duckSeconds, sparkSeconds / duckSeconds, unitCount);
        spark.stop();
    }

    private static String line(Object... values) {
        List<String> parts = new ArrayList<>();
        for (Object v : values) {
            parts.add(v instanceof Double x ? String.format(Locale.ROOT, "%.9f", x) : String.valueOf(v));
        }
        return String.join(" ", parts);
    }

    /** SPEC §5 turnover, band, interval and status on D, in SQL; per beat the counts of compliance_beat_monthly. */
    static Map<String, String> reference(Lake lake, RunRecord state, RuleSet r, LocalDate d) throws Exception {
        String dd = "DATE '" + d + "'";
        String start = "DATE '" + d.minusDays(365) + "'";
        StringBuilder interval = new StringBuilder("CASE");
        for (RuleSet.AreaOverride o : r.overrides()) {
            for (String kind : RuleSet.UNIT_KINDS) {
                if (o.names(kind)) {
                    interval.append(" WHEN area_type = '").append(o.areaType()).append("' AND unit_kind = '").append(kind)
                            .append("' THEN ").append(bandCase(o.forKind(kind)));
                }
            }
        }
        for (String kind : RuleSet.UNIT_KINDS) {
            interval.append(" WHEN unit_kind = '").append(kind).append("' THEN ").append(bandCase(r.intervalsDays().get(kind)));
        }
        interval.append(" END");
        String counted = String.join(", ", r.countedOutcomes().stream().map(o -> "'" + o + "'").toList());
        List<String> sql = new ArrayList<>();
        for (Entity e : List.of(Entity.BEATS, Entity.UNITS, Entity.CARD_CHANGES, Entity.VISITS)) {
            sql.add(SilverSql.liveTable(lake, state, e));
        }
        sql.add("CREATE TEMP TABLE u AS SELECT u.unit_id, u.beat_code, u.unit_kind, u.registered_on, u.closed_on,"
                + " u.exempt_from, u.exempt_to, b.area_type FROM units u JOIN beats b USING (beat_code)");
        sql.add("CREATE TEMP TABLE bt AS WITH ev AS (SELECT beat_code, count(*) AS n FROM ("
                + " SELECT u.beat_code FROM card_changes c JOIN u USING (unit_id) WHERE c.kind IN ('move_in', 'move_out')"
                + "   AND c.changed_on > " + start + " AND c.changed_on <= " + dd
                + " UNION ALL SELECT beat_code FROM u WHERE registered_on > " + start + " AND registered_on <= " + dd
                + " UNION ALL SELECT beat_code FROM u WHERE closed_on > " + start + " AND closed_on <= " + dd
                + ") GROUP BY beat_code),"
                + " act AS (SELECT beat_code,"
                + "   sum(CASE WHEN registered_on <= " + start + " AND (closed_on IS NULL OR closed_on > " + start + ") THEN 1 ELSE 0 END) AS a0,"
                + "   sum(CASE WHEN registered_on <= " + dd + " AND (closed_on IS NULL OR closed_on > " + dd + ") THEN 1 ELSE 0 END) AS a1"
                + "   FROM u GROUP BY beat_code),"
                + " t AS (SELECT b.beat_code, coalesce(ev.n, 0) AS events, (coalesce(a0, 0) + coalesce(a1, 0)) / 2.0 AS base"
                + "   FROM beats b LEFT JOIN ev USING (beat_code) LEFT JOIN act USING (beat_code))"
                + " SELECT beat_code, events, base, CASE WHEN base = 0 THEN 0.0 ELSE events / base END AS rate FROM t");
        sql.add("CREATE TEMP TABLE st AS WITH"
                + " mi AS (SELECT unit_id, max(changed_on) AS m FROM card_changes WHERE kind = 'move_in' AND changed_on <= " + dd + " GROUP BY unit_id),"
                + " lc AS (SELECT unit_id, max(CAST(visited_at AS DATE)) AS lc FROM visits WHERE outcome IN (" + counted + ")"
                + "   AND CAST(visited_at AS DATE) <= " + dd + " GROUP BY unit_id),"
                + " x AS (SELECT u.*, CASE WHEN bt.rate >= " + r.turnoverBands().high() + " THEN 'high' WHEN bt.rate >= "
                + r.turnoverBands().medium() + " THEN 'medium' ELSE 'low' END AS band,"
                + "   greatest(u.registered_on, coalesce(mi.m, u.registered_on)) AS occ, lc.lc,"
                + "   u.registered_on <= " + dd + " AND (u.closed_on IS NULL OR u.closed_on > " + dd + ") AS active,"
                + "   u.exempt_from IS NOT NULL AND (u.exempt_to IS NULL OR u.exempt_to >= u.exempt_from)"
                + "     AND u.exempt_from <= " + dd + " AND (u.exempt_to IS NULL OR u.exempt_to >= " + dd + ") AS exempt_now"
                + "   FROM u JOIN bt USING (beat_code) LEFT JOIN mi USING (unit_id) LEFT JOIN lc USING (unit_id)),"
                + " y AS (SELECT *, " + interval + " AS iv FROM x),"
                + " z AS (SELECT *, CASE WHEN lc IS NOT NULL AND lc >= occ THEN lc + iv ELSE occ + " + r.newOccupantGraceDays()
                + " END AS due FROM y)"
                + " SELECT unit_id, beat_code, band, active, active AND exempt_now AS exempt, active AND NOT exempt_now AS eligible,"
                + "   CASE WHEN NOT (active AND NOT exempt_now) THEN NULL WHEN " + dd + " > due THEN 'overdue'"
                + "     WHEN lc IS NOT NULL AND lc >= occ THEN 'compliant' ELSE 'not_yet_due' END AS status,"
                + "   CASE WHEN " + dd + " > due THEN date_diff('day', due, " + dd + ") ELSE 0 END AS days_overdue FROM z");
        String result = "SELECT b.beat_code, any_value(st.band), any_value(bt.events), any_value(bt.base),"
                + " count(*) FILTER (WHERE eligible), count(*) FILTER (WHERE exempt),"
                + " count(*) FILTER (WHERE status = 'compliant'), count(*) FILTER (WHERE status = 'not_yet_due'),"
                + " count(*) FILTER (WHERE status = 'overdue'), coalesce(sum(days_overdue) FILTER (WHERE status = 'overdue'), 0),"
                + " any_value(bt.rate)"
                + " FROM beats b JOIN bt USING (beat_code) LEFT JOIN st USING (beat_code) GROUP BY b.beat_code";
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
            try (ResultSet rs = s.executeQuery(result)) {
                while (rs.next()) {
                    String band = rs.getString(2);
                    if (band == null) { // a beat without units: the band of a zero rate
                        double rate = rs.getDouble(11);
                        band = rate >= r.turnoverBands().high() ? "high" : rate >= r.turnoverBands().medium() ? "medium" : "low";
                    }
                    boolean noUnits = rs.getString(2) == null;
                    out.put(rs.getString(1), line(band, rs.getInt(3), rs.getDouble(4), noUnits ? 0L : rs.getLong(5),
                            noUnits ? 0L : rs.getLong(6), noUnits ? 0L : rs.getLong(7), noUnits ? 0L : rs.getLong(8),
                            noUnits ? 0L : rs.getLong(9), noUnits ? 0L : rs.getLong(10)));
                }
            }
        }
        return out;
    }

    private static String bandCase(RuleSet.Intervals i) {
        return "CASE band WHEN 'low' THEN " + i.low() + " WHEN 'medium' THEN " + i.medium() + " ELSE " + i.high() + " END";
    }
}
