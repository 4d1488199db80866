package io.virtshare.storage;

import java.nio.file.Path;

/**
 * A storage volume in a {@link Pool}: its definition, data transfers and removal. A handle
 * that reads the volume's state from the target on each call.
 *
 * <pre>{@code
 * Volume disk = vs.pools().get("images").volumes().get("disk1.qcow2");
 * disk.upload(Path.of("disk1.qcow2"), UploadOptions.defaults());
 * }</pre>
 */
public interface Volume {
    /** The pool holding the volume. */
    Pool pool();

    /** The volume's name in its pool. */
    String name();

    /** The volume's key, unique on the target. */
    String key();

    /**
     * Where the volume is, as the target reports it: a file or a device for most pool types,
     * {@code pool/image} for rbd, a path below the volume's host for gluster.
     */
    Path path();

    /** Type, capacity and allocation now. */
    VolumeInfo info();

    /** The volume's definition as the target reports it, as a typed spec. */
    VolumeSpec spec();

    /** The volume's definition as the target reports it, as libvirt XML. */
    String xml();

    /** Deletes the volume and its data. */
    void delete();

    /** Overwrites the volume's data. */
    Volume wipe(VolumeWipe... options);

    /** Changes the volume's capacity. */
    Volume resize(Size size, VolumeResize... options);

    /**
     * Writes {@code source}'s bytes into the volume.
     *
     * @return the bytes written
     */
    long upload(Path source, UploadOptions options);

    /**
     * Writes the volume's bytes into {@code target}.
     *
     * @return the bytes written
     */
    long download(Path target, DownloadOptions options);
}
