package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.storage.FormatType;
import io.virtshare.storage.Host;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.SourceDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * libvirt's answers to a source discovery ({@code testdata/pool-sources}, see its README) read as
 * typed sources, and hostile answers refused.
 */
class PoolSourcesXmlTest {
    private final XmlCodec codec = XmlCodec.defaults();

    private static String sample(String name) throws IOException {
        return Files.readString(CorpusConformanceTest.corpus().getParent().getParent().resolve("pool-sources")
                .resolve(name));
    }

    @Test
    void logicalAnswer_givesEachVolumeGroup_withItsDevicesAndFormat() throws IOException {
        List<PoolSource> found = codec.readPoolSources(sample("logical-one-vg.xml"), PoolType.LOGICAL);

        assertThat(found).singleElement().isInstanceOfSatisfying(PoolSource.Logical.class, vg -> {
            assertThat(vg.name()).contains("vsrcprobe");
            assertThat(vg.devices()).extracting(SourceDevice::path).containsExactly("/dev/loop0");
            assertThat(vg.format()).contains(FormatType.LVM2);
        });
        assertThat(codec.readPoolSources(sample("logical-none.xml"), PoolType.LOGICAL)).isEmpty();
    }

    @Test
    void netfsAndIscsiAnswers_giveOneTypedSourcePerExportOrTarget() throws IOException {
        assertThat(codec.readPoolSources(sample("netfs-two-exports.xml"), PoolType.NETFS))
                .extracting(s -> ((PoolSource.Netfs) s).dir().orElseThrow())
                .containsExactly("/exports/images", "/exports/iso");
        assertThat(codec.readPoolSources(sample("iscsi-two-targets.xml"), PoolType.ISCSI)).allSatisfy(s ->
                assertThat(((PoolSource.Iscsi) s).hosts()).containsExactly(new Host("san.example.com",
                        Optional.of(3260))))
                .extracting(s -> ((PoolSource.Iscsi) s).devices().get(0).path())
                .containsExactly("iqn.2024-01.com.example:disks", "iqn.2024-01.com.example:backup");
    }

    @Test
    void hostileAnswers_areRefusedAsParseErrors() {
        assertThatThrownBy(() -> codec.readPoolSources("<!DOCTYPE s [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<sources><source><name>&x;</name></source></sources>", PoolType.LOGICAL))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("DTD");
        assertThatThrownBy(() -> codec.readPoolSources("<pool type='dir'/>", PoolType.LOGICAL))
                .isInstanceOf(XmlParseException.class)
                .hasMessageContaining("expected a list of pool sources (<sources>) but the document is <pool>");
        assertThatThrownBy(() -> codec.readPoolSources("<sources><source><host name='h' port='huge'/></source>"
                + "</sources>", PoolType.NETFS)).isInstanceOf(XmlParseException.class).hasMessageContaining("port");
    }
}
