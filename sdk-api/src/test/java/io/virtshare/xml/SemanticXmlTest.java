package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The comparison used by the conformance test must see what it is meant to see. */
class SemanticXmlTest {

    @Test
    void difference_ignoresAttributeOrderPrefixesAndWhitespace() {
        assertThat(SemanticXml.difference(
                "<a x='1' y='2'>\n  <b/>\n</a>",
                "<a y='2' x='1'><b/></a>")).isEmpty();
        assertThat(SemanticXml.difference(
                "<a xmlns:f='urn:x'><f:o/></a>",
                "<a><g:o xmlns:g='urn:x'/></a>")).isEmpty();
    }

    @Test
    void difference_comparesNumbersByValue() {
        assertThat(SemanticXml.difference("<m>0700</m>", "<m>700</m>")).isEmpty();
        assertThat(SemanticXml.difference("<m>0700</m>", "<m>0701</m>")).get().asString().contains("/m: expected '0700' but was '0701'");
    }

    @Test
    void difference_reportsDroppedAndInventedWithPath() {
        assertThat(SemanticXml.difference("<a><b x='1'/></a>", "<a><b/></a>"))
                .get().asString().contains("/a/b/@x: dropped");
        assertThat(SemanticXml.difference("<a><b/></a>", "<a><b/><c/></a>"))
                .get().asString().contains("/a/c: invented");
        assertThat(SemanticXml.difference("<a><!-- keep --></a>", "<a/>"))
                .get().asString().contains("#comment");
    }

    @Test
    void difference_seesNamespaceChanges() {
        assertThat(SemanticXml.difference("<a xmlns:f='urn:x'><f:o/></a>", "<a xmlns:f='urn:y'><f:o/></a>"))
                .isPresent();
    }
}
