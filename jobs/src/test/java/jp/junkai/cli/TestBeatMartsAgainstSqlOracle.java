package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.SilverSql;
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

    private static final List<String> OFFICERS = List.of("officer_id", "station_code", "koban_code", "department",
            "visits", "contacts", "unique_units_contacted", "round(contact_rate, 9)", "cards_created", "cards_corrected",
            "contacts_with_guidance", "round(guidance_rate, 9)", "topic1_contacts", "topic2_contacts", "topic3_contacts",
            "topic4_contacts", "topic5_contacts", "concerns_heard", "night_visits", "unapproved_night_visits",
            "dedicated_days", "visits_on_dedicated_days", "due_units", "due_units_cleared", "round(due_cleared_rate, 9)",
            "round(beat_compliance_end, 9)", "round(beat_compliance_delta, 9)", "new_assignment",
            "round(visits_pct_rank, 9)", "round(due_cleared_pct_rank, 9)", "commendation_candidate");

    @TempDir
    static Path tmp;

    private static Path duckdb;
    private static Lake lake;
    private static RunRecord state;
    private static RuleFile rules;

    /** One simulated prefecture of 20 months through {@code junkai run}, shared by the tests. */
    @BeforeAll
    static void simulateAndRun() throws Exception {
        Path inbox = tmp.resolve("inbox");
        duckdb = tmp.resolve("marts.duckdb");
        CliRun simulated = CliRun.of("simulate", "--out", inbox.toString(), "--stations", "2", "--units", "400",
                "--months", "20", "--seed", "5");
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
        // the default rules with commendation thresholds a world of 400 units reaches
        Path rulesFile = tmp.resolve("rules.yaml");
        Files.writeString(rulesFile, Files.readString(RULES).replace("min_contacts: 20", "min_contacts: 3")
                .replace("min_percentile: 0.9", "min_percentile: 0.5"));
        CliRun run = CliRun.of(SHARED_SPARK, "run", "--inbox", inbox.toString(), "--lake", tmp.resolve("lake").toString(),
                "--rules", rulesFile.toString(), "--duckdb", duckdb.toString(), "--through", "2026-10",
                "--pull-time", "2026-11-01T06:00");
        assertThat(run.exitCode()).as(run.err()).isZero();
        rules = RuleFile.load(rulesFile);
        lake = new Lake(tmp.resolve("lake"));
        state = lake.latest().orElseThrow();
    }

    @Test
    void everyBeatMartCellEqualsTheSqlOracleAtEverySnapshot() throws Exception {
        List<String> differences = new ArrayList<>();
        long[] seen = new long[6];
        try (Connection c = oracleConnection(); Statement s = c.createStatement()) {
            List<LocalDate> days = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT as_of FROM m.compliance_beat_monthly ORDER BY 1")) {
                while (rs.next()) {
                    days.add(rs.getDate(1).toLocalDate());
                }
            }
            // 2025-03 … 2026-10: across the April 2025 rule switch and two fiscal-year starts
            assertThat(days).hasSize(20).startsWith(LocalDate.of(2025, 3, 31)).endsWith(LocalDate.of(2026, 10, 31));
            for (LocalDate d : days) {
                for (String sql : unitStatuses(rules.ruleAt(d), d, "st")) {
                    s.execute(sql);
                }
                s.execute(beats(rules.ruleAt(d), d, "st"));
                differences.addAll(compare(s, "compliance_beat_monthly", COMPLIANCE, "as_of = DATE '" + d + "'"));
                differences.addAll(compare(s, "coverage_beat_monthly", COVERAGE, "as_of = DATE '" + d + "'"));
                differences.addAll(compare(s, "cards_beat_monthly", CARDS, "as_of = DATE '" + d + "'"));
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

    @Test
    void everyOfficerMonthlyCellEqualsTheSqlOracleInEveryMonth() throws Exception {
        List<String> differences = new ArrayList<>();
        long[] seen = new long[5];
        try (Connection c = oracleConnection(); Statement s = c.createStatement()) {
            for (YearMonth m = YearMonth.of(2025, 3); !m.isAfter(YearMonth.of(2026, 10)); m = m.plusMonths(1)) {
                LocalDate d0 = m.minusMonths(1).atEndOfMonth();
                LocalDate d1 = m.atEndOfMonth();
                for (String sql : unitStatuses(rules.ruleAt(d0), d0, "s0")) {
                    s.execute(sql);
                }
                for (String sql : unitStatuses(rules.ruleAt(d1), d1, "s1")) {
                    s.execute(sql);
                }
                s.execute(officers(rules.ruleAt(d1), m));
                differences.addAll(compare(s, "officer_monthly", OFFICERS, "month = DATE '" + m.atDay(1) + "'"));
                try (ResultSet rs = s.executeQuery("SELECT sum(due_units_cleared), sum(unapproved_night_visits),"
                        + " count(*) FILTER (WHERE commendation_candidate), count(*) FILTER (WHERE new_assignment),"
                        + " count(*) FILTER (WHERE night_visits > unapproved_night_visits) FROM oracle")) {
                    rs.next();
                    for (int i = 0; i < seen.length; i++) {
                        seen[i] = Math.max(seen[i], rs.getLong(i + 1));
                    }
                }
            }
        }
        assertThat(differences).as("cells where officer_monthly and the SQL oracle disagree").isEmpty();
        // cleared due units, unapproved and approved night visits, candidates and new assignments occur
        assertThat(seen).doesNotContain(0L);
    }

    /** An in-memory DuckDB with the marts file attached as {@code m} and the live silver as tables. */
    private static Connection oracleConnection() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("ATTACH '" + duckdb + "' AS m (READ_ONLY)");
            for (Entity e : Entity.values()) {
                s.execute(SilverSql.liveTable(lake, state, e));
            }
        }
        return c;
    }

    /** Rows of the oracle missing from the mart on that day, and rows of the mart the oracle lacks. */
    private static List<String> compare(Statement s, String mart, List<String> columns, String where)
            throws SQLException {
        String cols = String.join(", ", columns);
        String ours = "SELECT " + cols + " FROM m." + mart + " WHERE " + where;
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
                    out.add(mart + " " + where + " " + q[0] + ": " + String.join(" ", cells));
                }
            }
        }
        return out;
    }

    /**
     * SPEC §5 on D under R, in SQL: table {@code <t>_beats}, every beat with its turnover and band,
     * and table {@code <t>}, every unit of a beat with its status, due date, windows and the last
     * visit that confirmed its card.
     */
    private static List<String> unitStatuses(RuleSet r, LocalDate day, String t) {
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
        String units = " u AS (SELECT u.unit_id, u.beat_code, u.unit_kind, u.registered_on, u.closed_on, u.exempt_from,"
                + "   u.exempt_to, coalesce(u.foreign_resident, false) AS foreign_resident, b.area_type"
                + "   FROM units u JOIN beats b USING (beat_code))";
        String beats = "CREATE OR REPLACE TEMP TABLE " + t + "_beats AS WITH" + units + ","
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
                + " bt2 AS (SELECT *, CASE WHEN base = 0 THEN 0.0 ELSE events / base END AS turnover_rate FROM bt)"
                + " SELECT *, CASE WHEN turnover_rate >= " + r.turnoverBands().high() + " THEN 'high'"
                + "   WHEN turnover_rate >= " + r.turnoverBands().medium() + " THEN 'medium' ELSE 'low' END AS band FROM bt2";
        String statuses = "CREATE OR REPLACE TEMP TABLE " + t + " AS WITH" + units + ","
                // per unit: occupant since, last contact, windows, card confirmations by visit
                + " mi AS (SELECT unit_id, max(changed_on) AS m FROM card_changes"
                + "   WHERE kind = 'move_in' AND changed_on <= " + d + " GROUP BY unit_id),"
                + " v AS (SELECT unit_id, CAST(visited_at AS DATE) AS vd, outcome IN (" + counted + ") AS counted,"
                + "   card_action FROM visits WHERE CAST(visited_at AS DATE) <= " + d + "),"
                + " va AS (SELECT unit_id, max(vd) FILTER (WHERE counted) AS lc, bool_or(vd > " + start + ") AS att,"
                + "   bool_or(counted AND vd > " + start + ") AS con, bool_or(counted AND vd >= DATE '" + fy + "') AS fy,"
                + "   max(vd) FILTER (WHERE card_action IN ('corrected', 'confirmed')) AS cv FROM v GROUP BY unit_id),"
                + " x AS (SELECT u.*, b.band, greatest(u.registered_on, coalesce(mi.m, u.registered_on)) AS occ, va.lc,"
                + "   coalesce(va.att, false) AS att, coalesce(va.con, false) AS con, coalesce(va.fy, false) AS fy, va.cv,"
                + "   u.registered_on <= " + d + " AND (u.closed_on IS NULL OR u.closed_on > " + d + ") AS active,"
                + "   u.exempt_from IS NOT NULL AND (u.exempt_to IS NULL OR u.exempt_to >= u.exempt_from)"
                + "     AND u.exempt_from <= " + d + " AND (u.exempt_to IS NULL OR u.exempt_to >= " + d + ") AS ex"
                + "   FROM u JOIN " + t + "_beats b USING (beat_code) LEFT JOIN mi USING (unit_id) LEFT JOIN va USING (unit_id)),"
                + " y AS (SELECT *, active AND NOT ex AS eligible, " + interval + " AS iv FROM x),"
                + " z AS (SELECT *, CASE WHEN lc IS NOT NULL AND lc >= occ THEN lc + iv ELSE occ + "
                + r.newOccupantGraceDays() + " END AS due FROM y)"
                + " SELECT *, CASE WHEN NOT eligible THEN NULL WHEN " + d + " > due THEN 'overdue'"
                + "   WHEN lc IS NOT NULL AND lc >= occ THEN 'compliant' ELSE 'not_yet_due' END AS status FROM z";
        return List.of(beats, statuses);
    }

    /** From {@link #unitStatuses} on D: one row per beat with the columns of the three beat marts, table {@code oracle}. */
    private static String beats(RuleSet r, LocalDate day, String t) {
        String d = "DATE '" + day + "'";
        return "CREATE OR REPLACE TEMP TABLE oracle AS WITH"
                // active cards on D, their last confirmation, on the unit's beat
                + " c AS (SELECT c.card_id, st.unit_id, st.beat_code, st.active, st.eligible,"
                + "   coalesce(c.language, 'ja') <> 'ja' AS foreign_language,"
                + "   greatest(c.created_on, coalesce(CASE WHEN c.last_corrected_on <= " + d + " THEN c.last_corrected_on END,"
                + "     c.created_on), coalesce(st.cv, c.created_on)) AS confirmed"
                + "   FROM cards c JOIN " + t + " st USING (unit_id)"
                + "   WHERE c.created_on <= " + d + " AND (c.archived_on IS NULL OR c.archived_on > " + d + ")),"
                + " cu AS (SELECT unit_id, count(*) AS cards,"
                + "   count(*) FILTER (WHERE date_diff('day', confirmed, " + d + ") <= " + r.cardFreshnessDays() + ") AS fresh,"
                + "   bool_or(foreign_language) AS foreign_card FROM c GROUP BY unit_id),"
                + " orphans AS (SELECT beat_code, count(*) AS n FROM c WHERE NOT active GROUP BY beat_code),"
                + " agg AS (SELECT bt.beat_code, any_value(bt.station_code) AS station_code,"
                + "   any_value(bt.koban_code) AS koban_code, any_value(bt.area_type) AS area_type,"
                + "   any_value(bt.turnover_rate) AS turnover_rate, any_value(bt.band) AS band,"
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
                + "   FROM " + t + "_beats bt LEFT JOIN " + t + " st USING (beat_code) LEFT JOIN cu USING (unit_id)"
                + "   LEFT JOIN orphans ON orphans.beat_code = bt.beat_code GROUP BY bt.beat_code)"
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

    /**
     * SPEC §5 "Officers, for month M" in SQL, from the unit statuses {@code s0} on D0 (under R(D0))
     * and {@code s1} on D1: one row per live officer with the columns of officer_monthly, table
     * {@code oracle}. {@code r} is R(D1), which governs the month's contacts, night window and
     * commendation.
     */
    private static String officers(RuleSet r, YearMonth month) {
        String first = "DATE '" + month.atDay(1) + "'";
        String d1 = "DATE '" + month.atEndOfMonth() + "'";
        String counted = String.join(", ", r.countedOutcomes().stream().map(o -> "'" + o + "'").toList());
        String start = "TIME '" + r.nightWindow().start() + ":00'";
        String end = "TIME '" + r.nightWindow().end() + ":00'";
        boolean crosses = r.nightWindow().crossesMidnight();
        String night = crosses ? "(t >= " + start + " OR t < " + end + ")" : "(t >= " + start + " AND t < " + end + ")";
        String dayBefore = crosses ? " OR (t < " + end + " AND a.approved_date = vd - 1)" : "";
        return "CREATE OR REPLACE TEMP TABLE oracle AS WITH"
                + " v AS (SELECT v.*, CAST(visited_at AS DATE) AS vd, CAST(visited_at AS TIME) AS t,"
                + "   outcome IN (" + counted + ") AS contact,"
                + "   list_distinct(list_filter(coalesce(topics, []), x -> x BETWEEN 1 AND 5)) AS tp FROM visits v"
                + "   WHERE CAST(visited_at AS DATE) BETWEEN " + first + " AND " + d1 + "),"
                + " vn AS (SELECT v.*, " + night + " AS night, EXISTS (SELECT 1 FROM night_approvals a"
                + "   WHERE a.approval_id = v.night_approval_id AND a.officer_id = v.officer_id"
                + "   AND (a.approved_date = vd" + dayBefore + ")) AS approved FROM v),"
                + " work AS (SELECT officer_id, count(*) AS visits, count(*) FILTER (WHERE contact) AS contacts,"
                + "   count(DISTINCT unit_id) FILTER (WHERE contact) AS unique_units_contacted,"
                + "   count(*) FILTER (WHERE card_action = 'created') AS cards_created,"
                + "   count(*) FILTER (WHERE card_action = 'corrected') AS cards_corrected,"
                + "   count(*) FILTER (WHERE contact AND len(tp) > 0) AS contacts_with_guidance,"
                + "   count(*) FILTER (WHERE contact AND list_contains(tp, 1)) AS topic1_contacts,"
                + "   count(*) FILTER (WHERE contact AND list_contains(tp, 2)) AS topic2_contacts,"
                + "   count(*) FILTER (WHERE contact AND list_contains(tp, 3)) AS topic3_contacts,"
                + "   count(*) FILTER (WHERE contact AND list_contains(tp, 4)) AS topic4_contacts,"
                + "   count(*) FILTER (WHERE contact AND list_contains(tp, 5)) AS topic5_contacts,"
                + "   coalesce(sum(concerns_count), 0) AS concerns_heard,"
                + "   count(*) FILTER (WHERE night) AS night_visits,"
                + "   count(*) FILTER (WHERE night AND NOT approved) AS unapproved_night_visits,"
                + "   count(DISTINCT vd) FILTER (WHERE coalesce(dedicated_day, false)) AS dedicated_days,"
                + "   count(*) FILTER (WHERE coalesce(dedicated_day, false)) AS visits_on_dedicated_days"
                + "   FROM vn GROUP BY officer_id),"
                // the officer's beats: primary assignments active on D1
                + " pa AS (SELECT * FROM assignments WHERE role = 'primary' AND start_date <= " + d1
                + "   AND (end_date IS NULL OR end_date >= " + d1 + ")),"
                + " ob AS (SELECT DISTINCT officer_id, beat_code FROM pa),"
                + " na AS (SELECT officer_id, bool_or(start_date > " + d1 + " - 90) AS new_assignment FROM pa GROUP BY officer_id),"
                + " cleared AS (SELECT DISTINCT unit_id FROM v WHERE contact),"
                + " due AS (SELECT ob.officer_id, count(s0.unit_id) AS due_units, count(cleared.unit_id) AS due_units_cleared"
                + "   FROM ob JOIN s0 ON s0.beat_code = ob.beat_code AND s0.eligible AND (s0.status = 'overdue' OR s0.due <= " + d1 + ")"
                + "   LEFT JOIN cleared ON cleared.unit_id = s0.unit_id GROUP BY ob.officer_id),"
                + " comp AS (SELECT ob.officer_id,"
                + "   (SELECT CASE WHEN count(*) FILTER (WHERE eligible) > 0 THEN count(*) FILTER (WHERE status IN ('compliant', 'not_yet_due'))"
                + "     / count(*) FILTER (WHERE eligible) END FROM s1 WHERE s1.beat_code IN (SELECT beat_code FROM ob o2 WHERE o2.officer_id = ob.officer_id)) AS c1,"
                + "   (SELECT CASE WHEN count(*) FILTER (WHERE eligible) > 0 THEN count(*) FILTER (WHERE status IN ('compliant', 'not_yet_due'))"
                + "     / count(*) FILTER (WHERE eligible) END FROM s0 WHERE s0.beat_code IN (SELECT beat_code FROM ob o2 WHERE o2.officer_id = ob.officer_id)) AS c0"
                + "   FROM (SELECT DISTINCT officer_id FROM ob) ob),"
                + " o AS (SELECT o.officer_id, o.station_code, o.koban_code, o.department,"
                + "   coalesce(w.visits, 0) AS visits, coalesce(w.contacts, 0) AS contacts,"
                + "   coalesce(w.unique_units_contacted, 0) AS unique_units_contacted,"
                + "   CASE WHEN w.visits > 0 THEN w.contacts / w.visits END AS contact_rate,"
                + "   coalesce(w.cards_created, 0) AS cards_created, coalesce(w.cards_corrected, 0) AS cards_corrected,"
                + "   coalesce(w.contacts_with_guidance, 0) AS contacts_with_guidance,"
                + "   CASE WHEN w.contacts > 0 THEN w.contacts_with_guidance / w.contacts END AS guidance_rate,"
                + "   coalesce(w.topic1_contacts, 0) AS topic1_contacts, coalesce(w.topic2_contacts, 0) AS topic2_contacts,"
                + "   coalesce(w.topic3_contacts, 0) AS topic3_contacts, coalesce(w.topic4_contacts, 0) AS topic4_contacts,"
                + "   coalesce(w.topic5_contacts, 0) AS topic5_contacts, coalesce(w.concerns_heard, 0) AS concerns_heard,"
                + "   coalesce(w.night_visits, 0) AS night_visits,"
                + "   coalesce(w.unapproved_night_visits, 0) AS unapproved_night_visits,"
                + "   coalesce(w.dedicated_days, 0) AS dedicated_days,"
                + "   coalesce(w.visits_on_dedicated_days, 0) AS visits_on_dedicated_days,"
                + "   coalesce(due.due_units, 0) AS due_units, coalesce(due.due_units_cleared, 0) AS due_units_cleared,"
                + "   CASE WHEN due.due_units > 0 THEN due.due_units_cleared / due.due_units END AS due_cleared_rate,"
                + "   comp.c1 AS beat_compliance_end, comp.c1 - comp.c0 AS beat_compliance_delta,"
                + "   coalesce(na.new_assignment, false) AS new_assignment"
                + "   FROM officers o LEFT JOIN work w USING (officer_id) LEFT JOIN due USING (officer_id)"
                + "   LEFT JOIN comp USING (officer_id) LEFT JOIN na USING (officer_id)),"
                // percent ranks within the station among community officers with a visit in M
                + " ranked AS (SELECT officer_id,"
                + "   percent_rank() OVER (PARTITION BY station_code ORDER BY visits) AS visits_pct_rank FROM o"
                + "   WHERE department = 'community' AND visits > 0),"
                + " ranked2 AS (SELECT officer_id,"
                + "   percent_rank() OVER (PARTITION BY station_code ORDER BY due_cleared_rate) AS due_cleared_pct_rank FROM o"
                + "   WHERE department = 'community' AND visits > 0 AND due_cleared_rate IS NOT NULL)"
                + " SELECT o.*, ranked.visits_pct_rank, ranked2.due_cleared_pct_rank,"
                + "   department = 'community' AND contacts >= " + r.commendation().minContacts()
                + "   AND coalesce(ranked2.due_cleared_pct_rank >= " + r.commendation().minPercentile() + ", false)"
                + "   AND unapproved_night_visits = 0 AS commendation_candidate"
                + " FROM o LEFT JOIN ranked USING (officer_id) LEFT JOIN ranked2 USING (officer_id)";
    }

    private static String byBand(RuleSet.Intervals i) {
        return "CASE band WHEN 'low' THEN " + i.low() + " WHEN 'medium' THEN " + i.medium() + " ELSE " + i.high() + " END";
    }
}
