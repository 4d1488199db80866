package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.Stat;
import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Puts a tree on stable storage: every regular file is {@code fsync}ed (in parallel, so
 * the file system can commit them together), then every directory, deepest first, so
 * that after a power cut a tree that was synced holds every entry with all its bytes.
 * Links need nothing of their own: they live in their directory. Without recursion.
 *
 * <p>A tree of many files on a local journalling file system is synced with one
 * {@code syncfs(2)} instead ({@code sync -f}): the journal commits once for all of them,
 * where 20,000 {@code fsync}s cost seconds. Few files keep the per-file way, so that a small
 * import does not wait for what others write to the same file system; network and FUSE
 * file systems always do (their {@code syncfs} may not reach the server).
 */
public final class TreeSync {
    private static final int THREADS = 16;
    /** From this many files on, one {@code syncfs} beats a {@code fsync} per file. */
    static final long SYNCFS_FROM = 1_000;
    /** Local file systems whose {@code syncfs} writes back and commits everything (as {@code sync_fs} does). */
    private static final Set<String> SYNCFS_TYPES = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs",
            "bcachefs", "zfs", "tmpfs");

    /** Whether this is Linux, where a directory can be opened and synced (not Windows). */
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private TreeSync() {
    }

    /**
     * Syncs the tree at {@code root} of {@code files} regular files (which this process wrote and
     * nothing else changes): with one {@code syncfs} when they are many on a local file system,
     * else file by file.
     *
     * @return true when the whole file system of {@code root} was synced ({@code syncfs}): what
     *     was written anywhere on it before is on stable storage too
     */
    public static boolean sync(Path root, long files) throws IOException {
        if (!LinuxFds.available()) {
            return false;
        }
        if (files >= SYNCFS_FROM && syncsWholeFileSystem(root)) {
            syncFileSystemOf(root);
            return true;
        }
        sync(root);
        return false;
    }

    /**
     * Whether a tree of {@link #SYNCFS_FROM} files or more at {@code root} is synced with one
     * {@code syncfs} ({@link #sync(Path, long)}): native calls available and a local file system
     * whose {@code syncfs} writes everything back.
     */
    static boolean syncsWholeFileSystem(Path root) throws IOException {
        return LinuxFds.available() && SYNCFS_TYPES.contains(Files.getFileStore(root).type());
    }

    /** {@code syncfs} of the file system holding the directory {@code dir}. */
    static void syncFileSystemOf(Path dir) throws IOException {
        int fd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, FileNames.bytes(dir.toString()));
        try {
            LinuxFds.syncFileSystem(fd);
        } finally {
            LinuxFds.close(fd);
        }
    }

    /** Whether {@code a} and {@code b} (neither followed if a link) are on one file system (one device). */
    public static boolean sameFileSystem(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:dev", LinkOption.NOFOLLOW_LINKS)
                    .equals(Files.getAttribute(b, "unix:dev", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Syncs the tree at {@code root} (which this process wrote and nothing else changes), file
     * by file, on a pool once there is a second file; a tree of one file is synced on this
     * thread, without starting a pool for it.
     */
    public static void sync(Path root) throws IOException {
        if (!LinuxFds.available()) {
            return;
        }
        List<Path> directories = new ArrayList<>();
        List<Future<?>> files = new ArrayList<>();
        ExecutorService pool = null;
        Path first = null;
        try {
            Deque<Path> pending = new ArrayDeque<>(List.of(root));
            while (!pending.isEmpty()) {
                Path dir = pending.pop();
                directories.add(dir);
                int fd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, FileNames.bytes(dir.toString()));
                try {
                    for (byte[] raw : LinuxFds.list(fd)) {
                        Stat stat = LinuxFds.lstatAt(fd, raw);
                        Path entry = dir.resolve(new String(raw, FileNames.charset()));
                        if (stat.isDirectory()) {
                            pending.push(entry);
                        } else if (stat.isRegularFile() && first == null) {
                            first = entry;
                        } else if (stat.isRegularFile()) {
                            if (pool == null) {
                                pool = pool();
                                files.add(forceOn(pool, first));
                            }
                            files.add(forceOn(pool, entry));
                        }
                    }
                } finally {
                    LinuxFds.close(fd);
                }
            }
            if (pool == null && first != null) {
                force(first);
            }
            for (Future<?> f : files) {
                await(f);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            syncDirectory(directories.get(i));
        }
    }

    private static ExecutorService pool() {
        return Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "virtshare-sync");
            t.setDaemon(true);
            return t;
        });
    }

    private static Future<?> forceOn(ExecutorService pool, Path file) {
        return pool.submit(() -> {
            force(file);
            return null;
        });
    }

    /** {@code fsync(2)} of the regular file {@code file} (a link fails rather than syncing its target). */
    public static void syncFile(Path file) throws IOException {
        force(file);
    }

    /**
     * Syncs one directory: its entries (names, links, renames into it) reach stable storage. A
     * link at {@code dir} fails ({@code ELOOP}) rather than syncing what it points to.
     *
     * <p>Through the JDK alone ({@code FileChannel.force} on the directory opened for reading,
     * which is {@code fsync(2)} on Linux), so that a command which only writes catalog entries,
     * such as {@code delete}, never starts the native-call library (about 30 ms of a short
     * command's start).
     */
    public static void syncDirectory(Path dir) throws IOException {
        if (!LINUX) {
            return;
        }
        force(dir);
    }

    /** {@code fsync(2)} of {@code path} (a file or a directory), opened without following a link. */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            channel.force(true);
        }
    }

    private static void await(Future<?> future) throws IOException {
        try {
            future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing " + future, e);
        }
    }
}
