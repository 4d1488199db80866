package io.virtshare.internal.xml;

import io.virtshare.InvalidSpecException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.w3c.dom.Attr;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The characters XML 1.0 can carry: tab, newline, carriage return, and U+0020 to U+10FFFF
 * except U+FFFE, U+FFFF and unpaired surrogates. Both writers check every value they are
 * about to write, so no field of any record can put a control character into XML (which
 * would be written as {@code &#1;}: not well-formed, refused by libvirt).
 */
final class XmlChars {
    private XmlChars() {
    }

    /**
     * Checks every attribute value, text, comment and processing instruction in the tree
     * under {@code root}, without recursion.
     *
     * @throws InvalidSpecException naming the element and attribute that holds a character XML cannot carry
     */
    static void check(Node root) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            switch (node.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    NamedNodeMap attributes = node.getAttributes();
                    for (int i = 0; i < attributes.getLength(); i++) {
                        Attr a = (Attr) attributes.item(i);
                        check(a.getValue(), () -> "attribute " + a.getName() + " of " + path(node));
                    }
                }
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> check(node.getNodeValue(),
                        () -> "the text of " + path(node.getParentNode()));
                case Node.COMMENT_NODE -> check(node.getNodeValue(),
                        () -> "a comment in " + path(node.getParentNode()));
                case Node.PROCESSING_INSTRUCTION_NODE -> check(node.getNodeValue(),
                        () -> "a processing instruction in " + path(node.getParentNode()));
                default -> {
                    // documents and fragments carry no characters of their own
                }
            }
            for (Node c = node.getLastChild(); c != null; c = c.getPreviousSibling()) {
                pending.push(c);
            }
        }
    }

    private static void check(String value, java.util.function.Supplier<String> where) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed;
            if (Character.isHighSurrogate(c)) {
                allowed = i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
                if (allowed) {
                    i++;
                    continue;
                }
            } else {
                allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD);
            }
            if (!allowed) {
                throw new InvalidSpecException(where.get() + " holds " + String.format("U+%04X", (int) c)
                        + " at character " + (i + 1) + ", which XML cannot carry (control characters other than"
                        + " tab, newline and carriage return, U+FFFE, U+FFFF and unpaired surrogates): remove it"
                        + " from that value");
            }
        }
    }

    /** {@code <domain>/<devices>/<filesystem>}: where an element sits, for messages. */
    private static String path(Node element) {
        StringBuilder path = new StringBuilder();
        for (Node n = element; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            path.insert(0, (path.length() == 0 ? "" : "/")).insert(0, "<" + n.getNodeName() + ">");
        }
        return path.length() == 0 ? "the document" : path.toString();
    }
}
