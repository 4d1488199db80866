package io.virtshare.testkit.guest;

import java.nio.file.Path;

/**
 * What the guest boots: the host's kernel, the probe's initramfs and the command line.
 *
 * @param kernel the kernel image
 * @param initramfs the initramfs (newc cpio)
 * @param cmdline the kernel command line
 */
record BootFiles(Path kernel, Path initramfs, String cmdline) {
    /** Serial console, quiet, and power off (QEMU -no-reboot) rather than hang on a panic. */
    static final String CMDLINE = "console=ttyS0 panic=-1 quiet loglevel=3";
}
