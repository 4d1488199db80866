package io.virtshare.internal.xml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Compares two XML elements as libvirt reads them: attribute order is free, namespace
 * prefixes and declarations do not matter (namespace URIs do), numbers compare by value,
 * white space around text is ignored, and children are matched by name (in order among
 * children of the same name).
 *
 * <p>Two modes: {@link #between} reports every difference both ways (the codec's round-trip
 * check: nothing dropped, nothing invented; comments count), and {@link #stated} only what
 * the expected side states and the actual side lacks or holds otherwise — how a spec is
 * compared with what libvirt reports, which adds defaults (UUID, sizes, permissions, formats).
 */
public final class XmlDifferences {
    private XmlDifferences() {
    }

    /**
     * One difference: where (an XPath-like path, attributes as {@code @name}, text as the
     * element's path) and the two values, absent where a side has none.
     *
     * @param path e.g. {@code /pool/target/path} or {@code /pool/source/host/@name}
     * @param expected the expected side's value
     * @param actual the actual side's value
     */
    public record Difference(String path, Optional<String> expected, Optional<String> actual) {
        /** Checks for nulls. */
        public Difference {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }
    }

    /** Every difference between {@code expected} and {@code actual}, comments included. */
    public static List<Difference> between(Element expected, Element actual) {
        List<Difference> diffs = new ArrayList<>();
        compare(expected, actual, "/" + name(expected), false, p -> false, diffs);
        return List.copyOf(diffs);
    }

    /**
     * What {@code stated} states (attributes, texts, children) that {@code actual} lacks or holds
     * otherwise; what only {@code actual} has is no difference, nor are comments.
     *
     * @param ignored paths not compared (and nothing below them)
     */
    public static List<Difference> stated(Element stated, Element actual, Predicate<String> ignored) {
        List<Difference> diffs = new ArrayList<>();
        compare(stated, actual, "/" + name(stated), true, ignored, diffs);
        return List.copyOf(diffs);
    }

    private static void compare(Element expected, Element actual, String path, boolean oneSided,
            Predicate<String> ignored, List<Difference> diffs) {
        if (ignored.test(path)) {
            return;
        }
        if (!name(expected).equals(name(actual))) {
            diffs.add(new Difference(path, Optional.of(name(expected)), Optional.of(name(actual))));
            return;
        }
        Map<String, String> ea = attributes(expected);
        Map<String, String> aa = attributes(actual);
        for (String key : union(ea.keySet(), oneSided ? ea.keySet() : aa.keySet())) {
            String e = ea.get(key);
            String a = aa.get(key);
            String at = path + "/@" + key;
            if (!ignored.test(at) && (e == null || a == null || !same(e, a))) {
                diffs.add(new Difference(at, Optional.ofNullable(e), Optional.ofNullable(a)));
            }
        }
        String et = text(expected);
        String at = text(actual);
        if ((!oneSided || !et.isEmpty()) && !same(et, at)) {
            diffs.add(new Difference(path, Optional.of(et).filter(t -> !t.isEmpty()),
                    Optional.of(at).filter(t -> !t.isEmpty())));
        }
        Map<String, List<Node>> ec = children(expected, oneSided);
        Map<String, List<Node>> ac = children(actual, oneSided);
        for (String key : union(ec.keySet(), oneSided ? ec.keySet() : ac.keySet())) {
            List<Node> e = ec.getOrDefault(key, List.of());
            List<Node> a = ac.getOrDefault(key, List.of());
            int both = Math.min(e.size(), a.size());
            int most = Math.max(e.size(), a.size());
            for (int i = 0; i < (oneSided ? e.size() : most); i++) {
                String childPath = path + "/" + key + (most > 1 ? "[" + i + "]" : "");
                if (i >= both) {
                    Node only = i < e.size() ? e.get(i) : a.get(i);
                    if (oneSided) {
                        missing((Element) only, childPath, ignored, diffs);
                    } else {
                        String value = only instanceof Element el ? SafeXml.write(el) : only.getNodeValue();
                        diffs.add(i < e.size() ? new Difference(childPath, Optional.of(value), Optional.empty())
                                : new Difference(childPath, Optional.empty(), Optional.of(value)));
                    }
                } else if (e.get(i) instanceof Element ee) {
                    compare(ee, (Element) a.get(i), childPath, oneSided, ignored, diffs);
                } else if (!e.get(i).getNodeValue().strip().equals(a.get(i).getNodeValue().strip())) {
                    diffs.add(new Difference(childPath, Optional.of(e.get(i).getNodeValue()),
                            Optional.of(a.get(i).getNodeValue())));
                }
            }
        }
    }

    /** Each attribute and text {@code element} states, as a difference with nothing on the actual side. */
    private static void missing(Element element, String path, Predicate<String> ignored, List<Difference> diffs) {
        if (ignored.test(path)) {
            return;
        }
        attributes(element).forEach((key, value) -> {
            if (!ignored.test(path + "/@" + key)) {
                diffs.add(new Difference(path + "/@" + key, Optional.of(value), Optional.empty()));
            }
        });
        String text = text(element);
        Map<String, List<Node>> children = children(element, true);
        if (!text.isEmpty() || (children.isEmpty() && attributes(element).isEmpty())) {
            diffs.add(new Difference(path, Optional.of(text), Optional.empty()));
        }
        children.forEach((key, nodes) -> {
            for (int i = 0; i < nodes.size(); i++) {
                missing((Element) nodes.get(i), path + "/" + key + (nodes.size() > 1 ? "[" + i + "]" : ""),
                        ignored, diffs);
            }
        });
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private static String name(Node n) {
        String local = n.getLocalName() == null ? n.getNodeName() : n.getLocalName();
        return n.getNamespaceURI() == null ? local : "{" + n.getNamespaceURI() + "}" + local;
    }

    private static Map<String, String> attributes(Element e) {
        Map<String, String> all = new TreeMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            boolean declaration = XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())
                    || a.getName().equals("xmlns") || a.getName().startsWith("xmlns:");
            if (!declaration) {
                all.put(name(a), a.getValue());
            }
        }
        return all;
    }

    private static String text(Element e) {
        StringBuilder s = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                s.append(c.getNodeValue());
            }
        }
        return s.toString().strip();
    }

    /** Child elements by name (and, unless {@code elementsOnly}, comments and processing instructions). */
    private static Map<String, List<Node>> children(Element e, boolean elementsOnly) {
        Map<String, List<Node>> all = new LinkedHashMap<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                all.computeIfAbsent(name(c), k -> new ArrayList<>()).add(c);
            } else if (!elementsOnly && (c.getNodeType() == Node.COMMENT_NODE
                    || c.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE)) {
                all.computeIfAbsent("#" + c.getNodeName(), k -> new ArrayList<>()).add(c);
            }
        }
        return all;
    }

    private static boolean same(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        try {
            return new BigDecimal(expected.strip()).compareTo(new BigDecimal(actual.strip())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
