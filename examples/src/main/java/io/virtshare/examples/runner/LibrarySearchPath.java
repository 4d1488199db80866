package io.virtshare.examples.runner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where JNA looks for native libraries (the C library for the SDK's file operations, libvirt),
 * told to it before it looks: the directories the dynamic linker searches — those listed in
 * {@code /etc/ld.so.conf} and the files it includes, then the trusted {@code /lib64},
 * {@code /usr/lib64}, {@code /lib} and {@code /usr/lib}. Without it JNA starts {@code ldconfig -p}
 * to learn them, a process per command (tens of ms on a quiet machine, a few hundred on a busy
 * one). A {@code jna.platform.library.path} the user gives wins, and when the file cannot be
 * read nothing is set, so JNA does as before.
 *
 * <pre>
 * LibrarySearchPath.setIfAbsent();   // first thing in main
 * </pre>
 */
final class LibrarySearchPath {
    /** JNA's system property for the platform's library directories. */
    static final String PROPERTY = "jna.platform.library.path";
    private static final int MAX_INCLUDE_DEPTH = 8;
    /** What a regular expression's {@code \s} matches. */
    static final String WHITE_SPACE = " \t\n\u000b\f\r";

    private LibrarySearchPath() {
    }

    /** Sets {@link #PROPERTY} from {@code /etc/ld.so.conf} on Linux, unless it is set. */
    static void setIfAbsent() {
        if (System.getProperty(PROPERTY) != null
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        of(Path.of("/etc/ld.so.conf"), Path.of("/")).ifPresent(path -> System.setProperty(PROPERTY, path));
    }

    /**
     * The directories of {@code conf} and what it includes, then the trusted ones below {@code root}
     * that exist, joined with {@code :}; empty when {@code conf} cannot be read.
     */
    static Optional<String> of(Path conf, Path root) {
        Set<String> dirs = new LinkedHashSet<>();
        try {
            read(conf, dirs, 0);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String trusted : List.of("lib64", "usr/lib64", "lib", "usr/lib")) {
            Path dir = root.resolve(trusted);
            if (Files.isDirectory(dir)) {
                dirs.add(dir.toString());
            }
        }
        return Optional.of(String.join(":", dirs));
    }

    private static void read(Path conf, Set<String> dirs, int depth) throws IOException {
        for (String raw : Files.readAllLines(conf)) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty() || line.startsWith("hwcap ")) {
                continue;
            }
            if (line.startsWith("include ") || line.startsWith("include\t")) {
                if (depth < MAX_INCLUDE_DEPTH) {
                    for (String pattern : words(line.substring("include".length()).strip(), WHITE_SPACE)) {
                        for (Path included : expand(conf.resolveSibling(pattern))) {
                            try {
                                read(included, dirs, depth + 1);
                            } catch (IOException e) {
                                // an unreadable included file adds nothing, as for the dynamic linker
                            }
                        }
                    }
                }
                continue;
            }
            for (String dir : words(line, WHITE_SPACE + ":,=")) {
                if (dir.startsWith("/")) {
                    dirs.add(dir);
                }
            }
        }
    }

    /**
     * The words of {@code line} between runs of the characters in {@code separators}, without
     * empty ones. (By hand, not {@code String.split}: a split by a pattern compiles it, and this
     * runs before every command.)
     */
    static List<String> words(String line, String separators) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean separator = i == line.length() || separators.indexOf(line.charAt(i)) >= 0;
            if (separator && start >= 0) {
                words.add(line.substring(start, i));
                start = -1;
            } else if (!separator && start < 0) {
                start = i;
            }
        }
        return words;
    }

    /**
     * The files a glob such as {@code /etc/ld.so.conf.d/*.conf} names, in name order. As for
     * {@code glob(3)}, which the dynamic linker's configuration uses, a wildcard does not match a
     * name's leading dot.
     */
    static List<Path> expand(Path pattern) {
        Path dir = pattern.getParent();
        List<Path> files = new ArrayList<>();
        if (dir == null || pattern.getFileName() == null || !Files.isDirectory(dir)) {
            return files;
        }
        String glob = pattern.getFileName().toString();
        // "*" and a plain suffix, as every distribution writes it, is matched by hand: a glob
        // given to the JDK is compiled into a pattern, and this runs before every command
        String suffix = glob.startsWith("*") && !hasWildcard(glob.substring(1)) ? glob.substring(1) : null;
        try (DirectoryStream<Path> matches = suffix != null ? Files.newDirectoryStream(dir)
                : Files.newDirectoryStream(dir, glob)) {
            for (Path match : matches) {
                String name = match.getFileName().toString();
                if ((suffix == null || name.endsWith(suffix)) && (!name.startsWith(".") || glob.startsWith("."))) {
                    files.add(match);
                }
            }
        } catch (IOException | RuntimeException e) {
            return files;
        }
        files.sort(null);
        return files;
    }

    private static boolean hasWildcard(String text) {
        for (int i = 0; i < text.length(); i++) {
            if ("*?[]{}\\".indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
