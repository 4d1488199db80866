package io.virtshare.internal.share;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The files a virtiofsd leaves behind for one socket: the socket itself and its pid file
 * — the C daemon writes {@code <localstatedir>/run/virtiofsd/<socket path with '/' as
 * '.'>.pid} (Debian: {@code /run/virtiofsd/}) and holds an fcntl lock on it; the Rust
 * daemon writes {@code <socket>.pid} and holds an flock. Both may stay after SIGTERM.
 *
 * <p>A file is stale when no live process owns it: nobody listens on the socket (per
 * {@code /proc/net/unix}), no live process named in a pid file has the socket on its
 * command line, and no pid file is locked. Files a live daemon owns are never removed.
 *
 * @param socket the vhost-user socket
 * @param pidFiles where the daemons of both flavours put their pid file for it
 */
public record DaemonFiles(Path socket, List<Path> pidFiles) {
    /** Where the C daemon keeps its pid files on Debian ({@code /var/run} links here). */
    public static final Path C_PID_DIRECTORY = Path.of("/run/virtiofsd");

    public DaemonFiles {
        pidFiles = List.copyOf(pidFiles);
    }

    /** The files of {@code socket}, with the C daemon's pid files in {@code cPidDirectory}. */
    public static DaemonFiles of(Path socket, Path cPidDirectory) {
        Path absolute = socket.toAbsolutePath().normalize();
        return new DaemonFiles(absolute, List.of(
                cPidDirectory.resolve(absolute.toString().replace('/', '.') + ".pid"),
                Path.of(absolute + ".pid")));
    }

    /** The files of {@code socket} at the daemons' real locations. */
    public static DaemonFiles of(Path socket) {
        return of(socket, C_PID_DIRECTORY);
    }

    /**
     * Who owns these files, when someone alive does.
     *
     * @return a description of the live owner (pid, or "a listening socket"), or empty when the files are stale
     */
    public Optional<String> liveOwner() {
        for (Path pidFile : pidFiles) {
            Optional<Long> pid = readPid(pidFile);
            if (pid.isPresent() && commandLineMentions(pid.get(), socket)) {
                return Optional.of("process " + pid.get() + " (pid file " + pidFile + ")");
            }
            if (isLocked(pidFile)) {
                return Optional.of("the holder of the lock on " + pidFile);
            }
        }
        if (UnixSockets.isListening(socket)) {
            return Optional.of("a process listening on " + socket);
        }
        return Optional.empty();
    }

    /**
     * Removes the socket and the pid files.
     *
     * @throws IllegalStateException when something at the socket path is not a socket
     *     (it is not ours to delete)
     * @throws IOException when a file cannot be removed
     */
    public void remove() throws IOException {
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isOther()) {
                throw new IllegalStateException(socket + " exists and is not a socket; remove it yourself or give"
                        + " the share another socket path");
            }
            Files.deleteIfExists(socket);
        }
        for (Path pidFile : pidFiles) {
            Files.deleteIfExists(pidFile);
        }
    }

    /** Whether any of the files exists. */
    public boolean anyExists() {
        return Files.exists(socket, LinkOption.NOFOLLOW_LINKS)
                || pidFiles.stream().anyMatch(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS));
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile, LinkOption.NOFOLLOW_LINKS) || Files.size(pidFile) > 64) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean commandLineMentions(long pid, Path socket) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
                String commandLine = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
                return commandLine.contains(socket.toString());
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isLocked(Path pidFile) {
        if (!Files.isRegularFile(pidFile, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(pidFile, StandardOpenOption.READ)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
