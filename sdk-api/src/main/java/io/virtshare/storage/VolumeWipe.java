package io.virtshare.storage;

/**
 * Options of {@link Volume#wipe(VolumeWipe...)}.
 *
 * <pre>{@code
 * scratch.wipe(VolumeWipe.FORMAT_CHANGE);   // a qcow2 volume: zeros over its file, and it becomes raw
 * }</pre>
 */
public enum VolumeWipe {
    /**
     * Allow wiping a volume whose format keeps a header (qcow2, vmdk, a LUKS raw volume, …):
     * libvirt's zeros overwrite the header with the data, and libvirt then sees a raw volume
     * the size of the file.
     */
    FORMAT_CHANGE
}
