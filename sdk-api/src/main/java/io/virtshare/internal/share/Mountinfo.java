package io.virtshare.internal.share;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mount table of {@code /proc/self/mountinfo}: per line {@code id parent major:minor
 * root mountPoint options [optional…] - fsType source superOptions}, with space, tab,
 * newline and backslash written as octal escapes.
 *
 * @param entries the mounts, in table order (later ones mount over earlier ones)
 */
public record Mountinfo(List<Entry> entries) {

    public Mountinfo {
        entries = List.copyOf(entries);
    }

    /**
     * One mount.
     *
     * @param mountPoint where it is mounted
     * @param fsType its file system type
     * @param source its source (the dataset for ZFS, the device for block file systems)
     */
    public record Entry(Path mountPoint, String fsType, String source) {
    }

    /** Parses mountinfo text; malformed lines are skipped. */
    public static Mountinfo parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split(" ");
            int dash = List.of(fields).indexOf("-");
            if (fields.length < 10 || dash < 6 || dash + 2 >= fields.length) {
                continue;
            }
            entries.add(new Entry(Path.of(unescape(fields[4])), unescape(fields[dash + 1]),
                    unescape(fields[dash + 2])));
        }
        return new Mountinfo(entries);
    }

    /** The mount {@code path} lies on: the longest mount point containing it, the last mounted among equals. */
    public Optional<Entry> mountOf(Path path) {
        Entry best = null;
        for (Entry e : entries) {
            if (path.startsWith(e.mountPoint())
                    && (best == null || e.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
