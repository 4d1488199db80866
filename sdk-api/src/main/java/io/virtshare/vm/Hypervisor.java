package io.virtshare.vm;

import java.util.Objects;

/**
 * The hypervisor a backend's target runs VMs with, as the target reports it.
 *
 * <pre>{@code
 * vs.hypervisor().ifPresent(h -> System.out.println(h.name() + " " + h.version()));   // QEMU 7.2.22
 * }</pre>
 *
 * @param name the hypervisor driver's name, e.g. {@code QEMU} or {@code TEST}
 * @param version its version, e.g. {@code 7.2.22}
 */
public record Hypervisor(String name, String version) {
    public Hypervisor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
