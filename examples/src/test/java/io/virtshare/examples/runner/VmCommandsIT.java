package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.QemuDomainCheck;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code vm attach} and {@code vm detach} on {@code qemu:///system}, judged by {@code virsh}:
 * an image attached with {@code --config} is in {@code virsh dumpxml --inactive} and
 * {@code --config} detach removes it; {@code --live} on a running i440fx machine exits 1 before
 * libvirt is asked.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.VIRSH, HostTool.LIBVIRTD, HostTool.QEMU, HostTool.VIRTIOFSD})
class VmCommandsIT extends VmCommandsFixture {
    private static final String URI = "qemu:///system";
    private static final QemuDomainCheck VIRSH = QemuDomainCheck.of(URI);

    @Override
    String uri() {
        return URI;
    }

    @Test
    void attachConfig_isInDumpxmlInactive_andDetachConfigRemovesIt() throws IOException {
        vms.define(VmSpec.builder(name).shares(VmShares.none(tmp)).build());

        assertThat(run("vm", "attach", "--uri", URI, "--domain", name, "--datastore", ds.toString(), id, "--tag",
                "models", "--config")).as(capture.stderr()).isZero();

        assertThat(capture.json().path("domainXml").path("config").asText()).contains("<target dir='models'/>");
        assertThat(VIRSH.dumpxml(name, true)).contains("<target dir='models'/>")
                .contains("<source dir='" + ds.resolve(id) + "'/>").contains("<access mode='shared'/>");

        assertThat(run("vm", "detach", "--uri", URI, "--domain", name, "--tag", "models", "--config"))
                .as(capture.stderr()).isZero();

        assertThat(VIRSH.dumpxml(name, true)).doesNotContain("<target dir='models'/>");
    }

    @Test
    void attachLive_onARunningI440fxMachine_exits1BeforeLibvirtIsAsked() throws IOException {
        Vm vm = vms.define(VmSpec.builder(name).machine("pc").memoryMib(64).shares(VmShares.none(tmp)).build());
        vm.start();
        String before = VIRSH.dumpxml(name, false);

        assertThat(run("vm", "attach", "--uri", URI, "--domain", name, "--datastore", ds.toString(), id, "--live"))
                .isEqualTo(1);

        assertThat(errorLine()).contains("cannot hot-plug").contains("Bus 'pci.0'").contains("machine q35");
        assertThat(VIRSH.dumpxml(name, false)).isEqualTo(before);
    }
}
