package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One command of the examples runner: parses its words and returns its JSON result. */
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
     * @return the JSON to print on stdout, or null when the command printed its own output
     * @throws UsageException for a bad command line (exit 2)
     * @throws io.virtshare.VirtShareException for a user error (exit 1)
     */
    JsonNode run(List<String> args, Console console) throws Exception;
}
