package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolTarget;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.VolumeSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No value the SDK writes can carry a character XML 1.0 cannot: every writer refuses it, naming the field. */
class XmlWriteCharactersTest {
    private final XmlCodec codec = XmlCodec.defaults();

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x0, 0x1, 0x8, 0xB, 0xC, 0x1F, 0xFFFE, 0xFFFF, 0xD800, 0xDFFF})
    void write_whenAValueHoldsACharacterXmlCannotCarry_refusesNamingTheField(int code) {
        String bad = "a" + (char) code + "b";
        String hex = String.format("U+%04X", code);

        assertThatThrownBy(() -> FilesystemDevice.virtiofs(Path.of("/srv/m"), bad).build().toXml())
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("attribute dir of <filesystem>/<target> holds " + hex + " at character 2");
        assertThatThrownBy(() -> codec.writePool(PoolSpec.dir(bad).target(Path.of("/srv/p")).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("the text of <pool>/<name> holds " + hex);
        assertThatThrownBy(() -> codec.writePool(PoolSpec.builder(PoolType.DIR).name("p")
                .target(PoolTarget.of("/srv/" + bad)).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("the text of <pool>/<target>/<path> holds " + hex);
        assertThatThrownBy(() -> codec.writeVolume(VolumeSpec.builder("v").key(bad).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("the text of <volume>/<key> holds " + hex);
        DomainXml domain = DomainXml.parse("<domain type='kvm'><name>d</name><devices/></domain>");
        FilesystemDevice fs = FilesystemDevice.virtiofs(Path.of("/srv/m"), bad).build();
        assertThatThrownBy(() -> domain.attach(fs).toXml()).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("attribute dir of <domain>/<devices>/<filesystem>/<target> holds " + hex)
                .hasMessageContaining("remove it");
    }

    @Test
    void write_whenValuesHoldTabsNewlinesAndPairedSurrogates_writesThem() {
        String fine = "tab\there\nnew line \u00e9 \uD83D\uDE00 \uFFFD";

        String xml = codec.writePool(PoolSpec.dir(fine).target(Path.of("/srv/p")).build());

        assertThat(codec.readPool(xml).name()).hasValue(fine);
        assertThat(FilesystemDevice.parse(FilesystemDevice.virtiofs(Path.of("/srv/" + fine), "t").build().toXml())
                .sourceDir()).hasValue(Path.of("/srv/" + fine));
    }
}
