package io.virtshare.internal.xml;

import io.virtshare.xml.XmlExtras;
import java.util.Objects;

/**
 * A domain document without its filesystems and memory backing: the XML with a
 * processing instruction where each of them stood.
 */
public record DomainSkeleton(String xml) implements XmlExtras {
    static final String MARKER = "virtshare";
    static final String FILESYSTEM = "filesystem";
    static final String MEMORY_BACKING = "memoryBacking";

    public DomainSkeleton {
        Objects.requireNonNull(xml, "xml");
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public String toString() {
        return "the rest of the domain (" + xml.length() + " characters)";
    }
}
