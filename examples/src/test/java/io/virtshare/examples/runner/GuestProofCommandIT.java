package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code guest-proof} through the runner, for both paths: each protocol mounted, read and written. */
class GuestProofCommandIT {
    private final RunnerCapture capture = new RunnerCapture();

    private JsonNode proof(String via) throws Exception {
        int exit = capture.run("guest-proof", "--protocol", "both", "--via", via);
        String stderr = capture.stderr();
        System.err.print(stderr);
        assertThat(exit).as(stderr).isZero();
        return capture.json();
    }

    private static void assertBothProved(JsonNode json, String via) {
        assertThat(json.path("via").asText()).isEqualTo(via);
        assertThat(json.path("ok").asBoolean()).isTrue();
        for (String protocol : List.of("virtiofs", "9p")) {
            JsonNode p = json.at("/protocols/" + protocol);
            assertThat(p.path("mounted").asBoolean()).as(protocol + " mounted: " + p).isTrue();
            assertThat(p.path("readOk").asBoolean()).as(protocol + " read").isTrue();
            assertThat(p.path("writeOk").asBoolean()).as(protocol + " written").isTrue();
        }
    }

    @Test
    @RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
    void viaQemu_bothProtocolsAreMountedReadAndWritten() throws Exception {
        assertBothProved(proof("qemu"), "qemu");
    }

    @Test
    @RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX, HostTool.VIRSH,
        HostTool.LIBVIRTD})
    void viaLibvirt_bothProtocolsAreMountedReadAndWritten() throws Exception {
        assertBothProved(proof("libvirt"), "libvirt");
    }
}
