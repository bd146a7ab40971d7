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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import jp.junkai.schema.Entity;

/**
 * A fingerprint of the marts' inputs, in parts per entity, field group and month of the group's
 * <em>anchor</em>: the earliest date from which those fields can change a snapshot. Every
 * definition of SPEC §5 looks at dates ≤ D (dates that may look ahead only end something), so when
 * two fingerprints differ, the snapshots before the first differing month are unchanged and can be
 * kept (incremental recompute).
 *
 * <p>Beats have no date: their attributes apply to every snapshot (SPEC §6.9), so a change of
 * a beat's area type recomputes everything. Other entities are split by the date that governs each
 * field: a unit's closure is anchored at {@code closed_on}, its beat and kind at its registration
 * (or its earliest card, since a card active before its unit is registered is an orphan card in
 * the unit's beat). Fields no definition reads are left out.
 *
 * <p>Each part is the count and the XOR of a 64-bit hash of the records' fields: moving, changing,
 * adding or deleting a record changes the parts of its old and new months.
 */
public final class InputFingerprint {

    /** The part of a field group without anchor. */
    static final String ALL = "all";

    private InputFingerprint() {
    }

    /**
     * One field group: the fields a definition reads, anchored at the date from which they can
     * change a snapshot. A dated group skips records where its anchor is null (an absent closed_on
     * changes nothing); a group without anchor covers every snapshot.
     */
    private record Group(String name, String anchor, List<String> fields) {
    }

    /**
     * The field groups per entity. Only what the per-beat counts and unit statuses read is
     * fingerprinted: officers, assignments, night approvals and inspections feed only the officer,
     * station and koban marts, which every build recomputes whole from the kept counts.
     */
    private static List<Group> groups(Entity e) {
        return switch (e) {
            case BEATS -> List.of(new Group("all", null, List.of("beat_code", "area_type")));
            case OFFICERS, ASSIGNMENTS, NIGHT_APPROVALS, INSPECTIONS -> List.of();
            case UNITS -> List.of(
                    new Group("unit", "least(registered_on, first_card)",
                            List.of("unit_id", "beat_code", "unit_kind", "registered_on", "foreign_resident")),
                    new Group("closed", "closed_on", List.of("unit_id", "closed_on")),
                    new Group("exempt", "least(exempt_from, exempt_to)", List.of("unit_id", "exempt_from", "exempt_to")));
            case CARDS -> List.of(
                    new Group("card", "created_on", List.of("card_id", "unit_id", "language", "created_on")),
                    new Group("archived", "archived_on", List.of("card_id", "archived_on")),
                    new Group("corrected", "last_corrected_on", List.of("card_id", "last_corrected_on")));
            case CARD_CHANGES -> List.of(new Group("change", "changed_on",
                    List.of("change_id", "unit_id", "kind", "changed_on")));
            case VISITS -> List.of(new Group("visit", "to_date(visited_at)",
                    List.of("visit_id", "unit_id", "visited_at", "outcome", "card_action")));
        };
    }

    /** Part ({@code entity/group/YYYY-MM} or {@code entity/group/all}) → {@code count:xor}. */
    public static Map<String, String> of(MartInputs in) {
        Dataset<Row> all = null;
        for (Entity e : Entity.values()) {
            Dataset<Row> t = e == Entity.UNITS
                    ? in.get(e).join(in.cards().groupBy(col("unit_id")).agg(expr("min(created_on)").as("first_card")),
                            "unit_id", "left")
                    : in.get(e);
            for (Group g : groups(e)) {
                List<Column> fields = new ArrayList<>();
                for (String f : g.fields()) {
                    fields.add(col(f));
                }
                Dataset<Row> rows = g.anchor() == null ? t.withColumn("part", expr("'" + ALL + "'"))
                        : t.withColumn("part", expr("date_format(" + g.anchor() + ", 'yyyy-MM')"))
                                .where(col("part").isNotNull());
                Dataset<Row> agg = rows.select(expr("'" + e.code() + "/" + g.name() + "'").as("grp"),
                                col("part"), xxhash64(fields.toArray(Column[]::new)).as("h"))
                        .groupBy("grp", "part").agg(expr("count(1)").as("n"), expr("bit_xor(h)").as("x"));
                all = all == null ? agg : all.unionByName(agg);
            }
        }
        // one Spark job for every entity
        Map<String, String> parts = new TreeMap<>();
        for (Row r : all.collectAsList()) {
            parts.put(r.getString(0) + "/" + r.getString(1), r.getLong(2) + ":" + r.getLong(3));
        }
        return parts;
    }

    /**
     * The first day from which snapshots may differ between two fingerprints: empty when they are
     * equal, {@link LocalDate#MIN} when a part without anchor differs (everything is recomputed).
     */
    public static Optional<LocalDate> changedFrom(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        LocalDate first = null;
        for (String k : keys) {
            if (Objects.equals(before.get(k), after.get(k))) {
                continue;
            }
            String part = k.substring(k.lastIndexOf('/') + 1);
            LocalDate from = part.equals(ALL) ? LocalDate.MIN : YearMonth.parse(part).atDay(1);
            if (first == null || from.isBefore(first)) {
                first = from;
            }
        }
        return Optional.ofNullable(first);
    }
}
