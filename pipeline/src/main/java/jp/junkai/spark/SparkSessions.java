package jp.junkai.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one place that configures a Spark session for Junkai. An embedded {@code local[*]} session by
 * default; on a cluster {@code spark-submit} sets the master and this keeps it.
 */
public final class SparkSessions {

    /** Every local time in the SPEC is Japan time. */
    public static final String TIME_ZONE = "Asia/Tokyo";

    private SparkSessions() {
    }

    /** Settings every Junkai session needs, whatever its master. */
    public static SparkSession.Builder configure(SparkSession.Builder builder) {
        return builder
                .config("spark.sql.session.timeZone", TIME_ZONE)
                // dates and timestamps as java.time values: LocalDate, LocalDateTime (NTZ)
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic");
    }

    /**
     * The session of a command: the master given by {@code spark-submit} if any, else an embedded
     * {@code local[*]} session without UI.
     */
    public static SparkSession getOrCreate(String appName) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (System.getProperty("spark.master") == null) {
            builder.master("local[*]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "16");
        }
        return configure(builder).getOrCreate();
    }
}
