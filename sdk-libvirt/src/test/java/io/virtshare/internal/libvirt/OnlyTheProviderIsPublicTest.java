package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Users compile against sdk-api only: sdk-libvirt's classes all live in its one internal root,
 * and the only public one is the provider {@link java.util.ServiceLoader} must instantiate.
 */
class OnlyTheProviderIsPublicTest {
    /** The classes of sdk-libvirt: in target/classes (surefire) or in its jar (failsafe). */
    private static List<Class<?>> classesOfSdkLibvirt() throws IOException, URISyntaxException {
        Path location = Path.of(LibvirtBackendProvider.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        if (Files.isRegularFile(location)) {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return classesBelow(jar.getPath("/"));
            }
        }
        return classesBelow(location);
    }

    private static List<Class<?>> classesBelow(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(f -> root.relativize(f).toString())
                    .filter(n -> n.endsWith(".class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .map(OnlyTheProviderIsPublicTest::load)
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, OnlyTheProviderIsPublicTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }

    @Test
    void everyClass_isInTheOneInternalRoot_andOnlyTheProviderIsPublic() throws Exception {
        List<Class<?>> classes = classesOfSdkLibvirt();

        assertThat(classes).as("the scan sees the module").contains(LibvirtBackendProvider.class, LibvirtPools.class);
        assertThat(classes).as("one internal root").allSatisfy(c ->
                assertThat(c.getPackageName()).isEqualTo("io.virtshare.internal.libvirt"));
        assertThat(classes.stream().filter(c -> c.getEnclosingClass() == null)
                .filter(c -> Modifier.isPublic(c.getModifiers())))
                .as("public top-level classes").containsExactly(LibvirtBackendProvider.class);
    }
}
