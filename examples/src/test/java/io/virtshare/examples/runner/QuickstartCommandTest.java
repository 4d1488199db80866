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
 * against what it really wrote; its one VirtShare is on the xml-files backend, whose pool, volume and VM are
 * XML files in the work directory.
 */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    private final RunnerCapture capture = new RunnerCapture();

    @Test
    void withoutLibvirt_everyStepSaysWhatItDid_onTheXmlFilesBackend() throws IOException {
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
        JsonNode backend = output.step("backend");
        assertThat(backend.path("backend").asText()).isEqualTo("xml-files");
        assertThat(backend.path("target").asText()).isEqualTo(workdir.resolve("xml").toString());
        assertThat(output.headline("backend")).isEqualTo("Opening virtshare on the xml-files backend: libvirt is not"
                + " usable here (marked unavailable by virtshare.host.unavailable), so what the quickstart defines is"
                + " written as libvirt XML files under " + workdir.resolve("xml") + ".");
        assertThat(output.headline("storage")).isEqualTo("Defining storage pool 'quickstart' and creating volume"
                + " 'scratch.qcow2' in it through the xml-files backend, which writes their XML under "
                + workdir.resolve("xml") + " instead of touching storage (libvirt is not usable here: marked"
                + " unavailable by virtshare.host.unavailable).");
        assertThat(output.step("vm").path("backend").asText()).isEqualTo("xml-files");
        assertThat(workdir.resolve("xml")).as("the xml-files backend's files are in the work directory")
                .isDirectory();
        assertThat(workdir.resolve("pool")).as("the xml-files backend touches no storage").doesNotExist();
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
        assertThat(output.step("vm").path("name").asText()).as("the xml-files backend kept the first run's VM")
                .isEqualTo("quickstart-2");
    }
}
