package jp.junkai.marts.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import jp.junkai.lake.LakeSchema;
import jp.junkai.marts.MartInputs;
import jp.junkai.schema.Entity;
import jp.junkai.testing.SharedSpark;

/** The per-beat histories gathered from the lake's tables, visits packed into one int each on the way. */
class TestBeatHistories {

    SparkSession spark = SharedSpark.spark();

    private Dataset<Row> table(Entity e, String columns, Object[]... rows) {
        StructType schema = new StructType();
        for (String n : columns.split(",")) {
            schema = schema.add(n, LakeSchema.sparkType(e.field(n)), true);
        }
        return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), schema);
    }

    private Map<Entity, Dataset<Row>> empty() {
        Map<Entity, Dataset<Row>> tables = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            tables.put(e, spark.createDataFrame(List.of(), new StructType().add(e.key(), DataTypes.StringType)));
        }
        return tables;
    }

    private static org.apache.spark.sql.catalyst.InternalRow historyRow(String beat, String areaType, byte[] unit,
                                                                        int origin) {
        return new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(new Object[] {
            org.apache.spark.unsafe.types.UTF8String.fromString(beat),
            areaType == null ? null : org.apache.spark.unsafe.types.UTF8String.fromString(areaType), unit, origin});
    }

    @Test
    void aBeatIsUnchangedWhereItsEarlierRowAgreesAndNoUnitOfItWasGatheredOrReplaced() throws Exception {
        Map<Entity, Dataset<Row>> tables = oneUnitVisited(LocalDate.of(2020, 1, 1),
                new Object[] {"V1", "U1", "P1", LocalDateTime.of(2024, 2, 29, 9, 0), "met", "none"});
        byte[] unit = BeatHistories.build(MartInputs.of(tables)).where("unit IS NOT NULL").first().getAs("unit");
        int now = BeatHistories.NOW;
        int kept = BeatHistories.KEPT;
        List<org.apache.spark.sql.catalyst.InternalRow> rows = List.of(
                // B1: as it was, with a unit kept
                historyRow("B1", "urban", null, now), historyRow("B1", "urban", null, kept), historyRow("B1", null, unit, kept),
                // B2: its area type changed
                historyRow("B2", "urban", null, now), historyRow("B2", "rural", null, kept),
                // B3: its unit changed (moved away: replaced, gathered nowhere here)
                historyRow("B3", "urban", null, now), historyRow("B3", "urban", null, kept),
                historyRow("B3", null, unit, BeatHistories.REPLACED),
                // B4: a unit gathered now (changed, or moved in)
                historyRow("B4", "urban", null, now), historyRow("B4", "urban", null, kept), historyRow("B4", null, unit, now),
                // B5: new; B6: gone (its earlier row only)
                historyRow("B5", "urban", null, now), historyRow("B6", "urban", null, kept));

        List<BeatHistory> beats = BeatHistories.perBeat(rows.iterator());

        assertThat(beats).extracting(BeatHistory::beatCode).containsExactly("B1", "B2", "B3", "B4", "B5");
        assertThat(beats).extracting(BeatHistory::unchanged).containsExactly(true, false, false, false, false);
        assertThat(beats).extracting(b -> b.units().size()).containsExactly(1, 0, 0, 1, 0);
    }

    @Test
    void everyVisitKeepsItsDayOutcomeAndWhetherItConfirmsTheCard() {
        Map<Entity, Dataset<Row>> tables = oneUnitVisited(LocalDate.of(1960, 1, 1),
                new Object[] {"V1", "U1", "P1", LocalDateTime.of(1969, 12, 31, 23, 0), "met", "confirmed"},
                new Object[] {"V2", "U1", "P1", LocalDateTime.of(2024, 2, 29, 9, 0), "absent", "corrected"},
                new Object[] {"V3", "U1", "P1", LocalDateTime.of(2024, 3, 1, 9, 0), "refused", "created"},
                new Object[] {"V4", "U1", "P1", LocalDateTime.of(2024, 3, 2, 0, 0), "vacant", "none"});

        Dataset<Row> gathered = BeatHistories.build(MartInputs.of(tables)).coalesce(1);

        // the beat's row and its unit's
        assertThat(gathered.count()).isEqualTo(2);
        List<BeatHistory> beats = BeatHistories.internalRows(gathered).mapPartitions(it -> BeatHistories.perBeat(it).iterator())
                .collect();
        assertThat(beats).hasSize(1);
        BeatHistory beat = beats.get(0);
        assertThat(beat.beatCode()).isEqualTo("B1");
        UnitHistory u = beat.units().get(0);
        // sorted by day; a day before 1970 is a negative epoch day
        assertThat(u.visitDays).containsExactly(Days.of(LocalDate.of(1969, 12, 31)), Days.of(LocalDate.of(2024, 2, 29)),
                Days.of(LocalDate.of(2024, 3, 1)), Days.of(LocalDate.of(2024, 3, 2)));
        assertThat(u.visitOutcomes).containsExactly(0, 1, 2, 3);
        assertThat(u.visitConfirmsCard).containsExactly(true, true, false, false);
    }

    @Test
    void eachUnitGathersItsOwnVisitsMovesAndCardsAndDanglingOnesMatchNothing() {
        Map<Entity, Dataset<Row>> tables = empty();
        tables.put(Entity.BEATS, table(Entity.BEATS, "beat_code,area_type",
                new Object[] {"B1", "mixed"}, new Object[] {"B2", "rural"}, new Object[] {"B3", "commercial"}));
        tables.put(Entity.UNITS, table(Entity.UNITS, "unit_id,beat_code,unit_kind,registered_on,foreign_resident",
                new Object[] {"U1", "B1", "household", LocalDate.of(2020, 1, 1), true},
                new Object[] {"U2", "B1", "business", LocalDate.of(2021, 1, 1), null},
                new Object[] {"U3", "B2", "household", LocalDate.of(2022, 1, 1), false},
                new Object[] {"U4", "B9", "household", LocalDate.of(2022, 1, 1), false}));
        tables.put(Entity.VISITS, table(Entity.VISITS, "visit_id,unit_id,officer_id,visited_at,outcome,card_action",
                new Object[] {"V1", "U1", "P1", LocalDateTime.of(2024, 1, 5, 9, 0), "met", "none"},
                new Object[] {"V2", "U1", "P1", LocalDateTime.of(2024, 2, 5, 9, 0), "absent", "none"},
                new Object[] {"V3", "U3", "P1", LocalDateTime.of(2024, 3, 5, 9, 0), "met", "confirmed"},
                new Object[] {"V4", "U8", "P1", LocalDateTime.of(2024, 3, 5, 9, 0), "met", "none"}));
        tables.put(Entity.CARD_CHANGES, table(Entity.CARD_CHANGES, "change_id,card_id,unit_id,changed_on,kind",
                new Object[] {"X1", "C1", "U2", LocalDate.of(2023, 5, 1), "move_in"},
                new Object[] {"X2", "C1", "U2", LocalDate.of(2023, 4, 1), "move_out"},
                new Object[] {"X3", "C1", "U2", LocalDate.of(2023, 6, 1), "member_added"}));
        tables.put(Entity.CARDS, table(Entity.CARDS, "card_id,unit_id,created_on,archived_on,language",
                new Object[] {"C1", "U2", LocalDate.of(2021, 2, 1), LocalDate.of(2023, 4, 1), "en"},
                new Object[] {"C2", "U2", LocalDate.of(2023, 5, 1), null, null},
                new Object[] {"C3", "U8", LocalDate.of(2023, 5, 1), null, null}));

        Dataset<Row> gathered = BeatHistories.build(MartInputs.of(tables));
        Map<String, BeatHistory> beats = new java.util.TreeMap<>();
        for (BeatHistory b : BeatHistories.internalRows(gathered).mapPartitions(it -> BeatHistories.perBeat(it).iterator())
                .collect()) {
            beats.put(b.beatCode(), b);
        }

        // B3 has no unit; U4's beat B9 does not exist; V4 and C3 name no unit
        assertThat(beats.keySet()).containsExactly("B1", "B2", "B3");
        assertThat(beats.get("B3").units()).isEmpty();
        assertThat(beats.get("B2").areaType()).isEqualTo("rural");
        Map<String, UnitHistory> units = new java.util.TreeMap<>();
        beats.values().forEach(b -> b.units().forEach(u -> units.put(u.unitId(), u)));
        assertThat(units.keySet()).containsExactly("U1", "U2", "U3");
        UnitHistory u1 = units.get("U1");
        assertThat(u1.visitDays).containsExactly(Days.of(LocalDate.of(2024, 1, 5)), Days.of(LocalDate.of(2024, 2, 5)));
        assertThat(u1.foreignResident).isTrue();
        assertThat(u1.cards).isEmpty();
        UnitHistory u2 = units.get("U2");
        assertThat(u2.unitKind()).isEqualTo("business");
        assertThat(u2.foreignResident).isFalse();
        assertThat(u2.visitDays).isEmpty();
        // a member change is no move; move-ins and move-outs both are turnover events
        assertThat(u2.moveIns).containsExactly(Days.of(LocalDate.of(2023, 5, 1)));
        assertThat(u2.moves).containsExactly(Days.of(LocalDate.of(2023, 4, 1)), Days.of(LocalDate.of(2023, 5, 1)));
        assertThat(u2.cards).containsExactlyInAnyOrder(
                new CardHistory(Days.of(LocalDate.of(2021, 2, 1)), Days.of(LocalDate.of(2023, 4, 1)), Days.NONE, true),
                new CardHistory(Days.of(LocalDate.of(2023, 5, 1)), Days.NONE, Days.NONE, false));
        assertThat(units.get("U3").visitConfirmsCard).containsExactly(true);
    }

    @Test
    void aVisitOfAnOutcomeOutsideTheListFailsRatherThanVanishing() {
        Map<Entity, Dataset<Row>> tables = oneUnitVisited(LocalDate.of(2020, 1, 1),
                new Object[] {"V1", "U1", "P1", LocalDateTime.of(2024, 1, 5, 9, 0), "contacted", "none"});
        assertThatThrownBy(() -> BeatHistories.build(MartInputs.of(tables)).collectAsList())
                .hasStackTraceContaining("Cannot describe a visit with unknown outcome contacted");
    }

    @Test
    void aVisitWithoutATimeFailsRatherThanVanishing() {
        // ingest refuses it (visited_at is required); here it reaches the gathering
        Map<Entity, Dataset<Row>> tables = oneUnitVisited(LocalDate.of(2020, 1, 1),
                new Object[] {"V1", "U1", "P1", null, "met", "none"});
        assertThatThrownBy(() -> BeatHistories.build(MartInputs.of(tables)).collectAsList())
                .hasStackTraceContaining("Cannot describe a visit without a day");
    }

    /** Beat B1 (mixed) with household U1 registered on that day, and those visits (visit_id … card_action). */
    private Map<Entity, Dataset<Row>> oneUnitVisited(LocalDate registered, Object[]... visits) {
        Map<Entity, Dataset<Row>> tables = empty();
        tables.put(Entity.BEATS, table(Entity.BEATS, "beat_code,area_type", new Object[] {"B1", "mixed"}));
        tables.put(Entity.UNITS, table(Entity.UNITS, "unit_id,beat_code,unit_kind,registered_on",
                new Object[] {"U1", "B1", "household", registered}));
        tables.put(Entity.VISITS, table(Entity.VISITS, "visit_id,unit_id,officer_id,visited_at,outcome,card_action",
                visits));
        return tables;
    }

    @Test
    void aVisitCodeIsUnpackedAndNoCodeIsRefused() {
        assertThatThrownBy(() -> BeatHistories.unpack(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a code");
        UnitHistory.Visit v = BeatHistories.unpack(-1 * BeatHistories.VISIT_CODES + 7);
        assertThat(v).isEqualTo(new UnitHistory.Visit(-1, 3, true));
    }
}
