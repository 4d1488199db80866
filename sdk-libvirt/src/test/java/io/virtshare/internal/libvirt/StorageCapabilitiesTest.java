package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.storage.PoolCapabilities;
import io.virtshare.storage.PoolTypeCapability;
import io.virtshare.storage.PoolType;
import io.virtshare.xml.XmlParseException;
import org.junit.jupiter.api.Test;

class StorageCapabilitiesTest {
    private static final String XML = """
            <storagepoolCapabilities>
              <pool type='dir' supported='yes'>
                <volOptions>
                  <defaultFormat type='raw'/>
                  <enum name='targetFormatType'><value>raw</value><value>qcow2</value></enum>
                </volOptions>
              </pool>
              <pool type='fs' supported='yes'>
                <poolOptions>
                  <defaultFormat type='auto'/>
                  <enum name='sourceFormatType'><value>auto</value><value>ext4</value></enum>
                </poolOptions>
              </pool>
              <pool type='rbd' supported='no'/>
              <pool type='nvme-of' supported='yes'/>
            </storagepoolCapabilities>
            """;

    @Test
    void parse_readsTypesSupportAndFormats() {
        PoolCapabilities caps = StorageCapabilities.parse(XML);

        assertThat(caps.pools()).extracting(PoolTypeCapability::typeName).containsExactly("dir", "fs", "rbd", "nvme-of");
        assertThat(caps.supports(PoolType.DIR)).isTrue();
        assertThat(caps.supports(PoolType.RBD)).isFalse();
        assertThat(caps.supports(PoolType.ISCSI)).as("not listed").isFalse();
        PoolTypeCapability dir = caps.of(PoolType.DIR).orElseThrow();
        assertThat(dir.defaultVolumeFormat()).contains("raw");
        assertThat(dir.volumeFormats()).containsExactly("raw", "qcow2");
        assertThat(dir.sourceFormats()).isEmpty();
        PoolTypeCapability fs = caps.of(PoolType.FS).orElseThrow();
        assertThat(fs.defaultSourceFormat()).contains("auto");
        assertThat(fs.sourceFormats()).containsExactly("auto", "ext4");
        assertThat(caps.pools().get(3).type()).isEqualTo(PoolType.UNKNOWN_TO_SDK_VERSION);
    }

    @Test
    void parse_refusesOtherDocumentsWithATypedError() {
        assertThatThrownBy(() -> StorageCapabilities.parse("<capabilities/>")).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("<storagepoolCapabilities>");
        assertThatThrownBy(() -> StorageCapabilities.parse("<storagepoolCapabilities>"))
                .isInstanceOf(XmlParseException.class);
    }
}
