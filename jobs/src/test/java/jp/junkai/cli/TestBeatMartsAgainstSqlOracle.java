package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;
import jp.junkai.schema.rules.RuleSet;
import jp.junkai.testing.SharedSpark;
import picocli.CommandLine;

/**
 * The three beat marts of {@code junkai run}, cell by cell, against a second implementation of
 * SPEC §5 written in DuckDB SQL over the lake's silver, at every snapshot of a simulated
 * prefecture of 20 months (moves, closures, exemptions, cards, foreign residents, a rule set
 * switching in April 2025, fiscal years across April). The SQL shares nothing with the engine but
 * the SPEC; where they disagree one of them misreads it.
 */
class TestBeatMartsAgainstSqlOracle {

    private static final Consumer<CommandLine> SHARED_SPARK = cmd -> ((RunCommand) cmd.getSubcommands()
            .get("run").getCommand()).sparkSession = SharedSpark::spark;

    private static final Path RULES = Path.of("..", "ops", "rules", "default.yaml");

    /** The columns compared, per mart; doubles are compared to 9 decimals. */
    private static final List<String> COMPLIANCE = List.of("station_code", "koban_code", "beat_code", "area_type",
            "round(turnover_rate, 9)", "band", "rule_set_id", "eligible_units", "exempt_units", "compliant_units",
            "not_yet_due_units", "overdue_units", "round(compliance_rate, 9)", "round(mean_days_overdue, 9)");
    private static final List<String> COVERAGE = List.of("station_code", "koban_code", "beat_code", "eligible_units",
            "attempted_units_12m", "contacted_units_12m", "round(coverage_attempt_12m, 9)",
            "round(coverage_contact_12m, 9)", "contacted_units_fytd", "round(coverage_contact_fytd, 9)");
    private static final List<String> CARDS = List.of("station_code", "koban_code", "beat_code", "eligible_units",
            "units_with_card", "round(card_coverage, 9)", "active_cards", "fresh_cards", "round(card_fresh_rate, 9)",
            "foreign_units", "foreign_units_with_foreign_card", "round(foreign_card_coverage, 9)",
            "orphan_active_cards");

    @TempDir
    Path tmp;

    @Test
    void everyBeatMartCellEqualsTheSqlOracleAtEverySnapshot() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path lake = tmp.resolve("lake");
        Path duckdb = tmp.resolve("marts.duckdb");
        CliRun simulated = CliRun.of("simulate", "--out", inbox.toString(), "--stations", "2", "--units", "400",
                "--months", "20", "--seed", "5");
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
        CliRun run = CliRun.of(SHARED_SPARK, "run", "--inbox", inbox.toString(), "--lake", lake.toString(),
                "--rules", RULES.toString(), "--duckdb", duckdb.toString(), "--through", "2026-10",
                "--pull-time", "2026-11-01T06:00");
        assertThat(run.exitCode()).as(run.err()).isZero();

