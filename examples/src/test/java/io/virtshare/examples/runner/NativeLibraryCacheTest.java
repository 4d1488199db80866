package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JNA's and zstd-jni's libraries are copied once into a private cache and used only while they
 * equal the jar's; zstd-jni's only for a file compressed with zstd.
 */
class NativeLibraryCacheTest {
    private static final String RESOURCE = "com/sun/jna/linux-x86-64/libjnidispatch.so";
    /** The jar holding JNA on the test's class path (the runner's own jar holds it in use). */
    private static final Path JNA_JAR = jarOf(com.sun.jna.Platform.class);

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @TempDir
    Path home;

    private static byte[] jarCopy() throws Exception {
        try (InputStream in = NativeLibraryCacheTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as("JNA's library for x86-64 Linux on the class path").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void firstUse_writesAPrivateCopyEqualToTheJars() throws Exception {
        Path root = home.resolve(".cache").resolve("virtshare");

        Optional<Path> file = NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna");

        assertThat(file).isPresent();
        assertThat(file.get().getFileName()).hasToString(NativeLibraryCache.JNA_LIBRARY);
        assertThat(file.get().getParent().getParent()).isEqualTo(root);
        assertThat(file.get().getParent().getFileName().toString()).startsWith("jna-");
        assertThat(Files.readAllBytes(file.get())).isEqualTo(jarCopy());
        for (Path d : new Path[] {home.resolve(".cache"), root, file.get().getParent()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString())
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void laterUse_keepsTheCopyThatIsStillEqual() throws Exception {
        Path root = home.resolve("virtshare");
        Path file = NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna").orElseThrow();
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, old);

        assertThat(NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna")).contains(file);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
    }

    @Test
    void aChangedCopy_isReplacedByTheJarsBeforeUse() throws Exception {
        Path root = home.resolve("virtshare");
        Path file = NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna").orElseThrow();
        Files.write(file, new byte[] {0x7f, 'E', 'L', 'F', 0});

        assertThat(NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna")).contains(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(jarCopy());
    }

    @Test
    void anExistingDirectoryOthersMayOnlyRead_isUsed() throws Exception {
        Path root = Files.createDirectory(home.resolve("virtshare"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna")).isPresent();
    }

    @Test
    void aDirectoryOthersMayWriteTo_isNotUsed() throws Exception {
        Path root = Files.createDirectory(home.resolve("virtshare"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna")).isEmpty();
    }

    @Test
    void aParentOthersMayWriteTo_isNotUsed() throws Exception {
        Path parent = Files.createDirectory(home.resolve("shared"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(NativeLibraryCache.copy(parent.resolve("virtshare"), JNA_JAR, RESOURCE, "jna")).isEmpty();
        assertThat(parent.resolve("virtshare")).doesNotExist();
    }

    @Test
    void aLinkedDirectory_isNotUsed() throws Exception {
        Path elsewhere = Files.createDirectory(home.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path root = Files.createSymbolicLink(home.resolve("virtshare"), elsewhere);

        assertThat(NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna")).isEmpty();
    }

    @Test
    void aLinkedLibrary_isReplacedByAFileOfItsOwn() throws Exception {
        Path root = home.resolve("virtshare");
        Path file = NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna").orElseThrow();
        Path decoy = Files.write(home.resolve("decoy.so"), jarCopy());
        Files.delete(file);
        Files.createSymbolicLink(file, decoy);

        assertThat(NativeLibraryCache.copy(root, JNA_JAR, RESOURCE, "jna")).contains(file);
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(jarCopy());
    }

    @Test
    void aLibraryTheClassPathLacks_isNotCached() throws Exception {
        assertThat(NativeLibraryCache.copy(home.resolve("virtshare"), JNA_JAR,
                "com/sun/jna/none/libjnidispatch.so", "jna"))
                .isEmpty();
        assertThat(home.resolve("virtshare")).doesNotExist();
    }

    @Test
    void zstdJnisLibrary_isCopiedUnderTheNameItsJarGivesIt() throws Exception {
        // fails when an upgrade of zstd-jni renames its library: NativeLibraryCache.ZSTD_LIBRARY is to follow it
        String resource = NativeLibraryCache.zstdResource();
        byte[] jars;
        try (InputStream in = NativeLibraryCacheTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " in zstd-jni's jar").isNotNull();
            jars = in.readAllBytes();
        }

        Path file = NativeLibraryCache.copy(home.resolve("virtshare"), jarOf(com.github.luben.zstd.Zstd.class),
                resource, "zstd").orElseThrow();

        assertThat(file.getFileName()).hasToString(NativeLibraryCache.ZSTD_LIBRARY);
        assertThat(file.getParent().getFileName().toString()).startsWith("zstd-");
        assertThat(Files.readAllBytes(file)).isEqualTo(jars);
    }

    @Test
    void zstdsLibrary_isCachedForAFileCompressedWithZstdWhateverItsName() throws Exception {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0};

        assertThat(NativeLibraryCache.isZstdFile(Files.write(home.resolve("model.bin"), zstd).toString())).isTrue();
        assertThat(NativeLibraryCache.isZstdFile(Files.write(home.resolve("model.tar.zst"), gzip).toString()))
                .as("a .tar.zst that is gzip").isFalse();
        assertThat(NativeLibraryCache.isZstdFile(Files.createDirectory(home.resolve("model.zst")).toString()))
                .as("a directory").isFalse();
        assertThat(NativeLibraryCache.isZstdFile(home.resolve("missing.tar.zst").toString())).isFalse();
        assertThat(NativeLibraryCache.isZstdFile("hf://datasets/org/model.tar.zst")).isFalse();
        assertThat(NativeLibraryCache.isZstdFile("bad\0path")).isFalse();
    }

    @Test
    void aFileThatCannotBeLoaded_doesNotLoad() throws Exception {
        // an executable, not a library: the C library refuses to load it (and, an ELF file that says
        // its stack is not executable, it leaves the JVM's stack guard alone)
        Path file = Files.copy(Path.of("/bin/true"), home.resolve("libzstd-jni-0.so"));

        assertThat(NativeLibraryCache.loads(file)).isFalse();
        assertThat(NativeLibraryCache.loads(home.resolve("missing.so"))).isFalse();
    }
}
