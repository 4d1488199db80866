package io.virtshare.xml;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Compares two XML documents as libvirt reads them: attribute order is free, namespace
 * prefixes and declarations do not matter (namespace URIs do), numbers compare by value,
 * white space between elements is ignored, and children are matched by name (in order
 * among children of the same name). Comments count, so that nothing is silently dropped.
 */
public final class SemanticXml {
    private SemanticXml() {
    }

    /** The first difference, as a path and what differs; empty when the documents are equal. */
    public static Optional<String> difference(String expected, String actual) {
        List<String> diffs = new ArrayList<>();
        compare(parse(expected), parse(actual), "/" + parse(expected).getNodeName(), diffs);
        return diffs.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", diffs));
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + xml, e);
        }
    }

    private static void compare(Element expected, Element actual, String path, List<String> diffs) {
        if (!name(expected).equals(name(actual))) {
            diffs.add(path + ": expected element " + name(expected) + " but was " + name(actual));
            return;
        }
        Map<String, String> ea = attributes(expected);
        Map<String, String> aa = attributes(actual);
        for (String key : union(ea.keySet(), aa.keySet())) {
            String e = ea.get(key);
            String a = aa.get(key);
            if (e == null) {
                diffs.add(path + "/@" + key + ": invented, was '" + a + "'");
            } else if (a == null) {
                diffs.add(path + "/@" + key + ": dropped, expected '" + e + "'");
            } else if (!same(e, a)) {
                diffs.add(path + "/@" + key + ": expected '" + e + "' but was '" + a + "'");
            }
        }
        String et = text(expected);
        String at = text(actual);
        if (!same(et, at)) {
            diffs.add(path + "/text(): expected '" + et + "' but was '" + at + "'");
        }
        Map<String, List<Node>> ec = children(expected);
        Map<String, List<Node>> ac = children(actual);
        for (String key : union(ec.keySet(), ac.keySet())) {
            List<Node> e = ec.getOrDefault(key, List.of());
            List<Node> a = ac.getOrDefault(key, List.of());
            if (e.size() != a.size()) {
                diffs.add(path + "/" + key + ": expected " + e.size() + " but was " + a.size()
                        + (e.size() > a.size() ? " (dropped)" : " (invented)"));
                continue;
            }
            for (int i = 0; i < e.size(); i++) {
                String childPath = path + "/" + key + (e.size() > 1 ? "[" + i + "]" : "");
                if (e.get(i) instanceof Element ee) {
                    compare(ee, (Element) a.get(i), childPath, diffs);
                } else if (!e.get(i).getNodeValue().strip().equals(a.get(i).getNodeValue().strip())) {
                    diffs.add(childPath + ": expected '" + e.get(i).getNodeValue() + "' but was '"
                            + a.get(i).getNodeValue() + "'");
                }
            }
        }
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
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
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
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

    private static Map<String, List<Node>> children(Element e) {
        Map<String, List<Node>> all = new LinkedHashMap<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                all.computeIfAbsent(name(c), k -> new ArrayList<>()).add(c);
            } else if (c.getNodeType() == Node.COMMENT_NODE || c.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
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
