package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.domain.DomainXml;
import org.junit.jupiter.api.Test;

/** Text encodings of XML input: byte-order marks, UTF-16, bytes that are not UTF-8. */
class XmlCodecEncodingTest {
    private static final String POOL = "<?xml version='1.0' encoding='UTF-8'?>\n<pool type='dir'><name>p</name>"
            + "<target><path>/srv/p</path></target></pool>";

    private final XmlCodec codec = XmlCodec.defaults();

    @Test
    void read_whenTextStartsWithByteOrderMark_readsTheDocument() {
        String withMark = "\uFEFF" + POOL;

        assertThat(codec.readPool(withMark)).isEqualTo(codec.readPool(POOL));
        assertThat(codec.detect(withMark)).isEqualTo(XmlKind.POOL);
        assertThat(codec.roundTrip(withMark)).isEqualTo(codec.roundTrip(POOL)).doesNotContain("\uFEFF");
        assertThat(DomainXml.parse("\uFEFF<domain type='kvm'><name>d</name></domain>").name()).isEqualTo("d");
    }
}
