package jp.junkai.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code junkai --version}: the Maven project version and git commit the build recorded in
 * {@code version.properties}, plus the Java and Spark versions, for bug reports and benchmarks.
 */
final class VersionProvider implements IVersionProvider {

    static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        Properties build = load();
        return new String[] {
            "junkai " + value(build, "version") + " (commit " + value(build, "commit") + ")",
            "Spark " + value(build, "spark") + ", Java " + Runtime.version()
                    + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            // Missing only when the classes were built outside Maven (an IDE); the values then read "unknown".
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** The value, or "unknown" when missing or left unfiltered (still {@code ${…}}). */
    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key, "");
        return value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }
}
