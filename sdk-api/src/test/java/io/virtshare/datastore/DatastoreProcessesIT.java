package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs on one datastore: a kill -9 in the middle of an import, and concurrent churn. */
class DatastoreProcessesIT {
    @TempDir
    Path tmp;

    private Path safe;
    private Path base;

    @BeforeEach
    void datastore() throws IOException {
        safe = Files.createDirectories(tmp.resolve("safe"));
        base = tmp.resolve("ds");
        Datastore.create(base, DatastoreSpec.sharedFs("shared").safeDirs(safe.toString()));
    }

    private Process worker(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DatastoreWorker.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private Path bigTree() throws IOException {
        Path dir = Files.createDirectories(safe.resolve("big"));
        byte[] block = new byte[1 << 20];
        new Random(3).nextBytes(block);
        for (int i = 0; i < 96; i++) {
            Files.write(dir.resolve("part-" + i), block);
        }
        return dir;
    }

    private Path bigTar(Path tree) throws IOException {
        Path archive = safe.resolve("big.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive));
                Stream<Path> files = Files.list(tree)) {
            for (Path f : files.sorted().toList()) {
                tar.putArchiveEntry(new TarArchiveEntry(f, f.getFileName().toString()));
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    private void killMidImport(String source) throws Exception {
        Process p = worker("import-slow", base.toString(), source);
        Path staging = base.resolve(".virtshare/staging");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> s = Files.list(staging)) {
                if (s.findAny().isPresent()) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertThat(p.isAlive()).as("the import is still running when killed").isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Datastore reopened = Datastore.open(base);

        List<Image> images = reopened.images().list();
        assertThat(images).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(ImageState.ERROR);
            assertThat(i.error()).hasValueSatisfying(e -> assertThat(e).contains("interrupted"));
            assertThat(i.path()).doesNotExist();
        });
        assertThat(staging).isEmptyDirectory();
        reopened.images().delete(images.get(0));
        assertThat(reopened.images().list()).isEmpty();
    }

    @Test
    void killDuringDirectoryImport_leavesAnErrorImageAndNoPartialTree() throws Exception {
        killMidImport(bigTree().toString());
    }

    @Test
    void killDuringTarballImport_leavesAnErrorImageAndNoPartialTree() throws Exception {
        killMidImport(bigTar(bigTree()).toString());
    }

    @Test
    void twoJvmsTimesEightThreads_noLostOrDuplicateIds() throws Exception {
        Path src = Files.createDirectories(safe.resolve("small"));
        Files.writeString(src.resolve("a"), "a");
        Files.write(src.resolve("b"), new byte[50_000]);
        Image seed = Datastore.open(base).images().register(src.toString());

        Process one = worker("churn", base.toString(), src.toString(), Integer.toString(seed.id()), "6");
        Process two = worker("churn", base.toString(), src.toString(), Integer.toString(seed.id()), "6");
        Set<Integer> kept = new HashSet<>();
        for (Process p : List.of(one, two)) {
            boolean finished = p.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            assertThat(finished).as("worker finishes").isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).isZero();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    assertThat(kept.add(Integer.parseInt(line.strip()))).as("id " + line + " kept twice").isTrue();
                }
            }
        }

        List<Image> images = Datastore.open(base).images().list();
        assertThat(kept).hasSize(2 * 8 * 3);
        assertThat(images).extracting(Image::id).containsExactlyInAnyOrderElementsOf(union(kept, seed.id()));
        assertThat(images).allMatch(i -> i.state() == ImageState.READY);
        assertThat(images.stream().map(Image::name).distinct().count()).isEqualTo(images.size());
        for (Image i : images) {
            assertThat(i.path().resolve("b")).hasSize(50_000);
        }
        assertThat(base.resolve(".virtshare/staging")).isEmptyDirectory();
        try (Stream<Path> top = Files.list(base)) {
            assertThat(top.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(images.size());
        }
    }

    private static Set<Integer> union(Set<Integer> ids, int extra) {
        Set<Integer> all = new HashSet<>(ids);
        all.add(extra);
        return all;
    }
}
