package io.virtshare.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * A command line as a user types it, with what it adds to the environment; its exit code must
 * be 0 and its stdout is handed to the measurement's fingerprint.
 *
 * @param command the program and its arguments
 * @param environment variables set for it (e.g. {@code HF_ENDPOINT})
 */
record UserCommand(List<String> command, Map<String, String> environment) {
    UserCommand {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a user command needs a program");
        }
    }
}
