package io.virtshare.testkit.guest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes the probe's initramfs: a static busybox, {@code /dev/console}, the kernel
 * modules (uncompressed, flat in {@code /lib/modules}) and the {@code /init} script.
 * Uncompressed: the kernel unpacks it faster than it would inflate it under TCG.
 */
final class Initramfs {
    private Initramfs() {
    }

    /**
     * Writes {@code target}.
     *
     * @param busybox a statically linked busybox
     * @param moduleTree the kernel's module tree ({@code /lib/modules/<release>})
     * @param modulePaths module files relative to {@code moduleTree}, in insertion order
     * @param tasks what the guest does with each share
     * @return the module file names as {@code /init} inserts them
     */
    static List<String> write(Path target, Path busybox, Path moduleTree, List<String> modulePaths,
            List<GuestTask> tasks) throws IOException {
        return write(target, busybox, moduleTree, modulePaths, names -> InitScript.generate(names, tasks));
    }

    /**
     * Writes {@code target} with the {@code /init} that {@code init} makes from the module file
     * names (as they lie in {@code /lib/modules}, in insertion order).
     *
     * @return the module file names
     */
    static List<String> write(Path target, Path busybox, Path moduleTree, List<String> modulePaths,
            Function<List<String>, String> init) throws IOException {
        List<String> names = new ArrayList<>();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
                CpioWriter cpio = new CpioWriter(file)) {
            for (String dir : List.of("bin", "dev", "lib", "lib/modules", "mnt", "proc", "sys", "tmp")) {
                cpio.directory(dir, 0755);
            }
            cpio.characterDevice("dev/console", 0600, 5, 1);
            cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
            cpio.symlink("bin/sh", "busybox");
            for (String path : modulePaths) {
                String name = ModuleOrder.name(path) + ".ko";
                cpio.file("lib/modules/" + name, 0644, ModuleFiles.read(moduleTree.resolve(path)));
                names.add(name);
            }
            cpio.file("init", 0755, init.apply(List.copyOf(names)).getBytes(StandardCharsets.UTF_8));
        }
        return List.copyOf(names);
    }
}
