package io.virtshare.internal.xml;

import io.virtshare.xml.XmlParseException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses untrusted XML into a DOM and writes DOMs back. No DTDs (so no entity
 * expansion: XXE and billion-laughs are refused), no external access, no XInclude,
 * bounded size, and every failure a {@link XmlParseException} with line and column.
 */
public final class SafeXml {
    /** The largest document accepted, in characters. */
    public static final int MAX_CHARS = 16 << 20;

    private SafeXml() {
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed (" + systemId + ")");
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a safety feature: " + e.getMessage(), e);
        }
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
        if (xml.length() > MAX_CHARS) {
            throw new XmlParseException(what + " is larger than " + MAX_CHARS + " characters; libvirt documents"
                    + " are far smaller, so this is refused", -1, -1, null);
        }
        Document doc;
        try {
            doc = builder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            String reason = e.getMessage() == null ? "malformed" : e.getMessage();
            if (reason.contains("DOCTYPE")) {
                reason = "it has a DOCTYPE declaration; DTDs and entities are refused in untrusted XML";
            }
            throw new XmlParseException(what + " is not valid XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + reason, e.getLineNumber(), e.getColumnNumber(), e);
        } catch (SAXException | IOException e) {
            throw new XmlParseException(what + " cannot be read: " + e.getMessage(), -1, -1, e);
        }
        String root = doc.getDocumentElement().getLocalName();
        if (expectedRoot != null && !expectedRoot.equals(root)) {
            throw new XmlParseException(what + " must have the root element <" + expectedRoot + ">, not <" + root
                    + ">", -1, -1, null);
        }
        return doc;
    }

    /** Writes a node as XML text, without the XML declaration. */
    public static String write(Node node) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
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
        return builder().newDocument();
    }
}
