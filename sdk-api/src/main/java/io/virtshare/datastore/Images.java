package io.virtshare.datastore;

import io.virtshare.internal.archive.ArchiveFormat;
import io.virtshare.internal.archive.ExtractionLimits;
import io.virtshare.internal.archive.SafeExtractor;
import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.internal.catalog.HaltPoint;
import io.virtshare.internal.catalog.Heartbeat;
import io.virtshare.internal.catalog.ImageRecord;
import io.virtshare.internal.catalog.Owner;
import io.virtshare.internal.files.TreeCopier;
import io.virtshare.internal.files.TreeDeleter;
import io.virtshare.internal.files.TreeSync;
import io.virtshare.internal.files.TreeUsage;
import io.virtshare.internal.paths.PathPolicy;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import io.virtshare.spi.ImportContext;
import io.virtshare.spi.ImportOutcome;
import io.virtshare.spi.SourceImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <pre>{@code
 * Images images = ds.images();
 * Image model = images.register("/var/tmp/models/tiny");
 * Image archive = images.register("/var/tmp/dataset.tar.zst", ImportOptions.defaults().withName("dataset"));
 * images.list().forEach(i -> System.out.println(i.id() + " " + i.name() + " " + i.state()));
 * images.delete(archive.id());
 * }</pre>
 */
