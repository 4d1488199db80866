package io.virtshare.internal.xml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Writes DOM nodes as XML the way libvirt does: single-quoted attributes, two-space
 * indentation for elements that hold only elements, no XML declaration. Elements that
 * carry their own white space (a document read as a whole) are written as they are.
 * Namespace declarations are added where a prefix is not yet bound and dropped where
 * they repeat a binding already in scope.
 */
final class XmlPrinter {
    private final StringBuilder out = new StringBuilder();
    private final Deque<Map<String, String>> scopes = new ArrayDeque<>();

    private XmlPrinter() {
        scopes.push(Map.of("xml", XMLConstants.XML_NS_URI));
    }

    /**
     * {@code node} as standalone XML, with every namespace it uses declared.
     *
     * @throws io.virtshare.InvalidSpecException when a value holds a character XML cannot carry
     */
    static String print(Node node) {
        XmlChars.check(node);
        XmlPrinter printer = new XmlPrinter();
        printer.node(node, 0);
        return printer.out.toString();
    }

    private void node(Node node, int depth) {
        switch (node.getNodeType()) {
            case Node.DOCUMENT_NODE -> {
                for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                    node(c, depth);
                    if (c.getNodeType() != Node.TEXT_NODE) {
                        out.append('\n');
                    }
                }
            }
            case Node.ELEMENT_NODE -> element(node, depth);
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> out.append(escapeText(node.getNodeValue()));
            case Node.COMMENT_NODE -> out.append("<!--").append(node.getNodeValue()).append("-->");
            case Node.PROCESSING_INSTRUCTION_NODE -> out.append("<?").append(node.getNodeName()).append(' ')
                    .append(node.getNodeValue()).append("?>");
            default -> {
                // document types and entity references never reach a document the codec built
            }
        }
    }

    private void element(Node element, int depth) {
        Map<String, String> scope = new HashMap<>(scopes.peek());
        StringBuilder attributes = new StringBuilder();
        List<Attr> attrs = AttributeOrder.of((Element) element);
        for (Attr a : attrs) {
            if (isDeclaration(a)) {
                String prefix = a.getPrefix() == null ? "" : a.getLocalName();
                if (!a.getValue().equals(scope.get(prefix))) {
                    scope.put(prefix, a.getValue());
                    attribute(attributes, a.getName(), a.getValue());
                }
            }
        }
        declare(scope, attributes, element.getPrefix(), element.getNamespaceURI(), true);
        for (Attr a : attrs) {
            if (!isDeclaration(a)) {
                if (a.getPrefix() != null) {
                    declare(scope, attributes, a.getPrefix(), a.getNamespaceURI(), false);
                }
                attribute(attributes, a.getName(), a.getValue());
            }
        }
        scopes.push(scope);
        out.append('<').append(element.getNodeName()).append(attributes);
        if (!element.hasChildNodes()) {
            out.append("/>");
        } else if (onlyElements(element)) {
            out.append('>');
            for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
                out.append('\n').append("  ".repeat(depth + 1));
                node(c, depth + 1);
            }
            out.append('\n').append("  ".repeat(depth)).append("</").append(element.getNodeName()).append('>');
        } else {
            out.append('>');
            for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
                node(c, depth + 1);
            }
            out.append("</").append(element.getNodeName()).append('>');
        }
        scopes.pop();
    }

    private static void declare(Map<String, String> scope, StringBuilder attributes, String prefix, String uri,
            boolean element) {
        String key = prefix == null ? "" : prefix;
        String wanted = uri == null ? "" : uri;
        if (!element && key.isEmpty()) {
            return;
        }
        if (!wanted.equals(scope.getOrDefault(key, ""))) {
            scope.put(key, wanted);
            attribute(attributes, key.isEmpty() ? "xmlns" : "xmlns:" + key, wanted);
        }
    }

    private static boolean isDeclaration(Attr a) {
        return XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())
                || "xmlns".equals(a.getName()) || a.getName().startsWith("xmlns:");
    }

    private static boolean onlyElements(Node element) {
        for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                return false;
            }
        }
        return true;
    }

    private static void attribute(StringBuilder out, String name, String value) {
        out.append(' ').append(name).append("='").append(escapeAttribute(value)).append('\'');
    }

    private static String escapeText(String text) {
        return escape(text, false);
    }

    private static String escapeAttribute(String value) {
        return escape(value, true);
    }

    private static String escape(String text, boolean attribute) {
        StringBuilder s = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\r' -> "&#13;";
                case '\'' -> attribute ? "&apos;" : null;
                case '"' -> attribute ? "&quot;" : null;
                case '\n' -> attribute ? "&#10;" : null;
                case '\t' -> attribute ? "&#9;" : null;
                default -> null;
            };
            if (entity == null) {
                s.append(c);
            } else {
                s.append(entity);
            }
        }
        return s.toString();
    }
}
