package io.virtshare.storage;

import io.virtshare.internal.Checks;
import io.virtshare.xml.XmlExtras;
import java.util.Optional;

/**
 * Where and how a volume is stored: {@code <target>} with path, format, permissions,
 * timestamps, encryption and the qcow2 details.
 *
 * <pre>{@code
 * VolumeTarget.of(FormatType.QCOW2).withCompat("1.1");
 * }</pre>
 *
 * @param path the volume's path (libvirt chooses it when creating)
 * @param format the image format
 * @param permissions owner, group, mode, label
 * @param timestamps the times libvirt reports
 * @param encryption the encryption
 * @param compat the qcow2 compatibility level, {@code 0.10} or {@code 1.1}
 * @param clusterSize the qcow2 cluster size
 * @param nocow {@code <nocow/>}: turn off copy-on-write (btrfs)
 * @param lazyRefcounts {@code <features><lazy_refcounts/>}
 * @param extendedL2 {@code <features><extended_l2/>}
 * @param extras XML inside {@code <target>} the model does not know
 */
public record VolumeTarget(Optional<String> path, Optional<FormatType> format, Optional<Permissions> permissions,
        Optional<Timestamps> timestamps, Optional<Encryption> encryption, Optional<String> compat,
        Optional<Size> clusterSize, boolean nocow, boolean lazyRefcounts, boolean extendedL2, XmlExtras extras) {
    /**
     * Checks for nulls.
     */
    public VolumeTarget {
        Checks.nonNull(path, format, permissions, timestamps, encryption, compat, clusterSize, extras);
    }

    /** A target with only a format. */
    public static VolumeTarget of(FormatType format) {
        return new VolumeTarget(Optional.empty(), Optional.of(format), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, false, false, XmlExtras.none());
    }

    /** The same target with a qcow2 compatibility level. */
    public VolumeTarget withCompat(String compat) {
        return new VolumeTarget(path, format, permissions, timestamps, encryption, Optional.of(compat), clusterSize,
                nocow, lazyRefcounts, extendedL2, extras);
    }

    /** The same target at another path. */
    public VolumeTarget withPath(String path) {
        return new VolumeTarget(Optional.of(path), format, permissions, timestamps, encryption, compat, clusterSize,
                nocow, lazyRefcounts, extendedL2, extras);
    }
}
