package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.TextNode;

/** A command result printed as XML text rather than JSON (the domain-xml command). */
final class XmlText extends TextNode {
    private static final long serialVersionUID = 1L;

    XmlText(String xml) {
        super(xml);
    }

    String text() {
        return textValue();
    }
}
