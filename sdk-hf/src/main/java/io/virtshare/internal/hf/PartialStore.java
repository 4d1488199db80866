package io.virtshare.internal.hf;

import io.virtshare.internal.catalog.Owner;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Partial downloads kept across attempts, one directory per file content
 * ({@code <hash>-<size>}). A download claims a directory by renaming it to a name with
 * its host and process id; on failure it renames it back (publishes it), on success it
 * moves the data into the tree. Directories claimed by a process of this host that is
 * gone (killed) are taken over. Renames are atomic on local and network file systems.
 */
final class PartialStore {
    private static final String CLAIM = ".claimed.";

    private final Path root;
    private final Owner me = Owner.current();

    PartialStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Claims the partial directory of {@code key}: an earlier one when there is one, else a new one. */
    Path claim(String key) throws IOException {
        Files.createDirectories(root);
        Path mine = root.resolve(key + CLAIM + me.host() + "." + me.pid() + "." + UniqueTokens.next());
        if (take(root.resolve(key), mine)) {
            return mine;
        }
        try (DirectoryStream<Path> others = Files.newDirectoryStream(root, key + CLAIM + "*")) {
            for (Path other : others) {
                if (orphaned(other.getFileName().toString().substring(key.length() + CLAIM.length()))
                        && take(other, mine)) {
                    return mine;
                }
            }
        }
        Files.createDirectory(mine);
        return mine;
    }

    /** Gives the claimed directory back for a later attempt. */
    void publish(Path claimed, String key) {
        try {
            Files.move(claimed, root.resolve(key), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another attempt published the same content meanwhile: keep that one
            TreeDeleter.deleteQuietly(claimed);
        }
    }

    void discard(Path claimed) {
        TreeDeleter.deleteQuietly(claimed);
    }

    /** Removes the root when nothing is left in it. */
    void tidy() {
        try {
            Files.deleteIfExists(root);
        } catch (IOException e) {
            // still in use by another import
        }
    }

    private static boolean take(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the resume area " + from.getParent() + " does not support atomic renames", e);
        }
    }

    /** Whether {@code host.pid.uuid} names a process of this host that is gone. */
    private boolean orphaned(String suffix) {
        String[] parts = suffix.split("\\.");
        if (parts.length < 3) {
            return false;
        }
        String host = String.join(".", java.util.Arrays.copyOf(parts, parts.length - 2));
        if (!host.equals(me.host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[parts.length - 2]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            return p.isEmpty() || !p.get().isAlive();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
