package io.virtshare.internal.share;

import io.virtshare.VirtShareException;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.share.GuestDisk;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Creates a volume's image: into a temporary name beside it (a sparse file, or
 * {@code qemu-img create}), formatted with {@code mkfs.<fsType>} when asked, then renamed
 * into place. A failure removes the temporary file, so no half-made image remains.
 */
public final class GuestDiskCreator {
    private static final System.Logger LOG = System.getLogger(GuestDisk.class.getName());
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);

    private GuestDiskCreator() {
    }

    /**
     * Creates {@code image} for {@code volume} unless it exists.
     *
     * @return whether it was created
     */
    public static boolean create(GuestDisk volume, Path image) {
        if (Files.exists(image)) {
            if (!Files.isRegularFile(image)) {
                throw new VirtShareException("volume image " + image + " exists and is not a file; remove it or give"
                        + " another image path");
            }
            LOG.log(Level.DEBUG, "volume image {0} exists; left as it is", image);
            return false;
        }
        Path temporary = image.resolveSibling("." + image.getFileName() + ".creating-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(image.toAbsolutePath().getParent());
            Files.deleteIfExists(temporary);
            long bytes = Math.multiplyExact(volume.sizeMib(), 1L << 20);
            if (volume.creation() == GuestDisk.Creation.SPARSE_FILE) {
                try (RandomAccessFile file = new RandomAccessFile(temporary.toFile(), "rw")) {
                    file.setLength(bytes);
                }
            } else {
                run(List.of("qemu-img", "create", "-q", "-f", volume.format().qemuName(), temporary.toString(),
                        volume.sizeMib() + "M"), "create the image (install qemu-utils)");
            }
            if (volume.fsType().isPresent()) {
                String fs = volume.fsType().get();
                run(List.of("mkfs." + fs, fs.startsWith("ext") ? "-F" : "-f", "-q", temporary.toString()),
                        "format it (install the mkfs." + fs + " tool, or leave the volume unformatted)");
            }
            try {
                Files.move(temporary, image);   // never replaces: an image made meanwhile by another process wins
            } catch (FileAlreadyExistsException e) {
                LOG.log(Level.DEBUG, "volume image {0} appeared while it was created; kept the other one", image);
                return false;
            }
            LOG.log(Level.DEBUG, "created volume image {0} ({1} MiB, {2}, {3})", image, volume.sizeMib(),
                    volume.format().qemuName(), volume.fsType().orElse("unformatted"));
            return true;
        } catch (IOException e) {
            throw new VirtShareException("cannot create volume image " + image + ": " + e.getMessage()
                    + "; check that its directory is writable and has room for " + volume.sizeMib() + " MiB", e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove {0}: {1}", temporary, e.getMessage());
            }
        }
    }

    private static void run(List<String> command, String purpose) {
        CommandResult result = CommandRunner.run(TOOL_TIMEOUT, command);
        if (!result.succeeded()) {
            throw new VirtShareException("cannot " + purpose + ": " + result.describe());
        }
    }
}
