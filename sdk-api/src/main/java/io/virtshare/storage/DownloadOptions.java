package io.virtshare.storage;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.util.Objects;

/**
 * Options of {@link Volume#download(java.nio.file.Path, DownloadOptions)}: a progress listener
 * and a cancellation, as {@link UploadOptions} carries them for an upload.
 *
 * <p>A download only reads the volume, so there is nothing to allow: the file receives the
 * volume's bytes in its format, and appears only when complete.
 *
 * <pre>{@code
 * Cancellation cancellation = new Cancellation();
 * disk.download(Path.of("backup.img"), DownloadOptions.defaults()
 *         .withProgress(p -> System.err.println(p.bytesDone()))
 *         .withCancellation(cancellation));
 * }</pre>
 *
 * @param progress receives progress reports
 * @param cancellation stops the download when cancelled
 */
public record DownloadOptions(ProgressListener progress, Cancellation cancellation) {
    /**
     * Checks for nulls.
     */
    public DownloadOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** No progress and no cancellation. */
    public static DownloadOptions defaults() {
        return new DownloadOptions(ProgressListener.NONE, Cancellation.none());
    }

    /** These options with {@code listener}. */
    public DownloadOptions withProgress(ProgressListener listener) {
        return new DownloadOptions(listener, cancellation);
    }

    /** These options with {@code value}. */
    public DownloadOptions withCancellation(Cancellation value) {
        return new DownloadOptions(progress, value);
    }
}
