package io.virtshare.datastore;

import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.spi.SourceImporter;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The images of one datastore: register (from a directory, an archive or
 * {@code hf://}), list, find, clone, delete and measure.
 *
 * <p>An image becomes READY only when complete and durable: sources are copied or
 * extracted into a staging directory whose files and directories are then synced to
 * stable storage, renamed into place (the rename synced too), and only then is the
 * READY catalog entry written, synced; any failure removes what was written and the
 * catalog entry. Safe for many threads, processes and hosts at once.
 *
 * <p>One word per meaning: {@code register} brings a source in, {@code find} returns an
 * {@link Optional}, {@code get} throws {@link ImageNotFoundException}; an id is only for
 * looking an image up, and every operation on an image ({@code clone}, {@code delete},
 * {@code usage}, {@code markUsed}, {@code markUnused}) takes the {@link Image}, which must
 * come from this datastore. Progress and cancellation travel in an options value
 * ({@link ImportOptions}, {@link DeleteOptions}).
 *
 * <pre>{@code
 * Images images = ds.images();
 * Image model = images.register("/var/tmp/models/tiny");
 * Image archive = images.register("/var/tmp/dataset.tar.zst", ImportOptions.defaults().withName("dataset"));
 * Image copy = images.clone(model, "tiny-ft");
 * images.list().forEach(i -> System.out.println(i.id() + " " + i.name() + " " + i.state()));
 * images.delete(archive);
 * }</pre>
 */
public final class Images {
    private final ImageEntries entries;
    private final ImageDirectories directories;
    private final ImageRegistration registration;
    private final ImageCloning cloning;
    private final ImageDeletion deletion;
    private final ImageMeasuring measuring;
    private final ImageMarks marks;

    Images(Datastore datastore, CatalogStore catalog) {
        this.entries = new ImageEntries(datastore, catalog);
        this.directories = new ImageDirectories(entries);
        ImageStaging staging = new ImageStaging(entries);
        this.registration = new ImageRegistration(entries, staging);
        this.cloning = new ImageCloning(entries, directories, staging);
        this.deletion = new ImageDeletion(entries, directories);
        this.measuring = new ImageMeasuring(entries, directories);
        this.marks = new ImageMarks(entries, directories);
    }

    /** Registers {@code source} with default options; see {@link #register(String, ImportOptions)}. */
    public Image register(String source) {
        return register(source, ImportOptions.defaults());
    }

    /**
     * Registers {@code source}: a local directory, a tarball or zip (extracted safely),
     * or a URI whose scheme an installed {@link SourceImporter} handles ({@code hf://}
     * with {@code sdk-hf}; or {@link ImportOptions#withImporter the one in the options}).
     * Local paths must pass the datastore's {@code SAFE_DIRS} / {@code RESTRICTED_DIRS}.
     * A VirtioFS datastore registers directories in place.
     *
     * <p>A relative path is resolved against the current directory of the JVM
     * ({@code user.dir}); the image records the absolute path as its source, and every
     * message names the absolute path. An archive's entries land as named under the
     * image's root (an archive of {@code model/} gives {@code <image>/model/…}) unless
     * {@link ImportOptions#withStripTopLevelFolder(boolean) its single top-level folder is
     * stripped}.
     *
     * <p>One rule for what an image holds, whether it comes from a directory, an archive
     * or a clone: symbolic links only when relative and inside the tree (else the source
     * is refused, naming the link); hard links inside the tree; sparse files stay
     * sparse; permission bits and modification times kept, setuid/setgid/sticky
     * dropped; owners, ACLs and extended attributes never kept; devices, FIFOs and
     * sockets refused; names must be UTF-8 and writable under this JVM's locale (run
     * Java under a UTF-8 locale for non-ASCII names). A directory is read without ever
     * following a link below the checked path, at any depth, and must not change while it
     * is copied: a file or directory that does fails the import.
     *
     * @return the READY image
     * @throws PathNotAllowedException when the path rules refuse the source
     * @throws ArchiveRejectedException when an archive is unsafe, broken, over the limit, or has no
     *     single top-level folder to strip when asked to
     * @throws UnsupportedSourceException for another URI scheme, or hf:// without sdk-hf
     * @throws DatastoreException when a directory holds what the rule above refuses or
     *     changes while it is copied, when stripping a top-level folder of a source that is
     *     not an archive, and for other failures; nothing of the image is kept
     */
    public Image register(String source, ImportOptions options) {
        return registration.register(source, options);
    }

    /** All images, by id. */
    public List<Image> list() {
        return entries.all().stream().map(directories::view).toList();
    }

    /** The image with {@code id}, if any. */
    public Optional<Image> find(int id) {
        return entries.read(id).map(directories::view);
    }

    /** The image named {@code name}, if any. */
    public Optional<Image> findByName(String name) {
        Objects.requireNonNull(name, "name");
        return list().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * The image with {@code id}.
     *
     * @throws ImageNotFoundException when there is none
     */
    public Image get(int id) {
        return find(id).orElseThrow(() -> entries.notFound(id));
    }

    /**
     * Measures {@code image} now (apparent and allocated bytes, files).
     *
     * @throws ImageNotFoundException when the image is gone or is another datastore's
     * @throws ImageStateException when its directory cannot be used
     */
    public ImageUsage usage(Image image) {
        return measuring.usage(image);
    }

    /** Clones {@code image} as {@code name}; see {@link #clone(Image, ImportOptions)}. */
    public Image clone(Image image, String name) {
        return clone(image, name == null ? ImportOptions.defaults() : ImportOptions.defaults().withName(name));
    }

    /**
     * Clones {@code image} into a new image (SharedFS only), with the fastest safe mechanism
     * the file system offers: reflink per file, else a parallel copy. The source is in state
     * CLONE meanwhile and cannot be deleted.
     *
     * @throws DatastoreException for a VirtioFS datastore (OpenNebula does not clone there)
     * @throws ImageNotFoundException when the image is gone or is another datastore's
     * @throws ImageStateException when the source is not READY, USED or CLONE
     */
    public Image clone(Image image, ImportOptions options) {
        return cloning.clone(image, options);
    }

    /**
     * Deletes {@code image}. SharedFS: its directory (only ever {@code BASE_PATH/<id>}) is
     * renamed out of the way, the catalog entry removed, then the tree deleted. VirtioFS:
     * only the catalog entry goes; the registered directory is never touched.
     *
     * @throws ImageNotFoundException when the image is gone or is another datastore's
     * @throws ImageStateException while the image is LOCKED, CLONE, USED or DELETE
     */
    public void delete(Image image) {
        delete(image, DeleteOptions.defaults());
    }

    /**
     * Deletes {@code image}, reporting progress; see {@link #delete(Image)}. Cancelling is
     * possible until the tree has been moved aside; after that the delete completes.
     */
    public void delete(Image image, DeleteOptions options) {
        deletion.delete(image, options);
    }

    /**
     * Marks {@code image} as used by one more VM (state USED); delete is refused meanwhile.
     *
     * @return the image as marked
     * @throws ImageStateException when the image is not READY, USED or CLONE
     */
    public Image markUsed(Image image) {
        return marks.markUsed(image);
    }

    /**
     * Marks {@code image} as used by one VM fewer; READY again when none uses it.
     *
     * @return the image as marked
     */
    public Image markUnused(Image image) {
        return marks.markUnused(image);
    }

    long usedBytes() throws IOException {
        return entries.usedBytes();
    }
}
