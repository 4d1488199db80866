package io.virtshare.examples.runner;

/** A command line the runner cannot make sense of: exit code 2, with the usage. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean showUsage;

    UsageException(String message) {
        this(message, true);
    }

    UsageException(String message, boolean showUsage) {
        super(message);
        this.showUsage = showUsage;
    }

    /** Whether the runner should print its usage after the message. */
    boolean showUsage() {
        return showUsage;
    }
}
