package io.virtshare.examples.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JIT's log of a child JVM ({@code -Xlog:jit+compilation=debug:file=…}): the tier each
 * method was compiled at — 0 a native wrapper, 1 to 3 the client compiler (1 without
 * profiling, the only tier under {@code -XX:TieredStopAtLevel=1}; 3 profiling for the
 * optimising compiler), 4 the optimising compiler.
 */
final class JitLog {
    private static final Pattern COMPILATION = Pattern.compile("\\[jit,compilation]\\s+\\d+\\s+\\S*\\s+(\\d)\\s+\\S+::");

    private JitLog() {
    }

    /** The option that makes a JVM write the log to {@code file}. */
    static String option(Path file) {
        return "-Xlog:jit+compilation=debug:file=" + file;
    }

    /** The tiers of the compilations the log's lines name, in order. */
    static List<Integer> tiers(List<String> lines) {
        List<Integer> tiers = new ArrayList<>();
        for (String line : lines) {
            Matcher m = COMPILATION.matcher(line);
            if (m.find()) {
                tiers.add(Integer.parseInt(m.group(1)));
            }
        }
        return tiers;
    }
}
