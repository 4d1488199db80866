package io.virtshare.examples.runner;

import java.util.List;

/** One command of the examples runner: parses its words and returns its result. */
interface Command {
    /** The command's name(s) as typed, e.g. {@code doctor} or {@code xml roundtrip}. */
    String name();

    /** The synopsis line for the usage text. */
    String synopsis();

    /**
     * Runs the command.
     *
     * @param args the words after the command name
     * @param console where human messages go (stderr)
     * @return what to print on stdout, or null for nothing
     * @throws UsageException for a bad command line (exit 2)
     * @throws io.virtshare.VirtShareException for a user error (exit 1)
     */
    Output run(List<String> args, Console console) throws Exception;
}
