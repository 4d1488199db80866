package io.virtshare.internal.backend.qemu;

import io.virtshare.vm.VmSpec;
import java.nio.file.Path;

/**
 * Where the {@code qemu} backend keeps a VM's files. Under {@code <home>/qemu/<name>/}: the
 * persistent definition ({@value #DEFINITION}) and, while it runs, the spec it was started
 * with ({@value #RUNNING}). In the VM's state directory: QEMU's pid file, QMP socket and log,
 * the virtiofsd logs, and the console file unless the spec names one.
 */
final class VmFiles {
    static final String DEFINITION = "spec.json";
    static final String RUNNING = "running.json";

    private final Path root;

    VmFiles(Path home) {
        this.root = home.resolve("qemu");
    }

    Path root() {
        return root;
    }

    Path directory(String name) {
        return root.resolve(name);
    }

    Path definition(String name) {
        return directory(name).resolve(DEFINITION);
    }

    Path running(String name) {
        return directory(name).resolve(RUNNING);
    }

    Path pidFile(VmSpec spec) {
        return spec.shares().stateDirectory().resolve("qemu.pid");
    }

    Path qmpSocket(VmSpec spec) {
        return spec.shares().stateDirectory().resolve("qmp.sock");
    }

    Path log(VmSpec spec) {
        return spec.shares().stateDirectory().resolve("qemu.log");
    }

    Path console(VmSpec spec) {
        return spec.console().orElse(spec.shares().stateDirectory().resolve("console.log"));
    }
}
