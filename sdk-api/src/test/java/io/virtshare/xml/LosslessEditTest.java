package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.VolumeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changing a typed field changes the XML only there; XML the model does not know stays. */
class LosslessEditTest {
    private final XmlCodec codec = XmlCodec.defaults();

    private static final String POOL = """
            <pool type='netfs' xmlns:fs='http://libvirt.org/schemas/storagepool/fs/1.0'
                  xmlns:acme='urn:acme:pool' acme:tier='gold' future='yes'>
              <name>images</name>
              <metadata><acme:owner>ops</acme:owner></metadata>
              <source>
                <host name='nfs.example.com' port='2049' weight='3'/>
                <dir path='/exports/images'/>
                <format type='nfs'/>
                <mystery level='7'>text</mystery>
              </source>
              <target>
                <path>/var/lib/virt/images</path>
                <permissions><mode>0755</mode><owner>107</owner><group>107</group><acl>none</acl></permissions>
                <!-- keep me -->
              </target>
              <fs:mount_opts><fs:option name='nosuid'/></fs:mount_opts>
              <futureElement a='1'><child/></futureElement>
            </pool>
            """;

    @Test
    void writePool_afterChangingTargetPath_changesOnlyThePath() {
        PoolSpec pool = codec.readPool(POOL);
        assertThat(pool.extras().isEmpty()).isFalse();
        assertThat(pool.mountOptions()).containsExactly("nosuid");
        assertThat(((PoolSource.Netfs) pool.source().orElseThrow()).hosts().get(0).port()).contains(2049);

        String written = codec.writePool(pool.toBuilder().target(Path.of("/srv/images")).build());

        assertThat(SemanticXml.difference(POOL, written)).get().asString()
                .isEqualTo("/pool/target/path: expected '/var/lib/virt/images' but was '/srv/images'");
        assertThat(written).contains("<acme:owner>ops</acme:owner>", "weight='3'", "<!-- keep me -->",
                "<acl>none</acl>", "<mystery level='7'>text</mystery>", "acme:tier='gold'", "future='yes'");
    }

    @Test
    void writePool_unchanged_isSemanticallyEqualAndReadsBackEqual() {
        PoolSpec pool = codec.readPool(POOL);
        String written = codec.writePool(pool);

        assertThat(SemanticXml.difference(POOL, written)).isEmpty();
        assertThat(codec.readPool(written)).isEqualTo(pool);
    }

    @Test
    void writePool_afterAddingHost_keepsUnknownAttributesOfTheFirstHost() {
        PoolSpec pool = codec.readPool(POOL);

        String written = codec.writePool(pool.toBuilder().host("backup.example.com").build());

        assertThat(SemanticXml.difference(POOL, written)).get().asString().hasLineCount(1)
                .startsWith("/pool/source/host[1]: invented, was '<host").contains("backup.example.com");
        assertThat(written).contains("<host name='nfs.example.com' port='2049' weight='3'/>",
                "<host name='backup.example.com'/>");
    }

    @Test
    void writeVolume_afterChangingCapacity_keepsTheRest() {
        String xml = """
                <volume type='file'>
                  <name>disk.qcow2</name>
                  <capacity unit='G'>5</capacity>
                  <target><format type='qcow2'/><compat>1.1</compat><future/></target>
                  <extension xmlns='urn:x'><v>1</v></extension>
                </volume>
                """;
        VolumeSpec volume = codec.readVolume(xml);

        String written = codec.writeVolume(volume.toBuilder()
                .capacity(io.virtshare.storage.Size.gib(10)).build());

        assertThat(SemanticXml.difference(xml, written)).get().asString()
                .isEqualTo("/volume/capacity/@unit: expected 'G' but was 'GiB'\n"
                        + "/volume/capacity: expected '5' but was '10'");
        assertThat(codec.readVolume(written).target().orElseThrow().extras().isEmpty()).isFalse();
    }

    private static final String DOMAIN = """
            <domain type='kvm'>
              <name>vm</name>
              <memory unit='KiB'>1048576</memory>
              <currentMemory unit='KiB'>1048576</currentMemory>
              <metadata><app:info xmlns:app='urn:app'>x</app:info></metadata>
              <devices>
                <disk type='file' device='disk'><source file='/a.qcow2'/><target dev='vda'/></disk>
                <filesystem type='mount' accessmode='mapped'>
                  <source dir='/export'/>
                  <target dir='export'/>
                </filesystem>
                <!-- console next -->
                <console type='pty'/>
              </devices>
            </domain>
            """;

    @Test
    void writeDomain_unchanged_keepsEverything() {
        DomainXml domain = codec.readDomain(DOMAIN);

        String written = codec.writeDomain(domain);

        assertThat(domain.filesystems()).singleElement().satisfies(fs -> assertThat(fs.target()).isEqualTo("export"));
        assertThat(domain.memoryBacking()).isEmpty();
        assertThat(SemanticXml.difference(DOMAIN, written)).isEmpty();
        assertThat(written).contains("console next", "x</app:info>");
    }

    @Test
    void writeDomain_afterAttachingVirtiofs_changesOnlyFilesystemsAndSharedMemory() {
        DomainXml domain = codec.readDomain(DOMAIN);

        String written = codec.writeDomain(domain.attach(
                FilesystemDevice.virtiofs(java.nio.file.Path.of("/srv/models"), "models").build()));

        assertThat(SemanticXml.difference(DOMAIN, written)).get().asString()
                .contains("/domain/memoryBacking: invented, was '<memoryBacking>")
                .contains("/domain/devices/filesystem[1]: invented, was '<filesystem")
                .doesNotContain("disk", "console", "metadata");
        DomainXml reread = codec.readDomain(written);
        assertThat(reread.filesystems()).hasSize(2);
        assertThat(reread.memoryBacking()).hasValueSatisfying(m -> {
            assertThat(m.sourceType()).hasValue("memfd");
            assertThat(m.isShared()).isTrue();
        });
        assertThat(written.indexOf("<memoryBacking>")).isGreaterThan(written.indexOf("<currentMemory"));
    }

    @Test
    void writeDomain_afterRemovingFilesystem_dropsOnlyIt() {
        DomainXml domain = codec.readDomain(DOMAIN);

        String written = codec.writeDomain(domain.detach("export"));

        assertThat(SemanticXml.difference(DOMAIN, written)).get().asString().hasLineCount(1)
                .startsWith("/domain/devices/filesystem: dropped, expected '<filesystem");
    }
}
