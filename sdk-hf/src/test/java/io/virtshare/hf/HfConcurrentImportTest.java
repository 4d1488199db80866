package io.virtshare.hf;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs importing one repository into one datastore at once download each file once, without
 * flock: the first, alone, claims in memory; when the second arrives it claims on disk what it is
 * downloading and publishes what it verified, and the second copies those.
 */
class HfConcurrentImportTest {
    private static final int FILES = 6;
    private static final long SIZE = 3_000_000;

    @TempDir
    Path tmp;

    private Process importer(FakeHub hub, Path ds, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ImportMain.class.getName(), ds.toString(),
                "hf://acme/shards").redirectError(tmp.resolve(name + ".err").toFile())
                .redirectOutput(tmp.resolve(name + ".out").toFile());
        pb.environment().put("HF_ENDPOINT", hub.endpoint().toString());
        pb.environment().remove("HF_TOKEN");
        return pb.start();
    }

    private static FakeRepo shards() {
        FakeRepo.Builder b = FakeRepo.model("acme", "shards").file("config.json", "{\"n\":6}");
        for (int i = 0; i < FILES; i++) {
            b.generatedLfsFile("shard-" + i + ".bin", SIZE, 40 + i);
        }
        return b.build();
    }

    private static Path claims(Path ds) {
        return ds.resolve(".virtshare/staging/resume/hf-claims");
    }

    private static boolean any(Path ds, String suffix) throws IOException {
        if (!Files.isDirectory(claims(ds))) {
            return false;
        }
        try (Stream<Path> files = Files.list(claims(ds))) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(suffix));
        }
    }

    /** Fields of ImportMain's line: id state commit path bytesDownloaded bytesReused. */
    private String[] result(Process p, String name) throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        assertThat(p.exitValue()).as(name + ": " + Files.readString(tmp.resolve(name + ".err"))).isZero();
        return Files.readString(tmp.resolve(name + ".out")).strip().split(" ");
    }

    /** Waits until the import {@code p} is alone in the datastore (a solo presence) and the Hub sends it bytes. */
    private static void awaitDownloading(FakeHub hub, Path ds, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(any(ds, ".solo") && !hub.bytesSentByFile().isEmpty()) && p.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(any(ds, ".solo")).as("the first import is alone: it claims in memory").isTrue();
        assertThat(any(ds, ".claim")).as("an import alone links no claims").isFalse();
        assertThat(hub.bytesSentByFile()).as("the first import downloads").isNotEmpty();
    }

    /** Serves {@code repo} at {@code bytesPerSecond} per response and starts a first import, once it downloads. */
    private Process firstImport(FakeHub hub, FakeRepo repo, long bytesPerSecond, Path ds) throws Exception {
        hub.add(repo);
        hub.faults().slow(bytesPerSecond);
        Datastore.create(ds, DatastoreSpec.sharedFs("hf"));
        Process first = importer(hub, ds, "first");
        awaitDownloading(hub, ds, first);
        return first;
    }

    @Test
    void twoProcessesImportingOneRepository_transferEachFileOnce() throws Exception {
        try (FakeHub hub = FakeHub.start()) {
            FakeRepo repo = shards();
            Path ds = tmp.resolve("ds");
            Process first = firstImport(hub, repo, 1_000_000, ds);
            Process second = importer(hub, ds, "second");
            assertThat(first.isAlive()).as("the first import still runs when the second starts").isTrue();
            String[] a = result(first, "first");
            String[] b = result(second, "second");

            Map<String, Long> once = new HashMap<>();
            repo.paths().forEach(p -> once.put(p, repo.size(p)));
            assertThat(hub.bytesSentByFile()).isEqualTo(once);
            long total = once.values().stream().mapToLong(Long::longValue).sum();
            assertThat(Long.parseLong(a[4]) + Long.parseLong(b[4])).isEqualTo(total);
            assertThat(Long.parseLong(b[5])).isEqualTo(total - Long.parseLong(b[4]));
            assertThat(a[0]).isNotEqualTo(b[0]);
            HfReuseTest.assertSameFiles(Path.of(a[3]), repo);
            HfReuseTest.assertSameFiles(Path.of(b[3]), repo);
            assertThat(claims(ds)).doesNotExist();
        }
    }

    @Test
    void killedImporter_hasItsPresenceTakenOverByTheNextImport() throws Exception {
        try (FakeHub hub = FakeHub.start()) {
            FakeRepo repo = shards();
            Path ds = tmp.resolve("ds");
            Process first = firstImport(hub, repo, 200_000, ds);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(any(ds, ".solo")).as("the killed import left its presence").isTrue();
            hub.faults().slow(0);

            String[] b = result(importer(hub, ds, "second"), "second");

            HfReuseTest.assertSameFiles(Path.of(b[3]), repo);
            assertThat(List.of(b[1])).containsExactly("READY");
            assertThat(claims(ds)).doesNotExist();
        }
    }
}
