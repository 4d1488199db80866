package io.virtshare.examples.runner;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreException;
import io.virtshare.datastore.ImageState;
import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a command creates when its {@code --datastore DIR} holds no datastore yet, so that a
 * command that then fails removes exactly that again and leaves no datastore behind: the
 * topmost directory it creates (DIR, or the first missing parent of DIR), or — when
 * {@code DIR/.virtshare} was there already — the entries it adds in there. Nothing that
 * existed before is removed, no symbolic link is followed, and a datastore that meanwhile
 * holds an image (registered by another process) is kept.
 */
final class NewDatastore {
    private final Path base;
    private final Path meta;
    /** The topmost path that did not exist before, or null when {@code meta} existed. */
    private final Path top;
    /** The entries of {@code meta} before, when it existed. */
    private final Set<Path> metaEntries;

    private NewDatastore(Path base, Path meta, Path top, Set<Path> metaEntries) {
        this.base = base;
        this.meta = meta;
        this.top = top;
        this.metaEntries = metaEntries;
    }

    /** What is at {@code base} (absolute) before a command opens it there; call only when it holds no datastore. */
    static NewDatastore before(Path base) throws IOException {
        Path meta = base.resolve(".virtshare");
        if (Files.exists(meta, LinkOption.NOFOLLOW_LINKS)) {
            Set<Path> entries = new HashSet<>();
            if (Files.isDirectory(meta, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> list = Files.list(meta)) {
                    list.forEach(entries::add);
                }
            }
            return new NewDatastore(base, meta, null, Set.copyOf(entries));
        }
        Path top = meta;
        while (top.getParent() != null && !Files.exists(top.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            top = top.getParent();
        }
        return new NewDatastore(base, meta, top, Set.of());
    }

    /**
     * Removes what was created since {@link #before(Path)}, saying so on the console; a removal
     * that fails is said too, naming what is left, and does not hide the command's own error.
     */
    void remove(Console console) {
        if (hasImages()) {
            console.say("kept the datastore at " + base + ": it holds images registered meanwhile");
            return;
        }
        try {
            List<Path> added = List.of();
            if (top != null) {
                added = Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS) ? List.of(top) : List.of();
            } else if (Files.isDirectory(meta, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> list = Files.list(meta)) {
                    added = list.filter(p -> !metaEntries.contains(p)).toList();
                }
            }
            for (Path entry : added) {
                TreeDeleter.delete(entry);
            }
            if (!added.isEmpty()) {
                console.say("removed the datastore this command created at " + base + ", as the command failed");
            }
        } catch (IOException e) {
            console.say("could not remove the datastore this command created at " + base + " (" + e.getMessage()
                    + "); remove " + (top != null ? top : meta) + " by hand");
        }
    }

    private boolean hasImages() {
        if (!Datastore.exists(base)) {
            return false;
        }
        try {
            return Datastore.open(base).images().list().stream().anyMatch(i -> i.state() != ImageState.ERROR);
        } catch (DatastoreException e) {
            return false;   // a datastore this command could not finish creating
        }
    }
}
