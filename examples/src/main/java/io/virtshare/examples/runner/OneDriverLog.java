package io.virtshare.examples.runner;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What an OpenNebula datastore driver writes on stderr, by oned's rules: a line matching
 * {@code ^(ERROR|INFO|WARN|DEBUG):\s+(\d+)?\s*(.*)$} is a log line oned records (a number right
 * after the prefix would be taken for an object id, so text never starts with a digit here);
 * every other line, stripped and concatenated, is the error message of a failed action. So
 * progress and notes go out as {@code INFO:} lines, a failure as one {@code ERROR:} line (logged)
 * followed by the same text as one plain line (the message oned shows) — as OpenNebula's own
 * {@code log_error} and {@code error_message} do — and nothing else ever reaches stderr: the
 * JDK's logging is routed into {@code WARN:} lines too.
 */
final class OneDriverLog {
    private final PrintStream err;

    OneDriverLog(PrintStream err) {
        this.err = err;
    }

    /** A note oned logs at level I. */
    void info(String message) {
        err.println("INFO: " + text(message));
        err.flush();
    }

    /** A warning oned logs. */
    void warn(String message) {
        err.println("WARN: " + text(message));
        err.flush();
    }

    /** A failure: logged as {@code ERROR:}, and the plain line oned makes the error message of. */
    void failure(String message) {
        String line = text(message);
        err.println("ERROR: " + line);
        err.println(line);
        err.flush();
    }

    /** {@code message} on one line, never starting with a digit (oned would read it as an object id). */
    static String text(String message) {
        String line = ExamplesRunner.oneLine(message);
        return !line.isEmpty() && Character.isDigit(line.charAt(0)) ? "- " + line : line;
    }

    /** A console whose lines are {@code INFO:} lines, for the runner's progress listener. */
    Console infoConsole() {
        PrintStream info = new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                info(line);
            }
        };
        return new Console(info);
    }

    /**
     * Routes {@code java.util.logging} (where {@code System.Logger} goes by default) into
     * {@code WARN:} lines for warnings and errors; quieter records are dropped. Without this
     * a library's warning would print a date line oned takes for the error message.
     */
    void routeJdkLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    String text = record.getMessage();
                    if (record.getParameters() != null && text != null) {
                        text = java.text.MessageFormat.format(text, record.getParameters());
                    }
                    warn(record.getLoggerName() + ": " + text);
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                // nothing held
            }
        });
    }
}
