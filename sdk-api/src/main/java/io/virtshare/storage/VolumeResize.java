package io.virtshare.storage;

/**
 * Options of {@link Volume#resize(io.virtshare.storage.Size, VolumeResize...)}
 * (libvirt's {@code VIR_STORAGE_VOL_RESIZE_*} flags).
 *
 * <pre>{@code
 * volume.resize(Size.gib, VolumeResize.DELTA);                        // grow by 1 GiB
 * volume.resize(Size.mib, VolumeResize.SHRINK);                      // shrink to 512 MiB
 * }</pre>
 */
public enum VolumeResize {
    /** Allocate the new space now (no sparse growth). */
    ALLOCATE,
    /** The size is added to (or, with {@link #SHRINK}, taken from) the current capacity. */
    DELTA,
    /** Allow making the volume smaller: data beyond the new end is lost. */
    SHRINK;
}
