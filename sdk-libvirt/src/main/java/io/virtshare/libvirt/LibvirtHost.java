package io.virtshare.libvirt;

import io.virtshare.domain.LibvirtVersion;
import io.virtshare.domain.LibvirtFeatures;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.virtshare.libvirt.internal.Existing;
import io.virtshare.libvirt.internal.Failures;
import io.virtshare.libvirt.internal.NativeConnect;
import io.virtshare.libvirt.internal.QuietErrors;
import org.libvirt.Connect;
import org.libvirt.Library;

/**
 * A connection to one libvirt host: {@code test:///default} (libvirt's in-process
 * test driver, no daemon), {@code qemu:///system}, {@code qemu:///session}, or a remote
 * host ({@code qemu+ssh://user@host/system}, {@code qemu+tcp://host/system}).
 *
 * <p>Holds a native connection: close it ({@code try}-with-resources); {@code close()}
 * is idempotent. Not meant to be shared between threads; open one per thread or per
 * task. Connecting is bounded by a timeout so that an unreachable remote host cannot
 * block forever.
 *
 * <pre>{@code
 * try (LibvirtHost host = LibvirtHost.connect("test:///default")) {
 *     System.out.println(host.hypervisor() + " on libvirt " + host.libvirtVersion());
 * }
 * }</pre>
 */
