package io.virtshare.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device of a pool source: {@code <device path='…' part_separator='yes|no'>} with the
 * free extents libvirt reports for disk pools. For iSCSI pools the path is the target IQN.
 *
 * <pre>{@code
 * SourceDevice.of("/dev/sdb");
 * new SourceDevice("/dev/mapper/mpatha", Optional.of(false), List.of());
 * }</pre>
 *
 * @param path the device path, or the iSCSI target IQN
 * @param partSeparator whether partition names get a {@code p} before the number
 * @param freeExtents the free ranges libvirt reported
 */
public record SourceDevice(String path, Optional<Boolean> partSeparator, List<Extent> freeExtents) {
    /**
     * Copies the extents.
     */
    public SourceDevice {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(partSeparator, "partSeparator");
        freeExtents = List.copyOf(freeExtents);
    }

    /** A device given by its path. */
    public static SourceDevice of(String path) {
        return new SourceDevice(path, Optional.empty(), List.of());
    }
}
