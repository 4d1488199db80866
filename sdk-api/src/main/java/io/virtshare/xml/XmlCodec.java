package io.virtshare.xml;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.MemoryBacking;
import io.virtshare.internal.xml.LibvirtXml;
import io.virtshare.internal.xml.SafeXmlParser;
import io.virtshare.internal.xml.XmlBytes;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.VolumeSpec;

/**
 * Reads and writes libvirt XML: {@code <pool>}, {@code <volume>}, domain
 * {@code <filesystem>} and {@code <memoryBacking>}, and whole {@code <domain>} documents.
 *
 * <p>Writing what was read loses nothing: XML the typed model does not know (future
 * elements and attributes, {@code <metadata>}, foreign namespaces, comments) is kept in
 * each record's {@link XmlExtras} and written back. Input is untrusted: DTDs (and so
 * external entities and entity expansion) are refused, size is bounded, and every failure
 * is an {@link XmlParseException} with the line and column. Reading is lenient (whatever
 * libvirt wrote can be read); validation is separate ({@link PoolSpec#validate()}).
 *
 * <p>A codec is immutable and safe to share between threads.
 *
 * <pre>{@code
 * XmlCodec codec = XmlCodec.defaults();
 * PoolSpec pool = codec.readPool(Files.readString(Path.of("pool.xml")));
 * String moved = codec.writePool(pool.toBuilder().target(Path.of("/srv/images")).build());
 *
 * XmlCodec small = XmlCodec.builder().maxInputChars(1 << 20).build();
 * }</pre>
 */
public final class XmlCodec {
    /** The default input limit: 16 MiB of characters. */
    public static final long DEFAULT_MAX_INPUT_CHARS = SafeXmlParser.DEFAULT_MAX_CHARS;

    private final long maxInputChars;
    private final LibvirtXml xml;

    private XmlCodec(long maxInputChars) {
        this.maxInputChars = maxInputChars;
        this.xml = new LibvirtXml(maxInputChars);
    }

    /** A codec with the default limits. */
    public static XmlCodec defaults() {
        return new XmlCodec(DEFAULT_MAX_INPUT_CHARS);
    }

    /** A builder to change the limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** The largest input accepted, in characters. */
    public long maxInputChars() {
        return maxInputChars;
    }

    /**
     * The text of an XML file's bytes, as libvirt reads them: a byte-order mark (UTF-8 or
     * UTF-16) chooses the encoding and is dropped, otherwise the XML declaration's
     * {@code encoding} applies, UTF-8 when it names none. Give the result to the read
     * methods.
     *
     * <pre>{@code
     * PoolSpec pool = codec.readPool(codec.decode(Files.readAllBytes(Path.of("pool.xml"))));
     * }</pre>
     *
     * @param document the bytes of the file
     * @return the document as text
     * @throws XmlParseException when the input is larger than the limit, in an encoding
     *     libvirt does not read (UTF-32, UTF-16 without a byte-order mark), or holds bytes
     *     that are not valid in its encoding (the message gives the byte's offset and line)
     */
    public String decode(byte[] document) {
        java.util.Objects.requireNonNull(document, "document");
        if (document.length / 4 > maxInputChars) {
            throw new XmlParseException("the XML has " + document.length + " bytes, more than the limit of "
                    + maxInputChars + " characters can take; raise XmlCodec.builder().maxInputChars(…) if the"
                    + " document is genuine", -1, -1);
        }
        return XmlBytes.decode(document, "the XML");
    }

    /**
     * Which kind of document {@code document} is, by its root element.
     *
     * @throws XmlParseException when it is not well-formed XML
     */
    public XmlKind detect(String document) {
        return XmlKind.ofRootElement(xml.rootName(document));
    }

    /**
     * Reads any document this codec models (pool, volume, domain, lone filesystem or
     * memory backing) and writes it back: the same XML, as this SDK writes it, with
     * nothing dropped or invented.
     *
     * <pre>{@code
     * String same = XmlCodec.defaults().roundTrip(Files.readString(Path.of("pool.xml")));
     * }</pre>
     *
     * @throws XmlParseException when the XML is malformed or of a kind the codec does not model
     */
    public String roundTrip(String document) {
        XmlKind kind = detect(document);
        return switch (kind) {
            case POOL -> writePool(readPool(document));
            case VOLUME -> writeVolume(readVolume(document));
            case DOMAIN -> writeDomain(readDomain(document));
            case FILESYSTEM -> writeFilesystem(readFilesystem(document));
            case MEMORY_BACKING -> writeMemoryBacking(readMemoryBacking(document));
            case POOL_CAPABILITIES, OTHER -> throw new XmlParseException("the document's root element <"
                    + xml.rootName(document) + "> is not one the codec models; it reads <pool>, <volume>, <domain>,"
                    + " <filesystem> and <memoryBacking>", 1, 1);
        };
    }

