package io.virtshare.internal.files;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.nativeio.LinuxFiles;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies a directory tree into a new directory, as {@code cp -a --reflink=auto} does:
 * files in parallel, each cloned by reflink ({@code FICLONE}) when the file system can,
 * else copied in the kernel ({@code copy_file_range}, server-side on NFS 4.2), else by
 * the JDK; symbolic links recreated (never followed); hard links inside the tree
 * preserved; modes and modification times kept. Devices, FIFOs and sockets are refused.
 *
 * <p>The target must not exist; on any failure it is removed again.
 */
public final class TreeCopier {
    private static final int THREADS = Math.max(4, Math.min(16, 4 * Runtime.getRuntime().availableProcessors()));
    private static final long REPORT_BYTES = 8L << 20;

    private final Path source;
    private final Path target;
    private final long maxBytes;
    private final String limitName;
    private final ProgressListener progress;
    private final Cancellation cancellation;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong reflinked = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong();
    private long totalBytes;
    private long totalFiles;

    private TreeCopier(Path source, Path target, long maxBytes, String limitName, ProgressListener progress,
            Cancellation cancellation) {
        this.source = source;
        this.target = target;
        this.maxBytes = maxBytes;
        this.limitName = limitName;
        this.progress = progress;
        this.cancellation = cancellation;
    }

    /**
     * Copies {@code source} (a real, resolved directory) to {@code target}.
     *
     * @param maxBytes the most bytes the copy may hold
     * @param limitName what sets {@code maxBytes}, for the message
     * @throws DatastoreException when the tree has special files, exceeds {@code maxBytes}, or cannot be read
     */
    public static CopyResult copy(Path source, Path target, long maxBytes, String limitName,
            ProgressListener progress, Cancellation cancellation) {
        TreeCopier copier = new TreeCopier(source, target, maxBytes, limitName, progress, cancellation);
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

    private record FileJob(Path from, Path to, long size, PosixFileAttributes attributes) {
    }

    private record Link(Path link, Path existing) {
    }

    private CopyResult run() throws IOException {
        List<FileJob> jobs = new ArrayList<>();
        List<Link> hardlinks = new ArrayList<>();
        List<Path[]> directories = new ArrayList<>();
        Map<Object, Path> firstCopy = new HashMap<>();
        long[] symlinks = {0};
        Files.createDirectory(target);
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                cancellation.check("copying " + source);
                Path to = mapped(dir);
                if (!dir.equals(source)) {
                    Files.createDirectory(to);
                }
                directories.add(new Path[] {dir, to});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = mapped(file);
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                    symlinks[0]++;
                } else if (attrs.isRegularFile()) {
                    PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    Object key = attrs.fileKey();
                    int links = (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                    if (links > 1 && key != null && firstCopy.containsKey(key)) {
                        hardlinks.add(new Link(to, firstCopy.get(key)));
                    } else {
                        if (links > 1 && key != null) {
                            firstCopy.put(key, to);
                        }
                        totalBytes += attrs.size();
                        if (totalBytes > maxBytes) {
                            throw new DatastoreException(source + " holds more than " + maxBytes + " bytes, over "
                                    + limitName + "; raise the limit or free space");
                        }
                        jobs.add(new FileJob(file, to, attrs.size(), posix));
                    }
                } else {
                    throw new DatastoreException(file + " is a device, FIFO or socket; directory images hold only"
                            + " files, directories and links: remove it from " + source + " or register a subtree");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
        totalFiles = jobs.size();
        copyAll(jobs);
        for (Link link : hardlinks) {
            Files.createLink(link.link(), link.existing());
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            Path from = directories.get(i)[0];
            Path to = directories.get(i)[1];
            PosixFileAttributes attrs = Files.readAttributes(from, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(to, attrs.permissions());
            Files.setLastModifiedTime(to, attrs.lastModifiedTime());
        }
        progress.progress(new Progress("copy", "", bytes.get(), totalBytes, filesDone.get(), totalFiles));
        return new CopyResult(jobs.size(), bytes.get(), reflinked.get(), hardlinks.size(), symlinks[0],
                directories.size() - 1);
    }

    private Path mapped(Path path) {
        return target.resolve(source.relativize(path).toString());
    }

    private void copyAll(List<FileJob> jobs) throws IOException {
        if (jobs.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, jobs.size()), r -> {
            Thread t = new Thread(r, "virtshare-copy");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(jobs.size());
            for (FileJob job : jobs) {
                futures.add(pool.submit(() -> {
                    copyFile(job);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IOException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void copyFile(FileJob job) throws IOException {
        cancellation.check("copying " + source);
        boolean cloned = false;
        if (job.size() > 0) {
            Files.createFile(job.to());
            cloned = LinuxFiles.reflink(job.from(), job.to());
            if (!cloned) {
                cloned = LinuxFiles.copyFileRange(job.from(), job.to(), job.size())
                        && Files.size(job.to()) == job.size();
                if (!cloned) {
                    Files.delete(job.to());
                }
            } else {
                reflinked.incrementAndGet();
            }
        }
        if (cloned) {
            Set<PosixFilePermission> perms = job.attributes().permissions();
            Files.setPosixFilePermissions(job.to(), perms);
            FileTime modified = job.attributes().lastModifiedTime();
            Files.setLastModifiedTime(job.to(), modified);
        } else {
            Files.copy(job.from(), job.to(), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        long done = bytes.addAndGet(job.size());
        long files = filesDone.incrementAndGet();
        long last = lastReport.get();
        if (done - last >= REPORT_BYTES && lastReport.compareAndSet(last, done)) {
            progress.progress(new Progress("copy", source.relativize(job.from()).toString(), done, totalBytes, files,
                    totalFiles));
        }
    }
}
