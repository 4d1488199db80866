package io.virtshare.internal.xml;

import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.FilesystemDevice.Binary;
import io.virtshare.domain.FilesystemDevice.IdMapping;
import io.virtshare.domain.FilesystemDevice.Limit;
import io.virtshare.xml.XmlExtras;
import io.virtshare.xml.XmlParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Reads and writes {@code <filesystem>} elements, keeping what the model does not know. */
public final class FilesystemCodec {
    private static final Set<String> KNOWN = Set.of("driver", "binary", "idmap", "source", "target", "readonly",
            "space_hard_limit", "space_soft_limit", "boot", "alias", "address");
    private static final Set<String> BINARY_KNOWN = Set.of("cache", "sandbox", "lock", "thread_pool", "openfiles");

    private FilesystemCodec() {
    }

    public static FilesystemDevice read(Element fs) {
        Map<String, String> driver = Dom.child(fs, "driver").map(Dom::attributes).orElse(Map.of());
        Optional<Binary> binary = Dom.child(fs, "binary").map(FilesystemCodec::binary);
        List<IdMapping> idmap = new ArrayList<>();
        Dom.child(fs, "idmap").ifPresent(map -> {
            for (Element e : Dom.children(map)) {
                idmap.add(new IdMapping(e.getTagName(), number(e, "start"), number(e, "target"), number(e, "count")));
            }
        });
        List<Element> unknown = Dom.children(fs).stream().filter(e -> !KNOWN.contains(e.getTagName())).toList();
        return new FilesystemDevice(Dom.attributes(fs), driver, binary, idmap,
                Dom.child(fs, "source").map(Dom::attributes).orElse(Map.of()),
                Dom.child(fs, "target").map(t -> t.getAttribute("dir")).orElse(""),
                Dom.child(fs, "readonly").isPresent(),
                Dom.child(fs, "space_hard_limit").map(FilesystemCodec::limit),
                Dom.child(fs, "space_soft_limit").map(FilesystemCodec::limit),
                Dom.child(fs, "boot").map(b -> (int) number(b, "order")),
                Dom.child(fs, "alias").map(a -> a.getAttribute("name")),
                Dom.child(fs, "address").map(Dom::attributes).orElse(Map.of()),
                ExtraXml.ofElements(Dom.texts(unknown)));
    }

    private static Binary binary(Element b) {
        List<Element> unknown = Dom.children(b).stream().filter(e -> !BINARY_KNOWN.contains(e.getTagName())).toList();
        return new Binary(Dom.attributes(b),
                Dom.child(b, "cache").map(c -> c.getAttribute("mode")),
                Dom.child(b, "sandbox").map(c -> c.getAttribute("mode")),
                Dom.child(b, "lock").map(Dom::attributes).orElse(Map.of()),
                Dom.child(b, "thread_pool").map(c -> (int) number(c, "size")),
                Dom.child(b, "openfiles").map(c -> number(c, "max")),
                ExtraXml.ofElements(Dom.texts(unknown)));
    }

    private static Limit limit(Element e) {
        return new Limit(Dom.text(e), e.hasAttribute("unit") ? Optional.of(e.getAttribute("unit")) : Optional.empty());
    }

    private static long number(Element e, String attribute) {
        String value = e.getAttribute(attribute);
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException ex) {
            throw new XmlParseException("<" + e.getTagName() + " " + attribute + "='" + value + "'> is not a number;"
                    + " libvirt expects a whole number there", -1, -1, ex);
        }
    }

    public static String write(FilesystemDevice fs) {
        Document doc = SafeXml.newDocument();
        Element root = doc.createElement("filesystem");
        doc.appendChild(root);
        fill(root, fs);
        return SafeXml.write(root);
    }

    /** Writes {@code fs} into the empty element {@code root}. */
    public static void fill(Element root, FilesystemDevice fs) {
        Dom.setAttributes(root, fs.attributes());
        if (!fs.driver().isEmpty()) {
            Dom.setAttributes(Dom.append(root, "driver"), fs.driver());
        }
        fs.binary().ifPresent(b -> {
            Element binary = Dom.append(root, "binary");
            Dom.setAttributes(binary, b.attributes());
            b.cacheMode().ifPresent(m -> Dom.append(binary, "cache").setAttribute("mode", m));
            b.sandboxMode().ifPresent(m -> Dom.append(binary, "sandbox").setAttribute("mode", m));
            if (!b.lock().isEmpty()) {
                Dom.setAttributes(Dom.append(binary, "lock"), b.lock());
            }
            b.threadPoolSize().ifPresent(s -> Dom.append(binary, "thread_pool").setAttribute("size",
                    Integer.toString(s)));
            b.openFilesMax().ifPresent(m -> Dom.append(binary, "openfiles").setAttribute("max", Long.toString(m)));
            Dom.appendExtras(binary, b.extras());
        });
        if (!fs.idmap().isEmpty()) {
            Element idmap = Dom.append(root, "idmap");
            for (IdMapping m : fs.idmap()) {
                Element e = Dom.append(idmap, m.kind());
                e.setAttribute("start", Long.toString(m.start()));
                e.setAttribute("target", Long.toString(m.target()));
                e.setAttribute("count", Long.toString(m.count()));
            }
        }
        if (!fs.source().isEmpty()) {
            Dom.setAttributes(Dom.append(root, "source"), fs.source());
        }
        if (!fs.target().isEmpty()) {
            Dom.append(root, "target").setAttribute("dir", fs.target());
        }
        if (fs.readOnly()) {
            Dom.append(root, "readonly");
        }
        fs.spaceHardLimit().ifPresent(l -> limit(Dom.append(root, "space_hard_limit"), l));
        fs.spaceSoftLimit().ifPresent(l -> limit(Dom.append(root, "space_soft_limit"), l));
        fs.bootOrder().ifPresent(o -> Dom.append(root, "boot").setAttribute("order", Integer.toString(o)));
        fs.alias().ifPresent(a -> Dom.append(root, "alias").setAttribute("name", a));
        if (!fs.address().isEmpty()) {
            Dom.setAttributes(Dom.append(root, "address"), fs.address());
        }
        Dom.appendExtras(root, fs.extras());
    }

    private static void limit(Element e, Limit l) {
        l.unit().ifPresent(u -> e.setAttribute("unit", u));
        e.setTextContent(l.value());
    }
}
