package io.virtshare.examples.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options and operands of one command: {@code --name value}, {@code --name=value},
 * flags without a value, and positional operands; {@code --} ends the options.
 */
final class Args {
    private final Map<String, String> options;
    private final List<String> operands;

    private Args(Map<String, String> options, List<String> operands) {
        this.options = options;
        this.operands = operands;
    }

    /**
     * Parses {@code args} against the options a command knows.
     *
     * @param args the words after the command name
     * @param valued options that take a value
     * @param flags options that take none
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> operands = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (optionsEnded || !word.startsWith("--") || word.equals("-")) {
                operands.add(word);
                continue;
            }
            if (word.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = word.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                options.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (options.containsKey(name)) {
                    throw new UsageException("option --" + name + " given twice");
                }
                options.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return new Args(options, List.copyOf(operands));
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    List<String> operands() {
        return operands;
    }

    /** Refuses operands when the command takes none. */
    Args noOperands() {
        if (!operands.isEmpty()) {
            throw new UsageException("unexpected argument '" + operands.get(0) + "'");
        }
        return this;
    }
}
