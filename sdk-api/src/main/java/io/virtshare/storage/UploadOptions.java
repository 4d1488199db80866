package io.virtshare.storage;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.util.Objects;

/**
 * Options of {@link Volume#upload(java.nio.file.Path, UploadOptions)}: a progress listener,
 * a cancellation, whether the upload may change the volume's format, whether the data
 * may name a backing file, and whether the file's holes travel as holes (a sparse upload).
 *
 * <p>An upload replaces the volume's bytes, and libvirt then takes the volume's format from
 * them: raw bytes turn a qcow2 volume into a raw one, a qcow2 header turns a raw volume into
 * a qcow2 one. So an upload whose data is in another format than the volume is refused,
 * unless these options allow the change with {@link #withFormatChange(boolean)}.
 *
 * <p>A header can also name files outside the image that libvirt and QEMU then open from the
 * host: a backing file (qcow2, qcow, qed, cow), an external data file (qcow2), a parent or
 * extents (vmdk). Once uploaded, a guest using the volume would read those host files, so
 * such data is refused unless these options allow it with {@link #withBackingFile(boolean)}.
 *
 * <p>A <em>differencing disk</em> of vpc (VHD), vdi or vhdx is refused whatever these options
 * say. Its header names a parent disk too, but QEMU never reads it: it opens a differencing VHD
 * as if it stood alone, so a guest reads zeros wherever the parent holds data, and it refuses to
 * open a differencing vdi or vhdx, so a VM using the volume would not start. Allowing a backing
 * file would not make the parent's data reach a guest, so {@link #withBackingFile(boolean)} does
 * not let such a disk through; merge it into a self-contained image with the tool that made it
 * (Hyper-V's {@code Merge-VHD}, VirtualBox's {@code VBoxManage clonemedium}) and upload that.
 * ({@code qemu-img convert} reads the file as QEMU does and cannot bring the parent's data in.)
 * A vhdx whose log still holds changes that QEMU would write in when it opens it is refused
 * whatever these options say as well: what it is once they are in cannot be checked; write them
 * in first with {@code qemu-img check -r all FILE}.
 *
 * <p>A <em>sparse</em> upload ({@link #withSparse(boolean)}) reads the file's holes with
 * {@code SEEK_DATA}/{@code SEEK_HOLE} and sends them as holes, so only the data crosses the
 * connection and the volume's file stays sparse; the volume reads as zeros where the file has
 * holes, whatever it held before. A backend or volume that cannot take a sparse upload refuses
 * it with a {@link io.virtshare.BackendException}: a sparse upload never silently turns into a
 * full one.
 *
 * <pre>{@code
 * Cancellation cancellation = new Cancellation();
 * disk.upload(Path.of("disk.img"), UploadOptions.defaults()
 *         .withProgress(p -> System.err.println(p.bytesDone()))
 *         .withCancellation(cancellation));
 * scratch.upload(Path.of("raw.img"), UploadOptions.defaults().withFormatChange(true)); // a qcow2 volume becomes raw
 * disk.upload(Path.of("big-but-empty.img"), UploadOptions.defaults().withSparse(true)); // moves the data only
 * }</pre>
 *
 * @param progress receives progress reports
 * @param cancellation stops the upload when cancelled
 * @param formatChange whether the volume may take another format than it has (that of the data)
 * @param backingFile whether the data's header may name files outside the image (a backing file,
 *     an external data file, a vmdk parent or extent)
 * @param sparse whether the file's holes are sent as holes instead of as zeros
 */
public record UploadOptions(ProgressListener progress, Cancellation cancellation, boolean formatChange,
        boolean backingFile, boolean sparse) {
    /**
     * Checks for nulls.
     */
    public UploadOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /**
     * No progress, no cancellation, the volume keeps its format (data in another format is
     * refused), data whose header names a backing file is refused, and holes travel as zeros
     * (not sparse).
     */
    public static UploadOptions defaults() {
        return new UploadOptions(ProgressListener.NONE, Cancellation.none(), false, false, false);
    }

    /** These options with {@code listener}. */
    public UploadOptions withProgress(ProgressListener listener) {
        return new UploadOptions(listener, cancellation, formatChange, backingFile, sparse);
    }

    /** These options with {@code value}. */
    public UploadOptions withCancellation(Cancellation value) {
        return new UploadOptions(progress, value, formatChange, backingFile, sparse);
    }

    /**
     * These options allowing ({@code true}) or refusing ({@code false}, the default) an upload
     * whose data is in another format than the volume; when allowed, the volume takes the
     * data's format and the capacity that format says.
     */
    public UploadOptions withFormatChange(boolean allowed) {
        return new UploadOptions(progress, cancellation, allowed, backingFile, sparse);
    }

    /**
     * These options allowing ({@code true}) or refusing ({@code false}, the default) data whose
     * header names files outside the image — a backing file, an external data file, a vmdk
     * parent or extent. Allow it only when those files are meant to back the volume: libvirt
     * and a guest using the volume read them from the host. A differencing vpc, vdi or vhdx
     * disk stays refused even when allowed: QEMU does not read its parent, so no guest would
     * see the parent's data (see the class description).
     */
    public UploadOptions withBackingFile(boolean allowed) {
        return new UploadOptions(progress, cancellation, formatChange, allowed, sparse);
    }

    /**
     * These options sending the file's holes as holes ({@code true}) or as zeros ({@code false},
     * the default). Sparse, only the file's data crosses the connection and the volume's file
     * keeps holes where the file has them; the volume's bytes are the same either way.
     */
    public UploadOptions withSparse(boolean enabled) {
        return new UploadOptions(progress, cancellation, formatChange, backingFile, enabled);
    }
}
