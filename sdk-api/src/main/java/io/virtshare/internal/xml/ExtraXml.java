package io.virtshare.internal.xml;

import io.virtshare.InvalidSpecException;
import io.virtshare.xml.XmlExtras;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the typed model did not take from one element: unknown attributes, unknown child
 * nodes, and the same for known children that have no record of their own (keyed by
 * name and position). {@code standalone} marks a known child that carried no typed
 * value, so it is written back even though the model does not ask for it.
 */
public record ExtraXml(List<Attribute> attributes, List<ExtraNode> nodes,
        Map<ChildKey, ExtraXml> children, boolean standalone) implements XmlExtras {

    /** Nothing extra. */
    public static final ExtraXml EMPTY = new ExtraXml(List.of(), List.of(), Map.of(), false);

    /** An attribute the model does not know, with its namespace (null for none). */
    public record Attribute(String namespace, String qualifiedName, String value) {
        public Attribute {
            Objects.requireNonNull(qualifiedName, "qualifiedName");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A child node the model does not know. */
    public record ExtraNode(Kind kind, String content) {
        /** Kinds of kept nodes. */
        public enum Kind {
            /** An element, as standalone XML with its namespace declarations. */
            ELEMENT,
            /** A comment's text. */
            COMMENT,
            /** Character data that is not white space. */
            TEXT,
            /** A processing instruction: target, a space, data. */
            PROCESSING_INSTRUCTION
        }

        public ExtraNode {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A known child element: namespace (null for none), qualified name, position among same-named. */
    public record ChildKey(String namespace, String qualifiedName, int index) {
        public ChildKey {
            Objects.requireNonNull(qualifiedName, "qualifiedName");
        }
    }

    public ExtraXml {
        attributes = List.copyOf(attributes);
        nodes = List.copyOf(nodes);
        children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    /** Extras of unknown child elements only, each given as XML text. */
    public static ExtraXml ofElements(List<String> elements) {
        return new ExtraXml(List.of(), elements.stream().map(e -> new ExtraNode(ExtraNode.Kind.ELEMENT, e)).toList(),
                Map.of(), false);
    }

    @Override
    public boolean isEmpty() {
        return attributes.isEmpty() && nodes.isEmpty() && children.isEmpty();
    }

    /** The extras of the known child at {@code key}, or {@link #EMPTY}. */
    public ExtraXml child(ChildKey key) {
        return children.getOrDefault(key, EMPTY);
    }

    /** The codec's view of extras given by users; only values the SDK made are accepted. */
    public static ExtraXml of(XmlExtras extras) {
        if (extras == null) {
            return EMPTY;
        }
        if (extras instanceof ExtraXml x) {
            return x;
        }
        throw new InvalidSpecException("extra XML of type " + extras.getClass().getName()
                + " was not made by the virtshare codec; use XmlExtras.none() or a value read by XmlCodec");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        describe(out, "");
        return out.length() == 0 ? "no extra XML" : out.toString().trim();
    }

    private void describe(StringBuilder out, String path) {
        attributes.forEach(a -> out.append(path).append('@').append(a.qualifiedName())
                .append("='").append(a.value()).append("' "));
        nodes.forEach(n -> out.append(path).append(n.kind() == ExtraNode.Kind.ELEMENT ? "" : n.kind() + ":")
                .append(n.content().strip()).append(' '));
        children.forEach((k, v) -> {
            String childPath = path + k.qualifiedName() + (k.index() > 0 ? "[" + k.index() + "]" : "") + "/";
            if (v.standalone() && v.attributes().isEmpty() && v.nodes().isEmpty() && v.children().isEmpty()) {
                out.append(childPath).append(' ');
            }
            v.describe(out, childPath);
        });
    }
}