        RuleFile rules = RuleFile.load(RULES);
        Lake theLake = new Lake(lake);
        RunRecord state = theLake.latest().orElseThrow();
        List<String> differences = new ArrayList<>();
        long[] seen = new long[6];
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + duckdb + "' AS m (READ_ONLY)");
            for (Entity e : List.of(Entity.BEATS, Entity.UNITS, Entity.CARDS, Entity.CARD_CHANGES, Entity.VISITS)) {
                s.execute(current(theLake, state, e));
            }
            List<LocalDate> days = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT as_of FROM m.compliance_beat_monthly ORDER BY 1")) {
                while (rs.next()) {
                    days.add(rs.getDate(1).toLocalDate());
                }
            }
            // 2025-03 … 2026-10: across the April 2025 rule switch and two fiscal-year starts
            assertThat(days).hasSize(20).startsWith(LocalDate.of(2025, 3, 31)).endsWith(LocalDate.of(2026, 10, 31));
            for (LocalDate d : days) {
                s.execute(oracle(rules.ruleAt(d), d));
                differences.addAll(compare(s, "compliance_beat_monthly", COMPLIANCE, d));
                differences.addAll(compare(s, "coverage_beat_monthly", COVERAGE, d));
                differences.addAll(compare(s, "cards_beat_monthly", CARDS, d));
                try (ResultSet rs = s.executeQuery("SELECT sum(overdue_units), sum(not_yet_due_units), sum(exempt_units),"
                        + " sum(orphan_active_cards), sum(foreign_units_with_foreign_card), count(DISTINCT band) FROM oracle")) {
                    rs.next();
                    for (int i = 0; i < seen.length; i++) {
                        seen[i] = Math.max(seen[i], rs.getLong(i + 1));
                    }
                }
            }
        }
        assertThat(differences).as("cells where the marts and the SQL oracle disagree").isEmpty();
        // the world exercises the branches: overdue, not yet due, exempt, orphan and foreign cards, two bands
        assertThat(seen[0]).isPositive();
        assertThat(seen[1]).isPositive();
        assertThat(seen[2]).isPositive();
        assertThat(seen[3]).isPositive();
        assertThat(seen[4]).isPositive();
        assertThat(seen[5]).isGreaterThanOrEqualTo(2);
    }

    /** Rows of the oracle missing from the mart on that day, and rows of the mart the oracle lacks. */
    private static List<String> compare(Statement s, String mart, List<String> columns, LocalDate d) throws SQLException {
        String cols = String.join(", ", columns);
        String ours = "SELECT " + cols + " FROM m." + mart + " WHERE as_of = DATE '" + d + "'";
        String oracle = "SELECT " + cols + " FROM oracle";
        List<String> out = new ArrayList<>();
        for (String[] q : List.of(new String[] {"oracle only", oracle + " EXCEPT " + ours},
                new String[] {"mart only", ours + " EXCEPT " + oracle})) {
            try (ResultSet rs = s.executeQuery(q[1] + " LIMIT 5")) {
                while (rs.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        cells.add(columns.get(i - 1) + "=" + rs.getString(i));
                    }
                    out.add(mart + " " + d + " " + q[0] + ": " + String.join(" ", cells));
                }
            }
        }
        return out;
    }

    /** The live current records of an entity: the newest segment's version of each key, tombstones dropped. */
    private static String current(Lake lake, RunRecord state, Entity e) {
        List<String> selects = new ArrayList<>();
        List<String> segments = state.silver().get(e.code());
        for (int i = 0; i < segments.size(); i++) {
            selects.add("SELECT *, " + i + " AS seg FROM read_parquet('" + lake.silver(e, segments.get(i)) + "/*.parquet')");
        }
        return "CREATE TEMP TABLE " + e.code() + " AS SELECT * EXCLUDE (seg) FROM (" + String.join(" UNION ALL ", selects)
                + ") QUALIFY row_number() OVER (PARTITION BY " + e.key() + " ORDER BY seg DESC) = 1"
                + " AND NOT coalesce(deleted, false)";
    }

    /** SPEC §5 on D under R, one row per beat with the columns of the three beat marts: table {@code oracle}. */
    private static String oracle(RuleSet r, LocalDate day) {
        String d = "DATE '" + day + "'";
        String start = "DATE '" + day.minusDays(365) + "'";
        LocalDate fy = LocalDate.of(day.getMonthValue() >= 4 ? day.getYear() : day.getYear() - 1, 4, 1);
        String counted = String.join(", ", r.countedOutcomes().stream().map(o -> "'" + o + "'").toList());
        StringBuilder interval = new StringBuilder("CASE");
        for (RuleSet.AreaOverride o : r.overrides()) {
            for (String kind : RuleSet.UNIT_KINDS) {
                if (o.names(kind)) {
                    interval.append(" WHEN area_type = '").append(o.areaType()).append("' AND unit_kind = '")
                            .append(kind).append("' THEN ").append(byBand(o.forKind(kind)));
                }
            }
        }
        for (String kind : RuleSet.UNIT_KINDS) {
            interval.append(" WHEN unit_kind = '").append(kind).append("' THEN ").append(byBand(r.intervalsDays().get(kind)));
        }
        interval.append(" END");
        return "CREATE OR REPLACE TEMP TABLE oracle AS WITH"
                + " u AS (SELECT u.unit_id, u.beat_code, u.unit_kind, u.registered_on, u.closed_on, u.exempt_from,"
                + "   u.exempt_to, coalesce(u.foreign_resident, false) AS foreign_resident, b.area_type"
                + "   FROM units u JOIN beats b USING (beat_code)),"
                // turnover: events in (D − 365, D], base = mean of the active units at both ends
                + " ev AS (SELECT beat_code, count(*) AS n FROM ("
                + "   SELECT u.beat_code FROM card_changes c JOIN u USING (unit_id)"
                + "     WHERE c.kind IN ('move_in', 'move_out') AND c.changed_on > " + start + " AND c.changed_on <= " + d
                + "   UNION ALL SELECT beat_code FROM u WHERE registered_on > " + start + " AND registered_on <= " + d
                + "   UNION ALL SELECT beat_code FROM u WHERE closed_on > " + start + " AND closed_on <= " + d
                + "   ) GROUP BY beat_code),"
                + " act AS (SELECT beat_code,"
                + "   count(*) FILTER (WHERE registered_on <= " + start + " AND (closed_on IS NULL OR closed_on > " + start + ")) AS a0,"
                + "   count(*) FILTER (WHERE registered_on <= " + d + " AND (closed_on IS NULL OR closed_on > " + d + ")) AS a1"
                + "   FROM u GROUP BY beat_code),"
                + " bt AS (SELECT b.beat_code, b.station_code, b.koban_code, b.area_type, coalesce(ev.n, 0) AS events,"
                + "   (coalesce(a0, 0) + coalesce(a1, 0)) / 2.0 AS base"
                + "   FROM beats b LEFT JOIN ev USING (beat_code) LEFT JOIN act USING (beat_code)),"
                + " bt2 AS (SELECT *, CASE WHEN base = 0 THEN 0.0 ELSE events / base END AS turnover_rate FROM bt),"
                + " bt3 AS (SELECT *, CASE WHEN turnover_rate >= " + r.turnoverBands().high() + " THEN 'high'"
                + "   WHEN turnover_rate >= " + r.turnoverBands().medium() + " THEN 'medium' ELSE 'low' END AS band FROM bt2),"
                // per unit: occupant since, last contact, windows, card confirmations by visit
                + " mi AS (SELECT unit_id, max(changed_on) AS m FROM card_changes"
                + "   WHERE kind = 'move_in' AND changed_on <= " + d + " GROUP BY unit_id),"
                + " v AS (SELECT unit_id, CAST(visited_at AS DATE) AS vd, outcome IN (" + counted + ") AS counted,"
                + "   card_action FROM visits WHERE CAST(visited_at AS DATE) <= " + d + "),"
                + " va AS (SELECT unit_id, max(vd) FILTER (WHERE counted) AS lc, bool_or(vd > " + start + ") AS att,"
                + "   bool_or(counted AND vd > " + start + ") AS con, bool_or(counted AND vd >= DATE '" + fy + "') AS fy,"
                + "   max(vd) FILTER (WHERE card_action IN ('corrected', 'confirmed')) AS cv FROM v GROUP BY unit_id),"
                + " x AS (SELECT u.*, bt3.band, greatest(u.registered_on, coalesce(mi.m, u.registered_on)) AS occ, va.lc,"
                + "   coalesce(va.att, false) AS att, coalesce(va.con, false) AS con, coalesce(va.fy, false) AS fy, va.cv,"
                + "   u.registered_on <= " + d + " AND (u.closed_on IS NULL OR u.closed_on > " + d + ") AS active,"
                + "   u.exempt_from IS NOT NULL AND (u.exempt_to IS NULL OR u.exempt_to >= u.exempt_from)"
                + "     AND u.exempt_from <= " + d + " AND (u.exempt_to IS NULL OR u.exempt_to >= " + d + ") AS ex"
                + "   FROM u JOIN bt3 USING (beat_code) LEFT JOIN mi USING (unit_id) LEFT JOIN va USING (unit_id)),"
                + " y AS (SELECT *, active AND NOT ex AS eligible, " + interval + " AS iv FROM x),"
                + " z AS (SELECT *, CASE WHEN lc IS NOT NULL AND lc >= occ THEN lc + iv ELSE occ + "
                + r.newOccupantGraceDays() + " END AS due FROM y),"
                + " st AS (SELECT *, CASE WHEN NOT eligible THEN NULL WHEN " + d + " > due THEN 'overdue'"
                + "   WHEN lc IS NOT NULL AND lc >= occ THEN 'compliant' ELSE 'not_yet_due' END AS status FROM z),"
                // active cards on D, their last confirmation, on the unit's beat
                + " c AS (SELECT c.card_id, st.unit_id, st.beat_code, st.active, st.eligible,"
                + "   coalesce(c.language, 'ja') <> 'ja' AS foreign_language,"
                + "   greatest(c.created_on, coalesce(CASE WHEN c.last_corrected_on <= " + d + " THEN c.last_corrected_on END,"
                + "     c.created_on), coalesce(st.cv, c.created_on)) AS confirmed"
                + "   FROM cards c JOIN st USING (unit_id)"
                + "   WHERE c.created_on <= " + d + " AND (c.archived_on IS NULL OR c.archived_on > " + d + ")),"
                + " cu AS (SELECT unit_id, count(*) AS cards,"
                + "   count(*) FILTER (WHERE date_diff('day', confirmed, " + d + ") <= " + r.cardFreshnessDays() + ") AS fresh,"
                + "   bool_or(foreign_language) AS foreign_card FROM c GROUP BY unit_id),"
                + " orphans AS (SELECT beat_code, count(*) AS n FROM c WHERE NOT active GROUP BY beat_code),"
                + " agg AS (SELECT bt3.beat_code, any_value(bt3.station_code) AS station_code,"
                + "   any_value(bt3.koban_code) AS koban_code, any_value(bt3.area_type) AS area_type,"
                + "   any_value(bt3.turnover_rate) AS turnover_rate, any_value(bt3.band) AS band,"
                + "   count(*) FILTER (WHERE st.eligible) AS eligible_units,"
                + "   count(*) FILTER (WHERE st.active AND st.ex) AS exempt_units,"
                + "   count(*) FILTER (WHERE status = 'compliant') AS compliant_units,"
                + "   count(*) FILTER (WHERE status = 'not_yet_due') AS not_yet_due_units,"
                + "   count(*) FILTER (WHERE status = 'overdue') AS overdue_units,"
                + "   sum(date_diff('day', due, " + d + ")) FILTER (WHERE status = 'overdue') AS days_overdue,"
                + "   count(*) FILTER (WHERE st.eligible AND st.att) AS attempted_units_12m,"
                + "   count(*) FILTER (WHERE st.eligible AND st.con) AS contacted_units_12m,"
                + "   count(*) FILTER (WHERE st.eligible AND st.fy) AS contacted_units_fytd,"
                + "   count(*) FILTER (WHERE st.eligible AND cu.unit_id IS NOT NULL) AS units_with_card,"
                + "   coalesce(sum(cu.cards) FILTER (WHERE st.eligible), 0) AS active_cards,"
                + "   coalesce(sum(cu.fresh) FILTER (WHERE st.eligible), 0) AS fresh_cards,"
                + "   count(*) FILTER (WHERE st.eligible AND st.foreign_resident) AS foreign_units,"
                + "   count(*) FILTER (WHERE st.eligible AND st.foreign_resident AND cu.foreign_card)"
                + "     AS foreign_units_with_foreign_card,"
                + "   coalesce(any_value(orphans.n), 0) AS orphan_active_cards"
                + "   FROM bt3 LEFT JOIN st USING (beat_code) LEFT JOIN cu USING (unit_id)"
                + "   LEFT JOIN orphans ON orphans.beat_code = bt3.beat_code GROUP BY bt3.beat_code)"
                + " SELECT *, '" + r.id() + "' AS rule_set_id,"
                + "   CASE WHEN eligible_units > 0 THEN (compliant_units + not_yet_due_units) / eligible_units END AS compliance_rate,"
                + "   CASE WHEN overdue_units > 0 THEN days_overdue / overdue_units END AS mean_days_overdue,"
                + "   CASE WHEN eligible_units > 0 THEN attempted_units_12m / eligible_units END AS coverage_attempt_12m,"
                + "   CASE WHEN eligible_units > 0 THEN contacted_units_12m / eligible_units END AS coverage_contact_12m,"
                + "   CASE WHEN eligible_units > 0 THEN contacted_units_fytd / eligible_units END AS coverage_contact_fytd,"
                + "   CASE WHEN eligible_units > 0 THEN units_with_card / eligible_units END AS card_coverage,"
                + "   CASE WHEN active_cards > 0 THEN fresh_cards / active_cards END AS card_fresh_rate,"
                + "   CASE WHEN foreign_units > 0 THEN foreign_units_with_foreign_card / foreign_units END AS foreign_card_coverage"
                + " FROM agg";
    }

    private static String byBand(RuleSet.Intervals i) {
        return "CASE band WHEN 'low' THEN " + i.low() + " WHEN 'medium' THEN " + i.medium() + " ELSE " + i.high() + " END";
    }
}
