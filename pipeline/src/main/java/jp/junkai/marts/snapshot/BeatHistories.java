package jp.junkai.marts.snapshot;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

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

    /**
     * The columns of {@link #build}: a beat's row has its area type, a unit's its history; the
     * origin says where a row comes from ({@link #NOW}, {@link #KEPT}, {@link #REPLACED}).
     */
    public static final StructType SCHEMA = new StructType().add("beat_code", DataTypes.StringType, true)
            .add("area_type", DataTypes.StringType, true).add("unit", DataTypes.BinaryType, true)
            .add("origin", DataTypes.IntegerType, false);

    /** A row gathered now: a unit whose history is gathered from the lake, or a live beat. */
    public static final int NOW = 0;
    /** A row of an earlier build's histories kept as it is: a unit that did not change, or a beat as it was. */
    public static final int KEPT = 1;
    /** A row of an earlier build's histories of a unit that changed: not a unit now, only marks its beat changed. */
    public static final int REPLACED = 2;

    static {
        if (RuleSet.OUTCOMES.size() * 2 > VISIT_CODES) {
            throw new IllegalStateException("Cannot pack " + RuleSet.OUTCOMES.size() + " outcomes into a visit code");
        }
    }

    private BeatHistories() {
    }

    /**
     * One row per live beat ({@code beat_code, area_type}) and one per unit the inputs hold
     * ({@code beat_code, unit}; some units only from {@link MartInputs#ofUnits}), hash-partitioned
     * by beat, so that each partition holds whole beats: {@link #perBeat} reads one.
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
        ClassTag<InternalRow> row = ClassTag$.MODULE$.apply(InternalRow.class);
        RDD<InternalRow> gathered = byUnit(units, partitions).zipPartitions(byUnit(visits, partitions),
                byUnit(moves, partitions), byUnit(cards, partitions), false, new Gather(), row, row, row, row);
        Dataset<Row> unitRows = spark.internalCreateDataFrame(gathered, SCHEMA, false);
        Dataset<Row> beatRows = in.beats().select(col("beat_code"), col("area_type"),
                lit(null).cast(DataTypes.BinaryType).as("unit"), lit(NOW).as("origin"));
        return beatRows.unionByName(unitRows).repartition(partitions, col("beat_code"));
    }

    /**
     * The rows hash-partitioned by unit id into that many partitions: every input alike. Spark's
     * internal rows: their strings are read as UTF-8 bytes, never decoded.
     */
    private static RDD<InternalRow> byUnit(Dataset<Row> rows, int partitions) {
        return rows.repartition(partitions, col("unit_id")).queryExecution().toRdd();
    }

    /**
     * One partition of each input, by unit id alike: each unit's history, as a row of
     * {@link #SCHEMA}. Serializable: Spark ships it to the tasks.
     */
    static final class Gather extends AbstractFunction4<scala.collection.Iterator<InternalRow>,
            scala.collection.Iterator<InternalRow>, scala.collection.Iterator<InternalRow>,
            scala.collection.Iterator<InternalRow>, scala.collection.Iterator<InternalRow>> implements Serializable {

        private static final long serialVersionUID = 1L;

        @Override
        public scala.collection.Iterator<InternalRow> apply(scala.collection.Iterator<InternalRow> units,
                                                            scala.collection.Iterator<InternalRow> visits,
                                                            scala.collection.Iterator<InternalRow> moves,
                                                            scala.collection.Iterator<InternalRow> cards) {
            // shuffled rows are reused by the iterator: a kept string is copied
            UnitIdIndex index = new UnitIdIndex();
            List<UnitRecord> records = new ArrayList<>();
            while (units.hasNext()) {
                InternalRow u = units.next();
                if (index.add(u.getUTF8String(0)) >= 0) {
                    records.add(new UnitRecord(u));
                }
            }
            while (visits.hasNext()) {
                InternalRow v = visits.next();
                int at = index.find(v.getUTF8String(0));
                if (at >= 0) {
                    if (v.isNullAt(1)) {
                        throw new IllegalArgumentException("Cannot describe a visit without a day");
                    }
                    records.get(at).visits.add(v.getInt(1));
                }
            }
            while (moves.hasNext()) {
                InternalRow m = moves.next();
                int at = index.find(m.getUTF8String(0));
                if (at >= 0) {
                    UnitRecord u = records.get(at);
                    (m.getBoolean(1) ? u.moveIns : u.moveOuts).add(m.getInt(2));
                }
            }
            while (cards.hasNext()) {
                InternalRow c = cards.next();
                int at = index.find(c.getUTF8String(0));
                if (at >= 0) {
                    Ints cardDays = records.get(at).cards;
                    cardDays.add(day(c, 1));
                    cardDays.add(day(c, 2));
                    cardDays.add(day(c, 3));
                    cardDays.add(c.getBoolean(4) ? 1 : 0);
                }
            }
            Iterator<InternalRow> out = records.stream().map(UnitRecord::toRow).iterator();
            return JavaConverters.asScalaIterator(out);
        }
    }

    /** A unit's row and what gathering added to it. */
    private static final class UnitRecord {
        final UTF8String unitId;
        final UTF8String beat;
        final UTF8String kind;
        final int[] dates = new int[4];
        final boolean foreignResident;
        final Ints visits = new Ints();
        final Ints moveIns = new Ints();
        final Ints moveOuts = new Ints();
        /** Four ints per card: created, archived, corrected, 1 if foreign. */
        final Ints cards = new Ints();

        UnitRecord(InternalRow u) {
            unitId = u.getUTF8String(0).clone();
            beat = u.isNullAt(1) ? null : u.getUTF8String(1).clone();
            kind = u.isNullAt(2) ? UTF8String.EMPTY_UTF8 : u.getUTF8String(2).clone();
            for (int i = 0; i < 4; i++) {
                dates[i] = day(u, 3 + i);
            }
            foreignResident = u.getBoolean(7);
        }

        /** {@code beat_code, null, history} (see {@link #unitHistory} for the bytes). */
        InternalRow toRow() {
            byte[] id = unitId.getBytes();
            byte[] k = kind.getBytes();
            int size = 4 + id.length + 4 + k.length + 4 * 4 + 1 + 4 * (4 + visits.size + moveIns.size + moveOuts.size
                    + cards.size);
            ByteBuffer out = ByteBuffer.allocate(size);
            out.putInt(id.length).put(id).putInt(k.length).put(k);
            for (int d : dates) {
                out.putInt(d);
            }
            out.put((byte) (foreignResident ? 1 : 0));
            visits.writeTo(out);
            moveIns.writeTo(out);
            moveOuts.writeTo(out);
            cards.writeTo(out);
            return new GenericInternalRow(new Object[] {beat, null, out.array(), NOW});
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

        void writeTo(ByteBuffer out) {
            out.putInt(size);
            for (int i = 0; i < size; i++) {
                out.putInt(values[i]);
            }
        }
    }

    /**
     * The beats of one partition of {@link #build}, each with its units (in no particular order).
     * Units whose beat has no row are left out.
     */
    public static List<BeatHistory> perBeat(Iterator<InternalRow> rows) {
        try {
            return perBeat(rows, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * As {@link #perBeat(Iterator)}, handing the rows of the histories now (beats and units gathered
     * now, units kept) to the writer as well, unless null. A beat is {@link BeatHistory#unchanged}
     * where the rows give its earlier version with the same area type and no unit of it changed.
     */
    public static List<BeatHistory> perBeat(Iterator<InternalRow> rows, UnitHistoryFiles.Writer current)
            throws java.io.IOException {
        return perBeat(rows, current, false);
    }

    /**
     * As {@link #perBeat(Iterator, UnitHistoryFiles.Writer)}; where the rows are {@link #patched}, each
     * beat also carries its {@link BeatHistory.Changes}: the earlier histories of the units replaced
     * in it, and the histories gathered now of the units in it.
     */
    public static List<BeatHistory> perBeat(Iterator<InternalRow> rows, UnitHistoryFiles.Writer current,
                                            boolean patched) throws java.io.IOException {
        Map<String, String> areaTypes = new LinkedHashMap<>();
        Map<String, String> earlierAreaTypes = new HashMap<>();
        java.util.Set<String> changed = new java.util.HashSet<>();
        Map<String, List<UnitHistory>> units = new HashMap<>();
        Map<String, List<UnitHistory>> before = new HashMap<>();
        Map<String, List<UnitHistory>> after = new HashMap<>();
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            String beat = r.isNullAt(0) ? null : r.getUTF8String(0).toString();
            int origin = r.getInt(3);
            if (r.isNullAt(2)) {
                String areaType = r.isNullAt(1) ? null : r.getUTF8String(1).toString();
                if (origin == NOW) {
                    areaTypes.put(beat, areaType);
                    if (current != null) {
                        current.add(r);
                    }
                } else {
                    earlierAreaTypes.put(beat, areaType);
                }
            } else if (origin == REPLACED) {
                changed.add(beat);
                if (patched) {
                    before.computeIfAbsent(beat, b -> new ArrayList<>()).add(unitHistory(r.getBinary(2)));
                }
            } else {
                if (origin == NOW) {
                    changed.add(beat);
                }
                if (current != null) {
                    current.add(r);
                }
                UnitHistory unit = unitHistory(r.getBinary(2));
                units.computeIfAbsent(beat, b -> new ArrayList<>()).add(unit);
                if (patched && origin == NOW) {
                    after.computeIfAbsent(beat, b -> new ArrayList<>()).add(unit);
                }
            }
        }
        List<BeatHistory> beats = new ArrayList<>(areaTypes.size());
        for (Map.Entry<String, String> b : areaTypes.entrySet()) {
            boolean unchanged = earlierAreaTypes.containsKey(b.getKey()) && !changed.contains(b.getKey())
                    && java.util.Objects.equals(earlierAreaTypes.get(b.getKey()), b.getValue());
            BeatHistory.Changes changes = patched ? new BeatHistory.Changes(before.getOrDefault(b.getKey(), List.of()),
                    after.getOrDefault(b.getKey(), List.of())) : null;
            beats.add(new BeatHistory(b.getKey(), b.getValue(), units.getOrDefault(b.getKey(), List.of()), unchanged,
                    changes));
        }
        return beats;
    }

    /**
     * The rows of {@link #build} now, from an earlier build's {@link UnitHistoryFiles} and the
     * units whose records changed since: each partition reads its earlier file (its beats and
     * units {@link #KEPT}, the changed units' earlier histories {@link #REPLACED}, wherever they
     * were) and adds the changed units' histories gathered now and a row for every live beat
     * ({@link #NOW}). Partitioned as {@link #build} partitions: each partition holds whole beats.
     *
     * @param earlier the earlier build's folder of {@link UnitHistoryFiles}, written with as many partitions
     * @param changed the ids of the units whose records (the unit, its visits, moves or cards) changed
     */
    public static JavaRDD<InternalRow> patched(MartInputs in, java.nio.file.Path earlier, List<String> changed) {
        SparkSession spark = in.units().sparkSession();
        Dataset<Row> ids = spark.createDataset(changed, org.apache.spark.sql.Encoders.STRING()).toDF("unit_id");
        java.util.Set<UTF8String> skip = new java.util.HashSet<>();
        changed.forEach(id -> skip.add(UTF8String.fromString(id)));
        org.apache.spark.broadcast.Broadcast<java.util.Set<UTF8String>> shared =
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(skip);
        String folder = earlier.toString();
        // the changed units' histories gathered now, and a row for every live beat
        return internalRows(build(in.ofUnits(ids))).mapPartitionsWithIndex((partition, now) -> {
            Iterator<InternalRow> kept = UnitHistoryFiles.read(java.nio.file.Paths.get(folder), partition,
                    shared.value());
            return new Iterator<InternalRow>() {
                @Override
                public boolean hasNext() {
                    return kept.hasNext() || now.hasNext();
                }

                @Override
                public InternalRow next() {
                    return kept.hasNext() ? kept.next() : now.next();
                }
            };
        }, true);
    }

    /** The rows of {@link #build} as Spark's internal rows, partitions kept: what {@link #perBeat} reads. */
    public static JavaRDD<InternalRow> internalRows(Dataset<Row> histories) {
        return histories.queryExecution().toRdd().toJavaRDD();
    }

    /** A unit's history from the bytes {@link UnitRecord#toRow} wrote. */
    static UnitHistory unitHistory(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String unitId = string(in);
        String kind = string(in);
        int registered = in.getInt();
        int closed = in.getInt();
        int exemptFrom = in.getInt();
        int exemptTo = in.getInt();
        boolean foreign = in.get() == 1;
        int[] codes = ints(in);
        UnitHistory.Visit[] visits = new UnitHistory.Visit[codes.length];
        for (int i = 0; i < codes.length; i++) {
            visits[i] = unpack(codes[i]);
        }
        int[] moveIns = ints(in);
        int[] moveOuts = ints(in);
        int[] c = ints(in);
        CardHistory[] cards = new CardHistory[c.length / 4];
        for (int i = 0; i < cards.length; i++) {
            cards[i] = new CardHistory(c[4 * i], c[4 * i + 1], c[4 * i + 2], c[4 * i + 3] == 1);
        }
        return new UnitHistory(unitId, kind, registered, closed, exemptFrom, exemptTo, foreign, visits, moveIns,
                moveOuts, cards);
    }

    private static String string(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int[] ints(ByteBuffer in) {
        int[] out = new int[in.getInt()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.getInt();
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

    private static int day(InternalRow r, int i) {
        return r.isNullAt(i) ? Days.NONE : r.getInt(i);
    }
}
