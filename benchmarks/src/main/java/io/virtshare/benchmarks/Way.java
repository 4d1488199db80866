package io.virtshare.benchmarks;

/**
 * How the virtshare side of a measurement runs: in this warm JVM through the SDK's API, or as
 * a user runs it — a new process of the examples runner, {@code java -jar
 * virtshare-examples.jar …} ({@link #JAR}) or its launcher script with the class-data sharing
 * archive ({@link #CDS}).
 */
enum Way {
    IN_PROCESS(""), JAR("/jar"), CDS("/cds");

    private final String suffix;

    Way(String suffix) {
        this.suffix = suffix;
    }

    /** The row name of measurement {@code name} measured this way. */
    String rowName(String name) {
        return name + suffix;
    }

    /** Whether this way starts a process of the runner. */
    boolean asUser() {
        return this != IN_PROCESS;
    }
}
