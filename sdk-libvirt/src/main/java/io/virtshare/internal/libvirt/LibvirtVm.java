package io.virtshare.internal.libvirt;

import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmState;
import io.virtshare.xml.XmlCodec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;

/**
 * One libvirt domain, looked up by name on every call: its state, XML and lifecycle, and
 * {@code <filesystem>} devices attached and detached live ({@code VIR_DOMAIN_AFFECT_LIVE}) and
 * in the persistent definition ({@code VIR_DOMAIN_AFFECT_CONFIG}). Changes libvirt's QEMU
 * driver cannot make are refused before calling it ({@link DeviceChangeRules}).
 */
final class LibvirtVm implements Vm {
    /** How long a live detach waits for the guest to release the device. */
    static final Duration DETACH_WAIT = Duration.ofSeconds(60);
    /** How often a live detach asks again while the guest has not released the device. */
    static final Duration DETACH_REPEAT = Duration.ofSeconds(10);

    private final LibvirtVms vms;
    private final String name;

    LibvirtVm(LibvirtVms vms, String name) {
        this.vms = vms;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public VmState state() {
        return vms.onDomain("read vm state", name, domain -> state(domain.getInfo().state));
    }

    static VmState state(DomainInfo.DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> VmState.RUNNING;
            case VIR_DOMAIN_PAUSED -> VmState.PAUSED;
            case VIR_DOMAIN_SHUTOFF -> VmState.SHUT_OFF;
            case VIR_DOMAIN_CRASHED -> VmState.CRASHED;
            default -> VmState.OTHER;
        };
    }

    @Override
    public boolean persistent() {
        return vms.onDomain("read vm", name, domain -> domain.isPersistent() == 1);
    }

    @Override
    public String xml(DeviceScope scope) {
        if (scope == null) {
            throw new InvalidSpecException("no scope given; give DeviceScope.LIVE (what runs now) or"
                    + " DeviceScope.CONFIG (the persistent definition)");
        }
        return vms.onDomain("read vm xml", name, domain -> {
            DomainView view = view(domain);
            if (scope == DeviceScope.CONFIG) {
                return view.config().orElseThrow(() -> vms.refused("read vm xml", name, new Refusal(
                        BackendFailure.NOT_FOUND, "VM '" + name + "' is transient: it has no persistent definition;"
                        + " read its XML with DeviceScope.LIVE")));
            }
            return view.current();
        });
    }

    @Override
    public List<FilesystemDevice> filesystems(DeviceScope scope) {
        return DomainXml.parse(xml(scope)).filesystems();
    }

    @Override
    public Vm start() {
        vms.onDomain("start vm", name, Domain::create);
        return this;
    }

    @Override
    public Vm stop() {
        vms.onDomain("stop vm", name, domain -> {
            domain.destroy();
            return null;
        });
        return this;
    }

    @Override
    public void undefine() {
        vms.onDomain("undefine vm", name, domain -> {
            domain.undefine();
            return null;
        });
    }

    @Override
    public FilesystemDevice attach(FilesystemDevice device, DeviceScope... scopes) {
        if (device == null) {
            throw new InvalidSpecException("no filesystem given; build one with FilesystemDevice.virtiofs(dir, tag)"
                    + " or Image.filesystem(…)");
        }
        String operation = "attach filesystem";
        return vms.onDomain(operation, name, domain -> {
            DomainView view = view(domain);
            Set<DeviceScope> where = DeviceChangeRules.where(scopes, view.active());
            Optional<Refusal> refusal = DeviceChangeRules.attach(view, device, where, vms.features());
            if (refusal.isPresent()) {
                throw vms.refused(operation, name, refusal.get());
            }
            String xml = XmlCodec.defaults().writeFilesystem(device);
            if (where.contains(DeviceScope.CONFIG)) {
                DomainXml config = view.xml(false);
                if (device.isVirtiofs() && !config.hasSharedMemory()) {
                    vms.redefine(config.attach(device).toXml());
                } else {
                    changeConfig(() -> domain.attachDeviceFlags(xml, Domain.DeviceModifyFlags.CONFIG),
                            () -> config.attach(device).toXml());
                }
            }
            if (where.contains(DeviceScope.LIVE)) {
                try {
                    domain.attachDeviceFlags(xml, Domain.DeviceModifyFlags.LIVE);
                } catch (LibvirtException e) {
                    if (where.contains(DeviceScope.CONFIG)) {
                        restore(view, e);
                    }
                    throw e;
                }
            }
            boolean live = where.contains(DeviceScope.LIVE);
            DomainXml after = DomainXml.parse(domain.getXMLDesc(live ? 0 : Domain.XMLFlags.INACTIVE));
            return DeviceChangeRules.find(after, device.target()).orElseThrow(() -> vms.refused(operation, name,
                    new Refusal(BackendFailure.FAILED, "libvirt accepted the filesystem tagged '" + device.target()
                            + "' but does not report it " + (live ? "in the running VM" : "in the definition")
                            + "; see virsh dumpxml " + name)));
        });
    }

