package io.virtshare.storage;

import java.util.List;

/**
 * The {@code <source>} of a volume: the devices and extents a logical or partition
 * volume occupies (libvirt reports them; other volumes have an empty source).
 *
 * <pre>{@code
 * volume.source().map(VolumeSource::devices).orElse(List.of())
 *         .forEach(d -> System.out.println(d.path() + " " + d.extents()));
 * }</pre>
 *
 * @param devices the devices with their extents
 */
public record VolumeSource(List<VolumeDevice> devices) {
    /**
     * Copies the list.
     */
    public VolumeSource {
        devices = List.copyOf(devices);
    }
}
