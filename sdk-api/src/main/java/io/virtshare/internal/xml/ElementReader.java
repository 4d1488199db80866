package io.virtshare.internal.xml;

import io.virtshare.internal.xml.ExtraXml.Attribute;
import io.virtshare.internal.xml.ExtraXml.ChildKey;
import io.virtshare.internal.xml.ExtraXml.ExtraNode;
import io.virtshare.xml.XmlParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads one element for the typed model and remembers what was taken, so that what was
 * not taken becomes the element's {@link ExtraXml}.
 */
final class ElementReader {
    private final Element element;
    private final Set<Node> taken = new HashSet<>();
    private final Map<ChildKey, ElementReader> children = new LinkedHashMap<>();
    /** How many children of each qualified name were taken: the next one's position among them. */
    private final Map<String, Integer> takenByName = new HashMap<>();
    private boolean used;
    private boolean textTaken;
    private boolean detached;

    ElementReader(Element element) {
        this.element = element;
    }

    Element element() {
        return element;
    }

    String name() {
        return element.getLocalName() == null ? element.getNodeName() : element.getLocalName();
    }

    /** Marks the element as carrying a typed value (its presence alone means something). */
    ElementReader used() {
        used = true;
        return this;
    }

    Optional<String> attr(String name) {
        Attr a = element.getAttributeNodeNS(null, name);
        if (a == null) {
            return Optional.empty();
        }
        taken.add(a);
        used = true;
        return Optional.of(a.getValue());
    }

    String requiredAttr(String name, String hint) {
        return attr(name).orElseThrow(() -> error("<" + element.getNodeName() + "> has no " + name
                + " attribute; " + hint));
    }

    <T> Optional<T> attr(String name, Function<String, T> parse, String what) {
        return attr(name).map(value -> convert(value, parse, name + "='" + value + "'", what));
    }

    /** Every attribute without a namespace, taken, in document order. */
    Map<String, String> attributes() {
        Map<String, String> all = new LinkedHashMap<>();
        for (Attr a : AttributeOrder.of(element)) {
            if (a.getNamespaceURI() == null) {
                taken.add(a);
                used = true;
                all.put(a.getName(), a.getValue());
            }
        }
        return all;
    }

    /** The first child element called {@code name} (no namespace), taken. */
    Optional<ElementReader> child(String name) {
        return child(null, name);
    }

    /** The first child element in {@code namespace} called {@code localName}, taken. */
    Optional<ElementReader> child(String namespace, String localName) {
        List<ElementReader> all = children(namespace, localName, 1);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every child called {@code name}, taken; each is an entry of a typed list, so marked used. */
    List<ElementReader> children(String name) {
        return children(null, name);
    }

    List<ElementReader> children(String namespace, String localName) {
        List<ElementReader> all = children(namespace, localName, Integer.MAX_VALUE);
        all.forEach(ElementReader::used);
        return all;
    }

    private List<ElementReader> children(String namespace, String localName, int limit) {
        List<ElementReader> found = new ArrayList<>();
        for (Node c = element.getFirstChild(); c != null && found.size() < limit; c = c.getNextSibling()) {
            if (c instanceof Element e && !taken.contains(e) && matches(e, namespace, localName)) {
                taken.add(e);
                used = true;
                ElementReader reader = new ElementReader(e);
                int index = takenByName.merge(e.getNodeName(), 1, Integer::sum) - 1;
                children.put(new ChildKey(e.getNamespaceURI(), e.getNodeName(), index), reader);
                found.add(reader);
            }
        }
        return found;
    }

    private static boolean matches(Element e, String namespace, String localName) {
        String local = e.getLocalName() == null ? e.getNodeName() : e.getLocalName();
        String ns = e.getNamespaceURI();
        return local.equals(localName) && (namespace == null ? ns == null : namespace.equals(ns));
    }

    /** Takes the declarations of {@code namespace} on this element: the writer declares it again where needed. */
    void takeDeclarationsOf(String namespace) {
        for (Attr a : AttributeOrder.of(element)) {
            if (javax.xml.XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())
                    && namespace.equals(a.getValue())) {
                taken.add(a);
            }
        }
    }

    /** The first child called {@code name}, taken and marked as a typed value even when empty. */
    Optional<ElementReader> present(String name) {
        return child(name).map(ElementReader::used);
    }

    /** The text of the first child called {@code name}. */
    Optional<String> childText(String name) {
        return child(name).map(ElementReader::text);
    }

    /** Whether a child called {@code name} is there (an empty flag element such as {@code <nocow/>}). */
    boolean flag(String name) {
        return child(name).map(ElementReader::used).isPresent();
    }

    /** The element's text, as written. */
    String text() {
        textTaken = true;
        used = true;
        StringBuilder s = new StringBuilder();
        for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                s.append(c.getNodeValue());
            }
        }
        return s.toString();
    }

    <T> T text(Function<String, T> parse, String what) {
        String value = text();
        return convert(value, parse, "<" + element.getNodeName() + ">" + value.strip() + "</"
                + element.getNodeName() + ">", what);
    }

    private <T> T convert(String value, Function<String, T> parse, String shown, String what) {
        try {
            return parse.apply(value.strip());
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw error(shown + " is not " + what + " (" + reason + ")");
        }
    }

    XmlParseException error(String message) {
        int[] at = SafeXmlParser.location(element);
        String where = at[0] > 0 ? "line " + at[0] + ", column " + at[1] + ": " : "";
        return new XmlParseException(where + message, at[0], at[1]);
    }

    /** What was not taken from this element, and from its simple children; detaches it from its parent's extras. */
    ExtraXml extras() {
        detached = true;
        return collect();
    }

    private ExtraXml collect() {
        List<Attribute> attributes = new ArrayList<>();
        for (Attr a : AttributeOrder.of(element)) {
            if (!taken.contains(a)) {
                attributes.add(new Attribute(a.getNamespaceURI(), a.getName(), a.getValue()));
            }
        }
        List<ExtraNode> nodes = new ArrayList<>();
        for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
            switch (c.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    if (!taken.contains(c)) {
                        nodes.add(new ExtraNode(ExtraNode.Kind.ELEMENT, XmlPrinter.print(c)));
                    }
                }
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                    if (!textTaken && !c.getNodeValue().isBlank()) {
                        nodes.add(new ExtraNode(ExtraNode.Kind.TEXT, c.getNodeValue()));
                    }
                }
                case Node.COMMENT_NODE -> nodes.add(new ExtraNode(ExtraNode.Kind.COMMENT, c.getNodeValue()));
                case Node.PROCESSING_INSTRUCTION_NODE -> nodes.add(new ExtraNode(
                        ExtraNode.Kind.PROCESSING_INSTRUCTION, c.getNodeName() + " " + c.getNodeValue()));
                default -> {
                    // nothing else can appear in a parsed element
                }
            }
        }
        Map<ChildKey, ExtraXml> kept = new LinkedHashMap<>();
        children.forEach((key, reader) -> {
            if (!reader.detached) {
                ExtraXml extra = reader.collect();
                if (!reader.used || !extra.isEmpty()) {
                    kept.put(key, new ExtraXml(extra.attributes(), extra.nodes(), extra.children(), !reader.used));
                }
            }
        });
        return new ExtraXml(attributes, nodes, kept, false);
    }
}
