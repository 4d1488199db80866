package io.virtshare.storage;

import io.virtshare.internal.Checks;
import io.virtshare.xml.XmlExtras;
import java.util.Optional;

/**
 * The image a copy-on-write volume is based on: {@code <backingStore><path>…</path><format type/>}.
 *
 * <pre>{@code
 * BackingStore.of("/var/lib/libvirt/images/base.qcow2", FormatType.QCOW2);
 * }</pre>
 *
 * @param path the backing image
 * @param format its format
 * @param permissions its permissions, as libvirt reports them
 * @param timestamps its times, as libvirt reports them
 * @param extras XML inside {@code <backingStore>} the model does not know
 */
public record BackingStore(Optional<String> path, Optional<FormatType> format, Optional<Permissions> permissions,
        Optional<Timestamps> timestamps, XmlExtras extras) {
    /**
     * Checks for nulls.
     */
    public BackingStore {
        Checks.nonNull(path, format, permissions, timestamps, extras);
    }

    /** A backing image of a format. */
    public static BackingStore of(String path, FormatType format) {
        return new BackingStore(Optional.of(path), Optional.of(format), Optional.empty(), Optional.empty(),
                XmlExtras.none());
    }
}