    /** A change of the persistent definition through libvirt's device API. */
    @FunctionalInterface
    private interface ConfigChange {
        void run() throws LibvirtException;
    }

    /**
     * Makes {@code change}; where the driver has no device API for definitions (the test
     * driver), defines the domain again as {@code redefined} gives it, which is the same change.
     */
    private void changeConfig(ConfigChange change, java.util.function.Supplier<String> redefined)
            throws LibvirtException {
        try {
            change.run();
        } catch (LibvirtException e) {
            if (e.getError() == null || e.getError().getCode() != org.libvirt.Error.ErrorNumber.VIR_ERR_NO_SUPPORT) {
                throw e;
            }
            vms.redefine(redefined.get());
        }
    }

    /** Puts the persistent definition back as it was before a failed live change; a failure here is kept with {@code e}. */
    private void restore(DomainView before, LibvirtException e) {
        try {
            vms.redefine(before.config().orElseThrow());
        } catch (LibvirtException again) {
            e.addSuppressed(again);
        }
    }

    @Override
    public void detach(String tag, DeviceScope... scopes) {
        if (tag == null || tag.isEmpty()) {
            throw new InvalidSpecException("no tag given; give the mount tag (<target dir>) of the filesystem to"
                    + " detach");
        }
        String operation = "detach filesystem";
        vms.onDomain(operation, name, domain -> {
            DomainView view = view(domain);
            Set<DeviceScope> where = DeviceChangeRules.where(scopes, view.active());
            Optional<Refusal> refusal = DeviceChangeRules.detach(view, tag, where);
            if (refusal.isPresent()) {
                throw vms.refused(operation, name, refusal.get());
            }
            if (where.contains(DeviceScope.CONFIG)) {
                DomainXml config = view.xml(false);
                FilesystemDevice device = DeviceChangeRules.find(config, tag).orElseThrow();
                changeConfig(() -> domain.detachDeviceFlags(XmlCodec.defaults().writeFilesystem(device), Domain.DeviceModifyFlags.CONFIG),
                        () -> config.detach(tag).toXml());
            }
            if (where.contains(DeviceScope.LIVE)) {
                FilesystemDevice device = DeviceChangeRules.find(view.xml(true), tag).orElseThrow();
                try {
                    domain.detachDeviceFlags(XmlCodec.defaults().writeFilesystem(device), Domain.DeviceModifyFlags.LIVE);
                } catch (LibvirtException e) {
                    if (where.contains(DeviceScope.CONFIG)) {
                        restore(view, e);
                    }
                    throw e;
                }
                awaitRemoval(domain, tag, XmlCodec.defaults().writeFilesystem(device));
            }
            return null;
        });
    }

    /**
     * Waits until the running VM no longer has the device: the guest acknowledges a hot-unplug
     * in its own time. A guest that was still booting when asked drops the request (Linux's
     * pciehp clears pending slot events when it starts), so the request is repeated every
     * {@link #DETACH_REPEAT}; libvirt's refusal of a repeat (an unplug still pending) is no
     * failure.
     */
    private void awaitRemoval(Domain domain, String tag, String xml) throws LibvirtException {
        long deadline = System.nanoTime() + DETACH_WAIT.toNanos();
        long repeat = System.nanoTime() + DETACH_REPEAT.toNanos();
        while (DeviceChangeRules.find(DomainXml.parse(domain.getXMLDesc(0)), tag).isPresent()) {
            if (System.nanoTime() > repeat) {
                repeat = System.nanoTime() + DETACH_REPEAT.toNanos();
                try {
                    domain.detachDeviceFlags(xml, Domain.DeviceModifyFlags.LIVE);
                } catch (LibvirtException pending) {
                    // the first request is still being handled; keep waiting
                }
            }
            if (System.nanoTime() > deadline) {
                throw vms.refused("detach filesystem", name, new Refusal(BackendFailure.BUSY, "the guest of VM '"
                        + name + "' did not release the filesystem tagged '" + tag + "' within "
                        + DETACH_WAIT.toSeconds() + " s (it must acknowledge the PCIe hot-unplug); it goes when the"
                        + " guest does: check filesystems(DeviceScope.LIVE) again, or stop the VM"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw vms.refused("detach filesystem", name, new Refusal(BackendFailure.FAILED, "interrupted while"
                        + " waiting for VM '" + name + "' to release the filesystem tagged '" + tag + "'; check"
                        + " filesystems(DeviceScope.LIVE)"));
            }
        }
    }

    private static DomainView view(Domain domain) throws LibvirtException {
        String name = domain.getName();
        Optional<String> live = domain.isActive() == 1 ? Optional.of(domain.getXMLDesc(0)) : Optional.empty();
        Optional<String> config = domain.isPersistent() == 1
                ? Optional.of(domain.getXMLDesc(Domain.XMLFlags.INACTIVE)) : Optional.empty();
        return new DomainView(name, live, config);
    }

    @Override
    public String toString() {
        return "LibvirtVm[" + name + "]";
    }
}
