package jp.junkai.testing;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SparkSessionProvider;

/**
 * spark-testing-base's DataFrame assertions for JUnit Jupiter tests, on the {@link SharedSpark}
 * session. Every failed comparison throws {@link AssertionError}.
 *
 * <p>The library's base classes are written for JUnit 4 and ScalaTest; from Jupiter they work
 * through an instance of {@link JavaDataFrameSuiteBase} once its session provider holds the shared
 * session, with the Scala default arguments passed explicitly.
 */
public final class DataFrameAssertions {

    private static final JavaDataFrameSuiteBase BASE = new JavaDataFrameSuiteBase();

    private DataFrameAssertions() {
    }

    /** Same schema and the same rows in the same order; doubles compared exactly. */
    public static void assertDataFrameEquals(Dataset<Row> expected, Dataset<Row> actual) {
        base().assertDataFrameEquals(expected, actual, BASE.assertDataFrameEquals$default$3());
    }

    /** Same schema and the same rows in the same order; numbers may differ by {@code tolerance}. */
    public static void assertDataFrameApproximateEquals(Dataset<Row> expected, Dataset<Row> actual,
                                                        double tolerance) {
        base().assertDataFrameApproximateEquals(expected, actual, tolerance);
    }

    /** Same schema and the same rows, in any order. */
    public static void assertDataFrameNoOrderEquals(Dataset<Row> expected, Dataset<Row> actual) {
        base().assertDataFrameNoOrderEquals(expected, actual);
    }

    /** The suite base, with its session provider pointing at the shared session. */
    private static JavaDataFrameSuiteBase base() {
        SparkSessionProvider._sparkSession_$eq(SharedSpark.spark());
        return BASE;
    }
}
