package io.virtshare.vm;

import io.virtshare.domain.FilesystemDevice;
import java.util.List;

/**
 * A VM on a backend's target: its state, definition and lifecycle, and the directories
 * shared with it. A handle that reads the VM's state from the target on each call.
 *
 * <pre>{@code
 * Vm vm = vs.vms().get("web1");
 * vm.attach(image.filesystem(ShareProtocol.VIRTIOFS, "models", false, vs.features()),
 *         DeviceScope.LIVE, DeviceScope.CONFIG);
 * }</pre>
 */
public interface Vm {
    /** The VM's name. */
    String name();

    /** What the VM is doing now. */
    VmState state();

    /** Whether the VM has a persistent definition (a transient VM is gone once stopped). */
    boolean persistent();

    /**
     * The VM as libvirt domain XML: for {@link DeviceScope#LIVE} what runs now (the persistent
     * definition when the VM is not running), for {@link DeviceScope#CONFIG} the persistent
     * definition.
     *
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#NOT_FOUND}
     *     for {@code CONFIG} of a transient VM
     */
    String xml(DeviceScope scope);

    /** The VM's {@code <filesystem>} devices in {@code scope}, in document order. */
    List<FilesystemDevice> filesystems(DeviceScope scope);

    /** Starts the VM (the backend starts virtiofsd for its virtiofs shares where it must). */
    Vm start();

    /** Stops the VM at once (power off); a transient VM is then gone. */
    Vm stop();

    /** Removes the persistent definition; a running VM keeps running, as a transient one. */
    void undefine();

    /**
     * Attaches {@code device} in {@code scopes} (none: live when running, else the definition)
     * and ensures the shared memory virtiofs needs.
     *
     * @return the device as the target reports it after the change
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#NOT_SUPPORTED}
     *     before calling the target when it cannot do this (e.g. live on a machine that cannot
     *     hot-plug), naming the reason and the alternative
     */
    FilesystemDevice attach(FilesystemDevice device, DeviceScope... scopes);

    /**
     * Detaches the {@code <filesystem>} tagged {@code tag} in {@code scopes}.
     *
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#NOT_FOUND}
     *     when no such device is there
     */
    void detach(String tag, DeviceScope... scopes);
}
