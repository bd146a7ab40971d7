package jp.junkai.cli;

import java.util.function.Consumer;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * Passes the description of every Spark job that starts ({@code ingest <run>: merge visits}, as set
 * by {@code setJobGroup}) to a progress consumer, so that a long stage is not silent. Jobs without
 * a description, and repeats of the last one, are left out. Attached for one command run only:
 * {@link #close()} detaches it from the (possibly shared) session.
 */
final class SparkJobProgress extends SparkListener implements AutoCloseable {

    /** The local property {@code SparkContext.setJobGroup} and {@code setJobDescription} set. */
    static final String JOB_DESCRIPTION = "spark.job.description";

    private final SparkContext context;
    private final Consumer<String> progress;
    private String last;

    private SparkJobProgress(SparkContext context, Consumer<String> progress) {
        this.context = context;
        this.progress = progress;
    }

    static SparkJobProgress attach(SparkSession spark, Consumer<String> progress) {
        SparkJobProgress listener = new SparkJobProgress(spark.sparkContext(), progress);
        spark.sparkContext().addSparkListener(listener);
        return listener;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String description = jobStart.properties() == null ? null : jobStart.properties().getProperty(JOB_DESCRIPTION);
        synchronized (this) {
            if (description == null || description.equals(last)) {
                return;
            }
            last = description;
        }
        progress.accept(description);
    }

    @Override
    public void close() {
        context.removeSparkListener(this);
    }
}
