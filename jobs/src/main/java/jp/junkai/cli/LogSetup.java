package jp.junkai.cli;

/**
 * Chooses the log4j2 configuration before anything logs: {@code log4j2.properties} (Junkai at INFO,
 * everything else at WARN, exceptions as one line) or, with {@code --verbose},
 * {@code log4j2-verbose.properties} (Junkai at DEBUG, Spark at INFO, full stack traces).
 *
 * <p>It only sets the standard {@code log4j2.configurationFile} property, so it takes effect when
 * log4j initialises, which the command line does not do before a command runs. A configuration
 * given by the user ({@code JAVA_OPTS=-Dlog4j2.configurationFile=…}) always wins.
 */
final class LogSetup {

    static final String CONFIGURATION_PROPERTY = "log4j2.configurationFile";
    static final String VERBOSE_CONFIGURATION = "log4j2-verbose.properties";

    private LogSetup() {
    }

    static void apply(boolean verbose) {
        if (verbose && System.getProperty(CONFIGURATION_PROPERTY) == null) {
            System.setProperty(CONFIGURATION_PROPERTY, VERBOSE_CONFIGURATION);
        }
    }
}
