package io.virtshare.xml;

import io.virtshare.internal.xml.XmlDifferences;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Compares two XML documents as libvirt reads them: attribute order is free, namespace
 * prefixes and declarations do not matter (namespace URIs do), numbers compare by value,
 * white space between elements is ignored, and children are matched by name (in order
 * among children of the same name). Comments count, so that nothing is silently dropped. The
 * comparison is the one the SDK uses for drift ({@link XmlDifferences}); this parses with the
 * JDK's parser, as the files compared are test data.
 */
public final class SemanticXml {
    private SemanticXml() {
    }

    /** The first difference, as a path and what differs; empty when the documents are equal. */
    public static Optional<String> difference(String expected, String actual) {
        List<String> diffs = XmlDifferences.between(parse(expected), parse(actual)).stream()
                .map(SemanticXml::line).toList();
        return diffs.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", diffs));
    }

    private static String flat(String value) {
        return value.replaceAll("\\s*\\R\\s*", " ");
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

    /** One line per difference: an element's XML on one line. */
    private static String line(XmlDifferences.Difference d) {
        String path = d.path();
        d = new XmlDifferences.Difference(path, d.expected().map(SemanticXml::flat), d.actual().map(SemanticXml::flat));
        if (d.expected().isPresent() && d.actual().isPresent()) {
            return path + ": expected '" + d.expected().get() + "' but was '" + d.actual().get() + "'";
        }
        return d.actual().isEmpty() ? path + ": dropped, expected '" + d.expected().orElse("") + "'"
                : path + ": invented, was '" + d.actual().get() + "'";
    }
}
