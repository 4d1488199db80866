package io.virtshare.testkit.guest;

import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** QEMU started directly under TCG, booting a kernel and initramfs, console to a file. */
final class QemuMachine implements GuestMachine {
    private final Process process;
    private final Path log;

    private QemuMachine(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The command line (never KVM: nested KVM hangs on these hosts). */
    static List<String> command(Path qemu, BootFiles boot, int memoryMb, Path console, List<String> shareArguments) {
        List<String> command = new ArrayList<>(List.of(qemu.toString(),
                "-accel", "tcg", "-m", Integer.toString(memoryMb), "-smp", "1",
                "-nodefaults", "-no-user-config", "-no-reboot", "-display", "none",
                "-serial", "file:" + console,
                "-kernel", boot.kernel().toString(), "-initrd", boot.initramfs().toString(),
                "-append", boot.cmdline()));
        command.addAll(shareArguments);
        return command;
    }

    static QemuMachine start(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new QemuMachine(process, log);
    }

    @Override
    public boolean running() {
        return process.isAlive();
    }

    @Override
    public Optional<String> problem() {
        if (process.isAlive() || process.exitValue() == 0) {
            return Optional.empty();
        }
        return Optional.of("QEMU exited with " + process.exitValue() + ": " + lastLine(log));
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            CommandRunner.destroyTree(process);
        }
    }
}
