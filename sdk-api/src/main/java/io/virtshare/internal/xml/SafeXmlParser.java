package io.virtshare.internal.xml;

import io.virtshare.xml.XmlParseException;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Parses untrusted XML into a DOM: no DTD (so no external entities and no entity
 * expansion bombs), bounded input, every element remembering its line and column.
 * Every failure becomes an {@link XmlParseException}. The parsers are the JDK's own
 * ({@code newDefaultInstance}), whose features the hardening sets: no provider named by a system
 * property or found on the class path is looked up (that search alone also cost about 5 ms of a
 * process's first parse).
 */
public final class SafeXmlParser {
    /**
     * The deepest element nesting accepted: libxml2, which libvirt parses with, stops at
     * 256 levels unless told {@code XML_PARSE_HUGE}, and real libvirt XML is under 10 deep.
     */
    public static final int MAX_DEPTH = 256;

    /** The JDK parser's element depth limit, set above {@link #MAX_DEPTH} so that ours applies. */
    private static final String JDK_MAX_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
    private static final String LOCATION = "virtshare.location";
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** Configured once and only asked for builders of empty documents afterwards. */
    private static final DocumentBuilderFactory DOCUMENTS = documentFactory();

    /**
     * The one default input limit, in characters (16 MiB): {@link io.virtshare.xml.XmlCodec#DEFAULT_MAX_INPUT_CHARS}
     * and every parse that does not go through a codec with another limit.
     */
    public static final long DEFAULT_MAX_CHARS = 16L * 1024 * 1024;

    private final long maxChars;
    /** Configured once, then only asked for parsers: making a factory costs more than parsing a small element. */
    private final SAXParserFactory factory;

    /**
     * @param maxChars the largest input accepted, in characters
     */
    public SafeXmlParser(long maxChars) {
        this.maxChars = maxChars;
        try {
            this.factory = factory();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser lacks a feature safe parsing needs: "
                    + e.getMessage(), e);
        }
    }

    /** Parses {@code xml} into a document. */
    public Document parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new XmlParseException("the XML is empty; give a libvirt XML document such as <pool type='dir'>…</pool>",
                    1, 1);
        }
        if (xml.length() > maxChars) {
            throw new XmlParseException("the XML has " + xml.length() + " characters, more than the limit of "
                    + maxChars + "; raise XmlCodec.builder().maxInputChars(…) if the document is genuine", -1, -1);
        }
        DomBuilder handler = new DomBuilder(newDocument());
        // a byte-order mark decoded into the text is not content: XML allows it before the prolog
        int start = xml.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
        try {
            SAXParser parser = factory.newSAXParser();
            parser.setProperty("http://xml.org/sax/properties/lexical-handler", handler);
            // the JDK's own depth limit (100 from JDK 24) would refuse libvirt XML first, with its message
            parser.setProperty(JDK_MAX_DEPTH, MAX_DEPTH + 1);
            StringReader reader = new StringReader(xml);
            reader.skip(start);
            parser.parse(new InputSource(reader), handler);
        } catch (SAXParseException e) {
            throw new XmlParseException(describe(e), e.getLineNumber(), e.getColumnNumber(), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new XmlParseException("the XML cannot be read: " + e.getMessage(), -1, -1, e);
        }
        return handler.document;
    }

    /** Where {@code node} (or its nearest element) started in the input: {line, column}, or {-1, -1}. */
    static int[] location(Node node) {
        for (Node n = node; n != null; n = n.getParentNode()) {
            Object at = n.getUserData(LOCATION);
            if (at instanceof int[] position) {
                return position.clone();
            }
        }
        return new int[] {-1, -1};
    }

    private static String describe(SAXParseException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof TooDeep) {
            return "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + message;
        }
        if (message.contains("DOCTYPE")) {
            return "the XML declares a DTD (<!DOCTYPE …>), which libvirt XML never needs; DTDs are refused because they"
                    + " enable external entities (XXE) and entity expansion attacks: remove the DOCTYPE";
        }
        return "malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + message;
    }

    static Document newDocument() {
        try {
            return DOCUMENTS.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM implementation is missing", e);
        }
    }

    private static DocumentBuilderFactory documentFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        return f;
    }

    private static SAXParserFactory factory() throws ParserConfigurationException, SAXException {
        SAXParserFactory f = SAXParserFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/namespace-prefixes", true);
        return f;
    }

    /** Nesting beyond {@link #MAX_DEPTH}: refused as it is met, so no code below ever recurses deeper. */
    private static final class TooDeep extends SAXParseException {
        private static final long serialVersionUID = 1L;

        TooDeep(String message, Locator locator) {
            super(message, locator);
        }
    }

    /** Builds the DOM from SAX events, recording each element's position. */
    private static final class DomBuilder extends DefaultHandler2 {
        private final Document document;
        private Node current;
        private Locator locator;
        private final StringBuilder text = new StringBuilder();
        private int depth;

        DomBuilder(Document document) {
            this.document = document;
            this.current = document;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXParseException {
            if (++depth > MAX_DEPTH) {
                throw new TooDeep("elements are nested more than " + MAX_DEPTH + " deep (<" + qName
                        + ">); libvirt's parser stops there too, and libvirt XML is never that deep: check how the"
                        + " file was made", locator);
            }
            flushText();
            Element e = document.createElementNS(uri.isEmpty() ? null : uri, qName);
            for (int i = 0; i < attributes.getLength(); i++) {
                String name = attributes.getQName(i);
                if (name.equals("xmlns") || name.startsWith("xmlns:")) {
                    e.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, name, attributes.getValue(i));
                } else {
                    String ns = attributes.getURI(i);
                    e.setAttributeNS(ns == null || ns.isEmpty() ? null : ns, name, attributes.getValue(i));
                }
                AttributeOrder.note(e, name);
            }
            if (locator != null) {
                e.setUserData(LOCATION, new int[] {locator.getLineNumber(), locator.getColumnNumber()}, null);
            }
            current.appendChild(e);
            current = e;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            depth--;
            flushText();
            current = current.getParentNode();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            flushText();
            current.appendChild(document.createComment(new String(ch, start, length)));
        }

        @Override
        public void processingInstruction(String target, String data) {
            flushText();
            current.appendChild(document.createProcessingInstruction(target, data));
        }

        @Override
        public void warning(SAXParseException e) {
            // warnings are not failures, and nothing is printed to stderr
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        private void flushText() {
            if (text.length() > 0) {
                if (current != document) {
                    current.appendChild(document.createTextNode(text.toString()));
                }
                text.setLength(0);
            }
        }
    }
}
