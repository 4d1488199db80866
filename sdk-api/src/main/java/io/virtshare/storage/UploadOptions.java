package io.virtshare.storage;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.util.Objects;

/**
 * Options of {@link Volume#upload(java.nio.file.Path, UploadOptions)}: a progress listener,
 * a cancellation, whether the upload may change the volume's format, and whether the data
 * may name a backing file.
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
 * <pre>{@code
 * Cancellation cancellation = new Cancellation();
 * disk.upload(Path.of("disk.img"), UploadOptions.defaults()
 *         .withProgress(p -> System.err.println(p.bytesDone()))
 *         .withCancellation(cancellation));
 * scratch.upload(Path.of("raw.img"), UploadOptions.defaults().withFormatChange(true)); // a qcow2 volume becomes raw
 * }</pre>
 *
 * @param progress receives progress reports
 * @param cancellation stops the upload when cancelled
 * @param formatChange whether the volume may take another format than it has (that of the data)
 * @param backingFile whether the data's header may name files outside the image (a backing file,
 *     an external data file, a vmdk parent or extent)
 */
public record UploadOptions(ProgressListener progress, Cancellation cancellation, boolean formatChange,
        boolean backingFile) {
    /**
     * Checks for nulls.
     */
    public UploadOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /**
     * No progress, no cancellation, the volume keeps its format (data in another format is
     * refused), and data whose header names a backing file is refused.
     */
    public static UploadOptions defaults() {
        return new UploadOptions(ProgressListener.NONE, Cancellation.none(), false, false);
    }

    /** These options with {@code listener}. */
    public UploadOptions withProgress(ProgressListener listener) {
        return new UploadOptions(listener, cancellation, formatChange, backingFile);
    }

    /** These options with {@code value}. */
    public UploadOptions withCancellation(Cancellation value) {
        return new UploadOptions(progress, value, formatChange, backingFile);
    }

    /**
     * These options allowing ({@code true}) or refusing ({@code false}, the default) an upload
     * whose data is in another format than the volume; when allowed, the volume takes the
     * data's format and the capacity that format says.
     */
    public UploadOptions withFormatChange(boolean allowed) {
        return new UploadOptions(progress, cancellation, allowed, backingFile);
    }

    /**
     * These options allowing ({@code true}) or refusing ({@code false}, the default) data whose
     * header names files outside the image — a backing file, an external data file, a vmdk
     * parent or extent. Allow it only when those files are meant to back the volume: libvirt
     * and a guest using the volume read them from the host.
     */
    public UploadOptions withBackingFile(boolean allowed) {
        return new UploadOptions(progress, cancellation, formatChange, allowed);
    }
}
