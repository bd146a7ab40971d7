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

    @Test
    void everyVisitKeepsItsDayOutcomeAndWhetherItConfirmsTheCard() {
        Map<Entity, Dataset<Row>> tables = empty();
        tables.put(Entity.BEATS, table(Entity.BEATS, "beat_code,area_type", new Object[] {"B1", "mixed"}));
        tables.put(Entity.UNITS, table(Entity.UNITS, "unit_id,beat_code,unit_kind,registered_on",
                new Object[] {"U1", "B1", "household", LocalDate.of(1960, 1, 1)}));
        tables.put(Entity.VISITS, table(Entity.VISITS, "visit_id,unit_id,officer_id,visited_at,outcome,card_action",
                new Object[] {"V1", "U1", "P1", LocalDateTime.of(1969, 12, 31, 23, 0), "met", "confirmed"},
                new Object[] {"V2", "U1", "P1", LocalDateTime.of(2024, 2, 29, 9, 0), "absent", "corrected"},
                new Object[] {"V3", "U1", "P1", LocalDateTime.of(2024, 3, 1, 9, 0), "refused", "created"},
                new Object[] {"V4", "U1", "P1", LocalDateTime.of(2024, 3, 2, 0, 0), "vacant", "none"}));

        List<Row> rows = BeatHistories.build(MartInputs.of(tables)).collectAsList();

        // the beat's row and its unit's
        assertThat(rows).hasSize(2);
        List<BeatHistory> beats = BeatHistories.perBeat(rows.iterator());
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
    void aVisitOfAnOutcomeOutsideTheListFailsRatherThanVanishing() {
        Map<Entity, Dataset<Row>> tables = empty();
        tables.put(Entity.BEATS, table(Entity.BEATS, "beat_code,area_type", new Object[] {"B1", "mixed"}));
        tables.put(Entity.UNITS, table(Entity.UNITS, "unit_id,beat_code,unit_kind,registered_on",
                new Object[] {"U1", "B1", "household", LocalDate.of(2020, 1, 1)}));
        tables.put(Entity.VISITS, table(Entity.VISITS, "visit_id,unit_id,officer_id,visited_at,outcome,card_action",
                new Object[] {"V1", "U1", "P1", LocalDateTime.of(2024, 1, 5, 9, 0), "contacted", "none"}));
        assertThatThrownBy(() -> BeatHistories.build(MartInputs.of(tables)).collectAsList())
                .hasStackTraceContaining("Cannot describe a visit with unknown outcome contacted");
    }

    @Test
    void aVisitCodeIsUnpackedAndNoCodeIsRefused() {
        assertThatThrownBy(() -> BeatHistories.unpack(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a code");
        UnitHistory.Visit v = BeatHistories.unpack(-1 * BeatHistories.VISIT_CODES + 7);
        assertThat(v).isEqualTo(new UnitHistory.Visit(-1, 3, true));
    }
}
