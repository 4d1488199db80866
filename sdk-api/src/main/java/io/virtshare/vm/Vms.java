package io.virtshare.vm;

import java.util.List;
import java.util.Optional;

/**
 * The VMs of the target a {@link io.virtshare.VirtShare} is connected to: define, create,
 * find and list them. Reached with {@code vs.vms()}; each backend (libvirt, QEMU-direct, XML
 * files) implements it.
 *
 * <pre>{@code
 * Vm vm = vs.vms().define(VmSpec.builder("web1").shares(VmShares.none(vs.stateDirectory("web1"))).build());
 * vm.start();
 * }</pre>
 */
public interface Vms {
    /**
     * Defines a persistent VM from {@code spec}; it is not started.
     *
     * @throws io.virtshare.InvalidSpecException when the spec's shares fail their pre-flight checks
     * @throws io.virtshare.BackendException when the target refuses, e.g. with
     *     {@link io.virtshare.BackendFailure#ALREADY_EXISTS}
     */
    Vm define(VmSpec spec);

    /**
     * Starts a transient VM from {@code spec}: it has no persistent definition and is gone
     * once stopped.
     *
     * @throws io.virtshare.BackendException when the target refuses or cannot start VMs
     */
    Vm create(VmSpec spec);

    /** The VM called {@code name}, if the target has one. */
    Optional<Vm> find(String name);

    /**
     * The VM called {@code name}.
     *
     * @throws io.virtshare.BackendException with {@link io.virtshare.BackendFailure#NOT_FOUND}
     *     when the target has none
     */
    Vm get(String name);

    /** Every VM of the target, running or not, sorted by name. */
    List<Vm> list();
}
