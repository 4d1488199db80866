package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.virtshare.domain.DomainXml;
import io.virtshare.storage.PoolSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Deep nesting and many children: refused with a typed error, or read and written in one pass. */
class XmlCodecNestingTest {
    private final XmlCodec codec = XmlCodec.defaults();

    /** A pool whose unknown {@code <x>} elements make the document {@code depth} elements deep. */
    private static String poolNested(int depth) {
        return "<pool type='dir'><name>p</name>" + "<x>".repeat(depth - 1) + "</x>".repeat(depth - 1) + "</pool>";
    }

    @ParameterizedTest(name = "{0} deep")
    @ValueSource(ints = {257, 1_000, 100_000})
    void read_whenNestingIsDeeperThanLibvirtReads_refusesWithTheLimit(int depth) {
        String xml = poolNested(depth);

        XmlParseException e = catchThrowableOfType(XmlParseException.class, () -> codec.readPool(xml));

        assertThat(e.getMessage()).contains("nested more than 256 deep").doesNotContain("Exception");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isPositive();
        assertThatThrownBy(() -> codec.detect(xml)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("nested more than 256 deep");
        assertThatThrownBy(() -> codec.roundTrip(xml)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("nested more than 256 deep");
    }

    @Test
    void domainParse_whenNestingIsTooDeep_refusesWithTheLimit() {
        String xml = "<domain type='kvm'><name>d</name>" + "<x>".repeat(100_000) + "</x>".repeat(100_000)
                + "</domain>";

        assertThatThrownBy(() -> DomainXml.parse(xml)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("nested more than 256 deep");
    }

    @Test
    void roundTrip_atTheDepthLimit_keepsTheNestedExtraXml() {
        String xml = poolNested(256);

        String written = codec.roundTrip(xml);

        assertThat(written.split("<x", -1)).hasSize(256);
        assertThat(codec.readPool(written)).isEqualTo(codec.readPool(xml));
    }

    @Test
    void roundTrip_ofManyDevices_keepsEveryDeviceInOrder() {
        int devices = 5_000;
        StringBuilder xml = new StringBuilder("<pool type='logical'><name>vg</name><source>");
        for (int i = 0; i < devices; i++) {
            xml.append("<device path='/dev/d").append(i).append("'><x n='").append(i).append("'/></device>");
        }
        xml.append("<name>vg</name></source><target><path>/dev/vg</path></target></pool>");

        PoolSpec pool = codec.readPool(xml.toString());
        String written = codec.writePool(pool);

        assertThat(((io.virtshare.storage.PoolSource.Logical) pool.source().orElseThrow()).devices()).hasSize(devices);
        assertThat(written).contains("<device path='/dev/d0'>\n      <x n='0'/>")
                .contains("<device path='/dev/d4999'>\n      <x n='4999'/>");
        assertThat(codec.readPool(written)).isEqualTo(pool);
    }
}
