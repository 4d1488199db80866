package io.virtshare.internal.catalog;

/**
 * Named steps of the catalog operations where a test can make the process stop dead, as
 * {@code kill -9} would, to prove that recovery handles a crash at exactly that step:
 * {@code -Dvirtshare.test.halt-at=import.name-claimed} halts the JVM when an import reaches
 * that step. Without the property (always, outside the crash tests) nothing happens.
 */
public final class HaltPoint {
    /** The system property naming the step to halt at. */
    public static final String PROPERTY = "virtshare.test.halt-at";
    /** The exit status of a halted process. */
    public static final int STATUS = 137;

    private HaltPoint() {
    }

    /** Halts the JVM at once, without shutdown hooks or finally blocks, when {@code step} is the one asked for. */
    public static void reached(String step) {
        if (step.equals(System.getProperty(PROPERTY))) {
            Runtime.getRuntime().halt(STATUS);
        }
    }
}
