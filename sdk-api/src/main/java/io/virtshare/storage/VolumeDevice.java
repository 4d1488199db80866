package io.virtshare.storage;

import java.util.List;
import java.util.Objects;

/**
 * A device a volume lives on, with the extents it occupies ({@code <source><device
 * path='…'><extent start end/></device></source>} of logical and disk volumes).
 *
 * <pre>{@code
 * new VolumeDevice("/dev/sda", List.of(new Extent(32256, 106928640)));
 * }</pre>
 *
 * @param path the device path
 * @param extents the ranges the volume occupies on it
 */
public record VolumeDevice(String path, List<Extent> extents) {
    /**
     * Copies the extents.
     */
    public VolumeDevice {
        Objects.requireNonNull(path, "path");
        extents = List.copyOf(extents);
    }
}
