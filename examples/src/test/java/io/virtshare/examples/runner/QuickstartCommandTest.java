package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.testkit.HostTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart on a host without libvirt — simulated as {@code -Dvirtshare.host.unavailable=LIBVIRT_LIBRARY}
 * does, so this runs on a machine with only a JDK too: every step it prints is checked against its JSON and
 * against what it really wrote, and the pool and volume it would define are XML files.
 */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    private final RunnerCapture capture = new RunnerCapture();

    @Test
    void withoutLibvirt_everyStepSaysWhatItDid_andThePoolAndVolumeAreXmlFiles() throws IOException {
        ExamplesRunner runner = new ExamplesRunner(List.of(new QuickstartCommand(() -> HostTools.detectWithout(
                "LIBVIRT_LIBRARY", "marked unavailable by " + HostTools.UNAVAILABLE_PROPERTY))));

        int code = capture.runIn(runner, dir, "quickstart", "--workdir", "qs");

        assertThat(code).as(capture.stderr()).isZero();
        Path workdir = dir.resolve("qs");
        QuickstartOutput output = new QuickstartOutput(capture.json(), capture.stderr());
        output.checkCommonSteps(workdir);
        JsonNode storage = output.checkStorageFiles(workdir);
        assertThat(storage.path("defined").asBoolean()).isFalse();
        assertThat(storage.path("reason").asText()).isEqualTo("marked unavailable by virtshare.host.unavailable");
        assertThat(output.headline("storage")).isEqualTo("libvirt is not usable here (marked unavailable by"
                + " virtshare.host.unavailable), so the quickstart writes the XML of storage pool 'quickstart' and"
                + " volume 'scratch.qcow2' it would define into files instead.");
        assertThat(output.detail("storage")).startsWith("    the XML it would define: ");
        assertThat(output.detail("host-tools")).contains("missing libvirt client library — marked unavailable");
        assertThat(capture.stderr()).doesNotContain("not do yet");
    }

    @Test
    void aSecondRunInTheSameWorkdir_opensTheDatastoreAndSaysSo() throws IOException {
        ExamplesRunner runner = new ExamplesRunner(List.of(new QuickstartCommand(() -> HostTools.detectWithout(
                "LIBVIRT_LIBRARY", "simulated"))));
        assertThat(capture.runIn(runner, dir, "quickstart", "--workdir", "qs")).as(capture.stderr()).isZero();
        capture.reset();

        assertThat(capture.runIn(runner, dir, "quickstart", "--workdir", "qs")).as(capture.stderr()).isZero();

        QuickstartOutput output = new QuickstartOutput(capture.json(), capture.stderr());
        assertThat(output.step("datastore").path("created").asBoolean()).isFalse();
        assertThat(output.headline("datastore")).startsWith("Opening the SharedFS datastore an earlier run created at "
                + dir.resolve("qs/datastore") + ";");
        assertThat(output.step("register-directory").path("image").path("name").asText()).isEqualTo("tiny-model-2");
    }
}
