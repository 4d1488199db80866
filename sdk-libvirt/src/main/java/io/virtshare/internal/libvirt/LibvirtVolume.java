package io.virtshare.internal.libvirt;

import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.VolumeResize;
import io.virtshare.storage.VolumeWipe;
import io.virtshare.storage.VolumeInfo;
import io.virtshare.BackendException;
import io.virtshare.InvalidSpecException;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Size;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.libvirt.StorageVolInfo;

/**
 * One storage volume of a {@link LibvirtPool}: its name, key and path, and what can be done
 * with it — info, wipe, resize, upload and download of its content through a libvirt stream
 * (which works over remote connections too), delete.
 */
final class LibvirtVolume implements Volume {
    private static final XmlCodec CODEC = XmlCodec.defaults();
    /** The formats libvirt's wipe keeps: raw has no header, and libvirt makes a ploop image anew. */
    private static final Set<FormatType> KEPT_BY_WIPE = Set.of(FormatType.RAW, FormatType.of("ploop"));

    private final LibvirtPool pool;
    private final String name;
    private final String key;
    private final String path;

    LibvirtVolume(LibvirtPool pool, String name, String key, String path) {
        this.pool = pool;
        this.name = name;
        this.key = key;
        this.path = path;
    }

    @Override
    public LibvirtPool pool() {
        return pool;
    }

    /** The volume name. */
    public String name() {
        return name;
    }

    /** The key, unique on the host. */
    public String key() {
        return key;
    }

    /** The path, as a domain's disk would name it. */
    @Override
    public Path path() {
        return Path.of(path);
    }

    /** Type and sizes as libvirt reports them now. */
    public VolumeInfo info() {
        return on("read info of volume", v -> {
            StorageVolInfo info = v.getInfo();
            String type = info.type == null ? "unknown" : switch (info.type) {
                case VIR_STORAGE_VOL_FILE -> "file";
                case VIR_STORAGE_VOL_BLOCK -> "block";
            };
            return new VolumeInfo(name, key, path, type, Size.ofBytes(info.capacity), Size.ofBytes(info.allocation));
        });
    }

    /** The volume's XML as libvirt writes it now. */
    public String xml() {
        return on("read XML of volume", v -> v.getXMLDesc(0));
    }

    /** The volume's XML read into a spec. */
    public VolumeSpec spec() {
        return CODEC.readVolume(xml());
    }

    /** Deletes the volume and its data. */
    public void delete() {
        on("delete volume", v -> {
            v.delete(0);
            return null;
        });
    }

    /**
     * Overwrites the volume's data with zeros.
     *
     * <p>libvirt writes the zeros over the volume's whole file, header included, and then
     * takes the volume's format from the file: a qcow2 volume would become a raw volume the
     * size of its file. So a volume whose format has a header (anything but raw; a raw volume
     * with LUKS encryption has one too) is refused, the volume unchanged, unless
     * {@link VolumeWipe#FORMAT_CHANGE} is given. To empty a qcow2 volume and keep it qcow2,
     * delete it and create it again.
     *
     * @return this volume
     * @throws io.virtshare.InvalidSpecException when the wipe would change the volume's
     *     format and {@link VolumeWipe#FORMAT_CHANGE} is not given
     */
    public LibvirtVolume wipe(VolumeWipe... options) {
        boolean formatChange = Arrays.asList(options).contains(VolumeWipe.FORMAT_CHANGE);
        FormatType format = ImageFormats.of(spec());
        if (!formatChange && !KEPT_BY_WIPE.contains(format)) {
            throw new InvalidSpecException("cannot wipe volume " + name + " in pool " + pool.name() + ": it is a "
                    + format + " volume, and libvirt's wipe writes zeros over its file, header included, so it would"
                    + " become a raw volume the size of its file; to empty it and keep it " + format + ", delete it"
                    + " and create it again, or pass VolumeWipe.FORMAT_CHANGE to wipe it anyway");
        }
        on("wipe volume", StorageVol::wipe);
        return this;
    }

    /**
     * Changes the volume's capacity to {@code size} (or by it, with {@link VolumeResize#DELTA}).
     * Shrinking needs {@link VolumeResize#SHRINK}.
     *
     * @return this volume
     */
    public LibvirtVolume resize(Size size, VolumeResize... options) {
        Objects.requireNonNull(size, "size");
        int flags = 0;
        for (VolumeResize option : options) {
            flags |= LibvirtFlags.of(option);
        }
        int chosen = flags;
        on("resize volume", v -> v.resize(size.bytes(), chosen));
        return this;
    }

