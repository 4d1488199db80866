package io.virtshare.domain;

import io.virtshare.internal.Checks;
import java.util.Optional;

/**
 * How libvirt runs virtiofsd: {@code <binary path xattr><cache mode/><sandbox mode/><lock
 * posix flock/><thread_pool size/><openfiles max/></binary>}.
 *
 * <pre>{@code
 * FilesystemBinary.at("/usr/libexec/virtiofsd");
 * }</pre>
 *
 * @param path the virtiofsd binary; libvirt looks it up when absent
 * @param xattr whether extended attributes are passed through
 * @param cacheMode {@code none}, {@code auto} or {@code always}
 * @param sandboxMode {@code namespace} or {@code chroot}
 * @param lockPosix POSIX locks
 * @param lockFlock flock locks
 * @param threadPoolSize the thread pool size
 * @param openFilesMax the open file limit
 */
public record FilesystemBinary(Optional<String> path, Optional<Boolean> xattr, Optional<String> cacheMode,
        Optional<String> sandboxMode, Optional<Boolean> lockPosix, Optional<Boolean> lockFlock,
        Optional<Integer> threadPoolSize, Optional<Long> openFilesMax) {
    /**
     * Checks for nulls.
     */
    public FilesystemBinary {
        Checks.nonNull(path, xattr, cacheMode, sandboxMode, lockPosix, lockFlock, threadPoolSize, openFilesMax);
    }

    /** The virtiofsd at {@code path}. */
    public static FilesystemBinary at(String path) {
        return new FilesystemBinary(Optional.of(path), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
