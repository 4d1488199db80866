package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.hf.HfImporter;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.hf.RecordedRequest;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The hf:// recipe against its fake Hub, and a fake Hub in a user's own JUnit test (quoted by the guide). */
@ExtendWith(FakeHubExtension.class)
class HfImportRecipeTest {
    @TempDir
    Path tmp;

    private static long filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void recipe_importsFiltersMeasuresResumesAndExplainsTheGate() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (FakeHub hub = HfImportRecipe.startHub()) {
            HfImportRecipe.Result r = HfImportRecipe.run(hub.endpoint(), tmp,
                    new PrintStream(text, true, StandardCharsets.UTF_8));

            assertThat(r.model().commit()).hasValueSatisfying(c -> assertThat(c).matches("[0-9a-f]{40}"));
            assertThat(filesUnder(r.model().path())).isEqualTo(6);
            assertThat(filesUnder(r.onnx().path())).isEqualTo(2);
            assertThat(r.onnx().path().resolve("model.onnx")).exists();
            assertThat(r.onnx().path().resolve("model_fp16.onnx")).doesNotExist();
            assertThat(r.size().files()).isEqualTo(1);
            assertThat(r.size().bytes()).isEqualTo(48L << 20);
            assertThat(r.cancelledMessage()).isNotNull();
            assertThat(r.resumed().commit()).isEqualTo(r.model().commit());
            assertThat(r.resumed().path().resolve("model.safetensors"))
                    .hasSameBinaryContentAs(r.model().path().resolve("model.safetensors"));
            assertThat(hub.requests()).as("the resumed import asked for the rest only")
                    .anyMatch(q -> q.path().endsWith("model.safetensors") && q.range().filter(
                            range -> !range.startsWith("bytes=0-")).isPresent());
            assertThat(r.gatedMessage()).startsWith("401 GatedRepo: ").contains("set HF_TOKEN");
            assertThat(r.again().bytesDownloaded()).isZero();
            assertThat(r.again().bytesReused()).isEqualTo(r.model().apparentBytes());
            assertThat(r.again().path().resolve("model.safetensors"))
                    .hasSameBinaryContentAs(r.model().path().resolve("model.safetensors"));
            assertThat(r.gated().state().name()).isEqualTo("READY");
        }
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("stopping").contains("at commit");
    }

    // snippet:junit
    @Test
    void importsFromTheFakeHub(FakeHub hub) throws IOException {       // FakeHubExtension: a hub per test
        FakeRepo repo = FakeRepo.model("acme", "tiny")
                .file("config.json", "{}")
                .generatedLfsFile("model.safetensors", 1 << 20, 7)
                .build();
        hub.add(repo);
        hub.faults().serviceUnavailable(1, "model.safetensors");        // one 503 first: retried
        HfImporter hf = HfImporter.builder().endpoint(hub.endpoint())
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100))   // retry fast in tests
                .build();
        Datastore ds = Datastore.create(tmp.resolve("ds"), DatastoreSpec.sharedFs("test"));

        Image image = ds.images().register("hf://acme/tiny", ImportOptions.defaults().withImporter(hf));

        assertThat(image.commit()).hasValue(repo.commit());
        assertThat(image.path().resolve("model.safetensors")).hasBinaryContent(repo.bytes("model.safetensors"));
        assertThat(hub.requests()).filteredOn(RecordedRequest::status, 503).hasSize(1);
    }
    // end:junit
}
