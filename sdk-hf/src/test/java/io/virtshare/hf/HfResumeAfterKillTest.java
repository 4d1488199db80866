package io.virtshare.hf;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.hf.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed mid-import leaves verified bytes that the next import (another JVM) continues from. */
class HfResumeAfterKillTest {
    private static final long SIZE = 6_000_000;

    @TempDir
    Path tmp;

    private Process importer(FakeHub hub, Path ds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ImportMain.class.getName(), ds.toString(),
                "hf://acme/slow").redirectErrorStream(true).redirectOutput(tmp.resolve("out-" + System.nanoTime()).toFile());
        pb.environment().put("HF_ENDPOINT", hub.endpoint().toString());
        pb.environment().remove("HF_TOKEN");
        return pb.start();
    }

    private static long partialBytes(Path ds) throws IOException {
        Path area = ds.resolve(".virtshare/staging/resume/hf");
        if (!Files.isDirectory(area)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(area)) {
            return walk.filter(p -> p.getFileName().toString().equals("data")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void killedImport_isContinuedByTheNextProcessFromTheBytesOnDisk() throws Exception {
        try (FakeHub hub = FakeHub.start()) {
            FakeRepo repo = FakeRepo.model("acme", "slow").file("config.json", "{}")
                    .generatedLfsFile("weights.bin", SIZE, 5).build();
            hub.add(repo);
            hub.faults().slow(1_500_000);
            Path ds = tmp.resolve("ds");

            Process first = importer(hub, ds);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partialBytes(ds) < 2_000_000 && System.nanoTime() < deadline && first.isAlive()) {
                Thread.sleep(50);
            }
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long kept = partialBytes(ds);
            assertThat(kept).isBetween(2_000_000L, SIZE - 1);

            hub.faults().slow(0);
            // the Hub logs the killed download once it notices the dead connection
            while (hub.requests().stream().noneMatch(r -> r.listener().equals("cdn")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            hub.clearRequests();
            Process second = importer(hub, ds);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isZero();

            List<RecordedRequest> cdn = hub.requests().stream().filter(r -> r.listener().equals("cdn")).toList();
            assertThat(cdn).singleElement().satisfies(r -> {
                assertThat(r.range()).isPresent();
                long from = Long.parseLong(r.range().get().replaceAll("bytes=(\\d+)-", "$1"));
                assertThat(from).isGreaterThanOrEqualTo(kept - 1_000_000).isGreaterThan(0);
            });
            Path image = findImage(ds, repo);
            assertThat(image.resolve("weights.bin")).hasBinaryContent(repo.bytes("weights.bin"));
            assertThat(image.resolve("config.json")).hasContent("{}");
            assertThat(ds.resolve(".virtshare/staging/resume")).satisfiesAnyOf(p -> assertThat(p).isEmptyDirectory(),
                    p -> assertThat(p).doesNotExist());
        }
    }

    private static Path findImage(Path ds, FakeRepo repo) throws IOException {
        try (Stream<Path> images = Files.list(ds.resolve(".virtshare/images"))) {
            for (Path entry : (Iterable<Path>) images::iterator) {
                String json = Files.readString(entry, StandardCharsets.UTF_8);
                if (json.contains("\"READY\"") && json.contains(repo.commit())) {
                    return ds.resolve(entry.getFileName().toString().replace(".json", ""));
                }
            }
        }
        throw new AssertionError("no READY image with commit " + repo.commit() + " in " + ds);
    }
}
