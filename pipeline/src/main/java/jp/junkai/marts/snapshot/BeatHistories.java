package jp.junkai.marts.snapshot;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import jp.junkai.marts.MartInputs;
import jp.junkai.schema.rules.RuleSet;

/**
 * Gathers, per beat, the histories of its units: one row per live beat with its units nested
 * (visits, moves and cards nested in each unit), and turns such a row into a {@link BeatHistory}.
 * A beat without units has an empty list; units of a beat that does not exist match nothing.
 */
public final class BeatHistories {

    /** Codes of a visit per day: outcome index (0–3) × 2 + whether it confirms the card. */
    static final int VISIT_CODES = 8;

    static {
        if (RuleSet.OUTCOMES.size() * 2 > VISIT_CODES) {
            throw new IllegalStateException("Cannot pack " + RuleSet.OUTCOMES.size() + " outcomes into a visit code");
        }
    }

    private BeatHistories() {
    }

    /** One row per beat: {@code beat_code, area_type, units}. */
    public static Dataset<Row> build(MartInputs in) {
        // a visit packed into one int (see unpack): a list of ints is shuffled and gathered at a
        // fraction of the cost of a list of structs with two strings each
        StringBuilder outcome = new StringBuilder("CASE outcome");
        for (int i = 0; i < RuleSet.OUTCOMES.size(); i++) {
            outcome.append(" WHEN '").append(RuleSet.OUTCOMES.get(i)).append("' THEN ").append(i);
        }
        // an outcome outside the SPEC's list (ingest refuses those) fails loudly, as Visit.of does,
        // rather than leaving a null code that collect_list would silently drop
        outcome.append(" ELSE raise_error(concat('Cannot describe a visit with unknown outcome ', coalesce(outcome, 'null')))")
                .append(" END");
        Dataset<Row> visits = in.visits()
                .select(col("unit_id"), expr("unix_date(to_date(visited_at)) * " + VISIT_CODES + " + (" + outcome
                        + ") * 2 + CASE WHEN card_action IN ('corrected', 'confirmed') THEN 1 ELSE 0 END").as("v"))
                .groupBy("unit_id").agg(collect_list("v").as("visits"));
        Dataset<Row> moves = in.cardChanges().where(col("kind").isin("move_in", "move_out"))
                .select(col("unit_id"), col("kind"), expr("unix_date(changed_on)").as("day"))
                .groupBy("unit_id")
                .agg(collect_list(when(col("kind").equalTo("move_in"), col("day"))).as("move_ins"),
                        collect_list(when(col("kind").equalTo("move_out"), col("day"))).as("move_outs"));
        Dataset<Row> cards = in.cards()
                .select(col("unit_id"), struct(expr("unix_date(created_on)").as("created"),
                        expr("unix_date(archived_on)").as("archived"),
                        expr("unix_date(last_corrected_on)").as("corrected"),
                        expr("coalesce(language, 'ja') <> 'ja'").as("foreign")).as("c"))
                .groupBy("unit_id").agg(collect_list("c").as("cards"));
        Dataset<Row> units = in.units()
                .select(col("unit_id"), col("beat_code"), col("unit_kind"),
                        expr("unix_date(registered_on)").as("registered"), expr("unix_date(closed_on)").as("closed"),
                        expr("unix_date(exempt_from)").as("exempt_from"), expr("unix_date(exempt_to)").as("exempt_to"),
                        expr("coalesce(foreign_resident, false)").as("foreign_resident"))
                .join(visits, "unit_id", "left").join(moves, "unit_id", "left").join(cards, "unit_id", "left")
                .select(col("beat_code"), struct(col("unit_id"), col("unit_kind"), col("registered"), col("closed"),
                        col("exempt_from"), col("exempt_to"), col("foreign_resident"), col("visits"),
                        col("move_ins"), col("move_outs"), col("cards")).as("u"))
                .groupBy("beat_code").agg(collect_list("u").as("units"));
        return in.beats().select("beat_code", "area_type").join(units, "beat_code", "left");
    }

    /** The beat row of {@link #build} as a history. */
    public static BeatHistory toHistory(Row beat) {
        List<Row> unitRows = beat.isNullAt(2) ? List.of() : beat.getList(2);
        List<UnitHistory> units = new ArrayList<>(unitRows.size());
        for (Row u : unitRows) {
            units.add(unit(u));
        }
        return new BeatHistory(beat.getString(0), beat.getString(1), units);
    }

    private static UnitHistory unit(Row u) {
        List<Integer> visitCodes = u.isNullAt(7) ? List.of() : u.getList(7);
        UnitHistory.Visit[] visits = new UnitHistory.Visit[visitCodes.size()];
        for (int i = 0; i < visits.length; i++) {
            visits[i] = unpack(visitCodes.get(i));
        }
        List<Row> cardRows = u.isNullAt(10) ? List.of() : u.getList(10);
        CardHistory[] cards = new CardHistory[cardRows.size()];
        for (int i = 0; i < cards.length; i++) {
            Row c = cardRows.get(i);
            cards[i] = new CardHistory(day(c, 0), day(c, 1), day(c, 2), c.getBoolean(3));
        }
        return new UnitHistory(u.getString(0), u.getString(1), day(u, 2), day(u, 3), day(u, 4), day(u, 5),
                u.getBoolean(6), visits, days(u, 8), days(u, 9), cards);
    }

    /** A visit of {@link #build}: day × {@value #VISIT_CODES} + outcome index × 2 + 1 if its card_action confirms the card. */
    static UnitHistory.Visit unpack(Integer code) {
        if (code == null) {
            throw new IllegalArgumentException("Cannot describe a visit without a code");
        }
        int rest = Math.floorMod(code, VISIT_CODES);
        return new UnitHistory.Visit(Math.floorDiv(code, VISIT_CODES), rest / 2, rest % 2 == 1);
    }

    private static int day(Row r, int i) {
        return r.isNullAt(i) ? Days.NONE : r.getInt(i);
    }

    private static int[] days(Row r, int i) {
        if (r.isNullAt(i)) {
            return new int[0];
        }
        List<Integer> l = r.getList(i);
        int[] out = new int[l.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = l.get(k);
        }
        return out;
    }
}
