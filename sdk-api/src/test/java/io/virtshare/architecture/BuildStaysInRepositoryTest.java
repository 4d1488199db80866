package io.virtshare.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A user's clone has nothing beside it: no build file, CI script or test may reach a
 * directory next to the repository (such as a sibling {@code shared} folder); test data lives under
 * {@code testdata/} in the repository.
 */
class BuildStaysInRepositoryTest {
    /** A path that climbs out of the repository root into a sibling directory. */
    private static final Pattern OUTSIDE = Pattern.compile(
            "\\.\\./shared\\b|multiModuleProjectDirectory}/\\.\\.|rootdir}/\\.\\./");

    @Test
    void buildFilesAndTests_readNothingBesideTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(BuildStaysInRepositoryTest::isBuildInput)::iterator) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (OUTSIDE.matcher(lines.get(i)).find()) {
                        offenders.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(offenders).as("lines that read outside the repository (copy the data into testdata/)")
                .isEmpty();
    }

    @Test
    void corpus_isInTheRepository() {
        Path corpus = repositoryRoot().resolve("testdata/corpus");
        assertThat(corpus.resolve("libvirt/tests")).isDirectory();
        assertThat(corpus.resolve("virt-manager/tests")).isDirectory();
        assertThat(corpus.resolve("libvirt/COPYING.LGPL-2.1")).isRegularFile();
        assertThat(corpus.resolve("virt-manager/COPYING.GPL-2")).isRegularFile();
    }

    private static boolean isBuildInput(Path file) {
        String path = file.toString();
        if (path.contains("/target/") || path.contains("/.git/") || path.contains("/testdata/")) {
            return false;
        }
        String name = file.getFileName().toString();
        return name.equals("pom.xml") || name.endsWith(".java") || path.endsWith("/.ci/run")
                || name.equals("maven.config") || name.equals("jvm.config");
    }

    /** The repository root: the module's parent, where {@code mvnw} lives. */
    static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("mvnw")).as("the repository root above the module directory").isRegularFile();
        return root;
    }
}
