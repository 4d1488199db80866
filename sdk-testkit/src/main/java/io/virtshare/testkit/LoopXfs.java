package io.virtshare.testkit;

import io.virtshare.VirtShareException;
import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
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

    private final LoopDevice disk;
    private final Path mountPoint;
    private boolean closed;

    private LoopXfs(LoopDevice disk, Path mountPoint) {
        this.disk = disk;
        this.mountPoint = mountPoint;
    }

    /**
     * Creates and mounts a file system of {@code sizeMb} MB (the image file is sparse).
     *
     * @throws VirtShareException when a step fails; what was set up is undone
     */
    public static LoopXfs create(long sizeMb) {
        LoopDevice disk = LoopDevice.create(sizeMb, "xfs", "-m", "reflink=1");
        try {
            Path mount = Files.createDirectory(disk.workdir().resolve("mnt"));
            LoopDevice.run(List.of("mount", disk.device(), mount.toString()), "xfs");
            return new LoopXfs(disk, mount);
        } catch (IOException | RuntimeException e) {
            disk.close();
            throw e instanceof VirtShareException v ? v
                    : new VirtShareException("cannot mount a loop XFS: " + e.getMessage(), e);
        }
    }

    /** Where the file system is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The loop device, e.g. {@code /dev/loop0}. */
    public String device() {
        return disk.device();
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
        disk.close();
    }
}
