package jp.junkai.testing;

import static jp.junkai.testing.DataFrameAssertions.assertDataFrameApproximateEquals;
import static jp.junkai.testing.DataFrameAssertions.assertDataFrameEquals;
import static jp.junkai.testing.DataFrameAssertions.assertDataFrameNoOrderEquals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TestSharedSpark {

    private static final StructType SCHEMA = new StructType()
            .add("beat_code", DataTypes.StringType, false)
            .add("as_of", DataTypes.DateType, true)
            .add("eligible_units", DataTypes.IntegerType, true)
            .add("compliance_rate", DataTypes.DoubleType, true);

    private static Dataset<Row> frame(Row... rows) {
        return SharedSpark.spark().createDataFrame(List.of(rows), SCHEMA);
    }

    private static Row row(String beat, String asOf, Integer eligible, Double rate) {
        return RowFactory.create(beat, Date.valueOf(asOf), eligible, rate);
    }

    @Test
    void oneSessionPerJvmWithTheTestSettings() {
        SparkSession spark = SharedSpark.spark();

        assertThat(SharedSpark.spark()).isSameAs(spark);
        assertThat(spark.sparkContext().master()).isEqualTo("local[2]");
        assertThat(spark.conf().get("spark.ui.enabled")).isEqualTo("false");
        assertThat(spark.conf().get("spark.driver.host")).isEqualTo("127.0.0.1");
        assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("2");
        assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("Asia/Tokyo");
        assertThat(spark.conf().get("spark.sql.adaptive.enabled")).isEqualTo("true");
        assertThat(spark.conf().get("spark.sql.warehouse.dir")).contains(SharedSpark.tempRoot().getFileName().toString());
        assertThat(spark.sparkContext().isStopped()).isFalse();
    }

    @Test
    void sessionTimeZoneIsJapan() {
        // 2024-03-31T15:30Z is already April 1 in Japan: the date a SPEC visit counts on.
        Row r = SharedSpark.spark().sql(
                "SELECT CAST(TIMESTAMP '2024-03-31 15:30:00 UTC' AS DATE) AS d").first();

        // dates come back as java.time values (spark.sql.datetime.java8API.enabled, set by SparkSessions)
        assertThat(r.getLocalDate(0)).hasToString("2024-04-01");
    }

    @Test
    void equalFramesPass() {
        Dataset<Row> expected = frame(row("B1", "2024-04-30", 10, 0.5), row("B2", "2024-04-30", 0, null));
        Dataset<Row> actual = frame(row("B1", "2024-04-30", 10, 0.5), row("B2", "2024-04-30", 0, null));

        assertDataFrameEquals(expected, actual);
        assertDataFrameApproximateEquals(expected, actual, 0.0);
        assertDataFrameNoOrderEquals(expected, frame(row("B2", "2024-04-30", 0, null), row("B1", "2024-04-30", 10, 0.5)));
    }

    @Test
    void differentFramesThrowAssertionError() {
        Dataset<Row> expected = frame(row("B1", "2024-04-30", 10, 0.5));

        assertThatThrownBy(() -> assertDataFrameEquals(expected, frame(row("B1", "2024-04-30", 11, 0.5))))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertDataFrameEquals(expected, frame(row("B1", "2024-04-30", 10, 0.5),
                row("B2", "2024-04-30", 1, 1.0))))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertDataFrameEquals(expected,
                frame(row("B1", "2024-04-30", 10, 0.5)).drop("compliance_rate")))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertDataFrameNoOrderEquals(expected, frame(row("B9", "2024-04-30", 10, 0.5))))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void approximateEqualityHonoursTheTolerance() {
        Dataset<Row> expected = frame(row("B1", "2024-04-30", 10, 0.5));
        Dataset<Row> close = frame(row("B1", "2024-04-30", 10, 0.5000001));

        assertDataFrameApproximateEquals(expected, close, 1e-6);
        assertThatThrownBy(() -> assertDataFrameEquals(expected, close)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertDataFrameApproximateEquals(expected, close, 1e-9))
                .isInstanceOf(AssertionError.class);
    }
}
