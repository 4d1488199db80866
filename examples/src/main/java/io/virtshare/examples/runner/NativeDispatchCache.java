package io.virtshare.examples.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where JNA loads its own native library ({@code libjnidispatch.so}) from: a copy in the user's
 * cache directory, {@code $XDG_CACHE_HOME/virtshare} (else {@code ~/.cache/virtshare}), made on
 * the first run and used from then on. Without it JNA writes the library out of the jar into a
 * new temporary file on every start and deletes it at exit; that write, and the
 * {@code SecureRandom} (with the JDK's whole security-provider set-up) that naming a temporary
 * file needs, were about 25 ms of every runner command that touches a file natively.
 *
 * <p>The copy is trusted no more than the jar: at every start its size and CRC-32 are compared
 * with the library's entry in the jar, and it is used only when they are equal and the directories holding it
 * belong to this user and are writable by nobody else, none of them a symbolic link. Anything
 * else — another user's directory, a changed file, no home, a read-only disk — leaves JNA to
 * its own way, and the command works as before. A {@code jna.boot.library.path} the user gives
 * wins.
 *
 * <pre>
 * NativeDispatchCache.useIfAbsent();   // in main, before anything loads JNA
 * </pre>
 */
final class NativeDispatchCache {
    /** JNA's system property for the directory of {@code libjnidispatch}. */
    static final String PROPERTY = "jna.boot.library.path";
    static final String LIBRARY = "libjnidispatch.so";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SHARED_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private NativeDispatchCache() {
    }

    /** Points {@link #PROPERTY} at the cached copy on 64-bit Linux, unless it is set. */
    static void useIfAbsent() {
        if (System.getProperty(PROPERTY) != null
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        resource().flatMap(resource -> runnerJar().flatMap(jar -> cacheRoot().flatMap(root -> directory(root, jar,
                resource)))).ifPresent(dir -> System.setProperty(PROPERTY, dir.toString()));
    }

    /** The jar the runner runs from (which holds JNA's classes and libraries); empty when run from directories. */
    private static Optional<Path> runnerJar() {
        try {
            Path jar = Path.of(NativeDispatchCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The library's resource in JNA's jar for this machine, as JNA names it; only for the two
     * machines whose name is unambiguous (on 32-bit ARM, for one, JNA tells ABIs apart itself).
     */
    private static Optional<String> resource() {
        String prefix = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "linux-x86-64";
            case "aarch64" -> "linux-aarch64";
            default -> null;
        };
        return Optional.ofNullable(prefix).map(p -> "com/sun/jna/" + p + "/" + LIBRARY);
    }

    /** {@code $XDG_CACHE_HOME/virtshare} when that is absolute, else {@code $HOME/.cache/virtshare}. */
    private static Optional<Path> cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Optional.of(Path.of(xdg, "virtshare"));
        }
        String home = System.getProperty("user.home");
        return home == null || !home.startsWith("/") ? Optional.empty()
                : Optional.of(Path.of(home, ".cache", "virtshare"));
    }

    /**
     * The directory below {@code root} holding a copy of {@code resource} of {@code jar}, written
     * there when missing or different; empty when that cannot be had safely. The copy is compared
     * with the jar's entry by size and CRC-32, read from the jar's directory (which the class
     * loader has open already), so a start that finds its copy in place inflates nothing: reading
     * the resource through the class loader alone cost about 20 ms, more than the copy saves.
     */
    static Optional<Path> directory(Path root, Path jar, String resource) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(resource);
            if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) {
                return Optional.empty();
            }
            long uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Path parent = root.getParent();
            if (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(parent, PosixFilePermissions.asFileAttribute(PRIVATE));   // ~/.cache itself
            }
            if (!ownDirectory(parent, uid)) {
                return Optional.empty();
            }
            Path dir = root.resolve("jna-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize());
            for (Path d : new Path[] {root, dir}) {
                try {
                    Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PRIVATE));
                } catch (FileAlreadyExistsException e) {
                    // made before: checked below
                }
                if (!ownDirectory(d, uid)) {
                    return Optional.empty();
                }
            }
            Path file = dir.resolve(LIBRARY);
            if (!sameContent(file, entry)) {
                byte[] library;
                try (InputStream in = zip.getInputStream(entry)) {
                    library = in.readAllBytes();
                }
                Path temp = dir.resolve("." + LIBRARY + "." + ProcessHandle.current().pid() + ".tmp");
                Files.deleteIfExists(temp);
                Files.write(temp, library, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(dir);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code file} is a regular file (not a link) of {@code entry}'s size and CRC-32. */
    private static boolean sameContent(Path file, ZipEntry entry) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != entry.getSize()) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue() == entry.getCrc();
    }

    /** Whether {@code dir} is a directory (not a link) owned by {@code uid} that nobody else may write to. */
    private static boolean ownDirectory(Path dir, long uid) throws IOException {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                && ((Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid
                && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).stream().noneMatch(SHARED_WRITE::contains);
    }
}
