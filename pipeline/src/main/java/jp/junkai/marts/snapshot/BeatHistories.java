package jp.junkai.marts.snapshot;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import jp.junkai.marts.MartInputs;
import jp.junkai.schema.rules.RuleSet;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction4;

/**
 * Gathers, per beat, the histories of its units (visits, moves and cards with each unit), and
 * turns a partition of the gathered rows into {@link BeatHistory}s. A beat without units has
 * none; units of a beat that does not exist match nothing, nor do visits, moves and cards of a
 * unit that does not exist.
 *
 * <p>How, because this is the costliest step of a snapshot: the units, visits, moves and cards are
 * each hash-partitioned by unit id alike, and one pass of plain Java over the matching partitions
 * gathers each unit's history into a hash map ({@link Gather}): no sort and no join, where Spark's
 * joins and {@code collect_list} would sort every input by unit id (ids that share their first
 * eight bytes, so each comparison reads the whole string). Each unit's history travels on as one
 * binary value to its beat's partition.
 */
public final class BeatHistories {

    /** Codes of a visit per day: outcome index (0–3) × 2 + whether it confirms the card. */
    static final int VISIT_CODES = 8;

    /** The columns of {@link #build}: a beat's row has its area type, a unit's its history. */
    public static final StructType SCHEMA = new StructType().add("beat_code", DataTypes.StringType, true)
            .add("area_type", DataTypes.StringType, true).add("unit", DataTypes.BinaryType, true);

    static {
        if (RuleSet.OUTCOMES.size() * 2 > VISIT_CODES) {
            throw new IllegalStateException("Cannot pack " + RuleSet.OUTCOMES.size() + " outcomes into a visit code");
        }
    }

    private BeatHistories() {
    }

    /**
     * One row per live beat ({@code beat_code, area_type}) and one per unit ({@code beat_code,
     * unit}), hash-partitioned by beat, so that each partition holds whole beats:
     * {@link #perBeat} reads one.
     */
    public static Dataset<Row> build(MartInputs in) {
        SparkSession spark = in.units().sparkSession();
        int partitions = spark.sessionState().conf().numShufflePartitions();
        // a visit packed into one int (see unpack): day, outcome and whether it confirms the card
        StringBuilder outcome = new StringBuilder("CASE outcome");
        for (int i = 0; i < RuleSet.OUTCOMES.size(); i++) {
            outcome.append(" WHEN '").append(RuleSet.OUTCOMES.get(i)).append("' THEN ").append(i);
        }
        // an outcome outside the SPEC's list (ingest refuses those) fails loudly, as Visit.of does
        outcome.append(" ELSE raise_error(concat('Cannot describe a visit with unknown outcome ', coalesce(outcome, 'null')))")
                .append(" END");
        Dataset<Row> visits = in.visits()
                .select(col("unit_id"), expr("unix_date(to_date(visited_at)) * " + VISIT_CODES + " + (" + outcome
                        + ") * 2 + CASE WHEN card_action IN ('corrected', 'confirmed') THEN 1 ELSE 0 END").as("v"));
        Dataset<Row> moves = in.cardChanges().where(col("kind").isin("move_in", "move_out").and(col("changed_on").isNotNull()))
                .select(col("unit_id"), expr("kind = 'move_in'").as("move_in"), expr("unix_date(changed_on)").as("day"));
        Dataset<Row> cards = in.cards().select(col("unit_id"), expr("unix_date(created_on)").as("created"),
                expr("unix_date(archived_on)").as("archived"), expr("unix_date(last_corrected_on)").as("corrected"),
                expr("coalesce(language, 'ja') <> 'ja'").as("foreign"));
        Dataset<Row> units = in.units().select(col("unit_id"), col("beat_code"), col("unit_kind"),
                expr("unix_date(registered_on)").as("registered"), expr("unix_date(closed_on)").as("closed"),
                expr("unix_date(exempt_from)").as("exempt_from"), expr("unix_date(exempt_to)").as("exempt_to"),
                expr("coalesce(foreign_resident, false)").as("foreign_resident"));
        ClassTag<Row> row = ClassTag$.MODULE$.apply(Row.class);
        RDD<Row> gathered = byUnit(units, partitions).zipPartitions(byUnit(visits, partitions),
                byUnit(moves, partitions), byUnit(cards, partitions), false, new Gather(), row, row, row, row);
        Dataset<Row> unitRows = spark.createDataFrame(gathered, SCHEMA);
        Dataset<Row> beatRows = in.beats().select(col("beat_code"), col("area_type"),
                lit(null).cast(DataTypes.BinaryType).as("unit"));
        return beatRows.unionByName(unitRows).repartition(partitions, col("beat_code"));
    }

    /** The rows hash-partitioned by unit id into that many partitions: every input alike. */
    private static RDD<Row> byUnit(Dataset<Row> rows, int partitions) {
        return rows.repartition(partitions, col("unit_id")).rdd();
    }

