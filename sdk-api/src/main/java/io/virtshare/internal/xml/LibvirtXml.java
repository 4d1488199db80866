package io.virtshare.internal.xml;

import io.virtshare.VirtShareException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.MemoryBacking;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.xml.XmlParseException;
import java.util.function.Function;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The codec's implementation: parses safely, checks the root, reads and writes each kind. */
public final class LibvirtXml {
    private final SafeXmlParser parser;

    public LibvirtXml(long maxInputChars) {
        this.parser = new SafeXmlParser(maxInputChars);
    }

    /** The name of the root element of {@code xml}. */
    public String rootName(String xml) {
        Element root = parser.parse(xml).getDocumentElement();
        return root.getLocalName() == null ? root.getNodeName() : root.getLocalName();
    }

    public PoolSpec readPool(String xml) {
        return read(xml, "pool", "a storage pool", r -> PoolXml.read(r));
    }

    /**
     * Reads libvirt's answer to a source discovery ({@code <sources>} with one {@code <source>}
     * per source found), each as a source of a {@code type} pool.
     */
    public java.util.List<io.virtshare.storage.PoolSource> readPoolSources(String xml,
            io.virtshare.storage.PoolType type) {
        String typeName = type.xmlName().orElseThrow(() -> new XmlParseException("pool type " + type
                + " has no libvirt name; give a pool type libvirt knows, e.g. PoolType.LOGICAL", -1, -1));
        return read(xml, "sources", "a list of pool sources", r -> r.children("source").stream()
                .map(s -> PoolXml.source(s, type, typeName)).toList());
    }

    public String writePool(PoolSpec pool) {
        return PoolXml.write(pool);
    }

    public VolumeSpec readVolume(String xml) {
        return read(xml, "volume", "a storage volume", VolumeXml::read);
    }

    public String writeVolume(VolumeSpec volume) {
        return VolumeXml.write(volume);
    }

    public FilesystemDevice readFilesystem(String xml) {
        Document document = parser.parse(xml);
        checkRoot(document, "filesystem", "a domain filesystem device");
        return guard(() -> FilesystemCodec.read(document.getDocumentElement()));
    }

    public String writeFilesystem(FilesystemDevice filesystem) {
        return FilesystemCodec.write(filesystem);
    }

    public MemoryBacking readMemoryBacking(String xml) {
        return read(xml, "memoryBacking", "a domain memory backing", MemoryBackingXml::read);
    }

    public String writeMemoryBacking(MemoryBacking memoryBacking) {
        return MemoryBackingXml.write(memoryBacking).print();
    }

    private <T> T read(String xml, String root, String what, Function<ElementReader, T> reader) {
        Document document = parser.parse(xml);
        checkRoot(document, root, what);
        return guard(() -> reader.apply(new ElementReader(document.getDocumentElement())));
    }

    private static void checkRoot(Document document, String expected, String what) {
        Element root = document.getDocumentElement();
        if (root.getNamespaceURI() != null || !expected.equals(root.getNodeName())) {
            int[] at = SafeXmlParser.location(root);
            throw new XmlParseException("expected " + what + " (<" + expected + ">) but the document is <"
                    + root.getNodeName() + ">; use the XmlCodec method for that kind (XmlCodec.detect tells which)",
                    at[0], at[1]);
        }
    }

    /** Turns any failure of the model into a parse error, so readers never see anything else. */
    private static <T> T guard(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (XmlParseException e) {
            throw e;
        } catch (VirtShareException e) {
            throw new XmlParseException("the XML holds a value the model refuses: " + e.getMessage(), -1, -1, e);
        } catch (RuntimeException e) {
            throw new XmlParseException("the XML could not be read (" + e + "); please report this with the XML",
                    -1, -1, e);
        }
    }
}
