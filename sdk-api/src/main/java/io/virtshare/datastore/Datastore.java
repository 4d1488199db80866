package io.virtshare.datastore;

import io.virtshare.internal.catalog.CatalogStore;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;

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
 * Image copy = ds.images().clone(llama.id(), "llama-ft");
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
     * @throws DatastoreException when one exists there already or the path is not usable
     */
    public static Datastore create(Path basePath, DatastoreSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Path base = absolute(basePath);
        try {
            Files.createDirectories(base.resolve(META));
            Path file = base.resolve(META).resolve(TEMPLATE);
            Template template = spec.toTemplate(base);
            try {
                Files.writeString(file, template.toText(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new DatastoreException(base + " already holds a datastore; open it with Datastore.open, or"
                        + " choose another BASE_PATH");
            }
            Datastore ds = new Datastore(base, template);
            ds.catalog.init();
            return ds;
        } catch (IOException e) {
            throw new DatastoreException("cannot create a datastore at " + base + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
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
            throw new DatastoreException("no datastore at " + base + " (" + file + " is missing); create one with"
                    + " Datastore.create");
        }
        try {
            Datastore ds = new Datastore(base, Template.parse(Files.readString(file)));
            ds.catalog.init();
            new Recovery(ds.basePath, ds.catalog, ds.kind()).run();
            return ds;
        } catch (IOException e) {
            throw new DatastoreException("cannot open the datastore at " + base + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw new DatastoreException("cannot open the datastore at " + base + ": " + e.getCause().getMessage(),
                    e);
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
            if (updated.get(key).isEmpty() && !DatastoreSpec.OWN.contains(key)) {
                updated = updated.with(key, template.get(key).orElseThrow());
            }
        }
        Path file = basePath.resolve(META).resolve(TEMPLATE);
        Path temp = file.resolveSibling(TEMPLATE + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, updated.toText(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DatastoreException("cannot update " + file + ": " + e.getMessage(), e);
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
            throw new DatastoreException("VirtioFS datastore " + spec.name() + " does not support "
                    + operation.description() + ": its images are directories registered in place, which OpenNebula"
                    + " does not " + operation.description() + " (no clone, snapshot, disk-attach or save-as); use a"
                    + " SharedFS datastore for that");
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
            throw new DatastoreException("cannot measure the file system of " + basePath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Datastore[" + spec.name() + ", " + spec.kind() + ", " + basePath + "]";
    }
}
