package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart where libvirt is installed: pool, volume and VM are defined on test:///default, step by step. */
class QuickstartCommandIT {
    @TempDir
    Path dir;

    private final RunnerCapture capture = new RunnerCapture();

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void withLibvirt_everyStepSaysWhatItDid_andThePoolVolumeAndVmAreDefinedOnTheTestDriver() throws IOException {
        ExamplesRunner runner = new ExamplesRunner(List.of(new QuickstartCommand(HostTools::detect)));

        int code = capture.runIn(runner, dir, "quickstart", "--workdir", dir.resolve("qs").toString());

        assertThat(code).as(capture.stderr()).isZero();
        Path workdir = dir.resolve("qs");
        QuickstartOutput output = new QuickstartOutput(capture.json(), capture.stderr());
        output.checkCommonSteps(workdir);
        JsonNode storage = output.checkStorageFiles(workdir);
        assertThat(storage.path("defined").asBoolean()).isTrue();
        assertThat(storage.path("uri").asText()).isEqualTo("test:///default");
        assertThat(storage.path("poolState").asText()).isEqualTo("RUNNING");
        assertThat(output.headline("storage")).isEqualTo("Defining storage pool 'quickstart' and creating volume"
                + " 'scratch.qcow2' in it on libvirt's in-process test driver (test:///default): no daemon, nothing"
                + " on the host changes.");
        assertThat(output.detail("storage")).contains("pool quickstart is RUNNING (target " + workdir.resolve("pool"))
                .contains("volume scratch.qcow2 is at " + storage.path("volumePath").asText());
        JsonNode backend = output.step("backend");
        assertThat(backend.path("backend").asText()).as("chosen by the SDK: sdk-libvirt is on the class path")
                .isEqualTo("libvirt");
        assertThat(backend.path("target").asText()).isEqualTo("test:///default");
        assertThat(output.step("vm").path("backend").asText()).isEqualTo("libvirt");
        assertThat(output.step("vm").path("name").asText()).isEqualTo("quickstart");
        assertThat(workdir.resolve("pool")).as("the test driver changes nothing on the host").doesNotExist();
    }

    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void thePoolLifecycleItSuggests_runsOnTheSystemDaemonAndLeavesNothingDefined() throws IOException {
        ExamplesRunner runner = new ExamplesRunner(List.of(new QuickstartCommand(HostTools::detect)));
        assertThat(capture.runIn(runner, dir, "quickstart", "--workdir", "qs")).as(capture.stderr()).isZero();
        JsonNode suggested = new QuickstartOutput(capture.json(), capture.stderr()).step("next").path("next")
                .findParents("command").stream().filter(n -> n.path("command").path(0).asText()
                        .equals("pool-lifecycle")).findFirst().orElseThrow().path("command");
        List<String> words = new java.util.ArrayList<>();
        suggested.forEach(w -> words.add(w.asText()));
        capture.reset();

        int code = capture.runIn(dir, words.toArray(String[]::new));

        assertThat(code).as(capture.stderr()).isZero();
        assertThat(capture.json().path("pool").asText()).isEqualTo("quickstart");
        assertThat(capture.json().path("ok").asBoolean()).isTrue();
        assertThat(dir.resolve("qs/pool")).as("the lifecycle deletes what its build made").doesNotExist();
        try (io.virtshare.VirtShare host = io.virtshare.examples.TestLibvirt.open("qemu:///system")) {
            assertThat(host.pools().find("quickstart")).isEmpty();
        }
    }
}