    /**
     * One partition of each input, by unit id alike: each unit's history, as a row of
     * {@link #SCHEMA}. Serializable: Spark ships it to the tasks.
     */
    static final class Gather extends AbstractFunction4<scala.collection.Iterator<Row>, scala.collection.Iterator<Row>,
            scala.collection.Iterator<Row>, scala.collection.Iterator<Row>, scala.collection.Iterator<Row>>
            implements Serializable {

        private static final long serialVersionUID = 1L;

        @Override
        public scala.collection.Iterator<Row> apply(scala.collection.Iterator<Row> units,
                                                    scala.collection.Iterator<Row> visits,
                                                    scala.collection.Iterator<Row> moves,
                                                    scala.collection.Iterator<Row> cards) {
            Map<String, UnitRecord> byId = new HashMap<>();
            while (units.hasNext()) {
                Row u = units.next();
                byId.put(u.getString(0), new UnitRecord(u));
            }
            while (visits.hasNext()) {
                Row v = visits.next();
                UnitRecord u = byId.get(v.getString(0));
                if (u != null) {
                    if (v.isNullAt(1)) {
                        throw new IllegalArgumentException("Cannot describe a visit without a day");
                    }
                    u.visits.add(v.getInt(1));
                }
            }
            while (moves.hasNext()) {
                Row m = moves.next();
                UnitRecord u = byId.get(m.getString(0));
                if (u != null) {
                    (m.getBoolean(1) ? u.moveIns : u.moveOuts).add(m.getInt(2));
                }
            }
            while (cards.hasNext()) {
                Row c = cards.next();
                UnitRecord u = byId.get(c.getString(0));
                if (u != null) {
                    u.cards.add(new CardHistory(day(c, 1), day(c, 2), day(c, 3), c.getBoolean(4)));
                }
            }
            Iterator<Row> out = byId.values().stream().map(UnitRecord::toRow).iterator();
            return JavaConverters.asScalaIterator(out);
        }
    }

    /** A unit's row and what gathering added to it. */
    private static final class UnitRecord {
        final Row unit;
        final Ints visits = new Ints();
        final Ints moveIns = new Ints();
        final Ints moveOuts = new Ints();
        final List<CardHistory> cards = new ArrayList<>(1);

        UnitRecord(Row unit) {
            this.unit = unit;
        }

        /** {@code beat_code, null, history} (see {@link #unitHistory} for the bytes). */
        Row toRow() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 4 * visits.size);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(unit.getString(0));
                out.writeUTF(unit.isNullAt(2) ? "" : unit.getString(2));
                for (int i = 3; i <= 6; i++) {
                    out.writeInt(day(unit, i));
                }
                out.writeBoolean(unit.getBoolean(7));
                visits.writeTo(out);
                moveIns.writeTo(out);
                moveOuts.writeTo(out);
                out.writeInt(cards.size());
                for (CardHistory c : cards) {
                    out.writeInt(c.createdOn());
                    out.writeInt(c.archivedOn());
                    out.writeInt(c.lastCorrectedOn());
                    out.writeBoolean(c.foreignLanguage());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return RowFactory.create(unit.getString(1), null, bytes.toByteArray());
        }
    }

    /** A growable list of ints. */
    private static final class Ints {
        int[] values = new int[4];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void writeTo(DataOutputStream out) throws IOException {
            out.writeInt(size);
            for (int i = 0; i < size; i++) {
                out.writeInt(values[i]);
            }
        }
    }

    /**
     * The beats of one partition of {@link #build}, each with its units (in no particular order).
     * Units whose beat has no row are left out.
     */
    public static List<BeatHistory> perBeat(Iterator<Row> rows) {
        Map<String, String> areaTypes = new LinkedHashMap<>();
        Map<String, List<UnitHistory>> units = new HashMap<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            if (r.isNullAt(2)) {
                areaTypes.put(r.getString(0), r.getString(1));
            } else {
                units.computeIfAbsent(r.getString(0), b -> new ArrayList<>()).add(unitHistory((byte[]) r.get(2)));
            }
        }
        List<BeatHistory> beats = new ArrayList<>(areaTypes.size());
        for (Map.Entry<String, String> b : areaTypes.entrySet()) {
            beats.add(new BeatHistory(b.getKey(), b.getValue(), units.getOrDefault(b.getKey(), List.of())));
        }
        return beats;
    }

    /** A unit's history from the bytes {@link UnitRecord#toRow} wrote. */
    static UnitHistory unitHistory(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String unitId = in.readUTF();
            String kind = in.readUTF();
            int registered = in.readInt();
            int closed = in.readInt();
            int exemptFrom = in.readInt();
            int exemptTo = in.readInt();
            boolean foreign = in.readBoolean();
            int[] codes = ints(in);
            UnitHistory.Visit[] visits = new UnitHistory.Visit[codes.length];
            for (int i = 0; i < codes.length; i++) {
                visits[i] = unpack(codes[i]);
            }
            int[] moveIns = ints(in);
            int[] moveOuts = ints(in);
            CardHistory[] cards = new CardHistory[in.readInt()];
            for (int i = 0; i < cards.length; i++) {
                cards[i] = new CardHistory(in.readInt(), in.readInt(), in.readInt(), in.readBoolean());
            }
            return new UnitHistory(unitId, kind, registered, closed, exemptFrom, exemptTo, foreign, visits, moveIns,
                    moveOuts, cards);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(DataInputStream in) throws IOException {
        int[] out = new int[in.readInt()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.readInt();
        }
        return out;
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
}
