package io.virtshare.internal.libvirt;

import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.vm.DeviceScope;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Domain;

/**
 * What libvirt's QEMU driver cannot do with a {@code <filesystem>}, decided before calling it
 * (measured with libvirt 9.0 and QEMU 7.2): hot-plug on a machine without hot-pluggable
 * ports (i440fx {@code pc}: "Bus 'pci.0' does not support hotplugging"), hot-plug of
 * anything but virtiofs ("only virtiofs filesystems can be hotplugged"), live virtiofs without shared guest memory (which cannot be added
 * live), read-only virtiofs before libvirt 11, and scopes the domain does not have.
 */
final class DeviceChangeRules {
    private DeviceChangeRules() {
    }

    /** Where a change applies: the scopes given, or (none given) live when running, else the definition. */
    static Set<DeviceScope> where(DeviceScope[] scopes, boolean active) {
        Set<DeviceScope> where = EnumSet.noneOf(DeviceScope.class);
        for (DeviceScope scope : scopes) {
            if (scope == null) {
                throw new InvalidSpecException("a device scope is null; give DeviceScope.LIVE, DeviceScope.CONFIG,"
                        + " both, or none (live when running, else the definition)");
            }
            where.add(scope);
        }
        if (where.isEmpty()) {
            where.add(active ? DeviceScope.LIVE : DeviceScope.CONFIG);
        }
        return where;
    }

    /** libvirt's {@code VIR_DOMAIN_AFFECT_*} flags for {@code where}. */
    static int flags(Set<DeviceScope> where) {
        int flags = Domain.DeviceModifyFlags.CURRENT;
        if (where.contains(DeviceScope.LIVE)) {
            flags |= Domain.DeviceModifyFlags.LIVE;
        }
        if (where.contains(DeviceScope.CONFIG)) {
            flags |= Domain.DeviceModifyFlags.CONFIG;
        }
        return flags;
    }

    /** Why attaching {@code device} to {@code vm} in {@code where} cannot work, if it cannot. */
    static Optional<Refusal> attach(DomainView vm, FilesystemDevice device, Set<DeviceScope> where,
            LibvirtFeatures features) {
        if (device.readOnly() && device.isVirtiofs()) {
            try {
                device.toBuilder().features(features).build();
            } catch (InvalidSpecException e) {
                return Optional.of(new Refusal(BackendFailure.NOT_SUPPORTED, e.getMessage()));
            }
        }
        Optional<Refusal> refusal = scopes(vm, device, where, "attach", "attached");
        if (refusal.isPresent()) {
            return refusal;
        }
        for (DeviceScope scope : where) {
            DomainXml xml = vm.xml(scope == DeviceScope.LIVE);
            Optional<FilesystemDevice> same = find(xml, device.target());
            if (same.isPresent()) {
                return Optional.of(new Refusal(BackendFailure.ALREADY_EXISTS, "VM '" + vm.name() + "' already has a"
                        + " filesystem tagged '" + device.target() + "' " + describe(scope) + " (source "
                        + same.get().source() + "); choose another tag or detach that one first"));
            }
        }
        if (where.contains(DeviceScope.LIVE) && device.isVirtiofs() && !vm.xml(true).hasSharedMemory()) {
            return Optional.of(new Refusal(BackendFailure.NOT_SUPPORTED, "VM '" + vm.name() + "' runs without shared"
                    + " memory, which virtiofs needs and which cannot be added to a running VM; define the VM with"
                    + " shared memory (attach in CONFIG and restart)"));
        }
        return Optional.empty();
    }

    /** Why detaching the filesystem tagged {@code tag} from {@code vm} in {@code where} cannot work, if it cannot. */
    static Optional<Refusal> detach(DomainView vm, String tag, Set<DeviceScope> where) {
        Optional<Refusal> refusal = scopes(vm, null, where, "detach", "detached");
        if (refusal.isPresent()) {
            return refusal;
        }
        for (DeviceScope scope : where) {
            DomainXml xml = vm.xml(scope == DeviceScope.LIVE);
            Optional<FilesystemDevice> device = find(xml, tag);
            if (device.isEmpty()) {
                return Optional.of(new Refusal(BackendFailure.NOT_FOUND, "VM '" + vm.name() + "' has no filesystem"
                        + " tagged '" + tag + "' " + describe(scope) + "; its tags there are "
                        + xml.filesystems().stream().map(FilesystemDevice::target).toList()));
            }
            if (scope == DeviceScope.LIVE && !device.get().isVirtiofs()) {
                return Optional.of(notVirtiofs(vm, "detach", "detached"));
            }
        }
        return Optional.empty();
    }

    /** The filesystem tagged {@code tag} in {@code xml}. */
    static Optional<FilesystemDevice> find(DomainXml xml, String tag) {
        return xml.filesystems().stream().filter(fs -> fs.target().equals(tag)).findFirst();
    }

    /** Refusals that follow from the scopes alone (and, for attach, from the device's protocol). */
    private static Optional<Refusal> scopes(DomainView vm, FilesystemDevice device, Set<DeviceScope> where,
            String verb, String done) {
        if (where.contains(DeviceScope.CONFIG) && !vm.persistent()) {
            return Optional.of(new Refusal(BackendFailure.INVALID_REQUEST, "VM '" + vm.name() + "' is transient: it"
                    + " has no persistent definition to change; " + verb + " with DeviceScope.LIVE only, or define the"
                    + " VM (vms().define) to keep devices across restarts"));
        }
        if (where.contains(DeviceScope.LIVE) && !vm.active()) {
            return Optional.of(new Refusal(BackendFailure.BUSY, "VM '" + vm.name() + "' is not running, so nothing"
                    + " can be " + done + " live; " + verb + " with DeviceScope.CONFIG (takes effect at the next"
                    + " start) or start the VM first"));
        }
        if (where.contains(DeviceScope.LIVE)) {
            String machine = vm.machine();
            if (!DomainDefinition.isPcie(machine)) {
                return Optional.of(new Refusal(BackendFailure.NOT_SUPPORTED, "VM '" + vm.name() + "' runs machine"
                        + " type '" + machine + "', whose PCI bus cannot hot-plug devices (QEMU: \"Bus 'pci.0' does"
                        + " not support hotplugging\"); " + verb + " with DeviceScope.CONFIG and restart the VM, or"
                        + " define it with machine q35, whose PCIe root ports take hot-plugged devices"));
            }
            if (device != null && !device.isVirtiofs()) {
                return Optional.of(notVirtiofs(vm, verb, done));
            }
        }
        return Optional.empty();
    }

    private static Refusal notVirtiofs(DomainView vm, String verb, String done) {
        return new Refusal(BackendFailure.NOT_SUPPORTED, "libvirt's QEMU driver hot-plugs only virtiofs filesystems"
                + " (\"only virtiofs filesystems can be hotplugged\"), so a 9p (or other) filesystem cannot be " + done + " live on VM '" + vm.name() + "'; " + verb
                + " it with DeviceScope.CONFIG and restart the VM, or share the directory over virtiofs");
    }

    private static String describe(DeviceScope scope) {
        return scope == DeviceScope.LIVE ? "running" : "in its persistent definition";
    }
}
