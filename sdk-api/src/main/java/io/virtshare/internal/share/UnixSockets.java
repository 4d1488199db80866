package io.virtshare.internal.share;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Which Unix sockets are listening, read from {@code /proc/net/unix} — without
 * connecting, since a virtiofsd serves exactly one connection.
 */
public final class UnixSockets {
    /** The kernel's table of Unix sockets of this network namespace. */
    public static final Path PROC_NET_UNIX = Path.of("/proc/net/unix");

    /** {@code __SO_ACCEPTCON}: the socket is listening. */
    private static final int LISTENING = 0x10000;

    private UnixSockets() {
    }

    /** Whether a socket bound to {@code path} is listening in this network namespace. */
    public static boolean isListening(Path path) {
        try {
            String table = new String(Files.readAllBytes(PROC_NET_UNIX), StandardCharsets.UTF_8);
            return listeningPaths(table).contains(path.toAbsolutePath().normalize().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The paths of listening sockets in a {@code /proc/net/unix} text: lines of
     * {@code Num RefCount Protocol Flags Type St Inode [Path]}; the path may contain spaces.
     */
    public static Set<String> listeningPaths(String table) {
        Set<String> paths = new HashSet<>();
        for (String line : table.split("\n")) {
            String[] fields = line.trim().split("\\s+", 8);
            if (fields.length < 8 || !fields[0].endsWith(":")) {
                continue;
            }
            try {
                int flags = Integer.parseInt(fields[3], 16);
                if ((flags & LISTENING) != 0 && fields[7].startsWith("/")) {
                    paths.add(fields[7]);
                }
            } catch (NumberFormatException e) {
                // the header or a line of another shape
            }
        }
        return paths;
    }
}
