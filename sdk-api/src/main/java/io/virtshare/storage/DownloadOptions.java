package io.virtshare.storage;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.util.Objects;

/**
 * Options of {@link Volume#download(java.nio.file.Path, DownloadOptions)}: a progress listener
 * and a cancellation, as {@link UploadOptions} carries them for an upload, and whether the
 * volume's holes travel as holes (a sparse download).
 *
 * <p>A download only reads the volume, so there is nothing to allow: the file receives the
 * volume's bytes in its format, and appears only when complete.
 *
 * <p>A <em>sparse</em> download ({@link #withSparse(boolean)}) asks the target for the volume's
 * holes as holes and leaves them as holes in the file: only the data crosses the connection and
 * the file takes no more disk space than the volume's data. Its bytes are the same as those of
 * a full download. A backend or volume that cannot send holes refuses it with a
 * {@link io.virtshare.BackendException}: a sparse download never silently turns into a full one.
 *
 * <pre>{@code
 * Cancellation cancellation = new Cancellation();
 * disk.download(Path.of("backup.img"), DownloadOptions.defaults()
 *         .withProgress(p -> System.err.println(p.bytesDone()))
 *         .withCancellation(cancellation));
 * disk.download(Path.of("sparse-backup.img"), DownloadOptions.defaults().withSparse(true));
 * }</pre>
 *
 * @param progress receives progress reports
 * @param cancellation stops the download when cancelled
 * @param sparse whether the volume's holes are received as holes and left as holes in the file
 */
public record DownloadOptions(ProgressListener progress, Cancellation cancellation, boolean sparse) {
    /**
     * Checks for nulls.
     */
    public DownloadOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** No progress, no cancellation, holes received as zeros (not sparse). */
    public static DownloadOptions defaults() {
        return new DownloadOptions(ProgressListener.NONE, Cancellation.none(), false);
    }

    /** These options with {@code listener}. */
    public DownloadOptions withProgress(ProgressListener listener) {
        return new DownloadOptions(listener, cancellation, sparse);
    }

    /** These options with {@code value}. */
    public DownloadOptions withCancellation(Cancellation value) {
        return new DownloadOptions(progress, value, sparse);
    }

    /**
     * These options receiving the volume's holes as holes ({@code true}) or as zeros
     * ({@code false}, the default).
     */
    public DownloadOptions withSparse(boolean enabled) {
        return new DownloadOptions(progress, cancellation, enabled);
    }
}
