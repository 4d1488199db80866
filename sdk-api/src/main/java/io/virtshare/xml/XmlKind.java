package io.virtshare.xml;

import java.util.Arrays;

/**
 * The kinds of libvirt XML document, by root element, as {@link XmlCodec#detect(String)}
 * tells them.
 *
 * <pre>{@code
 * switch (XmlCodec.defaults().detect(xml)) {
 *     case POOL -> codec.readPool(xml);
 *     case VOLUME -> codec.readVolume(xml);
 *     default -> throw new IllegalArgumentException("not storage XML");
 * }
 * }</pre>
 */
public enum XmlKind {
    /** {@code <pool>}: read with {@link XmlCodec#readPool(String)}. */
    POOL("pool", true),
    /** {@code <volume>}: read with {@link XmlCodec#readVolume(String)}. */
    VOLUME("volume", true),
    /** {@code <domain>}: read with {@link XmlCodec#readDomain(String)}. */
    DOMAIN("domain", true),
    /** A lone {@code <filesystem>}: read with {@link XmlCodec#readFilesystem(String)}. */
    FILESYSTEM("filesystem", true),
    /** A lone {@code <memoryBacking>}: read with {@link XmlCodec#readMemoryBacking(String)}. */
    MEMORY_BACKING("memoryBacking", true),
    /** {@code <storagepoolCapabilities>}: not modelled by this SDK. */
    POOL_CAPABILITIES("storagepoolCapabilities", false),
    /** Any other root element. */
    OTHER(null, false);

    private final String rootElement;
    private final boolean modelled;

    XmlKind(String rootElement, boolean modelled) {
        this.rootElement = rootElement;
        this.modelled = modelled;
    }

    /** Whether the codec reads and writes this kind. */
    public boolean modelled() {
        return modelled;
    }

    /** The kind whose root element is {@code name}. */
    public static XmlKind ofRootElement(String name) {
        return Arrays.stream(values()).filter(k -> k.rootElement != null && k.rootElement.equals(name))
                .findFirst().orElse(OTHER);
    }
}
