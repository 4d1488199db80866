package io.virtshare.examples.runner;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a command of the runner is given besides its words: where human messages go
 * (plain words on stderr, so stdout stays JSON) and the directory relative paths on the
 * command line are resolved against (the current directory).
 */
public final class Console {
    private final PrintStream err;
    private final Path workingDirectory;

    /** A console writing to {@code err}, resolving relative paths against the current directory. */
    public Console(PrintStream err) {
        this(err, Path.of("").toAbsolutePath());
    }

    /**
     * A console writing to {@code err}, resolving relative paths against {@code workingDirectory}.
     *
     * @param err where messages go
     * @param workingDirectory an absolute directory
     */
    public Console(PrintStream err, Path workingDirectory) {
        if (!workingDirectory.isAbsolute()) {
            throw new IllegalArgumentException("the working directory must be absolute, not " + workingDirectory);
        }
        this.err = err;
        this.workingDirectory = workingDirectory;
    }

    /** Says one thing, as a line. */
    public void say(String message) {
        err.println(message);
        err.flush();
    }

    /** The stream behind this console, for recipes that write their own lines. */
    public PrintStream stream() {
        return err;
    }

    /**
     * A path given on the command line, made absolute: a relative one is resolved against
     * the working directory (and normalised), so that messages name the path really used.
     */
    public Path path(String given) {
        return workingDirectory.resolve(given).normalize();
    }
}
