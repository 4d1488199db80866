package io.virtshare.internal.libvirt;

import org.libvirt.LibvirtException;

/**
 * One call into libvirt-java, which may fail with libvirt's checked exception; run it with
 * {@link LibvirtBackend#call} (or {@link LibvirtHost#storage}) to get a {@link io.virtshare.BackendException}
 * instead.
 *
 * @param <T> what the call returns
 */
@FunctionalInterface
interface LibvirtCall<T> {
    /** Calls libvirt. */
    T call() throws LibvirtException;
}
