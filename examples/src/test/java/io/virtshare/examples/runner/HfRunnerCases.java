package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Hub a runner test imports from, and the errors a new user meets, each with what the
 * one-line reason must say. Shared by the in-JVM test and the jar test.
 */
enum HfRunnerCases {
    REPO_NOT_FOUND("hf://acme/missing", null, "the Hub has no model acme/missing (HTTP 401, RepoNotFound)"),
    REVISION_NOT_FOUND("hf://acme/tiny@v9", null, "revision 'v9' of model acme/tiny does not exist"),
    GATED_WITHOUT_TOKEN("hf://acme/gated", null, "model acme/gated is gated and no token was sent (HTTP 401"),
    GATED_WITHOUT_ACCESS("hf://acme/gated", "hf_not_granted", "your HF_TOKEN has no access to the gated model"
            + " acme/gated (HTTP 403, GatedRepo); request access at"),
    UNSAFE_NAME("hf://acme/tiny", null, "the Hub listed an unsafe file name '../escape.txt'"),
    VERIFICATION_MISMATCH("hf://acme/tiny", null, "'model.safetensors' of model acme/tiny@main did not verify");

    /** The token a gated repository grants. */
    static final String GRANTED = "hf_granted_token";

    final String source;
    final String token;
    final String reason;

    HfRunnerCases(String source, String token, String reason) {
        this.source = source;
        this.token = token;
        this.reason = reason;
    }

    /** A small model with a regular file, a folder and an LFS file, and a {@code v1} tag. */
    static FakeRepo tiny() {
        return FakeRepo.model("acme", "tiny")
                .file("config.json", "{\"model_type\":\"gpt2\"}")
                .file("tokenizer/vocab.txt", "a\nb\nc\n")
                .generatedLfsFile("model.safetensors", 3 << 20, 11)
                .revision("v1")
                .build();
    }

    /** Serves {@link #tiny()} and a gated repository. */
    static FakeHub serve(FakeHub hub) {
        return hub.add(tiny()).add(FakeRepo.model("acme", "gated").file("config.json", "{}")
                .generatedLfsFile("model.safetensors", 1 << 20, 12).gated(GRANTED).build());
    }

    /** Serves the repositories and switches on this case's fault. */
    void arrange(FakeHub hub) {
        serve(hub);
        switch (this) {
            case UNSAFE_NAME -> hub.faults().unsafeName("../escape.txt");
            case VERIFICATION_MISMATCH -> hub.faults().corrupt("model.safetensors");
            default -> {
            }
        }
    }

    /** Asserts that {@code image} (the runner's JSON) is READY at the repository's commit with its very bytes. */
    static void assertImported(JsonNode image, FakeRepo repo) throws IOException {
        assertThat(image.path("state").asText()).isEqualTo("READY");
        assertThat(image.path("commit").asText()).isEqualTo(repo.commit());
        assertThat(image.path("files").asInt()).isEqualTo(repo.paths().size());
        Path dir = Path.of(image.path("path").asText());
        for (String file : repo.paths()) {
            assertThat(Files.readAllBytes(dir.resolve(file))).as(file).isEqualTo(repo.bytes(file));
        }
    }
}
