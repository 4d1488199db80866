package io.virtshare.internal.xml;

import io.virtshare.xml.XmlParseException;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * Parses untrusted XML into a DOM and writes DOMs back. No DTDs (so no entity
 * expansion: XXE and billion-laughs are refused), no external access, no XInclude,
 * bounded size, and every failure a {@link XmlParseException} with line and column.
 */
public final class SafeXml {
    private SafeXml() {
    }

    /**
     * Parses {@code xml}, whose root must be {@code expectedRoot} (or null for any).
     *
     * @param what what the document is, for messages (e.g. "domain XML")
     */
    public static Document parse(String xml, String expectedRoot, String what) {
        if (xml == null || xml.isBlank()) {
            throw new XmlParseException(what + " is empty; give the XML text", -1, -1, null);
        }
        if (xml.length() > SafeXmlParser.DEFAULT_MAX_CHARS) {
            throw new XmlParseException(what + " is larger than " + SafeXmlParser.DEFAULT_MAX_CHARS + " characters,"
                    + " the default limit of XmlCodec; libvirt documents are far smaller, so this is refused", -1, -1,
                    null);
        }
        Document doc;
        try {
            doc = new SafeXmlParser(SafeXmlParser.DEFAULT_MAX_CHARS).parse(xml);
        } catch (XmlParseException e) {
            throw new XmlParseException(what + ": " + e.getMessage(), e.line(), e.column(), e);
        }
        String root = doc.getDocumentElement().getLocalName();
        if (expectedRoot != null && !expectedRoot.equals(root)) {
            throw new XmlParseException(what + " must have the root element <" + expectedRoot + ">, not <" + root
                    + ">", -1, -1, null);
        }
        return doc;
    }

    /**
     * Writes a node as XML text, without the XML declaration.
     *
     * @throws io.virtshare.InvalidSpecException when a value holds a character XML cannot carry
     */
    public static String write(Node node) {
        XmlChars.check(node);
        try {
            TransformerFactory tf = TransformerFactory.newDefaultInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
        }
    }

    /** A new empty namespace-aware document. */
    public static Document newDocument() {
        return SafeXmlParser.newDocument();
    }
}
