package io.virtshare.hf;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import io.virtshare.spi.ImportContext;
import io.virtshare.spi.ImportOutcome;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Shared set-up of the importer tests: a fake Hub, an importer pointed at it, a target and a resume area. */
final class HubFixture {
    static final String TOKEN = "hf_test_token_123";

    private HubFixture() {
    }

    static HfImporter.Builder importer(FakeHub hub) {
        return HfImporter.builder().endpoint(hub.endpoint()).backoff(Duration.ofMillis(10), Duration.ofMillis(200));
    }

    static FakeRepo tiny() {
        return FakeRepo.model("acme", "tiny")
                .file("config.json", "{\"model_type\":\"gpt2\"}")
                .file("tokenizer/vocab.txt", "a\nb\nc\n")
                .generatedLfsFile("model.safetensors", 300_000, 1)
                .generatedLfsFile("onnx/model.onnx", 200_000, 2)
                .file("onnx/config.json", "{}")
                .revision("v1.0").revision("refs/pr/1")
                .build();
    }

    static ImportContext context(Path resume) {
        return new ImportContext(Long.MAX_VALUE, "test limit", ProgressListener.NONE, Cancellation.none(),
                Optional.of(resume));
    }

    static ImportOutcome run(HfImporter importer, String source, Path target, Path resume) throws IOException {
        Files.createDirectories(target);
        return importer.importInto(source, target, context(resume));
    }

    /** Relative path → bytes of every regular file under {@code dir}. */
    static TreeMap<String, byte[]> tree(Path dir) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return out;
    }
}