    /**
     * Writes the bytes of the file {@code source} to the start of the volume through a libvirt
     * stream (so it works on remote hosts too), reporting progress as {@code upload} to the
     * options' listener. The volume must be at least as large as the file.
     *
     * <p>An upload replaces the volume's bytes, and libvirt then takes the volume's format
     * from them: the volume's format follows the data. Raw bytes uploaded into a qcow2
     * volume make it a raw volume the size of the file; a qcow2 header uploaded into a raw
     * volume makes it a qcow2 volume (with the size and any backing file that header names).
     * So the data's format is told from its header first — qcow2, qcow, qed, vmdk, vpc/vhd,
     * vdi, vhdx, luks, iso, ploop, cow, else raw (raw data has no header) — and compared with
     * the volume's ({@code <target><format>} of its XML; a raw target with LUKS encryption is
     * luks). When they differ the upload is refused before anything is sent, naming both
     * formats, unless the options allow it with {@link UploadOptions#withFormatChange(boolean)}.
     *
     * <p>A header that names files outside the image — a backing file (qcow2, qcow, qed, cow),
     * an external data file (qcow2), a parent or extents (vmdk) — is refused as well, naming
     * the file: libvirt and a guest using the volume would read those files from the host.
     * {@link UploadOptions#withBackingFile(boolean)} allows it.
     *
     * <p>{@link UploadOptions#withSparse(boolean) Sparse}, the file's holes (found with
     * {@code SEEK_DATA}/{@code SEEK_HOLE}) travel as holes and the volume's file keeps them; the
     * volume reads as zeros there even where it held data before (that data is found first, with
     * a sparse download, and overwritten with zeros). A target or volume that cannot take holes
     * refuses with a {@link BackendException} naming libvirt's reason; nothing is sent full instead.
     *
     * @return the number of bytes written
     * @throws io.virtshare.InvalidSpecException when the file is larger than the volume, in
     *     another format than the volume, or names a backing file, and the options do not allow
     *     it; the volume is unchanged
     * @throws io.virtshare.progress.OperationCancelledException when cancelled; the volume then
     *     holds part of the file, so wipe, upload again or delete it
     * @throws BackendException when libvirt refuses or the stream breaks
     */
    public long upload(Path source, UploadOptions options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        if (options.sparse()) {
            return on("upload to volume", v -> SparseTransfers.upload(sparseTarget(), v, source, options.progress(),
                    options.cancellation(), options.formatChange(), options.backingFile()));
        }
        return on("upload to volume", v -> VolumeStreams.upload(pool.host().connection(), v, name, source,
                options.progress(), options.cancellation(), options.formatChange(), options.backingFile()));
    }

    /**
     * Reads the volume's bytes into the file {@code target} through a libvirt stream,
     * reporting progress as {@code download} to the options' listener. The file appears only
     * when complete: a failed or cancelled download leaves no file behind.
     *
     * <p>The bytes are the volume's as stored, in its format: a qcow2 volume downloads as a
     * qcow2 file (not as the disk a guest sees), a raw volume as all its bytes, holes as
     * zeros. The volume is only read, so its format and data do not change; uploading the
     * file into a volume of the same format gives back the same volume.
     *
     * <p>{@link DownloadOptions#withSparse(boolean) Sparse}, the volume's holes travel as holes
     * and stay holes in the file, which then takes the space of the volume's data only. A
     * target or volume that cannot send holes refuses with a {@link BackendException}; nothing
     * is received full instead.
     *
     * @return the number of bytes read
     * @throws io.virtshare.progress.OperationCancelledException when cancelled; no file is kept
     * @throws BackendException when libvirt refuses or the stream breaks
     */
    public long download(Path target, DownloadOptions options) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        if (options.sparse()) {
            return on("download volume", v -> SparseTransfers.download(sparseTarget(), target, options.progress(),
                    options.cancellation()));
        }
        return on("download volume", v -> VolumeStreams.download(pool.host().connection(), v, name, target,
                options.progress(), options.cancellation()));
    }

    private SparseTransfers.Target sparseTarget() {
        LibvirtHost host = pool.host();
        return new SparseTransfers.Target(host.uri(), host.connection().pointer(), pool.uuid(), pool.name(), name);
    }

    interface VolumeCall<T> {
        T call(StorageVol volume) throws LibvirtException;
    }

    <T> T on(String operation, VolumeCall<T> call) {
        return pool.host().storage(operation, pool.name(), name, Existing.VOLUME, () -> {
            org.libvirt.StoragePool p = pool.host().connection().storagePoolLookupByUUIDString(pool.uuid());
            StorageVol volume = null;
            try {
                volume = p.storageVolLookupByName(name);
                return call.call(volume);
            } finally {
                Handles.free(volume);
                Handles.free(p);
            }
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LibvirtVolume v && v.key.equals(key) && v.pool.equals(pool);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "LibvirtVolume[" + name + " in " + pool.name() + "]";
    }
}
