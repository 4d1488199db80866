package io.virtshare.internal.xml;

import io.virtshare.xml.XmlExtras;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** Small DOM helpers for the codecs. */
public final class Dom {
    private Dom() {
    }

    /** The child elements of {@code parent}, in order. */
    public static List<Element> children(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                result.add(e);
            }
        }
        return result;
    }

    /** The first child element named {@code name}. */
    public static Optional<Element> child(Element parent, String name) {
        return children(parent).stream().filter(e -> name.equals(e.getTagName())).findFirst();
    }

    /** All attributes of {@code e} by qualified name, in document order. */
    public static Map<String, String> attributes(Element e) {
        Map<String, String> result = new LinkedHashMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (!a.getName().equals("xmlns") && !a.getName().startsWith("xmlns:")) {
                result.put(a.getName(), a.getValue());
            }
        }
        return result;
    }

    /** Sets {@code attributes} on {@code e}, in order. */
    public static void setAttributes(Element e, Map<String, String> attributes) {
        attributes.forEach(e::setAttribute);
    }

    /** The text of {@code e}, trimmed. */
    public static String text(Element e) {
        return e.getTextContent().strip();
    }

    /** A new element {@code name} appended to {@code parent}. */
    public static Element append(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    /** The kept attributes and nodes of {@code extras}, added to {@code parent}. */
    public static void appendExtras(Element parent, XmlExtras extras) {
        ExtraXml kept = ExtraXml.of(extras);
        kept.attributes().forEach(a -> parent.setAttributeNS(a.namespace(), a.qualifiedName(), a.value()));
        kept.nodes().forEach(n -> parent.appendChild(ElementWriter.toNode(parent.getOwnerDocument(), n)));
    }

    /** XML text of the given elements. */
    public static List<String> texts(List<Element> elements) {
        return elements.stream().map(SafeXml::write).toList();
    }
}
