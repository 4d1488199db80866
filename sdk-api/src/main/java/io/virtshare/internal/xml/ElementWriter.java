package io.virtshare.internal.xml;

import io.virtshare.internal.xml.ExtraXml.Attribute;
import io.virtshare.internal.xml.ExtraXml.ChildKey;
import io.virtshare.internal.xml.ExtraXml.ExtraNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Writes one element from the typed model and puts back, on {@link #finish()}, the
 * {@link ExtraXml} that was read with it: unknown attributes and nodes, and known
 * children that carried nothing typed.
 */
final class ElementWriter {
    /** Reads kept elements back; they were read once already, so no size limit applies. */
    private static final SafeXmlParser KEPT = new SafeXmlParser(Long.MAX_VALUE);
    private final Document document;
    private final Element element;
    private final ExtraXml extras;
    private final List<ElementWriter> children = new ArrayList<>();
    private final Set<ChildKey> written = new HashSet<>();
    /** How many children of each qualified name were written: the next one's position among them. */
    private final Map<String, Integer> writtenByName = new HashMap<>();

    private ElementWriter(Document document, Element element, ExtraXml extras) {
        this.document = document;
        this.element = element;
        this.extras = extras;
    }

    /** Starts a document whose root is {@code name}. */
    static ElementWriter root(String name, ExtraXml extras) {
        Document document = SafeXmlParser.newDocument();
        Element root = document.createElementNS(null, name);
        document.appendChild(root);
        return new ElementWriter(document, root, extras);
    }

    Element element() {
        return element;
    }

    ExtraXml extras() {
        return extras;
    }

    ElementWriter attr(String name, String value) {
        element.setAttributeNS(null, name, value);
        AttributeOrder.note(element, name);
        return this;
    }

    ElementWriter attr(String name, Optional<?> value) {
        value.ifPresent(v -> attr(name, String.valueOf(v)));
        return this;
    }

    /** Appends a known child without a record of its own; the extras read with it come back. */
    ElementWriter child(String name) {
        return child(null, name, null);
    }

    /** Appends a known child in a namespace. */
    ElementWriter childNs(String namespace, String qualifiedName) {
        return child(namespace, qualifiedName, null);
    }

    /** Appends a known child whose record carries its own extras. */
    ElementWriter child(String name, ExtraXml own) {
        return child(null, name, own);
    }

    private ElementWriter child(String namespace, String qualifiedName, ExtraXml own) {
        int index = writtenByName.merge(qualifiedName, 1, Integer::sum) - 1;
        ChildKey key = new ChildKey(namespace, qualifiedName, index);
        written.add(key);
        Element e = document.createElementNS(namespace, qualifiedName);
        element.appendChild(e);
        ElementWriter writer = new ElementWriter(document, e, own != null ? own : extras.child(key));
        children.add(writer);
        return writer;
    }

    ElementWriter text(String text) {
        element.appendChild(document.createTextNode(text));
        return this;
    }

    /** Appends {@code <name>text</name>} when there is a text. */
    void textChild(String name, Optional<?> text) {
        text.ifPresent(t -> child(name).text(String.valueOf(t)));
    }

    /** Appends {@code <name/>} when {@code present}. */
    void flag(String name, boolean present) {
        if (present) {
            child(name);
        }
    }

    /** Completes this element and its children with the extras, and returns the document. */
    Document finish() {
        for (ElementWriter child : children) {
            child.finish();
        }
        for (Attribute a : extras.attributes()) {
            if (!element.hasAttributeNS(a.namespace(), localName(a.qualifiedName()))) {
                element.setAttributeNS(a.namespace(), a.qualifiedName(), a.value());
                AttributeOrder.note(element, a.qualifiedName());
            }
        }
        extras.children().forEach((key, extra) -> {
            if (extra.standalone() && !written.contains(key)) {
                Element e = document.createElementNS(key.namespace(), key.qualifiedName());
                element.appendChild(e);
                new ElementWriter(document, e, extra).finish();
            }
        });
        for (ExtraNode node : extras.nodes()) {
            element.appendChild(toNode(document, node));
        }
        return document;
    }

    /** A kept node, made in {@code document}. */
    static Node toNode(Document document, ExtraNode node) {
        return switch (node.kind()) {
            case ELEMENT -> document.importNode(
                    KEPT.parse(node.content()).getDocumentElement(), true);
            case COMMENT -> document.createComment(node.content());
            case TEXT -> document.createTextNode(node.content());
            case PROCESSING_INSTRUCTION -> {
                int space = node.content().indexOf(' ');
                yield document.createProcessingInstruction(node.content().substring(0, space),
                        node.content().substring(space + 1));
            }
        };
    }

    private static String localName(String qualifiedName) {
        int colon = qualifiedName.indexOf(':');
        return colon < 0 ? qualifiedName : qualifiedName.substring(colon + 1);
    }

    /** The finished document as text. */
    String print() {
        return XmlPrinter.print(finish());
    }
}
