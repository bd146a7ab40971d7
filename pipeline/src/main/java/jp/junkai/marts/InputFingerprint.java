package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.xxhash64;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import jp.junkai.schema.Entity;

/**
 * A fingerprint of the marts' inputs, per entity and per month of each record's <em>anchor</em>:
 * the earliest date from which the record can change a snapshot. A record only ever affects
 * snapshots on or after its anchor (every definition of SPEC §5 looks at dates ≤ D, and dates that
 * may look ahead only end something), so when two fingerprints differ, the snapshots before the
 * first differing month are unchanged and can be kept (issue: incremental recompute).
 *
 * <p>Beats and officers have no date: their attributes apply to every snapshot (SPEC §6.9), so
 * any change to them recomputes everything. A unit's anchor also reaches back to its earliest card,
 * since a card active before its unit is registered is an orphan card in the unit's beat.
 *
 * <p>Each part is the count and the XOR of a 64-bit hash of the records' fields: moving, changing,
 * adding or deleting a record changes the parts of its old and new months.
 */
public final class InputFingerprint {

    /** The part key of an entity without dates. */
    static final String ALL = "all";

    private InputFingerprint() {
    }

    /** Part ({@code entity/YYYY-MM} or {@code entity/all}) → {@code count:xor}. */
    public static Map<String, String> of(MartInputs in) {
        Dataset<Row> all = null;
        for (Entity e : Entity.values()) {
            Dataset<Row> t = in.get(e);
            Dataset<Row> anchored = e == Entity.UNITS
                    ? t.join(in.cards().groupBy(col("unit_id")).agg(expr("min(created_on)").as("first_card")),
                            "unit_id", "left")
                    : t;
            List<Column> fields = new ArrayList<>();
            for (String c : t.columns()) {
                fields.add(col(c));
            }
            Dataset<Row> agg = anchored.select(expr("'" + e.code() + "'").as("entity"), anchor(e).as("part"),
                            xxhash64(fields.toArray(Column[]::new)).as("h"))
                    .groupBy("entity", "part").agg(expr("count(1)").as("n"), expr("bit_xor(h)").as("x"));
            all = all == null ? agg : all.unionByName(agg);
        }
        // one Spark job for all entities
        Map<String, String> parts = new TreeMap<>();
        for (Row r : all.collectAsList()) {
            parts.put(r.getString(0) + "/" + r.getString(1), r.getLong(2) + ":" + r.getLong(3));
        }
        return parts;
    }

    private static Column anchor(Entity e) {
        String date = switch (e) {
            case BEATS, OFFICERS -> null;
            case UNITS -> "least(registered_on, closed_on, exempt_from, exempt_to, first_card)";
            case CARDS -> "least(created_on, archived_on, last_corrected_on)";
            case CARD_CHANGES -> "changed_on";
            case VISITS -> "to_date(visited_at)";
            case ASSIGNMENTS -> "least(start_date, end_date)";
            case NIGHT_APPROVALS -> "approved_date";
            case INSPECTIONS -> "inspected_on";
        };
        // a record without any date (cannot happen for required dates) is treated as dateless
        return date == null ? expr("'" + ALL + "'") : expr("coalesce(date_format(" + date + ", 'yyyy-MM'), '" + ALL + "')");
    }

    /**
     * The first day from which snapshots may differ between two fingerprints: empty when they are
     * equal, {@link LocalDate#MIN} when a dateless part differs (everything is recomputed).
     */
    public static Optional<LocalDate> changedFrom(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        LocalDate first = null;
        for (String k : keys) {
            if (java.util.Objects.equals(before.get(k), after.get(k))) {
                continue;
            }
            String part = k.substring(k.indexOf('/') + 1);
            LocalDate from = part.equals(ALL) ? LocalDate.MIN : YearMonth.parse(part).atDay(1);
            if (first == null || from.isBefore(first)) {
                first = from;
            }
        }
        return Optional.ofNullable(first);
    }
}
