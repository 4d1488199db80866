package io.virtshare.datastore;

import io.virtshare.internal.catalog.ImageRecord;
import io.virtshare.internal.paths.PathPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Where an image's tree is, and whether it can be used now. The directory is derived,
 * never read from the entry: {@code BASE_PATH/<id>} for SharedFS, the registered directory
 * for VirtioFS once the path rules accept it again.
 */
final class ImageDirectories {
    private final ImageEntries entries;
    private final Datastore datastore;

    ImageDirectories(ImageEntries entries) {
        this.entries = entries;
        this.datastore = entries.datastore();
    }

    Path derived(int id) {
        return datastore.basePath().resolve(Integer.toString(id));
    }

    /**
     * The public view of an entry. An image in a usable state whose directory fails the
     * check is shown as ERROR with the reason (the entry itself is left as it is).
     */
    Image view(ImageRecord record) {
        Path shown = shown(record);
        boolean usable = record.state() == ImageState.READY || record.state() == ImageState.USED
                || record.state() == ImageState.CLONE;
        if (!usable) {
            return record.toImage(shown);
        }
        Optional<String> problem = problem(record);
        return problem.isEmpty() ? record.toImage(shown)
                : record.withError(problem.get() + "; delete this image and register its source again")
                        .toImage(shown);
    }

    private Path shown(ImageRecord record) {
        if (datastore.kind() == DatastoreKind.SHARED_FS) {
            return derived(record.id());
        }
        return registered(record).orElse(derived(record.id()));
    }

    private static Optional<Path> registered(ImageRecord record) {
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
    private Optional<String> problem(ImageRecord record) {
        if (datastore.kind() == DatastoreKind.SHARED_FS) {
            Path dir = derived(record.id());
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
        Optional<Path> registered = registered(record);
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
    Path usable(ImageRecord record) {
        Optional<String> problem = problem(record);
        if (problem.isPresent()) {
            throw new ImageStateException(DatastoreFailure.IMAGE_UNUSABLE, entries.context(record), "image "
                    + record.id() + " (" + record.name() + ") cannot be used: " + problem.get()
                    + "; delete this image and register its source again");
        }
        return datastore.kind() == DatastoreKind.SHARED_FS ? derived(record.id()) : registered(record).orElseThrow();
    }
}
