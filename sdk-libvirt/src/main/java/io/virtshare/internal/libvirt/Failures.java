package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

/**
 * Turns libvirt's errors into {@link BackendException}s of the {@code libvirt} backend that say
 * what to do: target the URI, subject the volume (else the pool or VM) concerned.
 */
final class Failures {
    /** The backend's name in every exception. */
    static final String BACKEND = "libvirt";

    private Failures() {
    }

    /** The kind of failure behind libvirt's error code. */
    static BackendFailure kind(Error.ErrorNumber code) {
        if (code == null) {
            return BackendFailure.FAILED;
        }
        return switch (code) {
            case VIR_ERR_NO_STORAGE_POOL, VIR_ERR_NO_STORAGE_VOL, VIR_ERR_NO_DOMAIN, VIR_ERR_NO_SECRET,
                    VIR_ERR_NO_NODE_DEVICE -> BackendFailure.NOT_FOUND;
            case VIR_ERR_STORAGE_VOL_EXIST, VIR_ERR_DOM_EXIST, VIR_ERR_STORAGE_POOL_BUILT -> BackendFailure.ALREADY_EXISTS;
            case VIR_ERR_NO_SUPPORT, VIR_ERR_OPERATION_UNSUPPORTED, VIR_ERR_ARGUMENT_UNSUPPORTED,
                    VIR_ERR_CONFIG_UNSUPPORTED -> BackendFailure.NOT_SUPPORTED;
            case VIR_ERR_OPERATION_INVALID, VIR_ERR_INVALID_ARG, VIR_ERR_XML_ERROR, VIR_ERR_XML_DETAIL,
                    VIR_ERR_XML_INVALID_SCHEMA, VIR_ERR_INVALID_STORAGE_POOL, VIR_ERR_INVALID_STORAGE_VOL
                    -> BackendFailure.INVALID_REQUEST;
            case VIR_ERR_OPERATION_DENIED, VIR_ERR_ACCESS_DENIED, VIR_ERR_AUTH_FAILED -> BackendFailure.ACCESS_DENIED;
            case VIR_ERR_RESOURCE_BUSY -> BackendFailure.BUSY;
            case VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN, VIR_ERR_RPC, VIR_ERR_OPERATION_TIMEOUT
                    -> BackendFailure.CONNECTION;
            default -> BackendFailure.FAILED;
        };
    }

    /**
     * The exception for libvirt's {@code error} during {@code operation}.
     *
     * @param pool the pool (or VM) concerned, or null
     * @param volume the volume concerned, or null
     * @param existing what exists on the host while the operation runs
     */
    static BackendException map(String uri, String operation, String pool, String volume,
            Existing existing, LibvirtException error) {
        Error.ErrorNumber code = error.getError() == null ? null : error.getError().getCode();
        BackendFailure kind = kind(code);
        String said = error.getMessage() == null ? "unknown error" : error.getMessage().strip();
        if (kind == BackendFailure.FAILED && said.contains("already exists")) {
            kind = BackendFailure.ALREADY_EXISTS;
        }
        return failure(uri, operation, pool, volume, existing, kind, said, error);
    }

    /**
     * An exception of {@code kind} for what libvirt {@code said}, with the matching advice:
     * commands that inspect a pool or volume are suggested only when it exists.
     */
    static BackendException failure(String uri, String operation, String pool, String volume,
            Existing existing, BackendFailure kind, String said, Throwable cause) {
        String subject = subject(pool, volume);
        String message = "cannot " + operation + subject + " on " + uri + ": " + said + "; "
                + advice(kind, uri, pool, volume, existing);
        return new BackendException(BACKEND, uri, operation, volume != null ? volume : pool, kind, message, cause);
    }

    /**
     * {@code failure} again, for when what the operation worked on no longer exists because
     * it was undone (the pool {@code pool} that {@code create} defined and undefined again):
     * the advice no longer points at it. Suppressed exceptions are kept.
     */
    static BackendException undone(BackendException failure, String pool) {
        if (!(failure.getCause() instanceof LibvirtException error)) {
            return failure;
        }
        BackendException again = map(failure.target(), failure.operation(), pool, null, Existing.NOTHING_YET, error);
        for (Throwable suppressed : failure.getSuppressed()) {
            again.addSuppressed(suppressed);
        }
        return again;
    }

    private static String subject(String pool, String volume) {
        if (volume != null) {
            return " '" + volume + "'" + (pool != null ? " in pool '" + pool + "'" : "");
        }
        return pool != null ? " '" + pool + "'" : "";
    }

    private static String advice(BackendFailure kind, String uri, String pool, String volume, Existing existing) {
        String virsh = "virsh -c " + uri;
        return switch (kind) {
            case NOT_FOUND -> switch (existing) {
                case NOTHING_YET -> "something the XML refers to (a secret, a device, a host adapter) does not exist"
                        + " on that host; nothing is defined: create it first or change the XML";
                case VOLUME -> "the volume does not exist (any more) in that pool; list what exists with"
                        + " pool.volumes().list() or " + virsh + " vol-list " + word(pool);
                case HOST, POOL -> "it does not exist (any more) on that host; list what exists with "
                        + "vs.pools().list() or " + virsh + " pool-list --all";
                case VM -> "the VM does not exist (any more) on that host; list what exists with vs.vms().list()"
                        + " or " + virsh + " list --all";
            };
            case ALREADY_EXISTS -> "choose another name, or look the existing one up and use or remove it";
            case NOT_SUPPORTED -> "the driver behind " + uri + " does not offer this; use a driver that does "
                    + "(qemu:///system runs libvirt's real storage backends)";
            case INVALID_REQUEST -> switch (existing) {
                case NOTHING_YET -> "nothing is defined; change what libvirt's message names, in the XML sent or"
                        + " on the host, and try again";
                case HOST -> "nothing was changed; check the name or XML given";
                case POOL -> "check the pool's state (" + virsh + " pool-info " + word(pool) + ") and the XML sent";
                case VOLUME -> "check the volume (" + virsh + " vol-info --pool " + word(pool) + " " + word(volume)
                        + ") and its pool's state";
                case VM -> "check the VM's state (" + virsh + " domstate " + word(pool) + ") and the XML sent";
            };
            case ACCESS_DENIED -> "run as root or as a member of the libvirt group, or use qemu:///session for "
                    + "your own pools";
            case BUSY -> "something still uses it; stop the domain or process using it and try again";
            case CONNECTION -> "check that libvirtd runs and the host is reachable, then connect again";
            case UNAVAILABLE -> "install the libvirt client library (Debian: apt-get install libvirt0)";
            case FAILED -> (existing == Existing.NOTHING_YET ? "nothing is defined; " : "")
                    + "libvirt's message above says why; the host's libvirtd log has details";
        };
    }

    /** A name as one word on a shell command line: quoted unless it is letters, digits and {@code . _ + -}. */
    private static String word(String name) {
        if (name != null && name.matches("[A-Za-z0-9._+-]+")) {
            return name;
        }
        return "'" + String.valueOf(name).replace("'", "'\\''") + "'";
    }
}
