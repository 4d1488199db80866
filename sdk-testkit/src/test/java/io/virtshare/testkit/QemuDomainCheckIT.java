package io.virtshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.testkit.junit.RequiresHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real QEMU driver judges domains; nothing stays defined. */
class QemuDomainCheckIT {
    private static final String DOMAIN = """
            <domain type='qemu'>
              <name>%s</name>
              <uuid>6f5a2b6e-2d7c-4f0e-9a43-1c7e3f7d0a11</uuid>
              <memory unit='MiB'>256</memory>
              %s
              <os><type arch='x86_64' machine='q35'>hvm</type></os>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <filesystem type='mount' accessmode='passthrough'>
                  <driver type='virtiofs'/>
                  <source dir='/srv'/>
                  <target dir='srv'/>
                </filesystem>
              </devices>
            </domain>
            """;
    private static final String SHARED = "<memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking>";

    private static List<String> domains() {
        CommandResult r = CommandRunner.run(Duration.ofSeconds(30),
                List.of("virsh", "-c", QemuDomainCheck.SYSTEM_URI, "list", "--all", "--name"));
        assertThat(r.succeeded()).as(r.describe()).isTrue();
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    @RequiresHost({HostTool.VIRSH, HostTool.LIBVIRTD})
    void acceptedDomain_isDefinedUnderAnotherNameAndRemoved() {
        List<String> before = domains();

        assertThat(QemuDomainCheck.system().refusal(DOMAIN.formatted("checked", SHARED))).isEmpty();

        assertThat(domains()).containsExactlyInAnyOrderElementsOf(before).doesNotContain("checked");
    }

    @Test
    @RequiresHost({HostTool.VIRSH, HostTool.LIBVIRTD})
    void refusedDomain_returnsLibvirtsReasonOnOneLine() {
        List<String> before = domains();

        assertThat(QemuDomainCheck.system().refusal(DOMAIN.formatted("unshared", "")))
                .hasValueSatisfying(why -> assertThat(why).contains("requires shared memory")
                        .doesNotContain("\n").doesNotContain("Failed to define domain from"));
        assertThat(domains()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void renamed_takesTheNameAndDropsTheUuid() {
        String renamed = QemuDomainCheck.renamed(DOMAIN.formatted("original", SHARED), "virtshare-check-1");

        assertThat(renamed).contains("<name>virtshare-check-1</name>").doesNotContain("original", "<uuid>");
        assertThat(QemuDomainCheck.renamed("<domain type='qemu'><memory>1</memory></domain>", "n"))
                .contains("<name>n</name>");
    }

    @Test
    void notADomain_isRefusedBeforeLibvirtIsAsked() {
        assertThatThrownBy(() -> QemuDomainCheck.system().refusal("<pool type='dir'/>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a libvirt domain");
        assertThatThrownBy(() -> QemuDomainCheck.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qemu:///system");
    }
}
