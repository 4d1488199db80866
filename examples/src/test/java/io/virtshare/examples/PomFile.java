package io.virtshare.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** A POM of this repository, read with the JDK's DOM parser (no DTDs, no external entities). */
final class PomFile {
    private final Path file;
    private final Element project;

    private PomFile(Path file, Element project) {
        this.file = file;
        this.project = project;
    }

    static PomFile read(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return new PomFile(file, factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** The trimmed text at a slash-separated path below {@code <project>}, e.g. {@code scm/url}. */
    Optional<String> text(String path) {
        List<Element> found = all(path);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).getTextContent().strip());
    }

    /** Every element at a slash-separated path below {@code <project>}, in document order. */
    List<Element> all(String path) {
        List<Element> level = List.of(project);
        for (String name : path.split("/")) {
            List<Element> next = new ArrayList<>();
            for (Element element : level) {
                next.addAll(children(element, name));
            }
            level = next;
        }
        return level;
    }

    /** The trimmed text of {@code element}'s child {@code name}, or empty. */
    static Optional<String> child(Element element, String name) {
        return children(element, name).stream().findFirst().map(e -> e.getTextContent().strip());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                children.add(e);
            }
        }
        return children;
    }
}
