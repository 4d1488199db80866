package io.virtshare.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.xml.SemanticXml;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DomainXmlTest {
    private static final String PLAIN = """
            <domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
              <name>guest</name>
              <metadata><app:info xmlns:app='http://example.com/app'>keep me</app:info></metadata>
              <memory unit='KiB'>1048576</memory>
              <currentMemory unit='KiB'>1048576</currentMemory>
              <os><type arch='x86_64'>hvm</type></os>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <future-device kind='new'/>
              </devices>
              <qemu:commandline><qemu:arg value='-nodefaults'/></qemu:commandline>
            </domain>
            """;

    private static FilesystemDevice llama() {
        return FilesystemDevice.virtiofs(Path.of("/srv/models/llama"), "llama").readOnly(true).queue(1024)
                .features(LibvirtFeatures.of(11, 0, 0)).build();
    }

    @Test
    void attachVirtiofs_addsTheDeviceAndSharedMemfdMemory() {
        DomainXml attached = DomainXml.parse(PLAIN).attach(llama());

        assertThat(attached.filesystems()).containsExactly(llama());
        assertThat(attached.hasSharedMemory()).isTrue();
        assertThat(attached.memoryBacking()).hasValueSatisfying(m -> {
            assertThat(m.sourceType()).hasValue("memfd");
            assertThat(m.accessMode()).hasValue("shared");
        });
        assertThat(attached.toXml()).contains("keep me", "future-device", "qemu:arg", "<readonly/>");
    }

    @Test
    void attachThenDetach_givesBackTheDomainExceptSharedMemory() {
        DomainXml original = DomainXml.parse(PLAIN);
        String after = original.attach(llama()).detach("llama").toXml();

        assertThat(SemanticXml.difference(PLAIN, after)).hasValueSatisfying(d -> assertThat(d)
                .contains("/domain/memoryBacking: invented, was '<memoryBacking"));
        assertThat(original.toXml()).doesNotContain("memoryBacking");
    }

    @Test
    void sharedHugepages_areLeftAlone() {
        String huge = PLAIN.replace("<os>", "<memoryBacking><hugepages/><access mode='shared'/></memoryBacking><os>");

        DomainXml attached = DomainXml.parse(huge).attach(llama());

        assertThat(attached.memoryBacking()).hasValueSatisfying(m -> {
            assertThat(m.hugepages()).isPresent();
            assertThat(m.sourceType()).isEmpty();
        });
    }

    @Test
    void privateAccess_isMadeShared() {
        String priv = PLAIN.replace("<os>", "<memoryBacking><source type='file'/><access mode='private'/>"
                + "</memoryBacking><os>");

        DomainXml attached = DomainXml.parse(priv).attach(llama());

        assertThat(attached.memoryBacking()).hasValueSatisfying(m -> {
            assertThat(m.sourceType()).hasValue("file");
            assertThat(m.accessMode()).hasValue("shared");
        });
    }

    @Test
    void numaCellsWithSharedAccess_countAsShared() {
        String numa = PLAIN.replace("<os>", "<cpu><numa><cell id='0' cpus='0' memory='1048576' unit='KiB'"
                + " memAccess='shared'/></numa></cpu><os>");

        DomainXml attached = DomainXml.parse(numa).attach(llama());

        assertThat(attached.memoryBacking()).isEmpty();
        assertThat(attached.hasSharedMemory()).isTrue();
    }

    @Test
    void ninep_needsNoSharedMemory() {
        DomainXml attached = DomainXml.parse(PLAIN).attach(FilesystemDevice.ninep(Path.of("/srv/data"), "data")
                .build());

        assertThat(attached.memoryBacking()).isEmpty();
        assertThat(attached.filesystems()).singleElement().satisfies(fs -> assertThat(fs.accessMode())
                .hasValue("mapped"));
    }

    @Test
    void duplicateTag_isRefused() {
        DomainXml once = DomainXml.parse(PLAIN).attach(llama());

        assertThatThrownBy(() -> once.attach(llama())).isInstanceOf(DomainXmlException.class)
                .hasMessageContaining("tag 'llama'").hasMessageContaining("choose another tag");
    }

    @Test
    void detachUnknownTag_listsTheTags() {
        assertThatThrownBy(() -> DomainXml.parse(PLAIN).attach(llama()).detach("nope"))
                .isInstanceOf(DomainXmlException.class).hasMessageContaining("[llama]");
    }

    @Test
    void tagLimits_areChecked() {
        assertThatThrownBy(() -> FilesystemDevice.virtiofs(Path.of("/x"), "t".repeat(37)).build())
                .hasMessageContaining("1 to 36 bytes");
        assertThatThrownBy(() -> FilesystemDevice.ninep(Path.of("/x"), "t".repeat(31)).build())
                .hasMessageContaining("1 to 30 bytes");
    }
}
