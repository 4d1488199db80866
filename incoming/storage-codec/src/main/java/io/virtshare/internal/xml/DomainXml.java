package io.virtshare.internal.xml;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.DomainDocument;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.MemoryBacking;
import io.virtshare.xml.XmlExtras;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * Reads a whole {@code <domain>}: its filesystems and memory backing become records, the
 * rest stays as it was, with a marker where each record stood; writing puts the records
 * back at their markers.
 */
final class DomainXml {
    private DomainXml() {
    }

    static DomainDocument read(Document document) {
        Element domain = document.getDocumentElement();
        List<FilesystemDevice> filesystems = new ArrayList<>();
        for (Element devices : children(domain, "devices")) {
            for (Element fs : children(devices, "filesystem")) {
                filesystems.add(FilesystemXml.read(new ElementReader(fs)));
                replaceWithMarker(fs, DomainSkeleton.FILESYSTEM);
            }
        }
        Optional<MemoryBacking> memoryBacking = children(domain, "memoryBacking").stream().findFirst().map(mb -> {
            MemoryBacking read = FilesystemXml.readMemoryBacking(new ElementReader(mb));
            replaceWithMarker(mb, DomainSkeleton.MEMORY_BACKING);
            return read;
        });
        return new DomainDocument(filesystems, memoryBacking, new DomainSkeleton(XmlPrinter.print(document)));
    }

    static String write(DomainDocument domain) {
        XmlExtras rest = domain.rest();
        if (!(rest instanceof DomainSkeleton skeleton)) {
            throw new InvalidSpecException("a domain document can only be written from one read by XmlCodec.readDomain");
        }
        Document document = new SafeXmlParser(Long.MAX_VALUE).parse(skeleton.xml());
        List<ProcessingInstruction> fsMarkers = new ArrayList<>();
        List<ProcessingInstruction> mbMarkers = new ArrayList<>();
        collectMarkers(document, fsMarkers, mbMarkers);
        Node last = null;
        List<FilesystemDevice> filesystems = domain.filesystems();
        for (int i = 0; i < fsMarkers.size(); i++) {
            ProcessingInstruction marker = fsMarkers.get(i);
            if (i < filesystems.size()) {
                last = document.importNode(FilesystemXml.write(filesystems.get(i)).finish().getDocumentElement(), true);
                marker.getParentNode().replaceChild(last, marker);
            } else {
                remove(marker);
            }
        }
        for (int i = fsMarkers.size(); i < filesystems.size(); i++) {
            Node element = document.importNode(FilesystemXml.write(filesystems.get(i)).finish().getDocumentElement(),
                    true);
            if (last != null) {
                insertAfter(last, element);
            } else {
                append(devices(document), element);
            }
            last = element;
        }
        Optional<Node> memoryBacking = domain.memoryBacking().map(mb -> document.importNode(
                FilesystemXml.writeMemoryBacking(mb).finish().getDocumentElement(), true));
        if (!mbMarkers.isEmpty()) {
            ProcessingInstruction marker = mbMarkers.get(0);
            memoryBacking.ifPresentOrElse(mb -> marker.getParentNode().replaceChild(mb, marker), () -> remove(marker));
        } else if (memoryBacking.isPresent()) {
            Element root = document.getDocumentElement();
            Optional<Element> anchor = children(root, "currentMemory").stream().findFirst()
                    .or(() -> children(root, "memory").stream().findFirst());
            anchor.ifPresentOrElse(a -> insertAfter(a, memoryBacking.get()), () -> append(root, memoryBacking.get()));
        }
        return XmlPrinter.print(document);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && e.getNamespaceURI() == null && name.equals(e.getNodeName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static void replaceWithMarker(Element element, String kind) {
        Node marker = element.getOwnerDocument().createProcessingInstruction(DomainSkeleton.MARKER, kind);
        element.getParentNode().replaceChild(marker, element);
    }

    private static void collectMarkers(Node node, List<ProcessingInstruction> fs, List<ProcessingInstruction> mb) {
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof ProcessingInstruction pi && DomainSkeleton.MARKER.equals(pi.getTarget())) {
                if (DomainSkeleton.FILESYSTEM.equals(pi.getData())) {
                    fs.add(pi);
                } else if (DomainSkeleton.MEMORY_BACKING.equals(pi.getData())) {
                    mb.add(pi);
                }
            } else if (c instanceof Element) {
                collectMarkers(c, fs, mb);
            }
        }
    }

    private static Element devices(Document document) {
        Element root = document.getDocumentElement();
        return children(root, "devices").stream().findFirst().orElseGet(() -> {
            Element devices = document.createElementNS(null, "devices");
            append(root, devices);
            return devices;
        });
    }

    /** Removes {@code node} and the indentation before it. */
    private static void remove(Node node) {
        Node before = node.getPreviousSibling();
        if (isBlank(before)) {
            before.getParentNode().removeChild(before);
        }
        node.getParentNode().removeChild(node);
    }

    /** Inserts {@code node} after {@code anchor}, indented like it. */
    private static void insertAfter(Node anchor, Node node) {
        Node parent = anchor.getParentNode();
        Node next = anchor.getNextSibling();
        Node before = anchor.getPreviousSibling();
        if (isBlank(before)) {
            parent.insertBefore(before.cloneNode(false), next);
        }
        parent.insertBefore(node, next);
    }

    /** Appends {@code node} as the last element of {@code parent}, indented like its siblings. */
    private static void append(Element parent, Node node) {
        Node lastElement = parent.getLastChild();
        while (lastElement != null && lastElement.getNodeType() != Node.ELEMENT_NODE) {
            lastElement = lastElement.getPreviousSibling();
        }
        if (lastElement != null) {
            insertAfter(lastElement, node);
        } else {
            parent.appendChild(node);
        }
    }

    private static boolean isBlank(Node node) {
        return node != null && node.getNodeType() == Node.TEXT_NODE && node.getNodeValue().isBlank();
    }
}
