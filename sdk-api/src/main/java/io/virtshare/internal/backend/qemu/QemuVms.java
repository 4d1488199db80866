package io.virtshare.internal.backend.qemu;

import io.virtshare.BackendFailure;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.Vms;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code qemu} backend's VMs: definitions as JSON under {@code <home>/qemu/<name>/}, QEMU processes. */
final class QemuVms implements Vms {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    private final Path home;
    private final VmFiles files;
    private final Definitions definitions;
    private final QemuProcesses processes;
    private final VmLauncher launcher;
    private final HotPlug hotPlug;
    private final QemuStatus status;
    private volatile boolean closed;

    QemuVms(Path home, Path qemu) {
        this.home = home;
        this.files = new VmFiles(home);
        this.definitions = new Definitions(home, files);
        this.processes = new QemuProcesses(files);
        this.launcher = new VmLauncher(home, qemu, files);
        this.hotPlug = new HotPlug(home, files);
        this.status = new QemuStatus(files, QemuStatus.TIMEOUT);
    }

    @Override
    public synchronized Vm define(VmSpec spec) {
        ensureOpen("define vm");
        if (definitions.definition(spec.name()).isPresent()) {
            throw QemuErrors.error(home, "define vm", spec.name(), BackendFailure.ALREADY_EXISTS, "VM '"
                    + spec.name() + "' is already defined in " + files.directory(spec.name()) + "; undefine it"
                    + " first, or choose another name");
        }
        launcher.preflight(spec);
        definitions.writeDefinition(spec);
        return vm(spec.name());
    }

    @Override
    public synchronized Vm create(VmSpec spec) {
        ensureOpen("create vm");
        if (definitions.definition(spec.name()).isPresent() || definitions.running(spec.name()).isPresent()) {
            throw QemuErrors.error(home, "create vm", spec.name(), BackendFailure.ALREADY_EXISTS, "a VM called '"
                    + spec.name() + "' exists already; start that one, or create this one under another name");
        }
        QemuVm vm = vm(spec.name());
        vm.run(spec);
        return vm;
    }

    @Override
    public Optional<Vm> find(String name) {
        ensureOpen("find vm");
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        QemuVm vm = vm(name);
        return vm.exists() ? Optional.of(vm) : Optional.empty();
    }

    @Override
    public Vm get(String name) {
        return find(name).orElseThrow(() -> QemuErrors.error(home, "get vm", name, BackendFailure.NOT_FOUND,
                "no VM called '" + name + "' in " + files.root() + "; define it with vms().define(spec), or list"
                        + " the VMs with vms().list()"));
    }

    @Override
    public List<Vm> list() {
        ensureOpen("list vms");
        return definitions.names().stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** Refuses {@code operation} once the backend is closed. */
    void ensureOpen(String operation) {
        if (closed) {
            throw QemuErrors.error(home, operation, null, BackendFailure.CONNECTION, "this VirtShare was closed;"
                    + " open a new one (VirtShare.builder().backend(\"qemu\")) to " + operation);
        }
    }

    /** Stops the VMs this backend started that still run; then every call is refused. */
    void close() {
        closed = true;
        for (String name : processes.ownedNames()) {
            QemuVm vm = vm(name);
            if (vm.exists()) {
                vm.stopIfRunning();
            }
        }
    }

    private QemuVm vm(String name) {
        return new QemuVm(name, home, definitions, processes, launcher, hotPlug, files, status, this::ensureOpen);
    }
}
