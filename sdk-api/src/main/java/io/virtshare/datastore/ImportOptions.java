package io.virtshare.datastore;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import io.virtshare.spi.SourceImporter;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a register or clone: the image name, a progress listener, a cancellation,
 * and optionally the importer for a URI source (instead of the one {@code ServiceLoader}
 * finds, e.g. an {@code hf://} importer configured for another endpoint). What an image
 * keeps of its source (links, modes, owners, names) is one rule for every source, given
 * at {@link Images#register(String, ImportOptions)}.
 *
 * <pre>{@code
 * ImportOptions options = ImportOptions.defaults().withName("llama").withProgress(p -> System.err.println(p));
 * ds.images().register("/var/tmp/llama", options);
 * }</pre>
 *
 * @param name the image name; empty for one derived from the source
 * @param progress receives progress reports
 * @param cancellation stops the operation when cancelled
 * @param importer the importer for URI sources of its scheme; empty for the one {@code ServiceLoader} finds
 */
public record ImportOptions(Optional<String> name, ProgressListener progress, Cancellation cancellation,
        Optional<SourceImporter> importer) {
    public ImportOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
        importer = importer == null ? Optional.empty() : importer;
    }

    /**
     * Options without an explicit importer.
     *
     * @param name the image name; empty for one derived from the source
     * @param progress receives progress reports
     * @param cancellation stops the operation when cancelled
     */
    public ImportOptions(Optional<String> name, ProgressListener progress, Cancellation cancellation) {
        this(name, progress, cancellation, Optional.empty());
    }

    /** No name, no progress, no cancellation. */
    public static ImportOptions defaults() {
        return new ImportOptions(Optional.empty(), ProgressListener.NONE, Cancellation.none());
    }

    /** These options with {@code name}. */
    public ImportOptions withName(String value) {
        return new ImportOptions(Optional.of(value), progress, cancellation, importer);
    }

    /** These options with {@code listener}. */
    public ImportOptions withProgress(ProgressListener listener) {
        return new ImportOptions(name, listener, cancellation, importer);
    }

    /** These options with {@code value}. */
    public ImportOptions withCancellation(Cancellation value) {
        return new ImportOptions(name, progress, value, importer);
    }

    /**
     * These options with {@code value} as the importer for URI sources of its scheme, e.g.
     * {@code HfImporter.builder().endpoint(hub).build()} for {@code hf://} from another Hub.
     */
    public ImportOptions withImporter(SourceImporter value) {
        return new ImportOptions(name, progress, cancellation, Optional.of(Objects.requireNonNull(value, "importer")));
    }
}
