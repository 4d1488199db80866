package io.virtshare.spi;

/**
 * Imports a remote source (a URI with a scheme, such as {@code hf://}) into a new
 * directory of a SharedFS datastore. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.virtshare.spi.SourceImporter});
 * {@code sdk-hf} provides the {@code hf} scheme.
 *
 * <p>An importer writes only below the target directory it is given, counts bytes
 * against {@link ImportContext#maxBytes()}, reports progress and honours cancellation.
 * When it throws, the datastore removes the target; when it returns, the target is
 * complete and verified.
 *
 * <pre>{@code
 * public final class MyImporter implements SourceImporter {
 *     public String scheme() { return "my"; }
 *     public ImportOutcome importInto(String source, Path target, ImportContext context) { ... }
 * }
 * }</pre>
 */
public interface SourceImporter {
    /** The URI scheme this importer handles, without {@code ://}, e.g. {@code hf}. */
    String scheme();

    /**
     * Imports {@code source} into {@code target}, an existing empty directory.
     *
     * @param source the source as the user gave it, e.g. {@code hf://org/model@main}
     * @param target where to write the tree
     * @param context limits, progress and cancellation
     * @return what the import pinned (e.g. a commit)
     * @throws io.virtshare.VirtShareException with a message saying what to do, on any failure
     */
    ImportOutcome importInto(String source, java.nio.file.Path target, ImportContext context);
}
