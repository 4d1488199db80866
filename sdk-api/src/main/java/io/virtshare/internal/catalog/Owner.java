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
        return host.equals(hostname());
    }

    /** For an owner on this host: whether its process still runs (same pid and start time). */
    public boolean aliveHere() {
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
