package jp.junkai.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code junkai check}: proves that this JVM can run the pipeline, by starting a local Spark session
 * and running one query. Spark fails on Java 17 without its {@code --add-opens} (carried by the jar
 * manifest) and on newer Java releases, so this is the first thing to run on a new machine.
 */
@Command(name = "check",
        description = {"Check that this machine can run Junkai: Java, heap, time zone, and a local Spark session "
                + "running one query."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("java:      %s (%s), %s%n", Runtime.version(), System.getProperty("java.vendor"),
                System.getProperty("java.home"));
        out.printf("heap:      %d MiB max%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.printf("time zone: %s%n", ZoneId.systemDefault());
        out.printf("encoding:  %s%n", Charset.defaultCharset());
        out.flush();
        long start = System.nanoTime();
        String sum = runSparkQuery();
        out.printf(Locale.ROOT, "spark:     %s, local session and query ok in %.1f s (sum %s)%n",
                org.apache.spark.package$.MODULE$.SPARK_VERSION(), (System.nanoTime() - start) / 1e9, sum);
        out.flush();
        return 0;
    }

    private static String runSparkQuery() {
        SparkSession spark = null;
        try {
            spark = SparkSession.builder()
                    .appName("junkai check")
                    .master("local[1]")
                    .config("spark.ui.enabled", false)
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", 1)
                    .getOrCreate();
            return String.valueOf(spark.range(1, 1001).selectExpr("sum(id)").first().getLong(0));
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: IllegalAccessError when the JVM lacks Spark's --add-opens (started with java -cp).
            throw new CommandFailure("Cannot run a local Spark session: " + FailureHandler.reason(e)
                    + " (start Junkai with ops/junkai or java -jar: the jar manifest carries Spark's --add-opens)", e);
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }
}
