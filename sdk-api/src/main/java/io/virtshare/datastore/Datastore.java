package io.virtshare.datastore;

import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.internal.files.UniqueTokens;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A datastore of directory images: a directory {@code BASE_PATH} holding its template
 * ({@code .virtshare/datastore.conf}, OpenNebula syntax), its image catalog and — for
 * SharedFS — the images themselves ({@code BASE_PATH/<id>}). Everything lives inside
 * {@code BASE_PATH}, so every host that mounts the same shared file system sees the
 * same datastore; the catalog is safe for many processes and hosts at once.
 *
 * <p>Holds no open resources; instances are cheap and may be shared between threads.
 *
 * <pre>{@code
 * Datastore ds = Datastore.create(Path.of("/var/lib/virtshare/ai-models"),
 *         DatastoreSpec.sharedFs("ai-models").safeDirs("/data"));
 * Image llama = ds.images().register("/data/models/llama");
 * Image copy = ds.images().clone(llama, "llama-ft");
 * System.out.println(ds.monitor());
 * }</pre>
 */
public final class Datastore {
    static final String META = ".virtshare";
    static final String TEMPLATE = "datastore.conf";

    private final Path basePath;
    private final Template template;
    private final DatastoreSpec spec;
    private final CatalogStore catalog;

    private Datastore(Path basePath, Template template) {
        this.basePath = basePath;
        this.template = template;
        this.spec = DatastoreSpec.fromTemplate(template);
        this.catalog = new CatalogStore(basePath.resolve(META));
    }

    /**
     * Creates a datastore at {@code basePath} (created when missing; it must not hold a
     * datastore yet). A relative {@code basePath} is resolved against the current directory
     * of the JVM ({@code user.dir}); {@link #basePath()} and every message name the absolute path.
     *
     * <p>The template is written last and in one step, after the catalog's directories: a
     * create that fails leaves no datastore, and removes the directories it made.
     *
     * @throws DatastoreException when one exists there already or the path is not usable
     */
    public static Datastore create(Path basePath, DatastoreSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Path base = absolute(basePath);
        Template template = spec.toTemplate(base);
        Path meta = base.resolve(META);
        Path file = meta.resolve(TEMPLATE);
        List<Path> created = new ArrayList<>();
        boolean done = false;
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw alreadyThere(base);
            }
            createDirectories(meta, created);
            Datastore ds = new Datastore(base, template);
            ds.catalog.init();
            // the template last, in one step: its presence is what makes BASE_PATH a datastore
            Path temp = meta.resolve("." + TEMPLATE + "." + UniqueTokens.next() + ".tmp");
            try {
                Files.writeString(temp, template.toText(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.createLink(file, temp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                created.clear(); // another process made a datastore here meanwhile: its directories now
                throw alreadyThere(base);
            } finally {
                Files.deleteIfExists(temp);
            }
            done = true;
            return ds;
        } catch (IOException e) {
            throw new DatastoreException(DatastoreFailure.IO, DatastoreContext.of(base), "cannot create a datastore"
                    + " at " + base + ": " + e.getMessage() + "; check that the directory is writable", e);
        } finally {
            if (!done) {
                removeEmpty(created);
            }
        }
    }

    private static DatastoreException alreadyThere(Path base) {
        return new DatastoreException(DatastoreFailure.ALREADY_EXISTS, DatastoreContext.of(base), base
                + " already holds a datastore; open it with Datastore.open, or choose another BASE_PATH", null);
    }

    /** Creates {@code dir} and its missing parents, recording each directory made, outermost first. */
    private static void createDirectories(Path dir, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by another process meanwhile
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
    }

    /**
     * Undoes a failed create: removes the directories it made, innermost first, and the
     * empty catalog directories inside them; a directory that holds anything is left alone.
     */
    private static void removeEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.walkFileTree(created.get(i), new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        try {
                            Files.delete(dir); // only an empty directory goes; files are never removed
                        } catch (IOException notEmpty) {
                            // kept
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                return;
            }
            if (Files.exists(created.get(i), LinkOption.NOFOLLOW_LINKS)) {
                return; // it holds something: everything outside it stays too
            }
        }
    }

    /** Creates a datastore from a spec builder; see {@link #create(Path, DatastoreSpec)}. */
    public static Datastore create(Path basePath, DatastoreSpec.Builder spec) {
        return create(basePath, spec.build());
    }

