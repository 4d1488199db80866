package io.virtshare.internal.files;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens that make a temporary or set-aside file name unique among processes and hosts
 * sharing a datastore: this process's id, a counter and 96 random bits.
 *
 * <p>{@code UUID.randomUUID()} would do as well, but its first call sets up
 * {@code SecureRandom} and the JDK's security providers, about 15 ms in a new JVM — more
 * than a short runner command spends on its own work. These tokens name files that are
 * created exclusively ({@code O_EXCL}) or renamed away at once; they are not secrets.
 *
 * <pre>{@code
 * Path temp = dir.resolve(".entry." + UniqueTokens.next() + ".tmp");
 * }</pre>
 */
public final class UniqueTokens {
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();

    private UniqueTokens() {
    }

    /** A new token: lower-case hex and dashes, safe in a file name. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(PID) + "-" + Long.toHexString(COUNTER.incrementAndGet()) + "-"
                + Long.toHexString(random.nextLong()) + Integer.toHexString(random.nextInt());
    }
}
