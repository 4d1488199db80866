package io.virtshare.domain;

import io.virtshare.internal.Checks;
import java.util.Optional;

/**
 * The {@code <driver>} of a domain filesystem: {@code type} (path, handle, loop, nbd,
 * ploop, virtiofs), queue size, format, write policy and virtio options.
 *
 * <pre>{@code
 * FilesystemDriver.virtiofs().withQueue(1024);
 * }</pre>
 *
 * @param type the driver type
 * @param queue the virtqueue size (virtiofs)
 * @param format the image format (loop, nbd)
 * @param wrpolicy the write policy ({@code immediate})
 * @param iommu the virtio {@code iommu} option
 * @param ats the virtio {@code ats} option
 * @param packed the virtio {@code packed} option
 */
public record FilesystemDriver(Optional<String> type, Optional<Integer> queue, Optional<String> format,
        Optional<String> wrpolicy, Optional<Boolean> iommu, Optional<Boolean> ats, Optional<Boolean> packed) {
    /**
     * Checks for nulls.
     */
    public FilesystemDriver {
        Checks.nonNull(type, queue, format, wrpolicy, iommu, ats, packed);
    }

    /** {@code <driver type='virtiofs'/>}. */
    public static FilesystemDriver virtiofs() {
        return new FilesystemDriver(Optional.of("virtiofs"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same driver with a queue size. */
    public FilesystemDriver withQueue(int queue) {
        return new FilesystemDriver(type, Optional.of(queue), format, wrpolicy, iommu, ats, packed);
    }
}
