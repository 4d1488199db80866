package io.virtshare.examples.runner;

import io.virtshare.internal.archive.ArchiveFormat;
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
 * Where the runner's native libraries are loaded from: copies in the user's cache directory,
 * {@code $XDG_CACHE_HOME/virtshare} (else {@code ~/.cache/virtshare}), made on the first run that
 * needs them and used from then on. Two libraries come in the runner's jar: JNA's own
 * ({@code libjnidispatch.so}), which every command that touches a file natively loads, and
 * zstd-jni's ({@code libzstd-jni-*.so}, about 1 MB), which an import of a {@code .tar.zst} loads.
 * Without a copy each is written out of the jar into a new temporary file on every start and
 * deleted at exit; that write, and the {@code SecureRandom} (with the JDK's whole
 * security-provider set-up) that naming a temporary file needs, were about 25 ms of every runner
 * command that touches a file natively, and about 35 ms more of an import of a {@code .tar.zst}.
 *
 * <p>A copy is trusted no more than the jar: at every start that uses it its size and CRC-32 are
 * compared with the library's entry in the jar, and it is used only when they are equal and the
 * directories holding it belong to this user and are writable by nobody else, none of them a
 * symbolic link; zstd-jni's only once it has loaded from there (it would not fall back). Anything
 * else — another user's directory, a changed file, no home, a read-only disk, a cache where
 * nothing may run — leaves the library to its own way, and the command works as before. A
 * {@code jna.boot.library.path}, {@code ZstdNativePath} or {@code ZstdTempFolder} the user gives
 * wins.
 *
 * <pre>
 * NativeLibraryCache.useForJnaIfAbsent();            // in main, before anything loads JNA
 * NativeLibraryCache.useForZstdIfAbsent(source);     // before an import of source
 * </pre>
 */
final class NativeLibraryCache {
    /** JNA's system property for the directory of {@code libjnidispatch}. */
    static final String JNA_PROPERTY = "jna.boot.library.path";
    static final String JNA_LIBRARY = "libjnidispatch.so";
    /** zstd-jni's system property for the file of its library: loaded from there, not written out. */
    static final String ZSTD_PROPERTY = "ZstdNativePath";
    /** zstd-jni's system property for where it writes its temporary copy. */
    private static final String ZSTD_TEMP_PROPERTY = "ZstdTempFolder";
    /**
     * zstd-jni's library as its jar names it for this version (its {@code Native} class builds
     * the name from the same version); {@code NativeLibraryCacheTest} fails when an upgrade of
     * zstd-jni changes it. A stale name only finds no resource: zstd-jni then does as before.
     */
    static final String ZSTD_LIBRARY = "libzstd-jni-1.5.7-4.so";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SHARED_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private NativeLibraryCache() {
    }

    /** Points {@link #JNA_PROPERTY} at the cached copy on 64-bit Linux, unless it is set. */
    static void useForJnaIfAbsent() {
        if (System.getProperty(JNA_PROPERTY) != null || !linux()) {
            return;
        }
        jnaResource().flatMap(resource -> cached(resource, "jna")).ifPresent(file -> System.setProperty(JNA_PROPERTY,
                file.getParent().toString()));
    }

    /**
     * Points {@link #ZSTD_PROPERTY} at the cached copy of zstd-jni's library on Linux when
     * {@code source} is a local file compressed with zstd (told from its first bytes, as the
     * import tells it), unless the user chose where zstd-jni's library comes from.
     */
    static void useForZstdIfAbsent(String source) {
        if (System.getProperty(ZSTD_PROPERTY) == null && System.getProperty(ZSTD_TEMP_PROPERTY) == null && linux()
                && isZstdFile(source)) {
            cached(zstdResource(), "zstd").filter(NativeLibraryCache::loads)
                    .ifPresent(file -> System.setProperty(ZSTD_PROPERTY, file.toString()));
        }
    }

    /**
     * Whether the library {@code file} loads, loading it: a copy on a file system mounted
     * {@code noexec} does not. zstd-jni, once told where its library is, does not fall back to
     * a copy of its own (JNA does); the library loaded here, zstd-jni's own load of the same
     * file by the same class loader is a no-op.
     */
    static boolean loads(Path file) {
        try {
            System.load(file.toString());
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return false;
        }
    }

    /**
     * Whether {@code source} names a local regular file whose first bytes are zstd's (not a URI).
     * It reads those bytes before the import checks the path against the datastore's directories;
     * nothing of them is used but the format, and the import refuses such a path as before.
     */
    static boolean isZstdFile(String source) {
        if (source.contains("://")) {
            return false;
        }
        try {
            Path file = Path.of(source);
            return Files.isRegularFile(file) && ArchiveFormat.detect(file).orElse(null) == ArchiveFormat.TAR_ZSTD;
        } catch (IOException | RuntimeException e) {
            return false;   // the import names what is wrong with the source
        }
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /** The cached copy of {@code resource} of the runner's jar ({@link #copy}); empty when it cannot be had safely. */
    private static Optional<Path> cached(String resource, String label) {
        return runnerJar().flatMap(jar -> cacheRoot().flatMap(root -> copy(root, jar, resource, label)));
    }

    /** The jar the runner runs from (which holds JNA's classes and libraries); empty when run from directories. */
    private static Optional<Path> runnerJar() {
        try {
            Path jar = Path.of(NativeLibraryCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The library's resource in JNA's jar for this machine, as JNA names it; only for the two
     * machines whose name is unambiguous (on 32-bit ARM, for one, JNA tells ABIs apart itself).
     */
    private static Optional<String> jnaResource() {
        String prefix = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "linux-x86-64";
            case "aarch64" -> "linux-aarch64";
            default -> null;
        };
        return Optional.ofNullable(prefix).map(p -> "com/sun/jna/" + p + "/" + JNA_LIBRARY);
    }

    /** zstd-jni's library in its jar for this Linux machine, as zstd-jni names it ({@code os.arch} as is). */
    static String zstdResource() {
        return "linux/" + System.getProperty("os.arch", "") + "/" + ZSTD_LIBRARY;
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
     * The copy of {@code resource} of {@code jar} below {@code root}, in a directory named
     * {@code label-CRC32-SIZE} after the entry, written there when missing or different; empty
     * when that cannot be had safely. The copy is compared with the jar's entry by size and CRC-32,
     * read from the jar's directory (which the class loader has open already), so a start that
     * finds its copy in place inflates nothing: reading the resource through the class loader
     * alone cost about 20 ms, more than the copy saves.
     */
    static Optional<Path> copy(Path root, Path jar, String resource, String label) {
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
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            Path dir = root.resolve(label + "-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize());
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
            Path file = dir.resolve(name);
            if (!sameContent(file, entry)) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                Path temp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + ".tmp");
                Files.deleteIfExists(temp);
                Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(file);
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
                && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).stream()
                        .noneMatch(SHARED_WRITE::contains);
    }
}
