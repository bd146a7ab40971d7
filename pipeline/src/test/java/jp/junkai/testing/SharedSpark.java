package jp.junkai.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of a test JVM, shared by every test class of every module.
 *
 * <p>A JVM can hold only one SparkContext, and a cold start costs seconds, so the session is
 * created on first use and never stopped by a test: a JVM shutdown hook stops it and deletes
 * its temporary warehouse folder. Settings: {@code local[2]}, no UI, driver on
 * 127.0.0.1, 2 shuffle partitions, adaptive execution on, session time zone Asia/Tokyo (the
 * zone of every local time in the SPEC), warehouse in a temp folder.
 */
public final class SharedSpark {

    /** The session time zone of every test: Japan time, as in the SPEC. */
    public static final String TIME_ZONE = "Asia/Tokyo";

    private SharedSpark() {
    }

    /** The shared session, created on first call. */
    public static SparkSession spark() {
        return Holder.SESSION;
    }

    /** The temp folder that holds the session's warehouse; deleted at JVM exit. */
    public static Path tempRoot() {
        return Holder.ROOT;
    }

    /** Initialisation on first access, thread-safe by the class loader. */
    private static final class Holder {

        static final Path ROOT = createRoot();
        static final SparkSession SESSION = create();

        private static Path createRoot() {
            try {
                return Files.createTempDirectory("junkai-spark-test-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the shared Spark session's temp folder: "
                        + e.getMessage(), e);
            }
        }

        private static SparkSession create() {
            SparkSession session = jp.junkai.spark.SparkSessions.configure(SparkSession.builder())
                    .appName("junkai-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.session.timeZone", TIME_ZONE)
                    .config("spark.sql.adaptive.enabled", "true")
                    .config("spark.sql.warehouse.dir", ROOT.resolve("warehouse").toUri().toString())
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                session.stop();
                deleteTree(ROOT);
            }, "junkai-shared-spark-stop"));
            return session;
        }

        private static void deleteTree(Path root) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // Best effort at JVM exit: a leftover temp folder is harmless.
            }
        }
    }
}
