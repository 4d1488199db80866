package io.virtshare.internal.paths;

import io.virtshare.datastore.PathNotAllowedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenNebula's {@code SAFE_DIRS} / {@code RESTRICTED_DIRS} rule, without its known flaws:
 * decided on the <em>real</em> path (links resolved), component by component
 * ({@code /var/tmp} does not cover {@code /var/tmpevil}), SAFE before RESTRICTED, and
 * failing closed when a path cannot be resolved.
 *
 * <p>{@link #check(Path)} returns the real path that was judged; callers must use that
 * path (and open it without following links) so nothing can be swapped in between.
 *
 * @param safeDirs directories always allowed, with everything below them
 * @param restrictedDirs directories refused, with everything below them, unless safe
 */
public record PathPolicy(List<Path> safeDirs, List<Path> restrictedDirs) {

    /** OpenNebula's defaults: {@code SAFE_DIRS="/var/tmp"}, {@code RESTRICTED_DIRS="/"}. */
    public static final PathPolicy DEFAULTS = new PathPolicy(List.of(Path.of("/var/tmp")), List.of(Path.of("/")));

    public PathPolicy {
        safeDirs = List.copyOf(safeDirs);
        restrictedDirs = List.copyOf(restrictedDirs);
        for (Path p : safeDirs) {
            requireAbsolute(p, "SAFE_DIRS");
        }
        for (Path p : restrictedDirs) {
            requireAbsolute(p, "RESTRICTED_DIRS");
        }
    }

    private static void requireAbsolute(Path p, String attribute) {
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException(attribute + " entries must be absolute paths, not '" + p + "'");
        }
    }

    /** Parses the comma- or space-separated lists of the template attributes. */
    public static PathPolicy parse(String safeDirs, String restrictedDirs) {
        return new PathPolicy(list(safeDirs), list(restrictedDirs));
    }

    private static List<Path> list(String value) {
        List<Path> paths = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isBlank()) {
                paths.add(Path.of(part.strip()));
            }
        }
        return paths;
    }

    /**
     * Judges {@code requested}; a relative path is resolved against the current directory
     * first, and every message names the absolute path that was judged.
     *
     * @return the real path, which the caller must use from now on
     * @throws PathNotAllowedException when refused or not resolvable
     */
    public Path check(Path requested) {
        Path absolute = requested.toAbsolutePath();
        String named = named(requested);
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (NoSuchFileException e) {
            throw new PathNotAllowedException(requested, named + " does not exist; give an existing directory"
                    + " or archive");
        } catch (IOException | SecurityException e) {
            throw new PathNotAllowedException(requested, "cannot resolve " + named + " (" + e.getMessage()
                    + "), so it is refused; check that it exists and is readable");
        }
        if (matching(real, safeDirs).isPresent()) {
            return real;
        }
        Optional<Path> restricted = matching(real, restrictedDirs);
        if (restricted.isPresent()) {
            String shown = real.equals(absolute.normalize()) ? named : named + " (really " + real + ")";
            throw new PathNotAllowedException(requested, shown + " is inside RESTRICTED_DIRS entry "
                    + restricted.get() + " and inside no SAFE_DIRS entry " + safeDirs
                    + "; add its directory to the datastore's SAFE_DIRS to allow it");
        }
        return real;
    }

    /**
     * {@code path} for a message: absolute as given, or its absolute form (normalised) with
     * the relative path and the directory it was resolved against.
     */
    public static String named(Path path) {
        if (path.isAbsolute()) {
            return path.toString();
        }
        return path.toAbsolutePath().normalize() + " ('" + path + "' resolved against the current directory "
                + Path.of("").toAbsolutePath() + ")";
    }

    /** The first of {@code dirs} that contains {@code real}, comparing whole components of real paths. */
    private static Optional<Path> matching(Path real, List<Path> dirs) {
        for (Path dir : dirs) {
            Path resolved = realOrNormal(dir);
            if (real.startsWith(resolved)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** A configured directory's real path; a directory that does not exist (yet) is taken as written. */
    private static Path realOrNormal(Path dir) {
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return dir.toRealPath();
            }
        } catch (IOException e) {
            // fall through: compare as written
        }
        return dir.normalize();
    }
}
