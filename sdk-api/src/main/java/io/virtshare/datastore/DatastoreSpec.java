package io.virtshare.datastore;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a datastore is: its name, kind, path rules and limits — the attributes of its
 * OpenNebula template.
 *
 * <pre>{@code
 * DatastoreSpec spec = DatastoreSpec.sharedFs("ai-models")
 *         .safeDirs("/data").restrictedDirs("/", "/boot", "/etc").limitMb(100_000).build();
 * DatastoreSpec fs = DatastoreSpec.virtioFs("fs_system").tmMad("local").systemTmMad("local").build();
 * }</pre>
 *
 * @param name the datastore's name ({@code NAME})
 * @param kind SharedFS or VirtioFS ({@code DS_MAD})
 * @param tmMad the transfer driver ({@code TM_MAD}): {@code dummy} for SharedFS; for VirtioFS
 *     the system datastore's
 * @param safeDirs {@code SAFE_DIRS}: sources allowed even inside a restricted directory
 * @param restrictedDirs {@code RESTRICTED_DIRS}: sources refused unless safe
 * @param limitMb {@code LIMIT_MB}: the most MB the datastore may hold, 0 for no limit
 * @param noDecompress {@code NO_DECOMPRESS}: register archives as files instead of extracting
 * @param extra attributes this SDK does not interpret, kept and written back
 */
