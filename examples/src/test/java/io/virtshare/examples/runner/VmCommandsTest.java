package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code vm attach} and {@code vm detach} on libvirt's in-process test driver: the image's
 * filesystem goes into the domain's definition and out again, with the XML as libvirt reports
 * it; user errors exit 1 with one line, usage errors 2. The test holds its own connection so
 * that the driver's state outlives the command's.
 */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class VmCommandsTest extends VmCommandsFixture {
    private static final String URI = "test:///default";

    private Vm vm;

    @Override
    String uri() {
        return URI;
    }

    private String[] attach(String... more) {
        List<String> words = new ArrayList<>(List.of("vm", "attach", "--uri", URI, "--domain", name, "--datastore",
                ds.toString(), id));
        words.addAll(List.of(more));
        return words.toArray(String[]::new);
    }

    @BeforeEach
    void define() {
        vm = vms.define(VmSpec.builder(name).machine("pc").shares(VmShares.none(tmp)).build());
    }

    @Test
    void attachConfig_printsTheFilesystemAndTheDefinitionAsLibvirtReportsThem() throws IOException {
        assertThat(run(attach("--config", "--tag", "models"))).as(capture.stderr()).isZero();

        JsonNode json = capture.json();
        FilesystemDevice fs = FilesystemDevice.parse(json.path("filesystem").asText());
        assertThat(fs.target()).isEqualTo("models");
        assertThat(fs.sourceDir()).hasValue(image);
        assertThat(json.path("scopes").toString()).isEqualTo("[\"config\"]");
        DomainXml config = DomainXml.parse(json.path("domainXml").path("config").asText());
        assertThat(config.filesystems()).extracting(FilesystemDevice::target).containsExactly("models");
        assertThat(config.hasSharedMemory()).isTrue();
        assertThat(vm.filesystems(DeviceScope.CONFIG)).extracting(FilesystemDevice::target).containsExactly("models");
    }

    @Test
    void detachConfig_removesWhatAttachAdded() throws IOException {
        assertThat(run(attach("--tag", "models"))).as(capture.stderr()).isZero();

        assertThat(run("vm", "detach", "--uri", URI, "--domain", name, "--tag", "models", "--config"))
                .as(capture.stderr()).isZero();

        assertThat(DomainXml.parse(capture.json().path("domainXml").path("config").asText()).filesystems()).isEmpty();
        assertThat(vm.filesystems(DeviceScope.CONFIG)).isEmpty();
    }

    @Test
    void detach_ofAnUnknownTag_exits1NamingTheTagsThere() {
        assertThat(run("vm", "detach", "--uri", URI, "--domain", name, "--tag", "nope")).isEqualTo(1);

        assertThat(capture.stdout()).isEmpty();
        assertThat(errorLine()).contains("has no filesystem tagged 'nope'").contains("its tags there are []");
    }

    @Test
    void attachLive_toAVmThatIsNotRunning_exits1SayingToUseConfig() {
        assertThat(run(attach("--live"))).isEqualTo(1);

        assertThat(errorLine()).contains("is not running").contains("DeviceScope.CONFIG");
        assertThat(vm.filesystems(DeviceScope.CONFIG)).isEmpty();
    }

    @Test
    void attachReadOnly_onLibvirtBefore11_exits1WithTheAlternatives() {
        assertThat(run(attach("--read-only", "--config"))).isEqualTo(1);

        assertThat(errorLine()).contains("read-only").contains("11.0.0").contains("9p");
    }

    @Test
    void attach_toAnUnknownDomain_exits1() {
        assertThat(run("vm", "attach", "--uri", URI, "--domain", "vs-no-such-domain", "--datastore", ds.toString(),
                id)).isEqualTo(1);

        assertThat(errorLine()).contains("no VM 'vs-no-such-domain' on test:///default");
    }

    @Test
    void missingOptions_areUsageErrors() {
        assertThat(run("vm", "attach", "--domain", name, "--datastore", ds.toString(), id)).isEqualTo(2);
        assertThat(capture.stderr()).contains("--uri is required");
        assertThat(run("vm", "detach", "--uri", URI, "--domain", name)).isEqualTo(2);
        assertThat(capture.stderr()).contains("--tag is required");
        assertThat(run("vm", "attach", "--uri", URI, "--domain", name, "--datastore", ds.toString())).isEqualTo(2);
        assertThat(capture.stderr()).contains("ID is required");
    }
}
