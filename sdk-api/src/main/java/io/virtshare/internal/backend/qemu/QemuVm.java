package io.virtshare.internal.backend.qemu;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShareException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.share.VmShares;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A VM of the {@code qemu} backend, read from its files and process on each call. Running
 * means: a running spec is recorded and its QEMU process lives. A QEMU that ended by itself
 * (the guest powered off) is cleaned up when noticed: its virtiofsd daemons stopped, its
 * running spec removed.
 */
final class QemuVm implements Vm {
    private static final System.Logger LOG = System.getLogger(QemuVm.class.getName());

    private final String name;
    private final Path home;
    private final Definitions definitions;
    private final QemuProcesses processes;
    private final VmLauncher launcher;
    private final Consumer<String> ensureOpen;

    QemuVm(String name, Path home, Definitions definitions, QemuProcesses processes, VmLauncher launcher,
            Consumer<String> ensureOpen) {
        this.ensureOpen = ensureOpen;
        this.name = name;
        this.home = home;
        this.definitions = definitions;
        this.processes = processes;
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public VmState state() {
        ensureOpen.accept("vm state");
        if (running().isPresent()) {
            return VmState.RUNNING;
        }
        definitions.definition(name).orElseThrow(() -> gone("state"));
        return VmState.SHUT_OFF;
    }

    @Override
    public boolean persistent() {
        ensureOpen.accept("vm persistent");
        return definitions.definition(name).isPresent();
    }

    @Override
    public String xml(DeviceScope scope) {
        ensureOpen.accept("vm xml");
        return DomainDefinition.of(spec(scope, "xml"), LibvirtFeatures.unknown());
    }

    @Override
    public List<FilesystemDevice> filesystems(DeviceScope scope) {
        ensureOpen.accept("vm filesystems");
        VmSpec spec = spec(scope, "filesystems");
        return spec.shares().filesystems(LibvirtFeatures.unknown());
    }

    @Override
    public Vm start() {
        ensureOpen.accept("start vm");
        synchronized (definitions) {
            VmSpec spec = definitions.definition(name).orElseThrow(() -> error("start vm", BackendFailure.NOT_FOUND,
                    "VM '" + name + "' has no definition to start; define it with vms().define(spec)"));
            if (running().isPresent()) {
                throw error("start vm", BackendFailure.BUSY, "VM '" + name + "' is running already; stop it first");
            }
            run(spec);
        }
        return this;
    }

    @Override
    public Vm stop() {
        ensureOpen.accept("stop vm");
        synchronized (definitions) {
            VmSpec spec = running().orElseThrow(() -> error("stop vm", BackendFailure.BUSY, "VM '" + name
                    + "' is not running; nothing to stop"));
            halt(spec);
        }
        return this;
    }

    @Override
    public void undefine() {
        ensureOpen.accept("undefine vm");
        synchronized (definitions) {
            definitions.definition(name).orElseThrow(() -> error("undefine vm", BackendFailure.NOT_FOUND, "VM '"
                    + name + "' has no persistent definition; a transient VM is gone once stopped"));
            definitions.removeDefinition(name);
        }
    }

    @Override
    public FilesystemDevice attach(FilesystemDevice device, DeviceScope... scopes) {
        ensureOpen.accept("attach filesystem");
        Set<DeviceScope> where = scopes(scopes);
        synchronized (definitions) {
            VmSpec spec = configOnly(where, "attach filesystem", device.target(), device.isVirtiofs());
            if (spec.shares().find(device.target()).isPresent()) {
                throw error("attach filesystem", BackendFailure.ALREADY_EXISTS, "VM '" + name + "' has a share tagged '"
                        + device.target() + "' already; detach it first or give the device another tag");
            }
            VmShares shares = spec.shares().withShare(DeviceShares.share(device));
            definitions.writeDefinition(spec.withShares(shares));
            return shares.filesystems(LibvirtFeatures.unknown()).get(shares.shares().size() - 1);
        }
    }

    @Override
    public void detach(String tag, DeviceScope... scopes) {
        ensureOpen.accept("detach filesystem");
        Set<DeviceScope> where = scopes(scopes);
        synchronized (definitions) {
            boolean virtiofs = running().or(() -> definitions.definition(name)).flatMap(s -> s.shares().find(tag))
                    .map(s -> s.protocol() == io.virtshare.share.ShareProtocol.VIRTIOFS).orElse(true);
            VmSpec spec = configOnly(where, "detach filesystem", tag, virtiofs);
            if (spec.shares().find(tag).isEmpty()) {
                throw error("detach filesystem", BackendFailure.NOT_FOUND, "VM '" + name + "' has no share tagged '"
                        + tag + "' in its definition; list them with filesystems(DeviceScope.CONFIG)");
            }
            definitions.writeDefinition(spec.withShares(spec.shares().withoutShare(tag)));
        }
    }

    /** Whether the VM has a definition or runs. */
    boolean exists() {
        return definitions.definition(name).isPresent() || running().isPresent();
    }

    /** Starts {@code spec} as this VM and records it as running. */
    void run(VmSpec spec) {
        QemuProcesses.Owned owned = launcher.start(spec);
        processes.add(name, owned);
        try {
            definitions.writeRunning(spec);
        } catch (VirtShareException e) {
            processes.stop(spec, home);
            throw e;
        }
        owned.qemu().onExit().thenRun(() -> reap(spec, owned));
    }

    /** Stops the VM when it runs; never throws (for closing the backend). */
    void stopIfRunning() {
        synchronized (definitions) {
            try {
                running().ifPresent(this::halt);
            } catch (VirtShareException e) {
                LOG.log(System.Logger.Level.WARNING, "could not stop VM " + name + ": " + e.getMessage());
            }
        }
    }

    private void halt(VmSpec spec) {
        if (processes.stop(spec, home)) {
            throw error("stop vm", BackendFailure.FAILED, "QEMU of VM '" + name + "' survived SIGKILL; look at"
                    + " the process and the host's kernel log");
        }
        definitions.removeRunning(name);
    }

    /** After QEMU ended by itself: its daemons stopped, its running spec removed. */
    private void reap(VmSpec spec, QemuProcesses.Owned owned) {
        synchronized (definitions) {
            if (processes.owned(name).filter(o -> o == owned).isPresent()) {
                try {
                    halt(spec);
                } catch (VirtShareException e) {
                    LOG.log(System.Logger.Level.WARNING, "cleaning up after VM " + name + ": " + e.getMessage());
                }
            }
        }
    }

    /** The running spec when QEMU runs; a running spec whose QEMU has gone is cleaned up. */
    private Optional<VmSpec> running() {
        synchronized (definitions) {
            Optional<VmSpec> spec = definitions.running(name);
            if (spec.isEmpty() || processes.find(spec.get()).isPresent()) {
                return spec;
            }
            halt(spec.get());
            return Optional.empty();
        }
    }

    private VmSpec spec(DeviceScope scope, String operation) {
        if (scope == DeviceScope.LIVE) {
            return running().or(() -> definitions.definition(name)).orElseThrow(() -> gone(operation));
        }
        return definitions.definition(name).orElseThrow(() -> error(operation, BackendFailure.NOT_FOUND, "VM '" + name
                + "' has no persistent definition (it is transient, or gone); ask for DeviceScope.LIVE"));
    }

    /**
     * The definition to change when {@code where} is the definition only; a live change is
     * refused before anything is done, saying why and what to do instead.
     */
    private VmSpec configOnly(Set<DeviceScope> where, String operation, String tag, boolean virtiofs) {
        boolean live = where.contains(DeviceScope.LIVE) || (where.isEmpty() && running().isPresent());
        if (live) {
            Optional<VmSpec> spec = running().or(() -> definitions.definition(name));
            String machine = spec.map(VmSpec::machine).orElse("");
            String reason;
            if (!virtiofs) {
                reason = "QEMU cannot hot-plug a 9p share: its -fsdev backend exists only on the command line (there"
                        + " is no QMP command that adds one)";
            } else if (spec.isPresent() && !DomainDefinition.isPcie(machine)) {
                reason = "machine type '" + machine + "' (i440fx) cannot hot-plug: its bus pci.0 does not support"
                        + " hotplugging; a q35 machine has PCIe root ports that do";
            } else {
                reason = "the qemu backend does not hot-plug shares yet";
            }
            throw error(operation, BackendFailure.NOT_SUPPORTED, "cannot change share '" + tag + "' of VM '" + name
                    + "' live: " + reason + "; use DeviceScope.CONFIG and restart the VM (stop, start), or the"
                    + " libvirt backend, which hot-plugs virtiofs on q35");
        }
        return definitions.definition(name).orElseThrow(() -> error(operation, BackendFailure.NOT_FOUND, "VM '"
                + name + "' has no persistent definition to change; define it with vms().define(spec)"));
    }

    private static Set<DeviceScope> scopes(DeviceScope... scopes) {
        Set<DeviceScope> set = EnumSet.noneOf(DeviceScope.class);
        for (DeviceScope scope : scopes) {
            if (scope == null) {
                throw new io.virtshare.InvalidSpecException("a device scope is null; give LIVE, CONFIG, or none");
            }
            set.add(scope);
        }
        return set;
    }

    private BackendException gone(String operation) {
        return error(operation, BackendFailure.NOT_FOUND, "VM '" + name + "' is neither defined nor running; define"
                + " it with vms().define(spec)");
    }

    private BackendException error(String operation, BackendFailure failure, String message) {
        return QemuErrors.error(home, operation, name, failure, message);
    }
}
