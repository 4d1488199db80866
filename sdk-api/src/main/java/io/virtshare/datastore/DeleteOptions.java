package io.virtshare.datastore;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.util.Objects;

/**
 * Options of a delete: a progress listener and a cancellation, as {@link ImportOptions}
 * carries them for registers and clones.
 *
 * <pre>{@code
 * Cancellation cancel = new Cancellation();
 * ds.images().delete(image, DeleteOptions.defaults().withProgress(System.err::println).withCancellation(cancel));
 * }</pre>
 *
 * @param progress receives progress reports
 * @param cancellation stops the delete while that is still possible (until the tree is moved aside)
 */
public record DeleteOptions(ProgressListener progress, Cancellation cancellation) {
    public DeleteOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** No progress, no cancellation. */
    public static DeleteOptions defaults() {
        return new DeleteOptions(ProgressListener.NONE, Cancellation.none());
    }

    /** These options with {@code listener}. */
    public DeleteOptions withProgress(ProgressListener listener) {
        return new DeleteOptions(listener, cancellation);
    }

    /** These options with {@code value}. */
    public DeleteOptions withCancellation(Cancellation value) {
        return new DeleteOptions(progress, value);
    }
}
