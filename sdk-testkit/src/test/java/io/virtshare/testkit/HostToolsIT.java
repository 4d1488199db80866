package io.virtshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Files;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Detection against the real host stack (runs in CI, where .ci/run installs it). */
class HostToolsIT {
    private final HostTools tools = HostTools.detect();

    @Test
    @RequiresHost(HostTool.VIRTIOFSD)
    void virtiofsd_isFoundWithItsFlavour() {
        ToolStatus status = tools.status(HostTool.VIRTIOFSD);

        assertThat(status.path()).hasValueSatisfying(p -> assertThat(Files.isExecutable(p)).isTrue());
        assertThat(status.detail()).matches("(c|rust) flavour");
        assertThat(status.version()).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+.*"));
    }

    @Test
    @RequiresHost({HostTool.QEMU, HostTool.QEMU_IMG, HostTool.VIRSH, HostTool.LIBVIRT_LIBRARY})
    void versionedTools_reportVersions() {
        for (HostTool tool : EnumSet.of(HostTool.QEMU, HostTool.QEMU_IMG, HostTool.VIRSH, HostTool.LIBVIRT_LIBRARY)) {
            assertThat(tools.status(tool).version()).as(tool.name())
                    .hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+(\\.\\d+)?"));
        }
    }

    @Test
    @RequiresHost({HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
    void guestMaterial_isUsable() {
        assertThat(ElfFiles.isStaticExecutable(tools.status(HostTool.BUSYBOX).path().orElseThrow())).isTrue();
        GuestKernel kernel = GuestKernel.find().orElseThrow();
        assertThat(GuestKernel.missingModules(kernel.modules())).isEmpty();
    }

    @Test
    @RequiresHost({HostTool.QEMU, HostTool.GUEST_KERNEL})
    void kvmProbe_givesAVerdictWithinItsLimit() {
        long start = System.nanoTime();
        KvmVerdict verdict = tools.kvm();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        assertThat(seconds).as("the probe is bounded").isLessThan(30);
        assertThat(verdict.reason()).isNotBlank();
        assertThat(verdict.accelerator()).isEqualTo(verdict.usable() ? "kvm" : "tcg");
        assertThat(verdict.deviceNode()).isEqualTo(Files.exists(java.nio.file.Path.of("/dev/kvm")));
        assertThat(tools.status(HostTool.KVM).available()).isEqualTo(verdict.usable());
    }

    @Test
    @RequiresHost(HostTool.LIBVIRTD)
    void libvirtd_reportsItsVersion() {
        assertThat(tools.status(HostTool.LIBVIRTD).version()).isPresent();
    }

    @Test
    void detectWithout_marksToolsMissingWithoutProbing() {
        HostTools without = HostTools.detectWithout(EnumSet.of(HostTool.KVM), "disabled for the test");

        assertThat(without.available(HostTool.KVM)).isFalse();
        assertThat(without.kvm().usable()).isFalse();
        assertThat(without.kvm().reason()).isEqualTo("disabled for the test");
    }

    @Test
    void all_coversEveryToolWithADetail() {
        assertThat(HostTools.detectWithout(EnumSet.of(HostTool.KVM), "skip the slow probe").all())
                .extracting(ToolStatus::tool).containsExactly(HostTool.values());
    }
}
