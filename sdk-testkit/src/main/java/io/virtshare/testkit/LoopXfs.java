package io.virtshare.testkit;

import io.virtshare.VirtShareException;
import io.virtshare.internal.files.TreeDeleter;
import io.virtshare.internal.process.CommandResult;
import io.virtshare.internal.process.CommandRunner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A reflink-capable XFS file system in a sparse image file, loop-mounted in a
 * temporary directory: where clone tests see real copy-on-write. Needs root,
 * {@code mkfs.xfs} and loop devices ({@link HostTool#MKFS_XFS}, {@link HostTool#LOOP_DEVICE}).
 *
 * <pre>{@code
 * try (LoopXfs xfs = LoopXfs.create(2048)) {
 *     Path dir = xfs.mountPoint();   // reflink clones work here
 * }
 * }</pre>
 */
public final class LoopXfs implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path workdir;
    private final Path mountPoint;
    private final String device;
    private boolean closed;

    private LoopXfs(Path workdir, Path mountPoint, String device) {
        this.workdir = workdir;
        this.mountPoint = mountPoint;
        this.device = device;
    }

    /**
     * Creates and mounts a file system of {@code sizeMb} MB (the image file is sparse).
     *
     * @throws VirtShareException when a step fails; what was set up is undone
     */
    public static LoopXfs create(long sizeMb) {
        Path workdir;
        try {
            workdir = Files.createTempDirectory("virtshare-xfs-");
        } catch (IOException e) {
            throw new VirtShareException("cannot create a temporary directory for the XFS image: " + e.getMessage(), e);
        }
        Path image = workdir.resolve("xfs.img");
        Path mount = workdir.resolve("mnt");
        String device = null;
        try {
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(sizeMb << 20);
            }
            Files.createDirectory(mount);
            run(List.of("mkfs.xfs", "-q", "-f", "-m", "reflink=1", image.toString()));
            device = run(List.of("losetup", "-f", "--show", image.toString())).stdout().strip();
            run(List.of("mount", device, mount.toString()));
            return new LoopXfs(workdir, mount, device);
        } catch (IOException | RuntimeException e) {
            if (device != null) {
                CommandRunner.run(TIMEOUT, List.of("losetup", "-d", device));
            }
            TreeDeleter.deleteQuietly(workdir);
            throw e instanceof VirtShareException v ? v
                    : new VirtShareException("cannot set up a loop-mounted XFS: " + e.getMessage()
                            + "; it needs root, xfsprogs and loop devices", e);
        }
    }

    private static CommandResult run(List<String> command) {
        CommandResult result = CommandRunner.run(TIMEOUT, command);
        if (!result.succeeded()) {
            throw new VirtShareException(result.describe() + "; a loop-mounted XFS needs root, xfsprogs and loop"
                    + " devices");
        }
        return result;
    }

    /** Where the file system is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The loop device, e.g. {@code /dev/loop0}. */
    public String device() {
        return device;
    }

    /** Bytes in use on the file system now (as {@code df} reports). */
    public long usedBytes() {
        try {
            var store = Files.getFileStore(mountPoint);
            return store.getTotalSpace() - store.getUnallocatedSpace();
        } catch (IOException e) {
            throw new VirtShareException("cannot read the usage of " + mountPoint + ": " + e.getMessage(), e);
        }
    }

    /** Unmounts, detaches the loop device and removes the image; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        CommandRunner.run(TIMEOUT, List.of("umount", mountPoint.toString()));
        CommandRunner.run(TIMEOUT, List.of("losetup", "-d", device));
        TreeDeleter.deleteQuietly(workdir);
    }
}