public final class Images {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}");
    private static final long MAX_ENTRIES = 10_000_000;

    private final Datastore datastore;
    private final CatalogStore catalog;

    Images(Datastore datastore, CatalogStore catalog) {
        this.datastore = datastore;
        this.catalog = catalog;
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
        if (source == null || source.isBlank()) {
            throw new DatastoreException("no source given; register a directory, a tarball or an hf:// URI");
        }
        Matcher scheme = SCHEME.matcher(source);
        if (scheme.find()) {
            if (options.stripTopLevelFolder()) {
                throw notAnArchive(source + " is a " + scheme.group(1) + ":// source");
            }
            return registerRemote(source, scheme.group(1).toLowerCase(java.util.Locale.ROOT), options);
        }
        Path requested;
        try {
            requested = Path.of(source);
        } catch (java.nio.file.InvalidPathException e) {
            throw new DatastoreException("'" + source + "' is not a valid path (" + e.getReason() + "); register a"
                    + " directory, a tarball or an hf:// URI", e);
        }
        PathPolicy policy = new PathPolicy(datastore.spec().safeDirs(), datastore.spec().restrictedDirs());
        Path real = policy.check(requested);
        Path absolute = requested.toAbsolutePath();
        String named = PathPolicy.named(requested);
        if (options.stripTopLevelFolder() && !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw notAnArchive(named + " is not an archive file");
        }
        if (options.stripTopLevelFolder() && datastore.spec().noDecompress()) {
            throw notAnArchive("datastore " + datastore.spec().name() + " has NO_DECOMPRESS = YES, so "
                    + named + " would be copied as a file, not extracted");
        }
        String recorded = requested.isAbsolute() ? source : absolute.normalize().toString();
        if (datastore.kind() == DatastoreKind.VIRTIO_FS) {
            return registerInPlace(absolute, recorded, named, real, policy, options);
        }
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            return importTree(recorded, defaultName(real.getFileName()), options, (staging, ctx) -> {
                TreeCopier.copy(real, staging, ctx.maxBytes(), ctx.limitName(), ctx.progress(), ctx.cancellation());
                recheck(policy, absolute, real);
                return Optional.empty();
            });
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new DatastoreException(named + " is neither a directory nor a file; register a directory or an"
                    + " archive (" + ArchiveFormat.supported() + ")");
        }
        if (datastore.spec().noDecompress()) {
            return importTree(recorded, defaultName(real.getFileName()), options, (staging, ctx) -> {
                Files.createDirectory(staging);
                Files.copy(real, staging.resolve(real.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                recheck(policy, absolute, real);
                return Optional.empty();
            });
        }
        return importTree(recorded, defaultName(real.getFileName()), options, (staging, ctx) -> {
            SafeExtractor.extract(real, staging, ExtractionLimits.of(ctx.maxBytes(), MAX_ENTRIES, ctx.limitName()),
                    options.stripTopLevelFolder(), ctx.progress(), ctx.cancellation());
            recheck(policy, absolute, real);
            return Optional.empty();
        });
    }

    private static DatastoreException notAnArchive(String what) {
        return new DatastoreException("stripping the top-level folder applies to archives that are extracted, and "
                + what + "; register it without stripping the top-level folder");
    }

    /** The source must still resolve to what was judged, or the copy is discarded. */
    private static void recheck(PathPolicy policy, Path source, Path judged) {
        Path now = policy.check(source);
        if (!now.equals(judged)) {
            throw new PathNotAllowedException(source, source + " changed while it was read (it now"
                    + " resolves to " + now + " instead of " + judged + "); nothing was registered");
        }
    }

    private Image registerRemote(String source, String scheme, ImportOptions options) {
        if (datastore.kind() == DatastoreKind.VIRTIO_FS) {
            throw new UnsupportedSourceException("VirtioFS datastore " + datastore.spec().name() + " registers local"
                    + " directories in place and cannot import " + source + "; use a SharedFS datastore");
        }
        SourceImporter importer = options.importer().filter(i -> i.scheme().equalsIgnoreCase(scheme))
                .orElseGet(() -> importer(scheme, source));
        String name = defaultName(Path.of(source.replaceAll("[@?#].*$", "").replaceAll("/+$", "")).getFileName());
        return importTree(source, name, options, (staging, ctx) -> {
            Files.createDirectory(staging);
            ImportOutcome outcome = importer.importInto(source, staging, ctx);
            return outcome.commit();
        });
    }

    private static SourceImporter importer(String scheme, String source) {
        List<SourceImporter> found = new ArrayList<>();
        for (SourceImporter candidate : ServiceLoader.load(SourceImporter.class)) {
            if (candidate.scheme().equalsIgnoreCase(scheme)) {
                found.add(candidate);
            }
        }
        if (found.size() > 1) {
            throw new UnsupportedSourceException("two importers handle " + scheme + "://: "
                    + found.stream().map(i -> i.getClass().getName()).toList()
                    + "; keep one of them on the class path");
        }
        if (found.isEmpty()) {
            if (scheme.equals("hf")) {
                throw new UnsupportedSourceException("hf:// sources need the Hugging Face importer: add the"
                        + " dependency io.virtshare:sdk-hf to the class path");
            }
            throw new UnsupportedSourceException(scheme + ":// sources are not supported (" + source + "); register"
                    + " a local directory, a tarball (" + ArchiveFormat.supported() + ") or an hf:// repository");
        }
        return found.get(0);
    }

    private Image registerInPlace(Path source, String recorded, String named, Path real, PathPolicy policy,
            ImportOptions options) {
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new DatastoreException("VirtioFS datastore " + datastore.spec().name() + " registers directories in"
                    + " place; " + named + " is not a directory (import archives into a SharedFS datastore)");
        }
        try {
            TreeUsage usage = TreeUsage.of(real);
            recheck(policy, source, real);
            Claimed claimed = claim(options.name().orElse(defaultName(real.getFileName())), options.name().isPresent());
            ImageRecord record = new ImageRecord(claimed.id(), claimed.name(), ImageState.READY, real.toString(),
                    recorded, usage.apparentBytes(), usage.allocatedBytes(), usage.files(), null, null,
                    System.currentTimeMillis(), null, List.of(), 0);
            catalog.write(record);
            return record.toImage(real);
        } catch (IOException e) {
            throw new DatastoreException("cannot register " + named + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Producer {
        /** Fills {@code staging} (which does not exist yet); returns the pinned commit, if any. */
        Optional<String> produce(Path staging, ImportContext context) throws IOException;
    }

    private record Claimed(int id, String name) {
    }

    private Claimed claim(String wanted, boolean explicit) throws IOException {
        if (!IMAGE_NAME.matcher(wanted).matches()) {
            if (explicit) {
                throw new DatastoreException("image name '" + wanted + "' is not valid; use 1-128 letters, digits,"
                        + " '.', '_', '-', '+' or '@', starting with a letter or digit");
            }
            wanted = "image";
        }
        int id = catalog.allocateId();
        if (catalog.claimName(wanted, id)) {
            return new Claimed(id, wanted);
        }
        if (explicit) {
            throw new DatastoreException("an image named '" + wanted + "' exists in datastore "
                    + datastore.spec().name() + "; choose another name");
        }
        String unique = wanted + "-" + id;
        if (!catalog.claimName(unique, id)) {
            throw new DatastoreException("cannot find a free name for " + wanted + "; give one explicitly");
        }
        return new Claimed(id, unique);
    }

    private Image importTree(String source, String defaultName, ImportOptions options, Producer producer) {
        return importTree("import", source, defaultName, options, producer);
    }

    /**
     * Claims an id and a name, writes the LOCKED entry, fills a staging tree, renames it to
     * {@code BASE_PATH/<id>} and writes the READY entry. {@code operation} names the steps
     * for {@link HaltPoint} ({@code import.name-claimed}, {@code clone.staged}, ...).
     */
    private Image importTree(String operation, String source, String defaultName, ImportOptions options,
            Producer producer) {
        Owner owner = Owner.current();
        Claimed claimed;
        try {
            claimed = claim(options.name().orElse(defaultName), options.name().isPresent());
        } catch (IOException e) {
            throw new DatastoreException("cannot add to the catalog of " + datastore.basePath() + ": "
                    + e.getMessage(), e);
        }
        HaltPoint.reached(operation + ".name-claimed");
        Path finalPath = datastore.basePath().resolve(Integer.toString(claimed.id()));
        Path staging = catalog.staging().resolve(claimed.id() + "-" + UUID.randomUUID());
        ImageRecord locked = new ImageRecord(claimed.id(), claimed.name(), ImageState.LOCKED, finalPath.toString(),
                source, 0, 0, 0, null, null, System.currentTimeMillis(), owner, List.of(), 0);
        boolean done = false;
        try (Heartbeat beat = Heartbeat.start(catalog.heartbeat(claimed.id()))) {
            catalog.write(locked);
            HaltPoint.reached(operation + ".entry-written");
            long room = room();
            ImportContext context = new ImportContext(room, limitName(), options.progress(), options.cancellation(),
                    Optional.of(catalog.resumeArea()));
            Optional<String> commit = producer.produce(staging, context);
            options.cancellation().check("registering " + source);
            TreeUsage usage = TreeUsage.of(staging);
            if (usage.apparentBytes() > room) {
                throw new DatastoreException(source + " needs " + usage.apparentBytes() + " bytes but only " + room
                        + " are left under " + limitName() + "; raise LIMIT_MB or free space");
            }
            // durable before READY: the files and directories, then the rename, then the entry
            TreeSync.sync(staging);
            HaltPoint.reached(operation + ".staged");
            Files.move(staging, finalPath, StandardCopyOption.ATOMIC_MOVE);
            TreeSync.syncDirectory(datastore.basePath());
            HaltPoint.reached(operation + ".moved");
            ImageRecord ready = locked.ready(finalPath.toString(), usage.apparentBytes(), usage.allocatedBytes(),
                    usage.files(), commit.orElse(null));
            catalog.write(ready);
            HaltPoint.reached(operation + ".ready");
            done = true;
            return ready.toImage(finalPath);
        } catch (IOException e) {
            throw new DatastoreException("cannot register " + source + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                TreeDeleter.deleteQuietly(staging);
                TreeDeleter.deleteQuietly(finalPath);
                forget(claimed);
            }
        }
    }

    private void forget(Claimed claimed) {
        try {
            catalog.remove(claimed.id());
            catalog.releaseName(claimed.name());
        } catch (IOException e) {
            // the next open marks a leftover LOCKED entry as ERROR
        }
    }

    /** Bytes the datastore may still take: under LIMIT_MB and on the file system. */
    private long room() throws IOException {
        long usable = Files.getFileStore(datastore.basePath()).getUsableSpace();
        long limitMb = datastore.spec().limitMb();
        if (limitMb <= 0) {
            return usable;
        }
        return Math.max(0, Math.min(usable, Math.multiplyExact(limitMb, 1L << 20) - usedBytes()));
    }

    private String limitName() {
        long limitMb = datastore.spec().limitMb();
        return limitMb > 0 ? "the datastore's LIMIT_MB = " + limitMb : "the free space of " + datastore.basePath();
    }

    long usedBytes() throws IOException {
        long used = 0;
        for (ImageRecord r : catalog.list()) {
            used += r.apparentBytes();
        }
        return used;
    }

    private static String defaultName(Path fileName) {
        if (fileName == null) {
            return "image";
        }
        String name = fileName.toString();
        for (String suffix : List.of(".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tgz", ".tar", ".zip")) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** All images, by id. */
    public List<Image> list() {
        try {
            return catalog.list().stream().map(this::view).toList();
        } catch (IOException e) {
            throw new DatastoreException("cannot read the catalog of " + datastore.basePath() + ": " + e.getMessage(), e);
        }
    }

    /** The image with {@code id}, if any. */
    public Optional<Image> find(int id) {
        return record(id).map(this::view);
    }

    /**
     * The public view of an entry. Its directory is derived, never read from the entry:
     * {@code BASE_PATH/<id>} for SharedFS, the registered directory for VirtioFS once the
     * path rules accept it again. An image in a usable state whose directory fails that check
     * is shown as ERROR with the reason (the entry itself is left as it is).
     */
    private Image view(ImageRecord record) {
        Path shown = shownDirectory(record);
        boolean usable = record.state() == ImageState.READY || record.state() == ImageState.USED
                || record.state() == ImageState.CLONE;
        if (!usable) {
            return record.toImage(shown);
        }
        Optional<String> problem = directoryProblem(record);
        return problem.isEmpty() ? record.toImage(shown)
                : record.withError(problem.get() + "; delete this image and register its source again")
                        .toImage(shown);
    }

    private Path derivedDirectory(int id) {
        return datastore.basePath().resolve(Integer.toString(id));
    }

    private Path shownDirectory(ImageRecord record) {
        if (datastore.kind() == DatastoreKind.SHARED_FS) {
            return derivedDirectory(record.id());
        }
        return registeredPath(record).orElse(derivedDirectory(record.id()));
    }

    private static Optional<Path> registeredPath(ImageRecord record) {
        if (record.path() == null) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(record.path());
            return path.isAbsolute() && path.normalize().equals(path) ? Optional.of(path) : Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * Why image {@code record}'s directory cannot be used now: a SharedFS image's
     * {@code BASE_PATH/<id>} must be a directory (not a link); a VirtioFS image's registered
     * directory must still pass SAFE_DIRS / RESTRICTED_DIRS and resolve to itself.
     */
    private Optional<String> directoryProblem(ImageRecord record) {
        if (datastore.kind() == DatastoreKind.SHARED_FS) {
            Path dir = derivedDirectory(record.id());
            try {
                BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    return Optional.of("its directory " + dir + " is a symbolic link, not a directory");
                }
                return attributes.isDirectory() ? Optional.empty()
                        : Optional.of("its directory " + dir + " is not a directory");
            } catch (IOException e) {
                return Optional.of("its directory " + dir + " is missing or unreadable");
            }
        }
        Optional<Path> registered = registeredPath(record);
        if (registered.isEmpty()) {
            return Optional.of("its entry records no valid absolute directory");
        }
        try {
            Path real = new PathPolicy(datastore.spec().safeDirs(), datastore.spec().restrictedDirs())
                    .check(registered.get());
            if (!real.equals(registered.get())) {
                return Optional.of("its directory " + registered.get() + " now resolves to " + real);
            }
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("its directory " + real + " is not a directory");
            }
            return Optional.empty();
        } catch (PathNotAllowedException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The directory of image {@code record}, checked now for use (measure, clone).
     *
     * @throws ImageStateException when it cannot be used, saying why
     */
    private Path usableDirectory(ImageRecord record) {
        Optional<String> problem = directoryProblem(record);
        if (problem.isPresent()) {
            throw new ImageStateException("image " + record.id() + " (" + record.name() + ") cannot be used: "
                    + problem.get() + "; delete this image and register its source again");
        }
        return datastore.kind() == DatastoreKind.SHARED_FS ? derivedDirectory(record.id())
                : registeredPath(record).orElseThrow();
    }

    /** The image named {@code name}, if any. */
    public Optional<Image> findByName(String name) {
        return list().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * The image with {@code id}.
     *
     * @throws ImageNotFoundException when there is none
     */
    public Image get(int id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    private ImageNotFoundException notFound(int id) {
        return new ImageNotFoundException("no image " + id + " in datastore " + datastore.spec().name() + " ("
                + datastore.basePath() + "); list the images to see their ids");
    }

    private Optional<ImageRecord> record(int id) {
        try {
            return catalog.read(id);
        } catch (IOException e) {
            throw new DatastoreException("cannot read the catalog of " + datastore.basePath() + ": " + e.getMessage(), e);
        }
    }

    /** Measures image {@code id} now (apparent and allocated bytes, files). */
    public ImageUsage usage(int id) {
        Path dir = usableDirectory(record(id).orElseThrow(() -> notFound(id)));
        try {
            TreeUsage usage = TreeUsage.of(dir);
            return new ImageUsage(usage.apparentBytes(), usage.allocatedBytes(), usage.files());
        } catch (IOException e) {
            throw new DatastoreException("cannot measure image " + id + " at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Clones image {@code id} as {@code name}; see {@link #clone(int, ImportOptions)}. */
    public Image clone(int id, String name) {
        return clone(id, name == null ? ImportOptions.defaults() : ImportOptions.defaults().withName(name));
    }

    /**
     * Clones image {@code id} into a new image (SharedFS only), with the fastest safe
     * mechanism the file system offers: reflink per file, else a parallel copy. The
     * source is in state CLONE meanwhile and cannot be deleted.
     *
     * @throws DatastoreException for a VirtioFS datastore (OpenNebula does not clone there)
     * @throws ImageStateException when the source is not READY, USED or CLONE
     */
    public Image clone(int id, ImportOptions options) {
        datastore.requireSupported(ImageOperation.CLONE);
        if (options.stripTopLevelFolder()) {
            throw new DatastoreException("stripping the top-level folder applies to registering archives, not to"
                    + " cloning image " + id + "; clone without it");
        }
        Owner owner = Owner.current();
        ImageRecord source = record(id).orElseThrow(() -> notFound(id));
        usableDirectory(source);
        ImageRecord.Cloner me = new ImageRecord.Cloner(owner, UUID.randomUUID().toString());
        updateRecord(id, r -> {
            if (r.state() != ImageState.READY && r.state() != ImageState.USED && r.state() != ImageState.CLONE) {
                throw new ImageStateException("image " + id + " (" + r.name() + ") is " + r.state()
                        + " and cannot be cloned; wait until it is READY");
            }
            List<ImageRecord.Cloner> cloners = new ArrayList<>(r.cloners());
            cloners.add(me);
            return r.withCloners(cloners);
        });
        HaltPoint.reached("clone.marked");
        try (Heartbeat beat = Heartbeat.start(catalog.cloneHeartbeat(me.token()))) {
            return importTree("clone", source.source(), source.name() + "-clone", options, (staging, ctx) -> {
                TreeCopier.copy(usableDirectory(source), staging, ctx.maxBytes(), ctx.limitName(), ctx.progress(),
                        ctx.cancellation());
                return Optional.ofNullable(source.commit());
            });
        } catch (IOException e) {
            throw new DatastoreException("cannot clone image " + id + ": " + e.getMessage(), e);
        } finally {
            updateRecord(id, r -> {
                List<ImageRecord.Cloner> cloners = new ArrayList<>(r.cloners());
                cloners.remove(me);
                return r.withCloners(cloners);
            });
        }
    }

    /**
     * Deletes image {@code id}. SharedFS: its directory (only ever {@code BASE_PATH/<id>})
     * is renamed out of the way, the catalog entry removed, then the tree deleted.
     * VirtioFS: only the catalog entry goes; the registered directory is never touched.
     *
     * @throws ImageStateException while the image is LOCKED, CLONE, USED or DELETE
     */
    public void delete(int id) {
        delete(id, ProgressListener.NONE, Cancellation.none());
    }

    /**
     * Deletes image {@code id}, reporting progress; see {@link #delete(int)}. Cancelling
     * is possible until the tree has been moved aside; after that the delete completes.
     */
    public void delete(int id, ProgressListener progress, Cancellation cancellation) {
        cancellation.check("deleting image " + id);
        Owner owner = Owner.current();
        Marked marked = catalog.lockedOr(id, () -> {
            try {
                ImageRecord r = catalog.read(id).orElseThrow(() -> notFound(id));
                requireDeletable(r);
                try {
                    catalog.write(r.withState(ImageState.DELETE, owner));
                    return new Marked(r, false);
                } catch (IOException noRoom) {
                    // a full file system has no room for the DELETE entry, and delete is what frees
                    // space: take the entry out of the catalog by a rename, which needs none
                    catalog.retire(id);
                    return new Marked(r, true);
                }
            } catch (IOException e) {
                throw new DatastoreException("cannot delete image " + id + ": " + e.getMessage()
                        + "; check that the datastore is writable", e);
            }
        }, noLease -> retireWithoutLease(id, noLease));
        catalog.holdName(marked.record().name(), id);
        HaltPoint.reached("delete.marked");
        Path dir = derivedDirectory(id);
        try {
            Path aside = null;
            if (datastore.kind() == DatastoreKind.SHARED_FS && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                aside = catalog.trash().resolve(id + "-" + UUID.randomUUID());
                try {
                    Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException noRoom) {
                    // no room even for the trash's directory entry: remove the tree where it is
                    aside = dir;
                }
                HaltPoint.reached("delete.trashed");
            }
            if (aside != null) {
                // the entry stays DELETE (owned by a live process) while the tree goes, so
                // that no other process takes the tree for an orphan; on a full file system
                // there may be no room for the heartbeat, and the delete goes on without it
                Heartbeat beat = null;
                try {
                    beat = Heartbeat.start(catalog.heartbeat(id));
                } catch (IOException noRoom) {
                    // recovery elsewhere may finish the same delete meanwhile, which is harmless
                }
                try {
                    TreeDeleter.delete(aside, progress);
                } finally {
                    if (beat != null) {
                        beat.close();
                    }
                }
                HaltPoint.reached("delete.tree-removed");
            }
            if (marked.retired()) {
                catalog.removeRetired(id);
            } else {
                catalog.remove(id);
            }
            HaltPoint.reached("delete.entry-removed");
            catalog.releaseName(marked.record().name());
        } catch (IOException e) {
            throw new DatastoreException("cannot delete image " + id + ": " + e.getMessage()
                    + "; opening the datastore again finishes the delete", e);
        }
    }

    private static void requireDeletable(ImageRecord r) {
        if (r.state() != ImageState.READY && r.state() != ImageState.ERROR) {
            throw new ImageStateException("image " + r.id() + " (" + r.name() + ") is " + r.state()
                    + " and cannot be deleted now; " + switch (r.state()) {
                        case CLONE -> "wait until its clones finish";
                        case USED -> "detach it from its VMs first";
                        case LOCKED -> "wait until its import finishes";
                        default -> "it is being deleted already";
                    });
        }
    }

    /**
     * Starts a delete when not even the lease can be created (a full file system): the
     * entry's rename to {@code <id>.deleting} is itself exclusive (one renamer wins) and needs
     * no space; the entry as renamed is judged, and put back when it may not be deleted.
     */
    private Marked retireWithoutLease(int id, IOException noLease) {
        try {
            requireDeletable(catalog.read(id).orElseThrow(() -> notFound(id)));
            catalog.retire(id);
        } catch (java.nio.file.NoSuchFileException e) {
            throw notFound(id);
        } catch (IOException e) {
            throw new DatastoreException("cannot delete image " + id + ": it cannot be locked (" + noLease.getMessage()
                    + ") nor taken out of the catalog (" + e.getMessage() + "); check that the datastore is writable",
                    e);
        }
        ImageRecord r = catalog.readRetired(id).orElse(null);
        try {
            if (r == null) {
                throw new DatastoreException("cannot delete image " + id + ": its catalog entry is not readable;"
                        + " check the datastore");
            }
            requireDeletable(r);
            return new Marked(r, true);
        } catch (RuntimeException refused) {
            try {
                catalog.unretire(id);
            } catch (IOException e) {
                // written meanwhile by the lease holder: that entry stands
            }
            throw refused;
        }
    }

    /** The entry a delete started from, and whether it was retired (renamed) instead of marked DELETE. */
    private record Marked(ImageRecord record, boolean retired) {
    }

    /** Marks image {@code id} as used by one more VM (state USED); delete is refused meanwhile. */
    public Image attach(int id) {
        return view(updateRecord(id, r -> {
            if (r.state() != ImageState.READY && r.state() != ImageState.USED && r.state() != ImageState.CLONE) {
                throw new ImageStateException("image " + id + " is " + r.state() + " and cannot be attached");
            }
            return r.withUsers(r.users() + 1);
        }));
    }

    /** Marks image {@code id} as used by one VM fewer; READY again when none uses it. */
    public Image detach(int id) {
        return view(updateRecord(id, r -> r.withUsers(Math.max(0, r.users() - 1))));
    }

    private ImageRecord updateRecord(int id, UnaryOperator<ImageRecord> change) {
        return catalog.locked(id, () -> {
            try {
                ImageRecord current = catalog.read(id).orElseThrow(() -> notFound(id));
                ImageRecord updated = change.apply(current);
                catalog.write(updated);
                return updated;
            } catch (IOException e) {
                throw new DatastoreException("cannot update image " + id + " in the catalog of "
                        + datastore.basePath() + ": " + e.getMessage(), e);
            }
        });
    }
}
