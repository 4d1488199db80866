package io.virtshare.internal.libvirt;

import io.virtshare.storage.PoolBuild;
import io.virtshare.storage.PoolDelete;
import io.virtshare.storage.PoolState;
import io.virtshare.storage.VolumeResize;

/** The libvirt C API's numbers for the SDK's storage enums (libvirt-storage.h). */
final class LibvirtFlags {
    private LibvirtFlags() {
    }

    /** {@code VIR_STORAGE_POOL_BUILD_*}. */
    public static int of(PoolBuild build) {
        return switch (build) {
            case NEW -> 0;
            case REPAIR -> 1;
            case NO_OVERWRITE -> 4;
            case OVERWRITE -> 8;
        };
    }

    /** {@code VIR_STORAGE_POOL_DELETE_*}. */
    public static int of(PoolDelete delete) {
        return switch (delete) {
            case NORMAL -> 0;
            case ZEROED -> 1;
        };
    }

    /** {@code VIR_STORAGE_VOL_RESIZE_*}. */
    public static int of(VolumeResize resize) {
        return switch (resize) {
            case ALLOCATE -> 1;
            case DELTA -> 2;
            case SHRINK -> 4;
        };
    }

    /** The state for {@code virStoragePoolState} {@code code}; an unknown code is {@link PoolState#INACCESSIBLE}. */
    public static PoolState poolState(int code) {
        PoolState[] all = PoolState.values();
        return code >= 0 && code < all.length ? all[code] : PoolState.INACCESSIBLE;
    }
}