    /**
     * Reads a {@code <pool>}.
     *
     * @throws XmlParseException when the XML is malformed, not a pool or holds a bad value
     */
    public PoolSpec readPool(String document) {
        return xml.readPool(document);
    }

    /**
     * Reads the {@code <sources>} libvirt answers to a source discovery
     * ({@code virConnectFindStoragePoolSources}, {@code virsh find-storage-pool-sources}): one
     * typed source per {@code <source>}, read as a source of a {@code type} pool (a netfs source's
     * host, directory and format; a logical source's devices, volume group name and format …).
     * XML the model does not know is kept in each source's extras. The answer comes from a host,
     * so it is read as hostile input, as every document is.
     *
     * <pre>{@code
     * List<PoolSource> found = codec.readPoolSources(xml, PoolType.LOGICAL);
     * }</pre>
     *
     * @throws XmlParseException when the XML is malformed, not {@code <sources>} or holds a bad value
     */
    public java.util.List<io.virtshare.storage.PoolSource> readPoolSources(String document,
            io.virtshare.storage.PoolType type) {
        java.util.Objects.requireNonNull(type, "type");
        return xml.readPoolSources(document, type);
    }

    /** Writes a {@code <pool>}, extra XML included. */
    public String writePool(PoolSpec pool) {
        return xml.writePool(pool);
    }

    /**
     * Reads a {@code <volume>}.
     *
     * @throws XmlParseException when the XML is malformed, not a volume or holds a bad value
     */
    public VolumeSpec readVolume(String document) {
        return xml.readVolume(document);
    }

    /** Writes a {@code <volume>}, extra XML included. */
    public String writeVolume(VolumeSpec volume) {
        return xml.writeVolume(volume);
    }

    /**
     * Reads a lone {@code <filesystem>} device.
     *
     * @throws XmlParseException when the XML is malformed, not a filesystem or holds a bad value
     */
    public FilesystemDevice readFilesystem(String document) {
        return xml.readFilesystem(document);
    }

    /** Writes a {@code <filesystem>} device, extra XML included. */
    public String writeFilesystem(FilesystemDevice filesystem) {
        return xml.writeFilesystem(filesystem);
    }

    /**
     * Reads a lone {@code <memoryBacking>}.
     *
     * @throws XmlParseException when the XML is malformed, not a memory backing or holds a bad value
     */
    public MemoryBacking readMemoryBacking(String document) {
        return xml.readMemoryBacking(document);
    }

    /** Writes a {@code <memoryBacking>}, extra XML included. */
    public String writeMemoryBacking(MemoryBacking memoryBacking) {
        return xml.writeMemoryBacking(memoryBacking);
    }

    /**
     * Reads a whole {@code <domain>}: its filesystems and memory backing typed, the rest kept
     * as it was (see {@link DomainXml}).
     *
     * @throws XmlParseException when the XML is malformed, too large or not a domain
     */
    public DomainXml readDomain(String document) {
        if (document != null && document.length() > maxInputChars) {
            throw new XmlParseException("the XML has " + document.length() + " characters, more than the limit of "
                    + maxInputChars + "; raise XmlCodec.builder().maxInputChars(…) if the document is genuine", -1, -1);
        }
        return DomainXml.parse(document);
    }

    /** Writes a domain: what was read, with the changes made through {@link DomainXml}. */
    public String writeDomain(DomainXml domain) {
        return domain.toXml();
    }

    /**
     * Builds an {@link XmlCodec}.
     *
     * <pre>{@code
     * XmlCodec codec = XmlCodec.builder().maxInputChars(4 * 1024 * 1024).build();
     * }</pre>
     */
    public static final class Builder {
        private long maxInputChars = DEFAULT_MAX_INPUT_CHARS;

        private Builder() {
        }

        /** The largest input accepted, in characters (default 16 MiB). */
        public Builder maxInputChars(long maxInputChars) {
            if (maxInputChars < 1) {
                throw new io.virtshare.InvalidSpecException("maxInputChars must be 1 or more, not " + maxInputChars);
            }
            this.maxInputChars = maxInputChars;
            return this;
        }

        /** The codec. */
        public XmlCodec build() {
            return new XmlCodec(maxInputChars);
        }
    }
}
