package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which permission bits a file created in a new tree gets exactly as {@code openat} is given
 * them, so that no {@code fchmod} has to follow: what the process's umask and a default ACL the
 * tree inherited leave of a mode (a new file's mode is the mode given, less the umask's bits, or
 * with a default ACL less what its owner, mask and other entries lack). Learned by creating two
 * files in the tree's root before anything else is written there, with modes {@code 0777} and
 * {@code 0}, and reading back what they got: the first tells which bits are kept, the second
 * that nothing is added (a file system that sets modes of its own, {@code vfat}'s for one, would
 * add bits, and is then never trusted). Both are removed at once.
 *
 * <p>Every directory below the root is made by the same writer and inherits the root's default
 * ACL, if any, so what holds for the root holds for the tree. When the files cannot be made or
 * read (no native calls, any error) no mode is trusted and every file gets its {@code fchmod}.
 *
 * <pre>
 * CreationMode creation = CreationMode.probe(stagingRoot);
 * if (!creation.keeps(mode)) {
 *     LinuxFds.setMode(fd, mode);
 * }
 * </pre>
 */
public final class CreationMode {
    /** What no mode is trusted with. */
    static final CreationMode NONE = new CreationMode(0, false);
    private static final String PROBE = ".virtshare-creation-mode";

    /** The permission bits a file created with {@code 0777} got. */
    private final int kept;
    /** Whether a file created with {@code 0} got {@code 0}. */
    private final boolean nothingAdded;

    CreationMode(int kept, boolean nothingAdded) {
        this.kept = kept;
        this.nothingAdded = nothingAdded;
    }

    /**
     * What files created under {@code root}, a directory this process made and has written
     * nothing into yet, get of their modes. Never fails: when it cannot tell, it trusts no mode.
     */
    public static CreationMode probe(Path root) {
        if (!LinuxFds.available()) {
            return NONE;
        }
        try {
            int kept = created(root, 0777);
            int added = created(root, 0);
            return new CreationMode(kept, added == 0);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** The permission bits a new file in {@code dir} created with {@code mode} got; the file is removed. */
    private static int created(Path dir, int mode) throws IOException {
        Path file = dir.resolve(PROBE);
        int fd = LinuxFds.createFile(LinuxFds.AT_FDCWD, FileNames.bytes(file.toString()), mode);
        try {
            return LinuxFds.fstat(fd).mode() & 07777;
        } finally {
            LinuxFds.close(fd);
            Files.deleteIfExists(file);
        }
    }

    /**
     * Whether a file created with {@code mode} (permission bits only: no setuid, setgid or
     * sticky bit, which are never trusted) gets exactly {@code mode}.
     */
    public boolean keeps(int mode) {
        return nothingAdded && (mode & ~0777) == 0 && (mode & ~kept) == 0;
    }

    @Override
    public String toString() {
        return nothingAdded ? "keeps " + Integer.toOctalString(kept) : "keeps nothing";
    }
}
