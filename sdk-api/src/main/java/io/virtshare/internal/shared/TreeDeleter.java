package io.virtshare.internal.shared;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deletes directory trees without ever following a symbolic link out of them. */
public final class TreeDeleter {
    private TreeDeleter() {
    }

    /** Deletes {@code tree} (a file, link or directory) and everything below it. */
    public static void delete(Path tree) throws IOException {
        delete(tree, io.virtshare.progress.ProgressListener.NONE);
    }

    /** Deletes {@code tree}, reporting every 1,000 entries removed. */
    public static void delete(Path tree, io.virtshare.progress.ProgressListener progress) throws IOException {
        long[] removed = {0};
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(tree);
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                if (++removed[0] % 1000 == 0) {
                    progress.progress(new io.virtshare.progress.Progress("delete", file.getFileName().toString(),
                            0, -1, removed[0], -1));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        progress.progress(new io.virtshare.progress.Progress("delete", "", 0, -1, removed[0], removed[0]));
    }

    /** Like {@link #delete(Path)}, for clean-up after a failure: errors are ignored. */
    public static void deleteQuietly(Path tree) {
        try {
            delete(tree);
        } catch (IOException | RuntimeException e) {
            // best effort: the caller is already reporting the original failure
        }
    }
}
