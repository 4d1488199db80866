package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.domain.LibvirtVersion;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libvirt.Connect;
import org.libvirt.Library;

/**
 * A connection to one libvirt host: {@code test:///default} (libvirt's in-process
 * test driver, no daemon), {@code qemu:///system}, {@code qemu:///session}, or a remote
 * host ({@code qemu+ssh://user@host/system}, {@code qemu+tcp://host/system}). What
 * {@link LibvirtBackend} holds; its failures are {@link BackendException}s of the
 * {@code libvirt} backend with the URI as target.
 *
 * <p>Holds a native connection: close it; {@code close()} is idempotent. Connecting is
 * bounded by a timeout so that an unreachable remote host cannot block forever.
 */
final class LibvirtHost implements AutoCloseable {
    private final String uri;
    private Connect connection;

    private LibvirtHost(String uri, Connect connection) {
        this.uri = uri;
        this.connection = connection;
    }

    /**
     * Connects to {@code uri}, waiting at most {@code timeout}.
     *
     * @throws BackendException when libvirt is not installed ({@link BackendFailure#UNAVAILABLE}),
     *     the URI is invalid, or the host refuses or does not answer in time
     *     ({@link BackendFailure#CONNECTION}); the message says what to do
     */
    static LibvirtHost connect(String uri, Duration timeout) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        if (uri.isBlank()) {
            throw connectFailure(uri, BackendFailure.INVALID_REQUEST,
                    "empty libvirt URI; use e.g. test:///default or qemu:///system", null);
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
            throw connectFailure(uri, BackendFailure.CONNECTION, "no answer from libvirt at " + uri + " within "
                    + timeout.toSeconds() + " s; check that the host is reachable and libvirtd runs there", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.thenAccept(LibvirtHost::closeQuietly);
            throw connectFailure(uri, BackendFailure.CONNECTION, "interrupted while connecting to " + uri
                    + "; connect again", e);
        } catch (ExecutionException e) {
            throw failure(uri, e.getCause());
        }
    }

    private static BackendException failure(String uri, Throwable cause) {
        if (cause instanceof LinkageError) {
            return connectFailure(uri, BackendFailure.UNAVAILABLE, "the libvirt client library is not installed, so "
                    + uri + " cannot be opened; install it (Debian: apt-get install libvirt0)", cause);
        }
        if (cause instanceof org.libvirt.LibvirtException le) {
            String said = le.getMessage() == null ? "unknown error" : le.getMessage().strip();
            String hint = uri.startsWith("qemu:///system")
                    ? "; is libvirtd running (libvirtd -d) and may this user use it (root or group libvirt)?"
                    : uri.startsWith("qemu+") ? "; check the host name, the network and its credentials"
                    : "; check the URI (e.g. test:///default, qemu:///system, qemu+ssh://user@host/system)";
            BackendFailure kind = Failures.kind(le.getError() == null ? null : le.getError().getCode())
                    == BackendFailure.ACCESS_DENIED ? BackendFailure.ACCESS_DENIED : BackendFailure.CONNECTION;
            return connectFailure(uri, kind, "cannot connect to " + uri + ": " + said + hint, cause);
        }
        return connectFailure(uri, BackendFailure.CONNECTION, "cannot connect to " + uri + ": " + cause
                + "; check the URI and that libvirt answers there (virsh -c " + uri + " version)", cause);
    }

    private static BackendException connectFailure(String uri, BackendFailure kind, String message, Throwable cause) {
        return new BackendException(Failures.BACKEND, uri, "connect", null, kind, message, cause);
    }

    /**
     * The version of the libvirt client library in this process, without connecting: loads
     * the library when it is not loaded yet.
     *
     * @throws LinkageError when the library (or JNA) cannot be loaded
     * @throws org.libvirt.LibvirtException when libvirt does not report its version
     */
    static LibvirtVersion libraryVersion() throws org.libvirt.LibvirtException {
        return LibvirtVersion.decode(Library.getVersion());
    }

    /** The URI this connection was opened with. */
    String uri() {
        return uri;
    }

    /** The hypervisor driver's name, e.g. {@code QEMU} or {@code TEST}. */
    String hypervisor() {
        return call("hypervisor type", () -> open().getType());
    }

    /** The version of the libvirt library (for remote URIs: the daemon's). */
    LibvirtVersion libvirtVersion() {
        return LibvirtVersion.decode(call("libvirt version", () -> open().getLibVersion()));
    }

    /**
     * What this host's libvirt accepts in the domain XML the SDK writes, decided from its
     * version (for remote URIs: the daemon's), e.g. read-only virtiofs from libvirt 11.0.0.
     */
    LibvirtFeatures features() {
        LibvirtVersion v = libvirtVersion();
        return LibvirtFeatures.of(v.major(), v.minor(), v.release());
    }

    /** The hypervisor's version, e.g. QEMU 7.2.x. */
    LibvirtVersion hypervisorVersion() {
        return LibvirtVersion.decode(call("hypervisor version", () -> open().getVersion()));
    }

    /** The host name the host reports. */
    String hostname() {
        return call("host name", () -> open().getHostName());
    }

    /** The URI libvirt resolved the connection to (e.g. an empty URI's default). */
    String canonicalUri() {
        return call("URI", () -> open().getURI());
    }

    /** Whether {@link #close()} has been called. */
    synchronized boolean isClosed() {
        return connection == null;
    }

    /** Closes the connection; later calls do nothing. */
    @Override
    public synchronized void close() {
        Connect c = connection;
        connection = null;
        closeQuietly(c);
    }

    /** The storage pools of this host, and its volumes by key or path. */
    LibvirtPools pools() {
        open();
        return new LibvirtPools(this);
    }

    /**
     * The live connection.
     *
     * @throws BackendException with {@link BackendFailure#CONNECTION} once closed
     */
    synchronized NativeConnect connection() {
        return (NativeConnect) open();
    }

    /**
     * Runs one libvirt call, turning libvirt's error into a {@link BackendException} whose
     * advice fits what {@code existing} says exists while the call runs.
     *
     * @param name the pool or VM concerned, or null
     * @param volume the volume concerned, or null
     */
    <T> T storage(String operation, String name, String volume, Existing existing, LibvirtCall<T> call) {
        try {
            return call.call();
        } catch (org.libvirt.LibvirtException e) {
            throw Failures.map(uri, operation, name, volume, existing, e);
        }
    }

    private synchronized Connect open() {
        if (connection == null) {
            throw new BackendException(Failures.BACKEND, uri, "use connection", null, BackendFailure.CONNECTION,
                    "the connection to " + uri + " is closed (its VirtShare was closed); open a new VirtShare", null);
        }
        return connection;
    }

    private <T> T call(String what, LibvirtCall<T> call) {
        try {
            return call.call();
        } catch (org.libvirt.LibvirtException e) {
            throw Failures.map(uri, "read the " + what, null, null, Existing.HOST, e);
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
