package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * virtiofs options.
 *
 * <pre>{@code
 * VirtiofsOptions o = VirtiofsOptions.defaults().withCache("never");
 * }</pre>
 *
 * @param cache the cache mode: {@code auto} (default), {@code always}, {@code never}
 *     ({@code none} for the C daemon) or {@code metadata} (Rust daemon only); use
 *     {@code auto} or {@code never} when the host or other VMs write the tree
 * @param queueSize the virtqueue size (QEMU {@code queue-size}), a power of two
 * @param threadPoolSize virtiofsd's thread pool, when set (the daemons' own defaults differ: 64 threads
 *     for the C daemon, 0 for the Rust one); {@link #defaults()} sets 0

 * @param xattr whether extended attributes pass through
 * @param socket the vhost-user socket, when not the default in the VM's state directory
 * @param posixLock whether the daemon serves remote POSIX locks (C daemon only: {@code -o posix_lock})
 * @param flock whether the daemon serves {@code flock(2)} locks (C daemon only: {@code -o flock})
 */
public record VirtiofsOptions(String cache, int queueSize, Optional<Integer> threadPoolSize, boolean xattr,
        Optional<Path> socket, boolean posixLock, boolean flock) implements ShareOptions {

    static final Set<String> CACHE_MODES = Set.of("auto", "always", "never", "none", "metadata");

    public VirtiofsOptions {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(threadPoolSize, "threadPoolSize");
        Objects.requireNonNull(socket, "socket");
        if (!CACHE_MODES.contains(cache)) {
            throw new InvalidSpecException("virtiofs cache mode '" + cache + "' is unknown; use auto, always, never"
                    + " or metadata");
        }
        if (queueSize < 1 || queueSize > 32768 || Integer.bitCount(queueSize) != 1) {
            throw new InvalidSpecException("virtiofs queue size " + queueSize + " must be a power of two up to 32768,"
                    + " e.g. 1024");
        }
        if (threadPoolSize.isPresent() && threadPoolSize.get() < 0) {
            throw new InvalidSpecException("virtiofsd thread pool size must not be negative");
        }
    }

    /**
     * Options without lock serving (the daemons' default).
     *
     * @param cache the cache mode
     * @param queueSize the virtqueue size
     * @param threadPoolSize the thread pool, when set
     * @param xattr whether extended attributes pass through
     * @param socket the socket, when not the default
     */
    public VirtiofsOptions(String cache, int queueSize, Optional<Integer> threadPoolSize, boolean xattr,
            Optional<Path> socket) {
        this(cache, queueSize, threadPoolSize, xattr, socket, false, false);
    }

    /**
     * cache=auto, queue 1024, thread pool 0 (requests are served on the daemon's queue
     * threads), no xattr, default socket, no lock serving. The pool was chosen by
     * measurement: with the C daemon's own 64 threads the guest wrote half as fast, and
     * 0 is the Rust daemon's default (docs/shares.md, "Throughput").
     */
    public static VirtiofsOptions defaults() {
        return new VirtiofsOptions("auto", 1024, Optional.of(0), false, Optional.empty());
    }

    /** These options with another cache mode. */
    public VirtiofsOptions withCache(String mode) {
        return new VirtiofsOptions(mode, queueSize, threadPoolSize, xattr, socket, posixLock, flock);
    }

    /** These options with another queue size. */
    public VirtiofsOptions withQueueSize(int size) {
        return new VirtiofsOptions(cache, size, threadPoolSize, xattr, socket, posixLock, flock);
    }

    /** These options with a thread pool size. */
    public VirtiofsOptions withThreadPoolSize(int size) {
        return new VirtiofsOptions(cache, queueSize, Optional.of(size), xattr, socket, posixLock, flock);
    }

    /** These options with extended attributes on or off. */
    public VirtiofsOptions withXattr(boolean on) {
        return new VirtiofsOptions(cache, queueSize, threadPoolSize, on, socket, posixLock, flock);
    }

    /** These options with an explicit socket path. */
    public VirtiofsOptions withSocket(Path path) {
        return new VirtiofsOptions(cache, queueSize, threadPoolSize, xattr, Optional.of(path), posixLock, flock);
    }

    /**
     * These options with lock serving: remote POSIX locks and {@code flock(2)}. Only the
     * C virtiofsd has them; the Rust daemon (and libvirt with it) refuses them.
     */
    public VirtiofsOptions withLocks(boolean posix, boolean flockLocks) {
        return new VirtiofsOptions(cache, queueSize, threadPoolSize, xattr, socket, posix, flockLocks);
    }
}
