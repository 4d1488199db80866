package io.virtshare.domain;

import io.virtshare.internal.xml.Dom;
import io.virtshare.internal.xml.FilesystemCodec;
import io.virtshare.internal.xml.MemoryBackingXml;
import io.virtshare.internal.xml.SafeXml;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;

/**
 * A libvirt domain definition that filesystems can be attached to and detached from.
 * Everything else in the domain — metadata, other devices, elements this SDK does not
 * know, foreign namespaces — is kept as it was.
 *
 * <p>Attaching a virtiofs filesystem also ensures the shared guest memory virtiofs needs
 * ({@code <memoryBacking><source type='memfd'/><access mode='shared'/>}), unless the
 * domain's memory is already shared (shared hugepages or file backing, or NUMA cells
 * with {@code memAccess='shared'}). Immutable: every change returns a new value.
 *
 * <pre>{@code
 * String deployment = DomainXml.parse(domainXml)
 *         .attach(FilesystemDevice.virtiofs(Path.of("/srv/models/llama"), "llama").queue(1024).build())
 *         .toXml();
 * }</pre>
 */
public final class DomainXml {
    private final Document doc;

    private DomainXml(Document doc) {
        this.doc = doc;
    }

    /**
     * Parses a {@code <domain>} document (untrusted input: no DTDs, bounded size), within
     * {@link io.virtshare.xml.XmlCodec#DEFAULT_MAX_INPUT_CHARS}, the one default limit;
     * {@link io.virtshare.xml.XmlCodec#readDomain(String)} applies a codec's smaller limit first.
     *
     * @throws io.virtshare.xml.XmlParseException when it is not well-formed or not a domain
     */
    public static DomainXml parse(String xml) {
        return new DomainXml(SafeXml.parse(xml, "domain", "domain XML"));
    }

    /** The domain's name, or empty when it has none. */
    public String name() {
        return Dom.child(doc.getDocumentElement(), "name").map(Dom::text).orElse("");
    }

    private Optional<Element> devices() {
        return Dom.child(doc.getDocumentElement(), "devices");
    }

    /** The filesystem devices, in document order. */
    public List<FilesystemDevice> filesystems() {
        return devices().map(d -> Dom.children(d).stream().filter(e -> e.getTagName().equals("filesystem"))
                .map(FilesystemCodec::read).toList()).orElse(List.of());
    }

    /** The memory backing, when the domain has one. */
    public Optional<MemoryBacking> memoryBacking() {
        return Dom.child(doc.getDocumentElement(), "memoryBacking").map(MemoryBackingXml::read);
    }

    /**
     * Whether guest memory is shared, as virtiofs needs: {@code <access mode='shared'/>}
     * in the memory backing, or every NUMA cell with {@code memAccess='shared'}.
     */
    public boolean hasSharedMemory() {
        if (memoryBacking().map(MemoryBacking::isShared).orElse(false)) {
            return true;
        }
        List<Element> cells = Dom.child(doc.getDocumentElement(), "cpu").flatMap(c -> Dom.child(c, "numa"))
                .map(n -> Dom.children(n).stream().filter(e -> e.getTagName().equals("cell")).toList())
                .orElse(List.of());
        return !cells.isEmpty() && cells.stream().allMatch(c -> "shared".equals(c.getAttribute("memAccess")));
    }

    /**
     * This domain with {@code fs} added to its devices (and shared memory ensured for virtiofs).
     *
     * @throws DomainXmlException when a filesystem with the same tag is there already
     */
    public DomainXml attach(FilesystemDevice fs) {
        Objects.requireNonNull(fs, "fs");
        for (FilesystemDevice existing : filesystems()) {
            if (!fs.target().isEmpty() && existing.target().equals(fs.target())) {
                throw new DomainXmlException("domain " + name() + " already has a filesystem with tag '" + fs.target()
                        + "' (source " + existing.source() + "); tags must be unique: choose another tag or detach"
                        + " the existing one");
            }
        }
        Document copy = (Document) doc.cloneNode(true);
        Element root = copy.getDocumentElement();
        Element devices = Dom.child(root, "devices").orElseGet(() -> appendIndented(root, copy.createElement("devices")));
        Element element = copy.createElement("filesystem");
        FilesystemCodec.fill(element, fs);
        List<Element> existing = Dom.children(devices).stream().filter(e -> e.getTagName().equals("filesystem"))
                .toList();
        if (existing.isEmpty()) {
            appendIndented(devices, element);
        } else {
            insertAfter(existing.get(existing.size() - 1), element);
        }
        DomainXml result = new DomainXml(copy);
        if (fs.isVirtiofs() && !result.hasSharedMemory()) {
            result.shareMemory();
        }
        return result;
    }

