package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostDoctorTest {
    @TempDir
    Path dir;

    @Test
    void report_hasEverySectionAndEveryTool() {
        JsonNode report = HostDoctor.report(HostTools.detectWithout(EnumSet.of(HostTool.KVM), "not probed"), dir);

        assertThat(report.fieldNames()).toIterable()
                .containsExactly("java", "libvirt", "virtiofsd", "qemu", "guest", "reflink", "tools");
        assertThat(report.path("java").path("version").asText()).isEqualTo(Runtime.version().toString());
        assertThat(report.path("tools")).hasSize(HostTool.values().length);
        assertThat(report.path("libvirt").path("uris")).hasSize(HostDoctor.URIS.size());
        assertThat(report.path("qemu").path("kvm").path("usable").asBoolean()).isFalse();
        assertThat(report.path("qemu").path("kvm").path("accelerator").asText()).isEqualTo("tcg");
        assertThat(report.path("reflink").path("directory").asText()).isEqualTo(dir.toString());
    }
}
