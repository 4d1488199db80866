package io.virtshare.share.virtiofsd;

import io.virtshare.InvalidSpecException;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether a supervised virtiofsd is started again after it ended, how often at most, and
 * how long to wait before each new start (doubling from {@code initialBackoff} up to
 * {@code maxBackoff}).
 *
 * <p>A daemon that never became ready is not restarted: its options or host are wrong,
 * and the start fails with the reason instead.
 *
 * <pre>{@code
 * RestartPolicy p = RestartPolicy.onFailure(3);                 // crashes only, 3 times at most
 * RestartPolicy q = RestartPolicy.always(10)                     // also after the VM disconnected
 *         .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
 * }</pre>
 *
 * @param afterNormalExit also restart after exit 0 (the VM disconnected), for a VM that reconnects
 * @param maxRestarts how many restarts at most over the handle's life
 * @param initialBackoff the wait before the first restart
 * @param maxBackoff the cap of the doubling wait
 */
public record RestartPolicy(boolean afterNormalExit, int maxRestarts, Duration initialBackoff, Duration maxBackoff) {

    public RestartPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRestarts < 0) {
            throw new InvalidSpecException("maxRestarts must not be negative, not " + maxRestarts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidSpecException("backoff must be 0 or more and maxBackoff at least initialBackoff, not "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /** Never restart (the default). */
    public static RestartPolicy never() {
        return new RestartPolicy(false, 0, Duration.ZERO, Duration.ZERO);
    }

    /** Restart after an abnormal exit, {@code maxRestarts} times at most, from 200 ms up to 5 s apart. */
    public static RestartPolicy onFailure(int maxRestarts) {
        return new RestartPolicy(false, maxRestarts, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** Restart after any exit the owner did not ask for, {@code maxRestarts} times at most. */
    public static RestartPolicy always(int maxRestarts) {
        return new RestartPolicy(true, maxRestarts, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** This policy with other waits. */
    public RestartPolicy withBackoff(Duration initial, Duration max) {
        return new RestartPolicy(afterNormalExit, maxRestarts, initial, max);
    }

    /** The wait before restart number {@code restart} (1-based): doubling, capped. */
    public Duration backoff(int restart) {
        Duration wait = initialBackoff;
        for (int i = 1; i < restart && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
