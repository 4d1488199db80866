package io.virtshare.xml;

import io.virtshare.internal.xml.Dom;
import io.virtshare.internal.xml.SafeXml;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * Semantic XML equality as the corpus conformance rule states it: attribute order free,
 * numbers compared by value, children matched by name (in order within one name),
 * whitespace-only text ignored. Gives the path of the first difference.
 */
public final class SemanticXml {
    private SemanticXml() {
    }

    /** The first difference between two documents, or empty when they are equal. */
    public static Optional<String> difference(String expected, String actual) {
        return difference(SafeXml.parse(expected, null, "expected").getDocumentElement(),
                SafeXml.parse(actual, null, "actual").getDocumentElement(), "");
    }

    static Optional<String> difference(Element a, Element b, String path) {
        String here = path + "/" + a.getTagName();
        if (!a.getTagName().equals(b.getTagName()) || !Objects.equals(a.getNamespaceURI(), b.getNamespaceURI())) {
            return Optional.of(here + ": element " + a.getTagName() + " became " + b.getTagName());
        }
        Map<String, String> attrsA = Dom.attributes(a);
        Map<String, String> attrsB = Dom.attributes(b);
        for (var e : attrsA.entrySet()) {
            String other = attrsB.get(e.getKey());
            if (other == null) {
                return Optional.of(here + "/@" + e.getKey() + " dropped");
            }
            if (!same(e.getValue(), other)) {
                return Optional.of(here + "/@" + e.getKey() + ": '" + e.getValue() + "' became '" + other + "'");
            }
        }
        for (String k : attrsB.keySet()) {
            if (!attrsA.containsKey(k)) {
                return Optional.of(here + "/@" + k + " invented");
            }
        }
        List<Element> childrenA = Dom.children(a);
        List<Element> childrenB = Dom.children(b);
        if (childrenA.isEmpty() && childrenB.isEmpty()) {
            String ta = Dom.text(a);
            String tb = Dom.text(b);
            return same(ta, tb) ? Optional.empty() : Optional.of(here + " text '" + ta + "' became '" + tb + "'");
        }
        Map<String, List<Element>> byNameA = group(childrenA);
        Map<String, List<Element>> byNameB = group(childrenB);
        for (var e : byNameA.entrySet()) {
            List<Element> other = byNameB.getOrDefault(e.getKey(), List.of());
            if (other.size() != e.getValue().size()) {
                return Optional.of(here + "/" + e.getKey() + ": " + e.getValue().size() + " element(s) became "
                        + other.size());
            }
            for (int i = 0; i < other.size(); i++) {
                Optional<String> d = difference(e.getValue().get(i), other.get(i), here);
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        for (String k : byNameB.keySet()) {
            if (!byNameA.containsKey(k)) {
                return Optional.of(here + "/" + k + " invented");
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<Element>> group(List<Element> elements) {
        Map<String, List<Element>> result = new LinkedHashMap<>();
        for (Element e : elements) {
            result.computeIfAbsent(e.getTagName(), k -> new ArrayList<>()).add(e);
        }
        return result;
    }

    static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Optional<BigInteger> x = number(a);
        Optional<BigInteger> y = number(b);
        return x.isPresent() && x.equals(y);
    }

    private static Optional<BigInteger> number(String s) {
        String t = s.strip();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Optional.of(new BigInteger(t.substring(2), 16));
            }
            return t.matches("[+-]?\\d+") ? Optional.of(new BigInteger(t)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
