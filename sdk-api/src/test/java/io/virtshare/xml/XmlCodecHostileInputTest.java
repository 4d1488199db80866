package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XmlCodecHostileInputTest {
    private final XmlCodec codec = XmlCodec.defaults();

    @Test
    void readPool_whenXmlDeclaresExternalEntity_refusesTheDtd() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE pool [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <pool type='dir'><name>&xxe;</name><target><path>/x</path></target></pool>
                """;

        XmlParseException e = catchThrowableOfType(XmlParseException.class, () -> codec.readPool(xxe));

        assertThat(e.getMessage()).contains("DTD").contains("XXE").doesNotContain("root:");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void readPool_whenXmlIsBillionLaughs_refusesTheDtd() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String bomb = dtd + "<pool type='dir'><name>&lol9;</name></pool>";

        assertThatThrownBy(() -> codec.readPool(bomb)).isInstanceOf(XmlParseException.class).hasMessageContaining("DTD");
    }

    @Test
    void readPool_whenInputIsLargerThanTheLimit_refusesBeforeParsing() {
        XmlCodec small = XmlCodec.builder().maxInputChars(100).build();
        String big = "<pool type='dir'><name>" + "x".repeat(200) + "</name></pool>";

        assertThatThrownBy(() -> small.readPool(big)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("more than the limit of 100").hasMessageContaining("maxInputChars");
        assertThat(small.maxInputChars()).isEqualTo(100);
        assertThat(XmlCodec.defaults().maxInputChars()).isEqualTo(16L * 1024 * 1024);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty|''|empty",
        "blank|'   '|empty",
        "truncated|<pool type='dir'><name>x</name>|malformed XML",
        "not xml|hello|malformed XML",
        "wrong root|<volume><name>v</name></volume>|expected a storage pool (<pool>) but the document is <volume>",
        "no type|<pool><name>p</name></pool>|no type attribute",
        "capacity abc|<pool type='dir'><capacity>abc</capacity></pool>|<capacity>abc</capacity> is not a size",
        "negative size|<pool type='dir'><capacity>-5</capacity></pool>|negative",
        "bad unit|<pool type='dir'><capacity unit='XB'>5</capacity></pool>|not a libvirt unit",
        "overflow|<pool type='dir'><capacity unit='EiB'>16</capacity></pool>|larger than 18446744073709551615 bytes",
        "bad port|<pool type='rbd'><source><host name='h' port='x'/></source></pool>|port='x' is not a port number",
        "port range|<pool type='rbd'><source><host name='h' port='70000'/></source></pool>|not between 1 and 65535",
        "bad mode|<pool type='dir'><target><permissions><mode>9z</mode></permissions></target></pool>|octal",
        "host without name|<pool type='rbd'><source><host port='1'/></source></pool>|has no name attribute",
        "bad yes/no|<pool type='dir'><features><cow state='maybe'/></features></pool>|yes or no",
    })
    void readPool_whenInputIsBad_raisesParseErrorNamingTheProblem(String what, String xml, String message) {
        assertThatThrownBy(() -> codec.readPool(xml)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining(message);
    }

    @Test
    void readPool_whenValueIsBad_givesLineAndColumn() {
        String xml = "<pool type='dir'>\n  <name>p</name>\n  <capacity>abc</capacity>\n</pool>";

        XmlParseException e = catchThrowableOfType(XmlParseException.class, () -> codec.readPool(xml));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage()).startsWith("line 3, column");
    }

    @Test
    void readVolume_whenSizeIsNegativeOrNotNumber_raisesParseError() {
        assertThatThrownBy(() -> codec.readVolume("<volume><name>v</name><capacity>-1</capacity></volume>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> codec.readVolume("<volume><name>v</name><allocation>1.5</allocation></volume>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> codec.readVolume("<volume><capacity>1</capacity></volume>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("has no <name>");
    }

    @Test
    void readFilesystemAndDomain_whenInputIsBad_raiseParseErrors() {
        assertThatThrownBy(() -> codec.readFilesystem("<filesystem><idmap><uid start='0'/></idmap></filesystem>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("target=''> is not a number");
        assertThatThrownBy(() -> codec.readDomain("<pool type='dir'/>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("root element <domain>");
        assertThatThrownBy(() -> codec.readMemoryBacking("<memoryBacking><allocation threads='many'/></memoryBacking>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("threads='many'");
    }

    @Test
    void detect_tellsKindsByRootElement() {
        assertThat(codec.detect("<pool type='dir'/>")).isEqualTo(XmlKind.POOL);
        assertThat(codec.detect("<volume/>")).isEqualTo(XmlKind.VOLUME);
        assertThat(codec.detect("<domain/>")).isEqualTo(XmlKind.DOMAIN);
        assertThat(codec.detect("<storagepoolCapabilities/>")).isEqualTo(XmlKind.POOL_CAPABILITIES);
        assertThat(codec.detect("<network/>")).isEqualTo(XmlKind.OTHER);
        assertThat(XmlKind.POOL_CAPABILITIES.modelled()).isFalse();
        assertThatThrownBy(() -> codec.detect("<a>")).isInstanceOf(XmlParseException.class);
    }
}
