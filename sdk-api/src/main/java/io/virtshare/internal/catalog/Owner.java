package io.virtshare.internal.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The process that runs a catalog operation: host, pid and start time, so that a later
 * process can tell whether the operation's owner is still alive.
 *
 * @param host the host name
 * @param pid the process id
 * @param started when the process started (epoch millis), 0 when unknown
 */
public record Owner(String host, long pid, long started) {

    /** This process. */
    public static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(hostname(), self.pid(), self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    }

    static String hostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }

    /** Whether this owner runs on the current host. */
    public boolean onThisHost() {
        return hostname().equals(host);
    }

    /** Whether this owner provably stopped: on this host its process is gone; elsewhere nothing is provable. */
    public boolean goneHere() {
        return onThisHost() && !aliveHere();
    }

    /** One line that {@link #parse(String)} reads back: {@code <pid> <started> <host>}. */
    public String encode() {
        return pid + " " + started + " " + host;
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @return empty for anything else (an empty, foreign or tampered file)
     */
    public static java.util.Optional<Owner> parse(String line) {
        String[] parts = line.strip().split(" ", 3);
        if (parts.length != 3 || parts[2].isBlank() || parts[2].chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new Owner(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** For an owner on this host: whether its process still runs (same pid and start time). */
    public boolean aliveHere() {
        if (pid <= 0) {
            return false;
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> started == 0 || p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == started)
                .orElse(false);
    }

    @Override
    public String toString() {
        return "process " + pid + " on " + host;
    }
}
