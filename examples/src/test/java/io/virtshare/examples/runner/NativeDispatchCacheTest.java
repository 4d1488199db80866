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

/** JNA's own library is copied once into a private cache and used only while it equals the jar's. */
class NativeDispatchCacheTest {
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
        try (InputStream in = NativeDispatchCacheTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as("JNA's library for x86-64 Linux on the class path").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void firstUse_writesAPrivateCopyEqualToTheJars() throws Exception {
        Path root = home.resolve(".cache").resolve("virtshare");

        Optional<Path> dir = NativeDispatchCache.directory(root, JNA_JAR, RESOURCE);

        assertThat(dir).isPresent();
        assertThat(dir.get().getParent()).isEqualTo(root);
        assertThat(Files.readAllBytes(dir.get().resolve(NativeDispatchCache.LIBRARY))).isEqualTo(jarCopy());
        for (Path d : new Path[] {home.resolve(".cache"), root, dir.get()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString())
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void laterUse_keepsTheCopyThatIsStillEqual() throws Exception {
        Path root = home.resolve("virtshare");
        Path file = NativeDispatchCache.directory(root, JNA_JAR, RESOURCE).orElseThrow()
                .resolve(NativeDispatchCache.LIBRARY);
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, old);

        assertThat(NativeDispatchCache.directory(root, JNA_JAR, RESOURCE)).contains(file.getParent());
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
    }

    @Test
    void aChangedCopy_isReplacedByTheJarsBeforeUse() throws Exception {
        Path root = home.resolve("virtshare");
        Path file = NativeDispatchCache.directory(root, JNA_JAR, RESOURCE).orElseThrow()
                .resolve(NativeDispatchCache.LIBRARY);
        Files.write(file, new byte[] {0x7f, 'E', 'L', 'F', 0});

        assertThat(NativeDispatchCache.directory(root, JNA_JAR, RESOURCE)).contains(file.getParent());
        assertThat(Files.readAllBytes(file)).isEqualTo(jarCopy());
    }

    @Test
    void anExistingDirectoryOthersMayOnlyRead_isUsed() throws Exception {
        Path root = Files.createDirectory(home.resolve("virtshare"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(NativeDispatchCache.directory(root, JNA_JAR, RESOURCE)).isPresent();
    }

    @Test
    void aDirectoryOthersMayWriteTo_isNotUsed() throws Exception {
        Path root = Files.createDirectory(home.resolve("virtshare"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(NativeDispatchCache.directory(root, JNA_JAR, RESOURCE)).isEmpty();
    }

    @Test
    void aParentOthersMayWriteTo_isNotUsed() throws Exception {
        Path parent = Files.createDirectory(home.resolve("shared"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(NativeDispatchCache.directory(parent.resolve("virtshare"), JNA_JAR, RESOURCE)).isEmpty();
        assertThat(parent.resolve("virtshare")).doesNotExist();
    }

    @Test
    void aLinkedDirectory_isNotUsed() throws Exception {
        Path elsewhere = Files.createDirectory(home.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path root = Files.createSymbolicLink(home.resolve("virtshare"), elsewhere);

        assertThat(NativeDispatchCache.directory(root, JNA_JAR, RESOURCE)).isEmpty();
    }

    @Test
    void aLinkedLibrary_isReplacedByAFileOfItsOwn() throws Exception {
        Path root = home.resolve("virtshare");
        Path file = NativeDispatchCache.directory(root, JNA_JAR, RESOURCE).orElseThrow()
                .resolve(NativeDispatchCache.LIBRARY);
        Path decoy = Files.write(home.resolve("decoy.so"), jarCopy());
        Files.delete(file);
        Files.createSymbolicLink(file, decoy);

        assertThat(NativeDispatchCache.directory(root, JNA_JAR, RESOURCE)).contains(file.getParent());
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(jarCopy());
    }

    @Test
    void aLibraryTheClassPathLacks_isNotCached() throws Exception {
        assertThat(NativeDispatchCache.directory(home.resolve("virtshare"), JNA_JAR,
                "com/sun/jna/none/libjnidispatch.so"))
                .isEmpty();
        assertThat(home.resolve("virtshare")).doesNotExist();
    }
}
