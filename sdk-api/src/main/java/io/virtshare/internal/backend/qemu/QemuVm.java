package io.virtshare.internal.backend.qemu;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShareException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VmShares;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A VM of the {@code qemu} backend, read from its files and process on each call. Started
 * means: a running spec is recorded and its QEMU process lives; what a started VM is doing
 * (running, paused, crashed) QEMU tells over QMP ({@link QemuStatus}). A QEMU that ended by
 * itself (the guest powered off) is cleaned up when noticed: its virtiofsd daemons stopped,
 * its running spec removed.
 */
final class QemuVm implements Vm {
    private static final System.Logger LOG = System.getLogger(QemuVm.class.getName());
    /** How long a QEMU whose QMP socket failed may take to exit before that counts as a failure. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(1);

    private final String name;
    private final Path home;
    private final Definitions definitions;
    private final QemuProcesses processes;
    private final VmLauncher launcher;
    private final Consumer<String> ensureOpen;
    private final HotPlug hotPlug;
    private final VmFiles files;
    private final QemuStatus status;

    QemuVm(String name, Path home, Definitions definitions, QemuProcesses processes, VmLauncher launcher,
            HotPlug hotPlug, VmFiles files, QemuStatus status, Consumer<String> ensureOpen) {
        this.hotPlug = hotPlug;
        this.files = files;
        this.status = status;
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

    /**
     * {@link VmState#SHUT_OFF} when no QEMU runs for the VM; else what QEMU answers to QMP
     * {@code query-status}, named as the libvirt backend names it: {@code running} is
     * {@link VmState#RUNNING}; {@code paused}, {@code prelaunch}, {@code io-error},
     * {@code watchdog}, {@code internal-error} and the migration and save states are
     * {@link VmState#PAUSED}; {@code guest-panicked} is {@link VmState#CRASHED}; anything else
     * ({@code shutdown}, {@code suspended}, states newer than this SDK) is {@link VmState#OTHER}
     * (see {@link QemuStatus}). Waits for a live attach or detach of this backend to finish, as
     * those hold QEMU's QMP monitor.
     *
     * <p>When QEMU lives but its QMP socket does not answer within {@link QemuStatus#TIMEOUT}
     * (another program holds it: QEMU's monitor serves one client at a time), this throws a
     * {@link BackendException} naming the VM, the socket and what to do, rather than guessing:
     * a guessed {@code RUNNING} is what hid paused guests, and a guessed {@code OTHER} would
     * read as a state QEMU reported. A QEMU that ends while asked is {@link VmState#SHUT_OFF}.
     *
     * @throws BackendException {@link BackendFailure#BUSY} when QEMU's QMP socket does not
     *     answer, {@link BackendFailure#FAILED} when the socket is gone, and
     *     {@link BackendFailure#NOT_FOUND} when the VM is neither defined nor running
     */
    @Override
    public VmState state() {
        ensureOpen.accept("vm state");
        synchronized (definitions) {
            Optional<VmSpec> running = running();
            if (running.isPresent()) {
                try {
                    return status.query(running.get());
                } catch (IOException e) {
                    refuseUnanswered(running.get(), e);
                }
            }
            definitions.definition(name).orElseThrow(() -> gone("state"));
            return VmState.SHUT_OFF;
        }
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
            Targets targets = targets(where, "attach filesystem");
            Optional<VmSpec> running = targets.running();
            boolean live = targets.live();
            String tag = device.target();
            Optional<VmSpec> definition = targets.definition();
            definition.ifPresent(d -> refuseTaken(d, tag));
            Share share = DeviceShares.share(device);
            FilesystemDevice result = null;
            if (live) {
                VmSpec run = liveTarget(running, "attach filesystem", tag, share.protocol() == ShareProtocol.VIRTIOFS);
                refuseTaken(run, tag);
                VmShares shares = run.shares().withShare(share);
                hotPlug.plug(run, shares, share, processes.owned(name).orElseThrow());
                definitions.writeRunning(run.withShares(shares));
                result = last(shares);
            }
            if (definition.isPresent()) {
                VmShares shares = definition.get().shares().withShare(share);
                definitions.writeDefinition(definition.get().withShares(shares));
                result = result == null ? last(shares) : result;
            }
            return result;
        }
    }

    @Override
    public void detach(String tag, DeviceScope... scopes) {
        ensureOpen.accept("detach filesystem");
        Set<DeviceScope> where = scopes(scopes);
        synchronized (definitions) {
            Targets targets = targets(where, "detach filesystem");
            Optional<VmSpec> running = targets.running();
            boolean live = targets.live();
            Optional<VmSpec> definition = targets.definition();
            definition.ifPresent(d -> refuseMissing(d, tag, "definition"));
            if (live) {
                boolean virtiofs = running.flatMap(r -> r.shares().find(tag))
                        .map(s -> s.protocol() == ShareProtocol.VIRTIOFS).orElse(true);
                VmSpec run = liveTarget(running, "detach filesystem", tag, virtiofs);
                refuseMissing(run, tag, "running VM");
                hotPlug.unplug(run, tag, processes.owned(name).orElseThrow());
                definitions.writeRunning(run.withShares(run.shares().withoutShare(tag)));
            }
            definition.ifPresent(d -> definitions.writeDefinition(d.withShares(d.shares().withoutShare(tag))));
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

    /**
     * After QMP failed to answer {@code query-status}: returns when QEMU ended meanwhile (its
     * running spec then removed), else throws saying why and what to do.
     */
    private void refuseUnanswered(VmSpec spec, IOException cause) {
        Optional<ProcessHandle> qemu = processes.find(spec);
        if (qemu.isEmpty() || QemuProcesses.exited(qemu.get(), EXIT_GRACE)) {
            running();
            return;
        }
        Path socket = files.qmpSocket(spec);
        if (!Files.exists(socket)) {
            throw error("vm state", BackendFailure.FAILED, "QEMU of VM '" + name + "' (pid " + qemu.get().pid()
                    + ") runs, but its QMP socket " + socket + " is gone, so nothing can ask it what the guest is"
                    + " doing; stop the VM and start it again", cause);
        }
        throw error("vm state", BackendFailure.BUSY, "QEMU of VM '" + name + "' (pid " + qemu.get().pid()
                + ") runs, but its QMP socket " + socket + " gave no answer to query-status: " + cause.getMessage()
                + "; QEMU's monitor serves one client at a time: if another program is connected to that socket,"
                + " disconnect it and ask again, else look at QEMU's log " + files.log(spec), cause);
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
     * What a device change acts on: the VM as it runs, whether the change goes live (asked for,
     * or no scope given and the VM runs), and the definition to change (asked for, or the change
     * does not go live).
     */
    private record Targets(Optional<VmSpec> running, boolean live, Optional<VmSpec> definition) {
    }

    /** The {@link Targets} of {@code operation} in scopes {@code where}; call holding {@code definitions}. */
    private Targets targets(Set<DeviceScope> where, String operation) {
        Optional<VmSpec> running = running();
        boolean live = where.contains(DeviceScope.LIVE) || (where.isEmpty() && running.isPresent());
        Optional<VmSpec> definition = where.contains(DeviceScope.CONFIG) || !live
                ? Optional.of(definitionToChange(operation)) : Optional.empty();
        return new Targets(running, live, definition);
    }

    private VmSpec definitionToChange(String operation) {
        return definitions.definition(name).orElseThrow(() -> error(operation, BackendFailure.NOT_FOUND, "VM '"
                + name + "' has no persistent definition to change; define it with vms().define(spec), or change"
                + " the running VM with DeviceScope.LIVE"));
    }

    /**
     * The running spec to change live, after checking before anything is done that QEMU can:
     * virtiofs (9p cannot be hot-plugged), a q35 machine, a VM that runs and that this backend
     * started (it holds the QMP session's other half: the virtiofsd daemons).
     */
    private VmSpec liveTarget(Optional<VmSpec> running, String operation, String tag, boolean virtiofs) {
        String machine = running.or(() -> definitions.definition(name)).map(VmSpec::machine).orElse("");
        String reason = null;
        if (!virtiofs) {
            reason = "QEMU cannot hot-plug a 9p share: its -fsdev backend exists only on the command line (there is"
                    + " no QMP command that adds one)";
        } else if (!machine.isEmpty() && !DomainDefinition.isPcie(machine)) {
            reason = "machine type '" + machine + "' (i440fx) cannot hot-plug: its bus pci.0 does not support"
                    + " hotplugging; a q35 machine has PCIe root ports that do";
        } else if (running.isPresent() && processes.owned(name).isEmpty()) {
            reason = "VM '" + name + "' was started by another VirtShare, which holds its virtiofsd daemons; change it"
                    + " live through that one";
        }
        if (reason != null) {
            throw error(operation, BackendFailure.NOT_SUPPORTED, "cannot change share '" + tag + "' of VM '" + name
                    + "' live: " + reason + "; use DeviceScope.CONFIG and restart the VM (stop, start), or the"
                    + " libvirt backend");
        }
        return running.orElseThrow(() -> error(operation, BackendFailure.BUSY, "VM '" + name + "' is not running, so"
                + " nothing can change live; start it first, or use DeviceScope.CONFIG"));
    }

    private void refuseTaken(VmSpec spec, String tag) {
        if (spec.shares().find(tag).isPresent()) {
            throw error("attach filesystem", BackendFailure.ALREADY_EXISTS, "VM '" + name + "' has a share tagged '"
                    + tag + "' already; detach it first or give the device another tag");
        }
    }

    private void refuseMissing(VmSpec spec, String tag, String where) {
        if (spec.shares().find(tag).isEmpty()) {
            throw error("detach filesystem", BackendFailure.NOT_FOUND, "VM '" + name + "' has no share tagged '" + tag
                    + "' in its " + where + "; list them with filesystems(DeviceScope."
                    + (where.equals("definition") ? "CONFIG" : "LIVE") + ")");
        }
    }

    private static FilesystemDevice last(VmShares shares) {
        return shares.filesystems(LibvirtFeatures.unknown()).get(shares.shares().size() - 1);
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

    private BackendException error(String operation, BackendFailure failure, String message, Throwable cause) {
        return QemuErrors.error(home, operation, name, failure, message, cause);
    }
}
