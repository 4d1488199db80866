package io.virtshare.domain;

import io.virtshare.internal.Checks;
import io.virtshare.xml.XmlExtras;
import java.util.List;
import java.util.Optional;

/**
 * A whole libvirt {@code <domain>} as the codec reads it: its {@code <filesystem>}
 * devices and {@code <memoryBacking>} typed, everything else kept as it was. Writing it
 * back changes only what the typed parts changed.
 *
 * <pre>{@code
 * XmlCodec codec = XmlCodec.defaults();
 * DomainDocument domain = codec.readDomain(xml);
 * DomainDocument shared = domain.withMemoryBacking(MemoryBacking.sharedMemfd());
 * String updated = codec.writeDomain(shared);
 * }</pre>
 *
 * @param filesystems the {@code <devices><filesystem>} elements, in document order
 * @param memoryBacking the {@code <memoryBacking>}, when there is one
 * @param rest the rest of the document, opaque
 */
public record DomainDocument(List<FilesystemDevice> filesystems, Optional<MemoryBacking> memoryBacking,
        XmlExtras rest) {
    /**
     * Copies the list.
     */
    public DomainDocument {
        filesystems = List.copyOf(filesystems);
        Checks.nonNull(memoryBacking, rest);
    }

    /** The same document with these filesystems (removed ones disappear, new ones follow the last one). */
    public DomainDocument withFilesystems(List<FilesystemDevice> filesystems) {
        return new DomainDocument(filesystems, memoryBacking, rest);
    }

    /** The same document with this memory backing. */
    public DomainDocument withMemoryBacking(MemoryBacking memoryBacking) {
        return new DomainDocument(filesystems, Optional.of(memoryBacking), rest);
    }

    /** The filesystem with mount tag {@code tag}. */
    public Optional<FilesystemDevice> filesystem(String tag) {
        return filesystems.stream().filter(f -> f.targetDir().filter(tag::equals).isPresent()).findFirst();
    }
}
