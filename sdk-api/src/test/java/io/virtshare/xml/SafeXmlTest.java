package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Untrusted XML: hostile and broken input gives a typed error, never a parser exception. */
class SafeXmlTest {
    @Test
    void xxe_isRefused() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<domain><name>&x;</name></domain>";

        assertThatThrownBy(() -> DomainXml.parse(xxe)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("DTDs are refused").hasMessageNotContaining("root:");
    }

    @Test
    void billionLaughs_isRefused() {
        StringBuilder bomb = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i < 10; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" '").append(("&lol" + (i - 1 == 0 ? "" : i - 1) + ";")
                    .repeat(10)).append("'>");
        }
        bomb.append("]><domain><name>&lol9;</name></domain>");

        assertThatThrownBy(() -> DomainXml.parse(bomb.toString())).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void oversizedInput_isRefusedBeforeParsing() {
        String huge = "<domain>" + " ".repeat(17 << 20) + "</domain>";

        assertThatThrownBy(() -> DomainXml.parse(huge)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining("larger than");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<domain><name>x</nam></domain>|line 1, column",
        "<domain>|line 1",
        "' '|empty",
        "<pool type='dir'/>|root element <domain>, not <pool>"})
    void brokenInput_givesLineAndColumn(String xml, String message) {
        assertThatThrownBy(() -> DomainXml.parse(xml)).isInstanceOf(XmlParseException.class)
                .hasMessageContaining(message);
    }

    @Test
    void malformed_reportsPosition() {
        try {
            DomainXml.parse("<domain>\n  <name>x</name>\n  <devices>\n</domain>");
        } catch (XmlParseException e) {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isPositive();
            return;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void badNumbers_areTypedErrors() {
        assertThatThrownBy(() -> FilesystemDevice.parse(
                "<filesystem><binary><thread_pool size='many'/></binary><target dir='t'/></filesystem>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("size='many'");
    }
}
