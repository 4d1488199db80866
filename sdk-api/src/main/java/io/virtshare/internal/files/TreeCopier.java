package io.virtshare.internal.files;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.nativeio.LinuxFds;
import io.virtshare.internal.nativeio.Stat;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies a directory tree into a new directory, as {@code cp -a --reflink=auto} does, but
 * safe against a source that someone else changes meanwhile.
 *
 * <ul>
 *   <li>Every component of the source, its root included, is opened relative to its
 *       parent's descriptor without following links ({@code openat}, {@code O_NOFOLLOW}):
 *       a directory swapped for a link after the scan is never followed.</li>
 *   <li>The source must not change while it is copied: every file and directory is
 *       compared (device, inode, type, size, modification and change time) between the
 *       scan, the opening and the end of its copy; any difference fails the copy.</li>
 *   <li>Files are copied in parallel, each reflinked ({@code FICLONE}) where the file
 *       system can, else its data ranges copied in the kernel ({@code copy_file_range}):
 *       holes stay holes. Once a file system has refused reflinks altogether, its other files
 *       are not asked again; a file of at most 1 MiB whose allocated bytes cover its size
 *       is copied as one range, without asking where its data is; each file is created
 *       relative to its directory's copy (one name for the kernel to look up, as for the
 *       source), with its permission bits where the target keeps them whole
 *       ({@link CreationMode}), else owner-only and given its bits once written.</li>
 *   <li>Kept: contents, permission bits (rwx) and modification times; hard links inside
 *       the tree; symbolic links that are relative and stay inside the tree (the rule of
 *       {@link LinkConfinement}, as for archives). Not kept: owners (the copy belongs to
 *       this process's user), setuid/setgid/sticky bits, ACLs and other extended
 *       attributes. Refused: devices, FIFOs, sockets, links leaving the tree, names that
 *       are not UTF-8 or that this JVM cannot write.</li>
 *   <li>No recursion: any depth is walked; a path whose copy would exceed
 *       {@value #PATH_MAX} bytes is refused.</li>
 * </ul>
 *
 * <p>The target must not exist; on any failure it is removed again. Needs 64-bit Linux.
 */
public final class TreeCopier {
    /** The longest path the copy may hold (Linux's PATH_MAX, with its NUL). */
    public static final int PATH_MAX = 4095;
    private static final int THREADS = Math.max(4, Math.min(16, 4 * Runtime.getRuntime().availableProcessors()));
    /** Files up to this size whose allocated bytes cover their size are copied as one range: no hole can hide in them. */
    private static final long DENSE_UP_TO = 1L << 20;
    private static final int QUEUED = 1024;
    private static final long REPORT_BYTES = 8L << 20;

    private final Path source;
    private final Path target;
    private final long maxBytes;
    private final String limitName;
    private final ProgressListener progress;
    private final Cancellation cancellation;
    private final Runnable afterScan;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong reflinked = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The copy's files written back while more are copied. */
    private final TreeWriteback writeback;
    /** Source devices whose files cannot be reflinked into the target: asked once, not per file. */
    private final Set<Long> noReflink = ConcurrentHashMap.newKeySet();
    private final List<Directory> directories = new ArrayList<>();
    /** Indices into {@link #directories} in the order the scan opened them: depth first, parents first. */
    private final List<Integer> order = new ArrayList<>();
    private final List<Link> symlinks = new ArrayList<>();
    private final Map<String, String> linkTargets = new HashMap<>();
    private final List<Link> hardlinks = new ArrayList<>();
    private final int targetLength;
    private long totalBytes;
    private long totalFiles;
    /** Which modes the copy's new files get as they are created with them: learned once the target is made. */
    private CreationMode creation = CreationMode.NONE;

    private TreeCopier(Path source, Path target, long maxBytes, String limitName, ProgressListener progress,
            Cancellation cancellation, Runnable afterScan) {
        this.source = source;
        this.target = target;
        this.maxBytes = maxBytes;
        this.limitName = limitName;
        this.progress = progress;
        this.cancellation = cancellation;
        this.afterScan = afterScan;
        this.writeback = new TreeWriteback(target);
        this.targetLength = FileNames.bytes(target.toAbsolutePath().toString()).length;
    }

    /**
     * Copies {@code source} (a real, resolved directory: no component may be a link) to
     * {@code target}.
     *
     * @param maxBytes the most bytes the copy may hold
     * @param limitName what sets {@code maxBytes}, for the message
     * @throws DatastoreException when the tree has special files, links leaving it or bad
     *     names, exceeds {@code maxBytes}, changes while copied, or cannot be read
     */
    public static CopyResult copy(Path source, Path target, long maxBytes, String limitName,
            ProgressListener progress, Cancellation cancellation) {
        return copy(source, target, maxBytes, limitName, progress, cancellation, () -> { });
    }

    /** As {@link #copy}, running {@code afterScan} between the scan and the copy (for tests of races). */
    static CopyResult copy(Path source, Path target, long maxBytes, String limitName, ProgressListener progress,
            Cancellation cancellation, Runnable afterScan) {
        if (!LinuxFds.available()) {
            throw new DatastoreException("cannot copy " + source + ": directory copies need 64-bit Linux with"
                    + " glibc 2.33 or later");
        }
        TreeCopier copier = new TreeCopier(source, target, maxBytes, limitName, progress, cancellation, afterScan);
        boolean done = false;
        try {
            CopyResult result = copier.run();
            done = true;
            return result;
        } catch (IOException e) {
            throw new DatastoreException("cannot copy " + source + ": " + e.getMessage()
                    + "; check that the tree is readable and the datastore has room", e);
        } finally {
            if (!done) {
                TreeDeleter.deleteQuietly(target);
            }
        }
    }

    /** A source directory as scanned: its place in the pre-order list, its parent's, and its files. */
    private record Directory(int parent, byte[] name, String relative, Stat stat, List<FileEntry> files) {
    }

    private record FileEntry(byte[] name, String relative, Stat stat) {
    }

    private record Link(String relative, String target) {
    }

    /**
     * An open source directory and its copy, both closed when the walk has left it and its last
     * file is copied. Files are created relative to the copy's descriptor: the kernel looks up
     * one name per file, not the whole target path.
     */
    private final class Handle {
        final Directory directory;
        final int fd;
        final int targetFd;
        final AtomicInteger users = new AtomicInteger(1);

        Handle(Directory directory, int fd, int targetFd) {
            this.directory = directory;
            this.fd = fd;
            this.targetFd = targetFd;
        }

        void retain() {
            users.incrementAndGet();
        }

        void release() {
            if (users.decrementAndGet() == 0) {
                try {
                    if (!LinuxFds.fstat(fd).unchanged(directory.stat())) {
                        fail(changed(directory.relative()));
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e);
                } finally {
                    LinuxFds.close(fd);
                    LinuxFds.close(targetFd);
                }
            }
        }
    }

    private CopyResult run() throws IOException {
        int root = openRoot();
        boolean handedOver = false;
        try {
            scan(root);
            checkLinks();
            afterScan.run();
            Files.createDirectory(target);
            creation = CreationMode.probe(target);   // before anything is written into target
            handedOver = true;
            copyFiles(root);
        } finally {
            if (!handedOver) {
                LinuxFds.close(root);
            }
        }
        for (Link link : hardlinks) {
            Files.createLink(mapped(link.relative()), mapped(link.target()));
        }
        for (Link link : symlinks) {
            Files.createSymbolicLink(mapped(link.relative()), target.getFileSystem().getPath(link.target()));
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Directory dir = directories.get(order.get(i));
            int fd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, FileNames.bytes(mapped(dir.relative()).toString()));
            try {
                LinuxFds.setModeAndTime(fd, dir.stat().mode() & 0777, dir.stat().modifiedNanos());
            } finally {
                LinuxFds.close(fd);
            }
        }
        progress.progress(new Progress("copy", "", bytes.get(), totalBytes, filesDone.get(), totalFiles));
        return new CopyResult(totalFiles, bytes.get(), reflinked.get(), hardlinks.size(), symlinks.size(),
                directories.size() - 1);
    }

    private Path mapped(String relative) {
        return relative.isEmpty() ? target : target.resolve(relative);
    }

    /**
     * Opens {@code source} from {@code /}, one component at a time, never through a link;
     * the directories above it only to pass through (search permission is enough there).
     */
    private int openRoot() throws IOException {
        Path absolute = source.toAbsolutePath();
        int depth = absolute.getNameCount();
        int fd = depth == 0 ? LinuxFds.openDirectory(LinuxFds.AT_FDCWD, new byte[] {'/'})
                : LinuxFds.openPassage(LinuxFds.AT_FDCWD, new byte[] {'/'});
        for (int i = 0; i < depth; i++) {
            Path component = absolute.getName(i);
            try {
                byte[] name = FileNames.bytes(component.toString());
                int next = i == depth - 1 ? LinuxFds.openDirectory(fd, name) : LinuxFds.openPassage(fd, name);
                LinuxFds.close(fd);
                fd = next;
            } catch (LinuxFds.CallFailedException e) {
                LinuxFds.close(fd);
                if (e.errno() == LinuxFds.ELOOP || e.errno() == LinuxFds.ENOTDIR || e.errno() == LinuxFds.ENOENT) {
                    throw new DatastoreException(source + " changed before it was copied (" + component
                            + " is no longer a directory); nothing was copied: register it again");
                }
                throw e;
            }
        }
        return fd;
    }

    /** Lists the whole tree (without recursion), checking names, types, links and the limit. */
    private void scan(int root) throws IOException {
        directories.add(new Directory(-1, new byte[0], "", LinuxFds.fstat(root), new ArrayList<>()));
        Map<String, String> firstCopy = new HashMap<>();
        Deque<int[]> open = new ArrayDeque<>(); // {directory index, fd}
        Deque<Deque<Integer>> pending = new ArrayDeque<>(); // per open directory, its subdirectories left
        open.push(new int[] {0, root});
        order.add(0);
        pending.push(list(0, root, firstCopy));
        try {
            while (!open.isEmpty()) {
                cancellation.check("copying " + source);
                Integer next = pending.peek().poll();
                if (next == null) {
                    int[] done = open.pop();
                    pending.pop();
                    if (done[1] != root) {
                        LinuxFds.close(done[1]);
                    }
                    continue;
                }
                Directory dir = directories.get(next);
                int fd = openChild(open.peek()[1], dir);
                order.add(next);
                open.push(new int[] {next, fd});
                pending.push(list(next, fd, firstCopy));
            }
        } finally {
            for (int[] frame : open) {
                if (frame[1] != root) {
                    LinuxFds.close(frame[1]);
                }
            }
        }
        long files = 0;
        for (Directory dir : directories) {
            files += dir.files().size();
        }
        totalFiles = files;
    }

    /** Opens the directory {@code dir} below {@code parentFd}; it must be the one scanned. */
    private int openChild(int parentFd, Directory dir) throws IOException {
        int fd;
        try {
            fd = LinuxFds.openDirectory(parentFd, dir.name());
        } catch (LinuxFds.CallFailedException e) {
            if (e.errno() == LinuxFds.ELOOP || e.errno() == LinuxFds.ENOTDIR || e.errno() == LinuxFds.ENOENT) {
                throw changed(dir.relative());
            }
            throw e;
        }
        try {
            if (!LinuxFds.fstat(fd).unchanged(dir.stat())) {
                throw changed(dir.relative());
            }
        } catch (IOException | RuntimeException e) {
            LinuxFds.close(fd);
            throw e;
        }
        return fd;
    }

    /** Reads one directory: files and links recorded, subdirectories added and returned. */
    private Deque<Integer> list(int index, int fd, Map<String, String> firstCopy) throws IOException {
        Directory dir = directories.get(index);
        Deque<Integer> subdirectories = new ArrayDeque<>();
        for (byte[] raw : LinuxFds.list(fd)) {
            String relative = relative(dir, raw);
            Stat stat;
            try {
                stat = LinuxFds.lstatAt(fd, raw);
            } catch (LinuxFds.CallFailedException e) {
                if (e.errno() == LinuxFds.ENOENT) {
                    throw changed(relative);
                }
                throw e;
            }
            if (stat.isDirectory()) {
                subdirectories.add(directories.size());
                directories.add(new Directory(index, raw, relative, stat, new ArrayList<>()));
            } else if (stat.isSymbolicLink()) {
                byte[] link = LinuxFds.readLink(fd, raw);
                String to = FileNames.utf8(link).orElseThrow(() -> refused(relative, "its link target '"
                        + FileNames.shown(link) + "' is not valid UTF-8; " + FileNames.RENAME_TO_UTF8));
                Optional<String> unwritable = FileNames.unwritable(to);
                if (unwritable.isPresent()) {
                    throw refused(relative, unwritable.get().replace("its name", "its link target"));
                }
                symlinks.add(new Link(relative, to));
                linkTargets.put(relative, to);
            } else if (stat.isRegularFile()) {
                String key = stat.device() + ":" + stat.inode();
                String first = stat.nlink() > 1 ? firstCopy.putIfAbsent(key, relative) : null;
                if (first != null) {
                    hardlinks.add(new Link(relative, first));
                    continue;
                }
                totalBytes += stat.size();
                if (totalBytes > maxBytes) {
                    throw new DatastoreException(source + " holds more than " + maxBytes + " bytes, over "
                            + limitName + "; raise the limit or free space");
                }
                dir.files().add(new FileEntry(raw, relative, stat));
            } else {
                throw refused(relative, "it is a device, FIFO or socket; directory images hold only files,"
                        + " directories and links");
            }
        }
        return subdirectories;
    }

    private String relative(Directory parent, byte[] raw) {
        String name = FileNames.utf8(raw).orElseThrow(() -> refused(
                join(parent.relative(), FileNames.shown(raw)), "its name is not valid UTF-8; "
                        + FileNames.RENAME_TO_UTF8));
        String relative = join(parent.relative(), name);
        Optional<String> unwritable = FileNames.unwritable(name);
        if (unwritable.isPresent()) {
            throw refused(relative, unwritable.get());
        }
        if (targetLength + 1 + FileNames.bytes(relative).length > PATH_MAX) {
            throw refused(relative, "its copy's path would be longer than " + PATH_MAX
                    + " bytes (the tree is nested too deep)");
        }
        return relative;
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    private DatastoreException refused(String relative, String reason) {
        return new DatastoreException(source + ": '" + relative + "' refused: " + reason
                + "; nothing was copied: fix it in the source or register a subtree without it");
    }

    private DatastoreException changed(String relative) {
        String what = relative.isEmpty() ? source.toString() : source + ": '" + relative + "'";
        return new DatastoreException(what + " changed while it was copied; nothing was kept: register a"
                + " tree that nothing writes to meanwhile (stop the writer, or copy from a snapshot)");
    }

    private void checkLinks() throws IOException {
        for (Link link : symlinks) {
            List<String> components = List.of(link.relative().split("/"));
            Optional<String> escape = LinkConfinement.escape(components, link.target(),
                    parts -> Optional.ofNullable(linkTargets.get(String.join("/", parts))));
            if (escape.isPresent()) {
                throw refused(link.relative(), escape.get());
            }
        }
    }

    /**
     * Walks the scanned directories again in the same order, copying each one's files in
     * parallel; a tree of one file is copied on this thread, without starting a pool for it.
     */
    private void copyFiles(int root) throws IOException {
        int targetRoot;
        try {
            targetRoot = LinuxFds.openPassage(LinuxFds.AT_FDCWD, FileNames.bytes(target.toString()));
        } catch (IOException | RuntimeException e) {
            LinuxFds.close(root);
            throw e;
        }
        ExecutorService pool = totalFiles > 1 ? Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "virtshare-copy");
            t.setDaemon(true);
            return t;
        }) : null;
        Semaphore queued = new Semaphore(QUEUED);
        Deque<Handle> open = new ArrayDeque<>();
        open.push(new Handle(directories.get(0), root, targetRoot));
        try {
            for (int i = 0; i < order.size() && failure.get() == null; i++) {
                cancellation.check("copying " + source);
                Directory dir = directories.get(order.get(i));
                Handle handle = open.peek();
                if (i > 0) {
                    while (open.peek().directory != directories.get(dir.parent())) {
                        open.pop().release();
                    }
                    Handle parent = open.peek();
                    int fd = openChild(parent.fd, dir);
                    int targetFd;
                    try {
                        Files.createDirectory(mapped(dir.relative()));
                        targetFd = LinuxFds.openPassage(parent.targetFd, dir.name());
                    } catch (IOException | RuntimeException e) {
                        LinuxFds.close(fd);
                        throw e;
                    }
                    handle = new Handle(dir, fd, targetFd);
                    open.push(handle);
                }
                Handle owner = handle;
                for (FileEntry file : dir.files()) {
                    queued.acquireUninterruptibly();
                    if (failure.get() != null) {
                        queued.release();
                        break;
                    }
                    owner.retain();
                    Runnable copy = () -> {
                        try {
                            copyFile(owner, file);
                        } catch (Throwable e) {
                            fail(e);
                        } finally {
                            owner.release();
                            queued.release();
                        }
                    };
                    if (pool == null) {
                        copy.run();
                    } else {
                        pool.execute(copy);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            while (!open.isEmpty()) {
                open.pop().release();
            }
            if (pool != null) {
                awaitCopies(pool);
            }
        }
        Throwable first = failure.get();
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first != null) {
            throw new IOException(first);
        }
    }

    /** Waits for the copies on {@code pool} to end, stopping them once one has failed. */
    private void awaitCopies(ExecutorService pool) {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                if (failure.get() != null) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            fail(new IOException("interrupted", e));
        }
    }

    private void fail(Throwable e) {
        failure.compareAndSet(null, e);
    }

    private void copyFile(Handle dir, FileEntry file) throws IOException {
        if (failure.get() != null) {
            return;
        }
        cancellation.check("copying " + source);
        try {
            copyData(dir, file);
        } catch (LinuxFds.CallFailedException e) {
            throw new IOException("'" + file.relative() + "': " + e.getMessage(), e);
        }
        writeback.written(file.stat().size());
        long done = bytes.addAndGet(file.stat().size());
        long files = filesDone.incrementAndGet();
        long last = lastReport.get();
        if (done - last >= REPORT_BYTES && lastReport.compareAndSet(last, done)) {
            progress.progress(new Progress("copy", file.relative(), done, totalBytes, files, totalFiles));
        }
    }

    private void copyData(Handle dir, FileEntry file) throws IOException {
        int in;
        try {
            in = LinuxFds.openForReading(dir.fd, file.name());
        } catch (LinuxFds.CallFailedException e) {
            if (e.errno() == LinuxFds.ELOOP || e.errno() == LinuxFds.ENOENT) {
                throw changed(file.relative());
            }
            throw e;
        }
        int out = -1;
        try {
            if (!LinuxFds.fstat(in).unchanged(file.stat())) {
                throw changed(file.relative());
            }
            int mode = file.stat().mode() & 0777;
            boolean kept = creation.keeps(mode);
            out = LinuxFds.createFile(dir.targetFd, file.name(), kept ? mode : 0600);
            copyInto(in, out, file.stat());
            if (kept) {
                LinuxFds.setTime(out, file.stat().modifiedNanos());
            } else {
                LinuxFds.setModeAndTime(out, mode, file.stat().modifiedNanos());
            }
            if (!LinuxFds.fstat(in).unchanged(file.stat())) {
                throw changed(file.relative());
            }
        } finally {
            LinuxFds.close(in);
            LinuxFds.close(out);
        }
    }

    /**
     * Reflinks {@code in} into {@code out} unless its file system is known not to, else copies
     * its data: a small file that is fully allocated as one range, any other by its data ranges.
     */
    private void copyInto(int in, int out, Stat stat) throws IOException {
        long device = stat.device();
        if (!noReflink.contains(device)) {
            LinuxFds.Reflink outcome = LinuxFds.reflink(in, out);
            if (outcome == LinuxFds.Reflink.DONE) {
                reflinked.incrementAndGet();
                return;
            }
            if (outcome == LinuxFds.Reflink.UNSUPPORTED) {
                noReflink.add(device);
            }
        }
        LinuxFds.copyData(in, out, stat.size(), stat.size() <= DENSE_UP_TO && stat.allocated() >= stat.size());
    }
}
