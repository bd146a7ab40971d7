package jp.junkai.ingest;

/**
 * Fault injection for the crash-safety tests: when the system property {@code junkai.fault} names a
 * point, the JVM halts there at once, as {@code kill -9} would (no shutdown hooks, no flushing).
 */
final class Faults {

    static final String PROPERTY = "junkai.fault";

    private Faults() {
    }

    static void point(String name) {
        if (name.equals(System.getProperty(PROPERTY))) {
            System.err.println("junkai: fault injected at " + name + ": halting");
            Runtime.getRuntime().halt(137);
        }
    }
}
