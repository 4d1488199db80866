package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guest-proof --datastore DIR --image ID} through the runner: a real TCG guest reads an
 * imported image (a nested directory, an empty file, a name with a space, a non-ASCII name) and
 * reports each file's sha256 as it read it, equal to the host's — via QEMU and via libvirt; an
 * image changed after the host hashed it is reported as differing, with exit 1.
 */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class GuestProofImageIT {
    private static final Map<String, String> FILES = Map.of(
            "config.json", "{\"model_type\": \"gpt2\"}\n",
            "nested/deeper/weights.bin", "0123456789".repeat(10_000),
            "empty", "",
            "with space.txt", "a name with a space\n",
            "tökenïzer 名前.json", "{}\n");

    private final RunnerCapture capture = new RunnerCapture();

    @TempDir
    Path tmp;

    private Path datastore;
    private String id;

    @BeforeEach
    void importImage() throws IOException {
        Path src = tmp.resolve("src/model");
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Files.createDirectories(src.resolve(file.getKey()).getParent());
            Files.writeString(src.resolve(file.getKey()), file.getValue());
        }
        datastore = tmp.resolve("ds");
        int exit = capture.run("import", "--datastore", datastore.toString(), "--safe-dirs",
                tmp.resolve("src").toString(), src.toString());
        assertThat(exit).as(capture.stderr()).isZero();
        JsonNode image = capture.json();
        assertThat(image.path("state").asText()).isEqualTo("READY");
        id = image.path("id").asText();
        capture.reset();
    }

    private JsonNode proof(GuestProofCommand command, String via, int expectedExit) throws IOException {
        int exit = capture.run(new ExamplesRunner(List.of(command)), "guest-proof", "--datastore",
                datastore.toString(), "--image", id, "--via", via);
        System.err.print(capture.stderr());
        assertThat(exit).as(capture.stderr()).isEqualTo(expectedExit);
        return capture.json();
    }

    private static void assertEveryFileAsTheHostHasIt(JsonNode json, String via) {
        assertThat(json.path("via").asText()).isEqualTo(via);
        assertThat(json.path("ok").asBoolean()).as(json.toPrettyString()).isTrue();
        assertThat(json.path("guestMount").asText()).isEqualTo("ro");
        assertThat(json.path("mismatches").asInt()).isZero();
        Map<String, JsonNode> entries = new HashMap<>();
        json.path("entries").forEach(e -> entries.put(e.path("path").asText(), e));
        assertThat(entries).containsOnlyKeys(FILES.keySet());
        FILES.forEach((path, content) -> {
            JsonNode e = entries.get(path);
            assertThat(e.path("guestSha256").asText()).as(path).isEqualTo(sha256(content))
                    .isEqualTo(e.path("hostSha256").asText());
            assertThat(e.path("guestSize").asLong()).as(path).isEqualTo(content.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8).length);
            assertThat(e.path("match").asBoolean()).isTrue();
        });
    }

    @Test
    void viaQemu_theGuestReadsEveryFileOfTheImageAsTheHostHasIt() throws IOException {
        assertEveryFileAsTheHostHasIt(proof(new GuestProofCommand(), "qemu", 0), "qemu");
    }

    @Test
    @RequiresHost({HostTool.VIRSH, HostTool.LIBVIRTD})
    void viaLibvirt_theGuestReadsEveryFileOfTheImageAsTheHostHasIt() throws IOException {
        assertEveryFileAsTheHostHasIt(proof(new GuestProofCommand(), "libvirt", 0), "libvirt");
    }

    @Test
    void aFileChangedAfterTheHostHashedIt_isReportedAsDiffering_withExit1() throws IOException {
        GuestProofCommand tampering = new GuestProofCommand(HostTools::detectFromSystemProperty, image -> {
            try {
                Files.writeString(image.resolve("with space.txt"), "changed behind the host's back\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        JsonNode json = proof(tampering, "qemu", 1);

        assertThat(json.path("ok").asBoolean()).isFalse();
        assertThat(json.path("mismatches").asInt()).isEqualTo(1);
        JsonNode changed = null;
        for (JsonNode e : json.path("entries")) {
            if (e.path("path").asText().equals("with space.txt")) {
                changed = e;
            }
        }
        assertThat(changed).isNotNull();
        assertThat(changed.path("match").asBoolean()).isFalse();
        assertThat(changed.path("guestSha256").asText()).isEqualTo(sha256("changed behind the host's back\n"));
        assertThat(changed.path("hostSha256").asText()).isEqualTo(sha256("a name with a space\n"));
        assertThat(capture.stderr().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
                .isEqualTo("error: 1 of 5 files differ between the guest and the host; first \"with space.txt\": the"
                        + " guest read 31 bytes, the host has 20");
    }

    private static String sha256(String content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