    /**
     * Opens the datastore at {@code basePath} and recovers from crashed operations:
     * interrupted imports become ERROR and their partial trees are removed, interrupted
     * deletes are finished, abandoned clone marks are cleared. A relative {@code basePath} is
     * resolved against the current directory of the JVM, as for {@link #create(Path, DatastoreSpec)}.
     *
     * @throws DatastoreException when there is no datastore there
     */
    public static Datastore open(Path basePath) {
        Path base = absolute(basePath);
        Path file = base.resolve(META).resolve(TEMPLATE);
        if (!Files.isRegularFile(file)) {
            throw new DatastoreException(DatastoreFailure.DATASTORE_NOT_FOUND, DatastoreContext.of(base),
                    "no datastore at " + base + " (" + file + " is missing); create one with Datastore.create", null);
        }
        try {
            Datastore ds = new Datastore(base, Template.parse(Files.readString(file)));
            ds.catalog.init();
            new Recovery(ds.basePath, ds.catalog, ds.kind()).run();
            return ds;
        } catch (IOException e) {
            throw new DatastoreException(DatastoreFailure.IO, DatastoreContext.of(base), "cannot open the datastore"
                    + " at " + base + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw new DatastoreException(DatastoreFailure.IO, DatastoreContext.of(base), "cannot open the datastore"
                    + " at " + base + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Whether {@code basePath} holds a datastore. */
    public static boolean exists(Path basePath) {
        return Files.isRegularFile(absolute(basePath).resolve(META).resolve(TEMPLATE));
    }

    /**
     * Rewrites the template from {@code newSpec}, keeping attributes it does not cover.
     *
     * @return the datastore with the new template
     */
    public Datastore update(DatastoreSpec newSpec) {
        Template updated = newSpec.toTemplate(basePath);
        for (String key : template.keys()) {
            if (updated.find(key).isEmpty() && !DatastoreSpec.OWN.contains(key)) {
                updated = updated.with(key, template.find(key).orElseThrow());
            }
        }
        Path file = basePath.resolve(META).resolve(TEMPLATE);
        Path temp = file.resolveSibling(TEMPLATE + "." + UniqueTokens.next() + ".tmp");
        try {
            Files.writeString(temp, updated.toText(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DatastoreException(DatastoreFailure.IO, DatastoreContext.of(basePath), "cannot update " + file
                    + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // nothing left to do
            }
        }
        return new Datastore(basePath, updated);
    }

    private static Path absolute(Path basePath) {
        Objects.requireNonNull(basePath, "basePath");
        return basePath.toAbsolutePath().normalize();
    }

    /** {@code BASE_PATH}. */
    public Path basePath() {
        return basePath;
    }

    /** What the datastore is, read from its template. */
    public DatastoreSpec spec() {
        return spec;
    }

    /** The template as stored. */
    public Template template() {
        return template;
    }

    /** SharedFS or VirtioFS. */
    public DatastoreKind kind() {
        return spec.kind();
    }

    /** Whether images of this datastore support {@code operation} (VirtioFS supports none of them). */
    public boolean supports(ImageOperation operation) {
        return kind() == DatastoreKind.SHARED_FS;
    }

    /**
     * Checks that {@code operation} is possible here.
     *
     * @throws DatastoreException for a VirtioFS datastore, saying why and what to use instead
     */
    public void requireSupported(ImageOperation operation) {
        if (!supports(operation)) {
            throw new DatastoreException(DatastoreFailure.NOT_SUPPORTED, DatastoreContext.of(basePath),
                    "VirtioFS datastore " + spec.name() + " does not support "
                    + operation.description() + ": its images are directories registered in place, which OpenNebula"
                    + " does not " + operation.description() + " (no clone, snapshot, disk-attach or save-as); use a"
                    + " SharedFS datastore for that", null);
        }
    }

    /** The images of this datastore. */
    public Images images() {
        return new Images(this, catalog);
    }

    /**
     * The monitor triple: MB used by images, MB the datastore may hold (the file
     * system's size, or {@code LIMIT_MB} when smaller), MB still free.
     */
    public DatastoreUsage monitor() {
        try {
            long used = images().usedBytes();
            FileStore store = Files.getFileStore(basePath);
            long fsTotal = store.getTotalSpace() >> 20;
            long fsFree = store.getUsableSpace() >> 20;
            long usedMb = (used + (1 << 20) - 1) >> 20;
            if (spec.limitMb() > 0 && spec.limitMb() < fsTotal) {
                return new DatastoreUsage(usedMb, spec.limitMb(), Math.max(0, Math.min(fsFree,
                        spec.limitMb() - usedMb)));
            }
            return new DatastoreUsage(usedMb, fsTotal, fsFree);
        } catch (IOException e) {
            throw new DatastoreException(DatastoreFailure.IO, DatastoreContext.of(basePath), "cannot measure the file"
                    + " system of " + basePath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Datastore[" + spec.name() + ", " + spec.kind() + ", " + basePath + "]";
    }
}