public final class LibvirtHost implements AutoCloseable {
    /** How long {@link #connect(String)} waits for a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String uri;
    private Connect connection;

    private LibvirtHost(String uri, Connect connection) {
        this.uri = uri;
        this.connection = connection;
    }

    /** Connects to {@code uri}, waiting at most {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public static LibvirtHost connect(String uri) {
        return connect(uri, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Connects to {@code uri}, waiting at most {@code timeout}.
     *
     * @throws LibvirtHostException when libvirt is not installed, the URI is invalid, or
     *     the host refuses or does not answer in time; the message says what to do
     */
    public static LibvirtHost connect(String uri, Duration timeout) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        if (uri.isBlank()) {
            throw new LibvirtHostException(uri, "empty libvirt URI; use e.g. test:///default or qemu:///system", null);
        }
        CompletableFuture<Connect> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                QuietErrors.install();
                opening.complete(new NativeConnect(uri));
            } catch (Throwable t) {
                opening.completeExceptionally(t);
            }
        }, "virtshare-libvirt-connect");
        opener.setDaemon(true);
        opener.start();
        try {
            return new LibvirtHost(uri, opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            // the native call cannot be interrupted; close what it opens if it ever returns
            opening.thenAccept(LibvirtHost::closeQuietly);
            throw new LibvirtHostException(uri, "no answer from libvirt at " + uri + " within "
                    + timeout.toSeconds() + " s; check that the host is reachable and libvirtd runs there", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.thenAccept(LibvirtHost::closeQuietly);
            throw new LibvirtHostException(uri, "interrupted while connecting to " + uri, e);
        } catch (ExecutionException e) {
            throw failure(uri, e.getCause());
        }
    }

    private static LibvirtHostException failure(String uri, Throwable cause) {
        if (cause instanceof LinkageError) {
            return new LibvirtHostException(uri, "the libvirt client library is not installed, so " + uri
                    + " cannot be opened; install it (Debian: apt-get install libvirt0)", cause);
        }
        if (cause instanceof org.libvirt.LibvirtException le) {
            String said = le.getMessage() == null ? "unknown error" : le.getMessage().strip();
            String hint = uri.startsWith("qemu:///system")
                    ? "; is libvirtd running (libvirtd -d) and may this user use it (root or group libvirt)?"
                    : uri.startsWith("qemu+") ? "; check the host name, the network and its credentials"
                    : "; check the URI (e.g. test:///default, qemu:///system, qemu+ssh://user@host/system)";
            return new LibvirtHostException(uri, "cannot connect to " + uri + ": " + said + hint, cause);
        }
        return new LibvirtHostException(uri, "cannot connect to " + uri + ": " + cause, cause);
    }

    /**
     * The version of the libvirt client library in this process, without connecting.
     *
     * @throws LibvirtHostException when the library is not installed
     */
    public static LibvirtVersion libraryVersion() {
        try {
            return LibvirtVersion.decode(Library.getVersion());
        } catch (LinkageError e) {
            throw failure("(none)", e);
        } catch (org.libvirt.LibvirtException e) {
            throw new LibvirtHostException("(none)", "libvirt did not report its version: " + e.getMessage(), e);
        }
    }

    /** The URI this connection was opened with. */
    public String uri() {
        return uri;
    }

    /** The hypervisor driver's name, e.g. {@code QEMU} or {@code TEST}. */
    public String hypervisor() {
        return call("hypervisor type", () -> open().getType());
    }

    /** The version of the libvirt library (for remote URIs: the daemon's). */
    public LibvirtVersion libvirtVersion() {
        return LibvirtVersion.decode(call("libvirt version", () -> open().getLibVersion()));
    }

    /**
     * What this host's libvirt accepts in the domain XML the SDK writes, decided from its
     * version (for remote URIs: the daemon's), e.g. read-only virtiofs from libvirt 11.0.0.
     * Give it to {@link io.virtshare.domain.FilesystemDevice.Builder#features},
     * {@link io.virtshare.share.VmShares#filesystems(LibvirtFeatures)} or
     * {@link io.virtshare.datastore.Image#filesystem(io.virtshare.share.ShareProtocol, String, boolean,
     * LibvirtFeatures)} so that what they build is what this host accepts.
     *
     * <pre>{@code
     * try (LibvirtHost host = LibvirtHost.connect("qemu:///system")) {
     *     FilesystemDevice fs = image.filesystem(ShareProtocol.VIRTIOFS, "models", true, host.features());
     * }
     * }</pre>
     */
    public LibvirtFeatures features() {
        LibvirtVersion v = libvirtVersion();
        return LibvirtFeatures.of(v.major(), v.minor(), v.release());
    }

    /** The hypervisor's version, e.g. QEMU 7.2.x. */
    public LibvirtVersion hypervisorVersion() {
        return LibvirtVersion.decode(call("hypervisor version", () -> open().getVersion()));
    }

    /** The host name the host reports. */
    public String hostname() {
        return call("host name", () -> open().getHostName());
    }

    /** The URI libvirt resolved the connection to (e.g. an empty URI's default). */
    public String canonicalUri() {
        return call("URI", () -> open().getURI());
    }

    /** Whether {@link #close()} has been called. */
    public synchronized boolean isClosed() {
        return connection == null;
    }

    /** Closes the connection; later calls do nothing. */
    @Override
    public synchronized void close() {
        Connect c = connection;
        connection = null;
        closeQuietly(c);
    }

    /**
     * The storage pools of this host, and its volumes by key or path.
     *
     * <pre>{@code
     * Pool pool = host.pools().create(PoolSpec.dir("images").target(Path.of("/var/lib/virtshare/images")).build());
     * }</pre>
     */
    public Pools pools() {
        open();
        return new Pools(this);
    }

    synchronized NativeConnect connection() {
        return (NativeConnect) open();
    }

    /**
     * Runs one libvirt storage call, turning libvirt's error into a {@link LibvirtOperationException}
     * whose advice fits what {@code existing} says exists while the call runs.
     */
    <T> T storage(String operation, String pool, String volume, Existing existing, LibvirtCall<T> call) {
        try {
            return call.call();
        } catch (org.libvirt.LibvirtException e) {
            throw Failures.map(uri, operation, pool, volume, existing, e);
        }
    }

    private synchronized Connect open() {
        if (connection == null) {
            throw new IllegalStateException("the connection to " + uri + " is closed; connect again");
        }
        return connection;
    }

    interface LibvirtCall<T> {
        T call() throws org.libvirt.LibvirtException;
    }

    private <T> T call(String what, LibvirtCall<T> call) {
        try {
            return call.call();
        } catch (org.libvirt.LibvirtException e) {
            throw new LibvirtHostException(uri, "cannot read the " + what + " of " + uri + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connect c) {
        if (c != null) {
            try {
                c.close();
            } catch (org.libvirt.LibvirtException e) {
                // closing a broken connection: nothing to do
            }
        }
    }

    @Override
    public String toString() {
        return "LibvirtHost[" + uri + (isClosed() ? ", closed]" : "]");
    }
}
