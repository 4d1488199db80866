package io.virtshare.examples.runner;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreException;
import io.virtshare.datastore.DatastoreKind;
import io.virtshare.datastore.DatastoreSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --datastore DIR} option shared by the datastore commands: opens the
 * datastore whose BASE_PATH is DIR, creating it (SharedFS unless {@code --kind}) on
 * first use, and applies {@code --kind}, {@code --safe-dirs}, {@code --restricted-dirs}
 * and {@code --limit-mb} to its template first when given. Relative directories are
 * resolved against the current directory. A command that fails leaves no datastore it
 * created behind; see {@link #with(Args, Console, Use)}.
 */
final class DatastoreArgs {
    /** Options every datastore command takes. */
    static final Set<String> OPTIONS = Set.of("datastore", "kind", "safe-dirs", "restricted-dirs", "limit-mb");

    private DatastoreArgs() {
    }

    /** What a command does with the datastore it opened. */
    @FunctionalInterface
    interface Use<T> {
        T on(Datastore datastore) throws Exception;
    }

    /**
     * Opens the datastore of {@code --datastore DIR} — creating it on first use, applying
     * {@code --kind}, {@code --safe-dirs}, {@code --restricted-dirs} and {@code --limit-mb} to its
     * template first when given (every value is checked before anything is written, and the
     * template is replaced at once) — and runs {@code use} on it. When
     * DIR held no datastore before and opening or {@code use} fails, the datastore this call
     * created is removed again ({@link NewDatastore}), so a failing command leaves none behind; a
     * datastore that existed keeps the template update, which was asked for and applied first.
     */
    static <T> T with(Args args, Console console, Use<T> use) throws Exception {
        Path dir = dir(args, console);
        Optional<DatastoreKind> kind = args.option("kind").map(DatastoreArgs::kind);
        NewDatastore created = Datastore.exists(dir) ? null : NewDatastore.before(dir.toAbsolutePath().normalize());
        try {
            return use.on(open(args, console, dir, kind));
        } catch (Exception | Error e) {
            if (created != null) {
                created.remove(console);
            }
            throw e;
        }
    }

    private static Path dir(Args args, Console console) {
        return console.path(args.option("datastore")
                .orElseThrow(() -> new UsageException("--datastore DIR is required")));
    }

    private static Datastore open(Args args, Console console, Path dir, Optional<DatastoreKind> kind) {
        if (!Datastore.exists(dir)) {
            String name = dir.toAbsolutePath().normalize().getFileName() == null ? "datastore"
                    : dir.toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "-");
            DatastoreSpec.Builder spec = kind.orElse(DatastoreKind.SHARED_FS) == DatastoreKind.VIRTIO_FS
                    ? DatastoreSpec.virtioFs(name).tmMad("local") : DatastoreSpec.sharedFs(name);
            Datastore created = Datastore.create(dir, apply(args, spec, console).build());
            console.say("created " + created.kind() + " datastore " + created.spec().name() + " at "
                    + created.basePath());
            return created;
        }
        Datastore ds = Datastore.open(dir);
        if (kind.isPresent() && kind.get() != ds.kind()) {
            if (!ds.images().list().isEmpty()) {
                throw new DatastoreException("datastore " + ds.basePath() + " is " + ds.kind() + " and has images;"
                        + " its kind cannot change: use another --datastore directory for " + kind.get());
            }
            DatastoreSpec.Builder spec = kind.get() == DatastoreKind.VIRTIO_FS
                    ? DatastoreSpec.virtioFs(ds.spec().name()).tmMad("local") : DatastoreSpec.sharedFs(ds.spec().name());
            return ds.update(apply(args, spec, console).build());
        }
        if (args.option("safe-dirs").isPresent() || args.option("restricted-dirs").isPresent()
                || args.option("limit-mb").isPresent()) {
            return ds.update(apply(args, ds.spec().toBuilder(), console).build());
        }
        return ds;
    }

    private static DatastoreSpec.Builder apply(Args args, DatastoreSpec.Builder spec, Console console) {
        args.option("safe-dirs").ifPresent(v -> spec.safeDirs(list(v, console)));
        args.option("restricted-dirs").ifPresent(v -> spec.restrictedDirs(list(v, console)));
        args.option("limit-mb").ifPresent(v -> {
            try {
                spec.limitMb(Long.parseLong(v));
            } catch (NumberFormatException e) {
                if (v.matches("[0-9]+")) {
                    throw new DatastoreException("--limit-mb " + v + " is larger than any file system (at most "
                            + DatastoreSpec.MAX_LIMIT_MB + " MB, 8 EiB); give the most MB the datastore may hold");
                }
                throw new UsageException("--limit-mb takes a whole number of MB, not '" + v + "'");
            }
        });
        return spec;
    }

    /** A comma-separated list of directories, each resolved against the working directory. */
    private static String[] list(String value, Console console) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> console.path(s).toString()).toArray(String[]::new);
    }

    private static DatastoreKind kind(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sharedfs" -> DatastoreKind.SHARED_FS;
            case "virtiofs" -> DatastoreKind.VIRTIO_FS;
            default -> throw new UsageException("--kind is sharedfs or virtiofs, not '" + value + "'");
        };
    }

    static int id(String value) {
        try {
            int id = Integer.parseInt(value);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new UsageException("image ID must be a number, not '" + value + "'");
        }
    }
}
