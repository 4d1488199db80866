package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.share.ShareProtocol;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.guest.GuestReport;
import io.virtshare.testkit.guest.GuestVia;
import io.virtshare.testkit.guest.ShareReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestProofCommandTest {
    private final RunnerCapture capture = new RunnerCapture();

    private int run(GuestProofCommand command, String... args) {
        return capture.run(new ExamplesRunner(List.of(command)), args);
    }

    private String stderr() {
        return capture.stderr();
    }

    @ParameterizedTest
    @CsvSource({
        "guest-proof --protocol nfs, --protocol is virtiofs, 9p or both",
        "guest-proof --via kvm, --via is qemu or libvirt",
        "guest-proof --via, option --via needs a value",
        "guest-proof now, unexpected argument 'now'",
        "guest-proof --image 0, --image ID needs --datastore DIR",
        "guest-proof --datastore ds, --datastore DIR needs --image ID",
        "guest-proof --datastore ds --image 0 --protocol 9p, --protocol does not go with --image",
        "guest-proof --datastore ds --image zero, image ID must be a number",
    })
    void badCommandLines_areUsageErrors(String line, String message) {
        assertThat(run(new GuestProofCommand(), line.split(" "))).isEqualTo(2);
        assertThat(stderr()).contains(message).contains("usage: guest-proof [--protocol virtiofs|9p|both]");
    }

    @Test
    void anImageOfNoDatastore_exits1WithOneLineSayingWhatToGive(@TempDir Path tmp) {
        assertThat(run(new GuestProofCommand(), "guest-proof", "--datastore", tmp.resolve("none").toString(),
                "--image", "0")).isEqualTo(1);

        assertThat(stderr().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
                .isEqualTo("error: no datastore at " + tmp.resolve("none") + "; give the BASE_PATH of an existing"
                        + " datastore (import --datastore DIR SOURCE creates one)");
        assertThat(tmp.resolve("none")).as("no datastore is created").doesNotExist();
    }

    @Test
    void anUnknownImage_exits1NamingHowToListTheImages(@TempDir Path tmp) {
        Datastore.create(tmp.resolve("ds"), DatastoreSpec.sharedFs("ds").build());

        assertThat(run(new GuestProofCommand(), "guest-proof", "--datastore", tmp.resolve("ds").toString(),
                "--image", "7")).isEqualTo(1);

        assertThat(stderr().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
                .isEqualTo("error: datastore " + tmp.resolve("ds") + " has no image 7; list its images with: list"
                        + " --datastore " + tmp.resolve("ds"));
        assertThat(capture.stdout()).isEmpty();
    }

    @Test
    void anImageThatIsNotComplete_exits1SayingItsStateAndWhatToDo_beforeAnythingBoots(@TempDir Path tmp)
            throws Exception {
        Path ds = tmp.resolve("ds");
        capture.importModel(ds, tmp);
        Path entry = ds.resolve(".virtshare/images/0.json");
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(entry.toFile());
        json.put("state", "ERROR").put("error", "the import was interrupted");
        java.nio.file.Files.writeString(entry, json.toString());
        capture.reset();
        GuestProofCommand noQemu = new GuestProofCommand(
                () -> HostTools.detectWithout(Set.of(HostTool.QEMU), "simulated: no QEMU"));

        assertThat(run(noQemu, "guest-proof", "--datastore", ds.toString(), "--image", "0")).isEqualTo(1);

        assertThat(stderr().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
                .isEqualTo("error: image 0 of " + ds + " is ERROR, not READY: its tree is not complete (the import"
                        + " was interrupted); wait for its import, or register it again");
        assertThat(capture.stdout()).isEmpty();
    }

    @Test
    void aMissingTool_exits1WithOneLineNamingThePackage_andPrintsNoJson() {
        GuestProofCommand command = new GuestProofCommand(
                () -> HostTools.detectWithout(Set.of(HostTool.QEMU), "simulated: no QEMU"));

        assertThat(run(command, "guest-proof", "--protocol", "9p")).isEqualTo(1);

        assertThat(stderr().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
                .contains("the guest probe needs QEMU system emulator: simulated: no QEMU (install qemu-system-x86)");
        assertThat(capture.stdout()).isEmpty();
    }

    @Test
    void json_carriesEachProtocol_andTheReasonAndConsoleOnlyForFailures() {
        GuestReport report = new GuestReport(GuestVia.LIBVIRT, List.of(
                new ShareReport("models", ShareProtocol.VIRTIOFS, false, true, true, true, Optional.empty()),
                new ShareReport("datasets", ShareProtocol.NINE_P, false, true, true, false,
                        Optional.of("guest: write: Permission denied"))),
                Optional.empty(), List.of("line 1", "line 2"), Duration.ofMillis(4200));

        JsonNode json = GuestProofCommand.toJson(report);

        assertThat(json.path("via").asText()).isEqualTo("libvirt");
        assertThat(json.path("ok").asBoolean()).isFalse();
        assertThat(json.path("elapsedMs").asLong()).isEqualTo(4200);
        JsonNode fs = json.at("/protocols/virtiofs");
        assertThat(fs.path("mounted").asBoolean() && fs.path("readOk").asBoolean() && fs.path("writeOk").asBoolean())
                .isTrue();
        assertThat(fs.has("reason")).isFalse();
        assertThat(fs.has("console")).isFalse();
        JsonNode ninep = json.at("/protocols/9p");
        assertThat(ninep.path("writeOk").asBoolean()).isFalse();
        assertThat(ninep.path("reason").asText()).isEqualTo("guest: write: Permission denied");
        assertThat(ninep.path("console")).hasSize(2);
        assertThat(json.has("reason")).isFalse();
    }
}