public record DatastoreSpec(String name, DatastoreKind kind, String tmMad, List<Path> safeDirs,
        List<Path> restrictedDirs, long limitMb, boolean noDecompress, Map<String, String> extra) {

    /** OpenNebula's default {@code SAFE_DIRS}. */
    public static final List<Path> DEFAULT_SAFE_DIRS = List.of(Path.of("/var/tmp"));
    /** OpenNebula's default {@code RESTRICTED_DIRS}. */
    public static final List<Path> DEFAULT_RESTRICTED_DIRS = List.of(Path.of("/"));
    /**
     * The largest {@code LIMIT_MB}: 8 EiB in MB, the most bytes a file system can report
     * through Java (a signed 64-bit number) and XFS's own maximum; larger limits would
     * overflow when turned into bytes.
     */
    public static final long MAX_LIMIT_MB = Long.MAX_VALUE >> 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}");
    /** Attributes this record reads and writes itself. */
    static final Set<String> OWN = Set.of("NAME", "TYPE", "DS_MAD", "TM_MAD", "DISK_TYPE", "BASE_PATH", "SAFE_DIRS",
            "RESTRICTED_DIRS", "LIMIT_MB", "NO_DECOMPRESS", "CLONE_TARGET", "LN_TARGET", "CLONE_TARGET_LOCAL",
            "LN_TARGET_LOCAL", "DISK_TYPE_LOCAL", "ALLOW_ORPHANS");

    public DatastoreSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tmMad, "tmMad");
        if (!NAME.matcher(name).matches()) {
            throw DatastoreException.invalid("datastore name '" + name + "' is not valid; use 1-128 letters, digits,"
                    + " spaces, '.', '_' or '-', starting with a letter or digit");
        }
        safeDirs = absolute(safeDirs, "SAFE_DIRS");
        restrictedDirs = absolute(restrictedDirs, "RESTRICTED_DIRS");
        if (limitMb < 0) {
            throw DatastoreException.invalid("LIMIT_MB must not be negative (" + limitMb + "); use 0 for no limit");
        }
        if (limitMb > MAX_LIMIT_MB) {
            throw tooLarge(Long.toString(limitMb));
        }
        if (tmMad.isBlank()) {
            throw DatastoreException.invalid("TM_MAD is empty; " + (kind == DatastoreKind.VIRTIO_FS
                    ? "set it to the transfer driver of your system datastore, e.g. \"local\""
                    : "SharedFS datastores use \"dummy\""));
        }
        extra = Map.copyOf(extra);
        for (String key : extra.keySet()) {
            if (OWN.contains(key)) {
                throw new InvalidSpecException(key + " is set through its own builder method, not as extra; call the builder's"
                        + " method for " + key + " instead");
            }
        }
    }

    /**
     * Equal when every component is, as a record's equality; written out because the one the
     * JVM generates for a record sets up method handles on its first call in a process, which
     * took about 10 ms of every OpenNebula driver action (each compares its template's spec
     * with the datastore's).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof DatastoreSpec s && limitMb == s.limitMb && noDecompress == s.noDecompress
                && name.equals(s.name) && kind == s.kind && tmMad.equals(s.tmMad) && safeDirs.equals(s.safeDirs)
                && restrictedDirs.equals(s.restrictedDirs) && extra.equals(s.extra);
    }

    /** Combines every component's hash, consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Objects.hash(name, kind, tmMad, safeDirs, restrictedDirs, limitMb, noDecompress, extra);
    }

    private static List<Path> absolute(List<Path> dirs, String attribute) {
        for (Path p : dirs) {
            if (!p.isAbsolute()) {
                throw DatastoreException.invalid(attribute + " entry '" + p + "' is not an absolute path, and the"
                        + " template is read by every host whatever its current directory; give an absolute path"
                        + " (" + p.toAbsolutePath() + " against this current directory)");
            }
        }
        return List.copyOf(dirs);
    }

    /** A SharedFS datastore: sources copied into {@code BASE_PATH/<id>}. */
    public static Builder sharedFs(String name) {
        return new Builder(name, DatastoreKind.SHARED_FS).tmMad("dummy");
    }

    /** A VirtioFS datastore: directories registered in place. Set {@link Builder#tmMad(String)}. */
    public static Builder virtioFs(String name) {
        return new Builder(name, DatastoreKind.VIRTIO_FS);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder(name, kind).tmMad(tmMad).limitMb(limitMb).noDecompress(noDecompress);
        b.safeDirs = new ArrayList<>(safeDirs);
        b.restrictedDirs = new ArrayList<>(restrictedDirs);
        b.extra.putAll(extra);
        return b;
    }

    /** The OpenNebula template of this spec for a datastore at {@code basePath}. */
    public Template toTemplate(Path basePath) {
        Template t = Template.empty()
                .with("NAME", name)
                .with("TYPE", "IMAGE_DS")
                .with("DS_MAD", kind.dsMad())
                .with("TM_MAD", tmMad)
                .with("DISK_TYPE", kind.diskType());
        if (kind == DatastoreKind.SHARED_FS) {
            t = t.with("CLONE_TARGET", "SYSTEM").with("LN_TARGET", "NONE")
                    .with("CLONE_TARGET_LOCAL", "SYSTEM").with("LN_TARGET_LOCAL", "NONE")
                    .with("DISK_TYPE_LOCAL", "FILE").with("ALLOW_ORPHANS", "NO");
        }
        t = t.with("BASE_PATH", basePath.toString())
                .with("SAFE_DIRS", join(safeDirs))
                .with("RESTRICTED_DIRS", join(restrictedDirs));
        if (limitMb > 0) {
            t = t.with("LIMIT_MB", Long.toString(limitMb));
        }
        if (noDecompress) {
            t = t.with("NO_DECOMPRESS", "YES");
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(extra).entrySet()) {
            t = t.with(e.getKey(), e.getValue());
        }
        return t;
    }

    private static String join(List<Path> dirs) {
        return String.join(",", dirs.stream().map(Path::toString).toList());
    }

    private static DatastoreException tooLarge(String limitMb) {
        return DatastoreException.invalid("LIMIT_MB " + limitMb + " is larger than any file system (at most "
                + MAX_LIMIT_MB + " MB, 8 EiB); give the most MB the datastore may hold, or 0 for no limit");
    }

    /**
     * Reads a spec from a datastore template; attributes it does not interpret are kept in
     * {@link #extra()}.
     *
     * @throws DatastoreException when NAME or DS_MAD is missing or a value is malformed
     */
    public static DatastoreSpec fromTemplate(Template t) {
        String name = t.find("NAME").orElseThrow(() -> DatastoreException.invalid("the datastore template has no NAME"));
        DatastoreKind kind = DatastoreKind.fromDsMad(t.find("DS_MAD")
                .orElseThrow(() -> DatastoreException.invalid("the datastore template has no DS_MAD")));
        Builder b = new Builder(name, kind).tmMad(t.find("TM_MAD").orElse(kind == DatastoreKind.SHARED_FS
                ? "dummy" : ""));
        b.safeDirs = new ArrayList<>(paths(t.find("SAFE_DIRS").orElse(null), DEFAULT_SAFE_DIRS));
        b.restrictedDirs = new ArrayList<>(paths(t.find("RESTRICTED_DIRS").orElse(null), DEFAULT_RESTRICTED_DIRS));
        String limit = t.find("LIMIT_MB").orElse("0").strip();
        try {
            b.limitMb(limit.isEmpty() ? 0 : Long.parseLong(limit));
        } catch (NumberFormatException e) {
            if (limit.matches("[0-9]+")) {
                throw tooLarge(limit);
            }
            throw DatastoreException.invalid("LIMIT_MB = \"" + limit + "\" is not a number of MB", e);
        }
        b.noDecompress(t.find("NO_DECOMPRESS").map(v -> v.strip().equalsIgnoreCase("YES")).orElse(false));
        t.attributes().forEach((k, v) -> {
            if (!OWN.contains(k)) {
                b.extra.put(k, v);
            }
        });
        return b.build();
    }

    private static List<Path> paths(String value, List<Path> defaults) {
        if (value == null) {
            return defaults;
        }
        List<Path> paths = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isBlank()) {
                paths.add(Path.of(part));
            }
        }
        return paths;
    }

    /** Builds a {@link DatastoreSpec}; setters are named after the template attributes. */
    public static final class Builder {
        private final String name;
        private final DatastoreKind kind;
        private String tmMad = "";
        private String systemTmMad;
        private List<Path> safeDirs = new ArrayList<>(DEFAULT_SAFE_DIRS);
        private List<Path> restrictedDirs = new ArrayList<>(DEFAULT_RESTRICTED_DIRS);
        private long limitMb;
        private boolean noDecompress;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder(String name, DatastoreKind kind) {
            this.name = name;
            this.kind = kind;
        }

        /** {@code TM_MAD}. */
        public Builder tmMad(String value) {
            this.tmMad = Objects.requireNonNull(value, "tmMad");
            return this;
        }

        /** The system datastore's {@code TM_MAD}, which a VirtioFS datastore's must equal (checked by build). */
        public Builder systemTmMad(String value) {
            this.systemTmMad = value;
            return this;
        }

        /**
         * {@code SAFE_DIRS}, replacing the default {@code /var/tmp}. A relative directory is
         * resolved against the current directory of the JVM ({@code user.dir}): the template
         * holds absolute paths only, as every host that opens the datastore reads it.
         */
        public Builder safeDirs(String... dirs) {
            this.safeDirs = absolutePaths(dirs);
            return this;
        }

        /**
         * {@code RESTRICTED_DIRS}, replacing the default {@code /}. A relative directory is
         * resolved against the current directory of the JVM, as for {@link #safeDirs(String...)}.
         */
        public Builder restrictedDirs(String... dirs) {
            this.restrictedDirs = absolutePaths(dirs);
            return this;
        }

        private List<Path> absolutePaths(String... dirs) {
            List<Path> paths = new ArrayList<>();
            for (String dir : dirs) {
                if (dir == null || dir.isBlank()) {
                    throw DatastoreException.invalid("an empty directory was given for SAFE_DIRS or RESTRICTED_DIRS of"
                            + " datastore " + name + "; give absolute paths such as /var/tmp");
                }
                paths.add(Path.of(dir).toAbsolutePath().normalize());
            }
            return paths;
        }

        /** {@code LIMIT_MB}; 0 for none. */
        public Builder limitMb(long value) {
            this.limitMb = value;
            return this;
        }

        /** {@code NO_DECOMPRESS}. */
        public Builder noDecompress(boolean value) {
            this.noDecompress = value;
            return this;
        }

        /** Another template attribute, kept as given (names are upper-cased). */
        public Builder attribute(String key, String value) {
            extra.put(key.toUpperCase(Locale.ROOT), value);
            return this;
        }

        /**
         * The spec.
         *
         * @throws DatastoreException when a value is invalid, or a VirtioFS {@code TM_MAD}
         *     differs from the system datastore's
         */
        public DatastoreSpec build() {
            if (kind == DatastoreKind.VIRTIO_FS && systemTmMad != null && !systemTmMad.equals(tmMad)) {
                throw DatastoreException.invalid("TM_MAD \"" + tmMad + "\" of VirtioFS datastore " + name
                        + " differs from the system datastore's \"" + systemTmMad
                        + "\"; OpenNebula requires them to match: set TM_MAD = \"" + systemTmMad + "\"");
            }
            return new DatastoreSpec(name, kind, tmMad, safeDirs, restrictedDirs, limitMb, noDecompress, extra);
        }
    }
}
