package io.virtshare.internal.libvirt;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;

/** Frees libvirt-java handles as soon as they are done with, instead of at finalization. */
final class Handles {
    private Handles() {
    }

    /** Frees a pool handle; null and failures are ignored. */
    public static void free(StoragePool pool) {
        if (pool != null) {
            try {
                pool.free();
            } catch (LibvirtException e) {
                // the handle is gone either way
            }
        }
    }

    /** Frees a domain handle; null and failures are ignored. */
    static void free(Domain domain) {
        if (domain != null) {
            try {
                domain.free();
            } catch (LibvirtException e) {
                // the handle is gone either way
            }
        }
    }

    /** Frees a volume handle; null and failures are ignored. */
    public static void free(StorageVol volume) {
        if (volume != null) {
            try {
                volume.free();
            } catch (LibvirtException e) {
                // the handle is gone either way
            }
        }
    }

    /** Aborts (when not finished) and frees a stream; null and failures are ignored. */
    public static void abortAndFree(Stream stream) {
        if (stream != null) {
            try {
                stream.abort();
            } catch (LibvirtException e) {
                // already finished or broken
            }
            try {
                stream.free();
            } catch (LibvirtException e) {
                // the handle is gone either way
            }
        }
    }
}
