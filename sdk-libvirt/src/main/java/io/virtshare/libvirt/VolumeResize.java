package io.virtshare.libvirt;

/**
 * Options of {@link Volume#resize(io.virtshare.storage.Size, VolumeResize...)}
 * (libvirt's {@code VIR_STORAGE_VOL_RESIZE_*} flags).
 *
 * <pre>{@code
 * volume.resize(Size.gib(1), VolumeResize.DELTA);                        // grow by 1 GiB
 * volume.resize(Size.mib(512), VolumeResize.SHRINK);                      // shrink to 512 MiB
 * }</pre>
 */
public enum VolumeResize {
    /** Allocate the new space now (no sparse growth). */
    ALLOCATE(1),
    /** The size is added to (or, with {@link #SHRINK}, taken from) the current capacity. */
    DELTA(2),
    /** Allow making the volume smaller: data beyond the new end is lost. */
    SHRINK(4);

    private final int flag;

    VolumeResize(int flag) {
        this.flag = flag;
    }

    int flag() {
        return flag;
    }
}
