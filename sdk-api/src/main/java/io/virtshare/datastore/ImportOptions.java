package io.virtshare.datastore;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a register or clone: the image name, a progress listener, a cancellation.
 *
 * <pre>{@code
 * ImportOptions options = ImportOptions.defaults().withName("llama").withProgress(p -> System.err.println(p));
 * ds.images().register("/var/tmp/llama", options);
 * }</pre>
 *
 * @param name the image name; empty for one derived from the source
 * @param progress receives progress reports
 * @param cancellation stops the operation when cancelled
 */
public record ImportOptions(Optional<String> name, ProgressListener progress, Cancellation cancellation) {
    public ImportOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** No name, no progress, no cancellation. */
    public static ImportOptions defaults() {
        return new ImportOptions(Optional.empty(), ProgressListener.NONE, Cancellation.none());
    }

    /** These options with {@code name}. */
    public ImportOptions withName(String value) {
        return new ImportOptions(Optional.of(value), progress, cancellation);
    }

    /** These options with {@code listener}. */
    public ImportOptions withProgress(ProgressListener listener) {
        return new ImportOptions(name, listener, cancellation);
    }

    /** These options with {@code value}. */
    public ImportOptions withCancellation(Cancellation value) {
        return new ImportOptions(name, progress, value);
    }
}
