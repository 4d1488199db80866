package io.virtshare.vm;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A kernel, initramfs and command line the VM boots directly, without a boot loader or disk.
 *
 * <pre>{@code
 * new DirectBoot(Path.of("/boot/vmlinuz"), Path.of("initrd.img"), "console=ttyS0")
 * }</pre>
 *
 * @param kernel the kernel image on the host
 * @param initramfs the initramfs on the host
 * @param cmdline the kernel command line
 */
public record DirectBoot(Path kernel, Path initramfs, String cmdline) {
    public DirectBoot {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initramfs, "initramfs");
        Objects.requireNonNull(cmdline, "cmdline");
        if (!kernel.isAbsolute() || !initramfs.isAbsolute()) {
            throw new InvalidSpecException("direct boot needs absolute kernel and initramfs paths; got " + kernel
                    + " and " + initramfs);
        }
    }
}
