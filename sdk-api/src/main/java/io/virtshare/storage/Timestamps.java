package io.virtshare.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Times libvirt reports for a target: {@code <timestamps><atime>1341933637.273190990</atime>…}
 * (seconds since the epoch, with nanoseconds).
 *
 * <pre>{@code
 * volume.target().flatMap(VolumeTarget::timestamps).flatMap(Timestamps::mtime)
 *         .ifPresent(t -> System.out.println("modified " + t));
 * }</pre>
 *
 * @param atime last access
 * @param btime birth (creation)
 * @param ctime last status change
 * @param mtime last modification
 */
public record Timestamps(Optional<Instant> atime, Optional<Instant> btime, Optional<Instant> ctime,
        Optional<Instant> mtime) {
    /**
     * Checks for nulls.
     */
    public Timestamps {
        Objects.requireNonNull(atime, "atime");
        Objects.requireNonNull(btime, "btime");
        Objects.requireNonNull(ctime, "ctime");
        Objects.requireNonNull(mtime, "mtime");
    }
}
