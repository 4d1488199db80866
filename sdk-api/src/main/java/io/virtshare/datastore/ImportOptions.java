package io.virtshare.datastore;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import io.virtshare.spi.SourceImporter;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a register or clone: the image name, a progress listener, a cancellation,
 * optionally the importer for a URI source (instead of the one {@code ServiceLoader}
 * finds, e.g. an {@code hf://} importer configured for another endpoint), and for an
 * archive whether its single top-level folder is stripped.
 *
 * <p><b>Archive layout.</b> An archive's entries land as named under the image's root:
 * {@code tar czf tiny-model.tar.gz tiny-model/} registers as {@code <image>/tiny-model/config.json}.
 * With {@link #withStripTopLevelFolder(boolean) the top-level folder stripped} the same
 * archive gives {@code <image>/config.json}; every entry must then lie in that one folder
 * (a second top-level entry, or a file at the top level, refuses the archive and nothing is
 * registered), hard links are stripped alike, and a symbolic link that climbs back to the
 * archive's top level is refused as leaving the image.
 *
 * <p>What an image keeps of its source (links, modes, owners, names) is one rule for every
 * source, given at {@link Images#register(String, ImportOptions)}.
 *
 * <pre>{@code
 * ImportOptions options = ImportOptions.defaults().withName("llama").withProgress(p -> System.err.println(p));
 * ds.images().register("/var/tmp/llama", options);
 * ds.images().register("/var/tmp/llama.tar.gz", ImportOptions.defaults().withStripTopLevelFolder(true));
 * }</pre>
 *
 * @param name the image name; empty for one derived from the source
 * @param progress receives progress reports
 * @param cancellation stops the operation when cancelled
 * @param importer the importer for URI sources of its scheme; empty for the one {@code ServiceLoader} finds
 * @param stripTopLevelFolder whether an archive's single top-level folder is stripped, so that its
 *     contents form the image's root (archives only: a register of anything else with it is refused)
 */
public record ImportOptions(Optional<String> name, ProgressListener progress, Cancellation cancellation,
        Optional<SourceImporter> importer, boolean stripTopLevelFolder) {
    public ImportOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
        importer = importer == null ? Optional.empty() : importer;
    }

    /**
     * Options that keep an archive's layout.
     *
     * @param name the image name; empty for one derived from the source
     * @param progress receives progress reports
     * @param cancellation stops the operation when cancelled
     * @param importer the importer for URI sources of its scheme; empty for the one {@code ServiceLoader} finds
     */
    public ImportOptions(Optional<String> name, ProgressListener progress, Cancellation cancellation,
            Optional<SourceImporter> importer) {
        this(name, progress, cancellation, importer, false);
    }

    /**
     * Options without an explicit importer.
     *
     * @param name the image name; empty for one derived from the source
     * @param progress receives progress reports
     * @param cancellation stops the operation when cancelled
     */
    public ImportOptions(Optional<String> name, ProgressListener progress, Cancellation cancellation) {
        this(name, progress, cancellation, Optional.empty(), false);
    }

    /** No name, no progress, no cancellation; an archive keeps its layout. */
    public static ImportOptions defaults() {
        return new ImportOptions(Optional.empty(), ProgressListener.NONE, Cancellation.none());
    }

    /** These options with {@code name}. */
    public ImportOptions withName(String value) {
        return new ImportOptions(Optional.of(value), progress, cancellation, importer, stripTopLevelFolder);
    }

    /** These options with {@code listener}. */
    public ImportOptions withProgress(ProgressListener listener) {
        return new ImportOptions(name, listener, cancellation, importer, stripTopLevelFolder);
    }

    /** These options with {@code value}. */
    public ImportOptions withCancellation(Cancellation value) {
        return new ImportOptions(name, progress, value, importer, stripTopLevelFolder);
    }

    /**
     * These options with {@code value} as the importer for URI sources of its scheme, e.g.
     * {@code HfImporter.builder().endpoint(hub).build()} for {@code hf://} from another Hub.
     */
    public ImportOptions withImporter(SourceImporter value) {
        return new ImportOptions(name, progress, cancellation, Optional.of(Objects.requireNonNull(value, "importer")),
                stripTopLevelFolder);
    }

    /**
     * These options with an archive's single top-level folder stripped ({@code true}) or kept
     * ({@code false}, the default); see the archive layout above.
     */
    public ImportOptions withStripTopLevelFolder(boolean value) {
        return new ImportOptions(name, progress, cancellation, importer, value);
    }
}
