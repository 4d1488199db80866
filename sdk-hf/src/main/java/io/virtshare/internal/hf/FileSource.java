package io.virtshare.internal.hf;

import io.virtshare.internal.files.FileNames;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.internal.nativeio.LinuxFds;
import io.virtshare.internal.nativeio.Stat;
import io.virtshare.spi.FileHash;
import io.virtshare.spi.ReusableContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a file's bytes come from when not from the Hub: a file with the same content in a
 * complete image of the datastore, or one a concurrent import just verified. The candidate
 * is copied next to its place in the tree as a clone copies (reflink where the file system
 * can, else {@code copy_file_range} of its data ranges, else by hand), the copy's bytes are
 * hashed as a download's would be, and only a copy that verifies is moved into place; a candidate changed or
 * damaged on disk is skipped (the file is then downloaded). Candidates are read without
 * following a final symbolic link; whatever a candidate path leads to, only bytes with the
 * Hub's hash are ever kept.
 */
public final class FileSource {
    private static final int READ = 1 << 20;
    /** rw-rw-rw- less the umask, as for any file the import writes. */
    private static final int NEW_FILE_MODE = 0666;

    private final ReusableContent reusable;
    private final ContentClaims claims;

    FileSource(ReusableContent reusable, ContentClaims claims) {
        this.reusable = reusable;
        this.claims = claims;
    }

    /** The content record of {@code file}, stored at {@code local} in the image. */
    public static FileHash hashOf(RepoFile file, String local) {
        return new FileHash(local, file.size(), file.isLfs() ? FileHash.Algorithm.SHA256
                : FileHash.Algorithm.GIT_BLOB_SHA1, file.expectedHash());
    }

    /**
     * Puts a verified copy of {@code file}'s content at {@code to} from a local candidate.
     *
     * @return true when {@code to} now holds it; false when no candidate verified
     */
    boolean reuse(RepoFile file, String local, Path to) throws IOException {
        List<Path> candidates = new ArrayList<>();
        claims.published(FileJob.keyOf(file)).ifPresent(candidates::add);
        candidates.addAll(reusable.find(hashOf(file, local)));
        for (Path candidate : candidates) {
            if (copyVerified(candidate, file, to)) {
                return true;
            }
        }
        return false;
    }

    private static boolean copyVerified(Path candidate, RepoFile file, Path to) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        }
        if (!attributes.isRegularFile() || attributes.size() != file.size()) {
            return false;
        }
        Files.createDirectories(to.getParent());
        Path temp = to.resolveSibling("." + to.getFileName() + ".reuse-" + UniqueTokens.next());
        try {
            copy(candidate, temp, file.size());
            String hash = hash(temp, file);
            if (!file.expectedHash().equals(hash)) {
                log().log(System.Logger.Level.WARNING, candidate + " was recorded with the content of '" + file.path()
                        + "' but its bytes hash to " + hash + " now, not " + file.expectedHash()
                        + " (changed or damaged on disk); the file is downloaded instead");
                return false;
            }
            Files.move(temp, to);
            return true;
        } catch (IOException e) {
            log().log(System.Logger.Level.DEBUG, "cannot copy " + candidate + ": " + e.getMessage());
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Copies {@code from} ({@code size} bytes) into the new file {@code to} as a clone copies an
     * image ({@link LinuxFds#copy}: a reflink, else the kernel's copy of the data ranges handed to
     * the disk as it goes, else by hand), or with plain streams where those calls are not available.
     */
    private static void copy(Path from, Path to, long size) throws IOException {
        if (!LinuxFds.available()) {
            try (InputStream in = Files.newInputStream(from, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(out);
            }
            return;
        }
        int in = LinuxFds.openForReading(LinuxFds.AT_FDCWD, FileNames.bytes(from.toString()));
        try {
            Stat opened = LinuxFds.fstat(in);
            if (!opened.isRegularFile() || opened.size() != size) {
                throw new IOException(from + " changed while it was opened");
            }
            int out = LinuxFds.createFile(LinuxFds.AT_FDCWD, FileNames.bytes(to.toString()), NEW_FILE_MODE);
            try {
                LinuxFds.copy(in, out, size);
            } finally {
                LinuxFds.close(out);
            }
        } finally {
            LinuxFds.close(in);
        }
    }

    /** The hash of {@code copy} by {@code file}'s algorithm, or null when its length differs. */
    private static String hash(Path copy, RepoFile file) throws IOException {
        MessageDigest digest = FileJob.digestFor(file);
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() != file.size()) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.allocate(READ);
            while (ch.read(buf.clear()) > 0) {
                digest.update(buf.array(), 0, buf.position());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * This class's logger, looked up when something is logged: looking it up at class
     * initialisation starts the JDK's logging (about 8 ms of every short command).
     */
    private static System.Logger log() {
        return System.getLogger(FileSource.class.getName());
    }
}
