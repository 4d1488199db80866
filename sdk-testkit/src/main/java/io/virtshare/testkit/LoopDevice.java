package io.virtshare.testkit;

import io.virtshare.VirtShareException;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A file system in a sparse image file, attached to a loop device but not mounted: a
 * block device for tests of libvirt fs pools (which mount it themselves) and for
 * {@link LoopXfs}. Needs root and loop devices ({@link HostTool#LOOP_DEVICE}) and the
 * file system's {@code mkfs}.
 *
 * <pre>{@code
 * try (LoopDevice disk = LoopDevice.create(64, "ext4")) {
 *     String device = disk.device();   // e.g. /dev/loop3
 * }
 * }</pre>
 */
public final class LoopDevice implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path workdir;
    private final String device;
    private boolean closed;

    private LoopDevice(Path workdir, String device) {
        this.workdir = workdir;
        this.device = device;
    }

    /**
     * Makes a sparse image of {@code sizeMb} MB, a file system on it with
     * {@code mkfs.<filesystem> <mkfsOptions>}, and attaches it to a free loop device.
     *
     * @param filesystem e.g. {@code ext4} or {@code xfs}
     * @throws VirtShareException when a step fails; what was set up is undone
     */
    public static LoopDevice create(long sizeMb, String filesystem, String... mkfsOptions) {
        Path workdir;
        try {
            workdir = Files.createTempDirectory("virtshare-loop-");
        } catch (IOException e) {
            throw new VirtShareException("cannot create a temporary directory for a loop image: " + e.getMessage(), e);
        }
        Path image = workdir.resolve(filesystem + ".img");
        try {
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(sizeMb << 20);
            }
            List<String> mkfs = new ArrayList<>(List.of("mkfs." + filesystem, "-q",
                    filesystem.startsWith("ext") ? "-F" : "-f"));
            mkfs.addAll(List.of(mkfsOptions));
            mkfs.add(image.toString());
            run(mkfs, filesystem);
            return new LoopDevice(workdir, run(List.of("losetup", "-f", "--show", image.toString()), filesystem)
                    .stdout().strip());
        } catch (IOException | RuntimeException e) {
            TreeDeleter.deleteQuietly(workdir);
            throw e instanceof VirtShareException v ? v
                    : new VirtShareException("cannot set up a loop device with " + filesystem + ": " + e.getMessage()
                            + "; it needs root, mkfs." + filesystem + " and loop devices", e);
        }
    }

    static CommandResult run(List<String> command, String filesystem) {
        CommandResult result = CommandRunner.run(TIMEOUT, command);
        if (!result.succeeded()) {
            throw new VirtShareException(result.describe() + "; a loop device with " + filesystem + " needs root, mkfs."
                    + filesystem + " and loop devices");
        }
        return result;
    }

    /** The loop device, e.g. {@code /dev/loop0}. */
    public String device() {
        return device;
    }

    /** A directory beside the image that is removed on {@link #close()}. */
    public Path workdir() {
        return workdir;
    }

    /** Detaches the loop device and removes the image; idempotent. Unmount it first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        CommandRunner.run(TIMEOUT, List.of("losetup", "-d", device));
        TreeDeleter.deleteQuietly(workdir);
    }
}