    /**
     * This domain without the filesystem tagged {@code tag}.
     *
     * @throws DomainXmlException when there is none
     */
    public DomainXml detach(String tag) {
        Document copy = (Document) doc.cloneNode(true);
        Element devices = Dom.child(copy.getDocumentElement(), "devices").orElse(null);
        if (devices != null) {
            for (Element e : Dom.children(devices)) {
                if (e.getTagName().equals("filesystem") && Dom.child(e, "target")
                        .map(t -> t.getAttribute("dir")).orElse("").equals(tag)) {
                    Node before = e.getPreviousSibling();
                    if (before instanceof Text t && t.getData().isBlank()) {
                        devices.removeChild(before);
                    }
                    devices.removeChild(e);
                    return new DomainXml(copy);
                }
            }
        }
        throw new DomainXmlException("domain " + name() + " has no filesystem with tag '" + tag + "'; its tags are "
                + filesystems().stream().map(FilesystemDevice::target).toList());
    }

    private void shareMemory() {
        Element root = doc.getDocumentElement();
        Element backing = Dom.child(root, "memoryBacking").orElseGet(() -> {
            Element created = doc.createElement("memoryBacking");
            Optional<Element> anchor = Dom.child(root, "currentMemory").or(() -> Dom.child(root, "memory"));
            if (anchor.isPresent()) {
                insertAfter(anchor.get(), created);
            } else {
                appendIndented(root, created);
            }
            return created;
        });
        if (Dom.child(backing, "source").isEmpty() && Dom.child(backing, "hugepages").isEmpty()) {
            Element source = doc.createElement("source");
            source.setAttribute("type", "memfd");
            appendIndented(backing, source);
        }
        Optional<Element> access = Dom.child(backing, "access");
        if (access.isPresent()) {
            access.get().setAttribute("mode", "shared");
        } else {
            Element created = doc.createElement("access");
            created.setAttribute("mode", "shared");
            appendIndented(backing, created);
        }
    }

    /** Appends {@code child}, indented like the parent's other children. */
    private static Element appendIndented(Element parent, Element child) {
        String indent = indentOf(parent) + "  ";
        Node last = parent.getLastChild();
        if (last instanceof Text t && t.getData().isBlank()) {
            parent.insertBefore(parent.getOwnerDocument().createTextNode("\n" + indent), last);
            parent.insertBefore(child, last);
        } else {
            parent.appendChild(parent.getOwnerDocument().createTextNode("\n" + indent));
            parent.appendChild(child);
            parent.appendChild(parent.getOwnerDocument().createTextNode("\n" + indentOf(parent)));
        }
        indentChildren(child, indent);
        return child;
    }

    private static void insertAfter(Element sibling, Element element) {
        Node parent = sibling.getParentNode();
        Node next = sibling.getNextSibling();
        parent.insertBefore(element, next);
        parent.insertBefore(parent.getOwnerDocument().createTextNode("\n" + indentOf(sibling)), element);
        indentChildren(element, indentOf(sibling));
    }

    /** Lays out a new element's children one per line, two spaces deeper than {@code indent}. */
    private static void indentChildren(Element element, String indent) {
        List<Element> children = Dom.children(element);
        if (children.isEmpty()) {
            return;
        }
        for (Element child : children) {
            element.insertBefore(element.getOwnerDocument().createTextNode("\n" + indent + "  "), child);
            indentChildren(child, indent + "  ");
        }
        element.appendChild(element.getOwnerDocument().createTextNode("\n" + indent));
    }

    private static String indentOf(Node node) {
        Node before = node.getPreviousSibling();
        if (before instanceof Text t) {
            String data = t.getData();
            int nl = data.lastIndexOf('\n');
            if (nl >= 0 && data.substring(nl + 1).isBlank()) {
                return data.substring(nl + 1);
            }
        }
        return "";
    }

    /** The domain as XML text. */
    public String toXml() {
        return SafeXml.write(doc.getDocumentElement()) + "\n";
    }

    @Override
    public String toString() {
        return toXml();
    }
}
