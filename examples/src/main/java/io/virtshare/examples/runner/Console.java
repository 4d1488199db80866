package io.virtshare.examples.runner;

import java.io.PrintStream;

/** Human messages of the runner: plain words on stderr, so stdout stays JSON. */
public final class Console {
    private final PrintStream err;

    /** A console writing to {@code err}. */
    public Console(PrintStream err) {
        this.err = err;
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
}
