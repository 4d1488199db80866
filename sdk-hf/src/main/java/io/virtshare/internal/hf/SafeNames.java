package io.virtshare.internal.hf;

import io.virtshare.hf.HfException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Refuses server file names that could escape or confuse the target tree. */
final class SafeNames {
    private static final int MAX_PATH = 4096;
    private static final int MAX_SEGMENT = 255;

    private SafeNames() {
    }

    /** Checks every name before anything is written; {@code repo} names the repository in messages. */
    static void check(List<String> names, String repo) {
        Set<String> files = new HashSet<>(names);
        for (String name : names) {
            String why = problem(name);
            if (why != null) {
                throw new HfException("the Hub listed an unsafe file name '" + printable(name) + "' in " + repo + " ("
                        + why + "); nothing was written. The server is not behaving like the Hugging Face Hub:"
                        + " check HF_ENDPOINT", 0, null);
            }
            for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                if (files.contains(name.substring(0, i))) {
                    throw new HfException("the Hub listed '" + printable(name) + "' below the file '"
                            + name.substring(0, i) + "' in " + repo + "; nothing was written. Check HF_ENDPOINT", 0,
                            null);
                }
            }
        }
        if (files.size() != names.size()) {
            throw new HfException("the Hub listed a file twice in " + repo + "; nothing was written", 0, null);
        }
    }

    static String problem(String name) {
        if (name.isEmpty()) {
            return "empty";
        }
        if (name.length() > MAX_PATH) {
            return "longer than " + MAX_PATH + " characters";
        }
        if (name.indexOf('\0') >= 0) {
            return "it contains NUL";
        }
        if (name.indexOf('\\') >= 0) {
            return "it contains a backslash";
        }
        if (name.startsWith("/")) {
            return "absolute";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "a '..' segment";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "an empty or '.' segment";
            }
            if (segment.length() > MAX_SEGMENT) {
                return "a segment longer than " + MAX_SEGMENT + " characters";
            }
        }
        return null;
    }

    static String printable(String name) {
        return name.replace("\0", "\\0");
    }
}
