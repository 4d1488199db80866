package io.virtshare.testkit.guest;

import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.vm.DirectBoot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A guest for hot-plug tests: the host's kernel with a busybox initramfs whose {@code /init}
 * waits (up to ten minutes) for a virtiofs filesystem with a given tag to be plugged in,
 * mounts it, prints the first bytes of a file in it on the serial console
 * ({@value #READ_PREFIX} + the text), unmounts it and stays up, so that the device can be
 * unplugged again. Boot it with {@link #boot()} and send its serial console to
 * {@link #console()}; under TCG it is ready in about ten seconds. Under {@code qemu:///system}
 * QEMU runs as an unprivileged user: the directory given must be searchable by it (o+x).
 *
 * <pre>{@code
 * HotplugGuest guest = HotplugGuest.write(dir, "models", "hello.txt");
 * Vm vm = vms.create(VmSpec.builder("hotplug").boot(guest.boot()).console(guest.console())
 *         .shares(VmShares.none(dir)).build());
 * guest.awaitWaiting(Duration.ofMinutes(2));
 * vm.attach(FilesystemDevice.virtiofs(dir.resolve("models"), "models").build(), DeviceScope.LIVE);
 * Optional<String> text = guest.awaitRead(Duration.ofMinutes(1));
 * }</pre>
 */
public final class HotplugGuest {
    /** Prefix of the console line with what the guest read. */
    public static final String READ_PREFIX = "VIRTSHARE-HOTPLUG-READ ";
    /** The console line printed once the guest waits for the filesystem. */
    public static final String WAITING = "VIRTSHARE-HOTPLUG-WAITING";
    /** Prefix of the console line printed when the guest gave up waiting. */
    public static final String GAVE_UP = "VIRTSHARE-HOTPLUG-GAVE-UP";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,36}");

    private final DirectBoot boot;
    private final ConsoleLog console;

    private HotplugGuest(DirectBoot boot, ConsoleLog console) {
        this.boot = boot;
        this.console = console;
    }

    /**
     * Writes the initramfs into {@code dir} for a guest that waits for the virtiofs tag
     * {@code tag} and reads {@code file} from it.
     *
     * @throws GuestProbeException when there is no guest kernel or static busybox, or the tag or
     *     file name has characters other than letters, digits, {@code .}, {@code _} and {@code -}
     */
    public static HotplugGuest write(Path dir, String tag, String file) {
        for (String token : new String[] {tag, file}) {
            if (token == null || !TOKEN.matcher(token).matches()) {
                throw new GuestProbeException("hot-plug guest tag and file name must be 1 to 36 letters, digits,"
                        + " '.', '_' or '-'; got '" + token + "'");
            }
        }
        GuestKernel kernel = GuestProbe.kernel();
        Path busybox = HostTools.detect().status(HostTool.BUSYBOX).path().orElseThrow(() -> new GuestProbeException(
                "no static busybox for the guest; install busybox-static"));
        Path initramfs = dir.toAbsolutePath().resolve("hotplug-initramfs.cpio");
        try {
            List<String> modules = GuestProbe.moduleOrder(kernel).resolve(List.of("virtio_pci", "virtiofs"));
            Initramfs.write(initramfs, busybox, kernel.modules(), modules, names -> script(names, tag, file));
        } catch (IOException e) {
            throw new GuestProbeException("cannot write the hot-plug guest's initramfs " + initramfs + ": " + e, e);
        }
        return new HotplugGuest(new DirectBoot(kernel.image(), initramfs, BootFiles.CMDLINE),
                new ConsoleLog(dir.toAbsolutePath().resolve("hotplug-console.log")));
    }

    static String script(List<String> modules, String tag, String file) {
        return InitScript.prelude(modules) + """
                echo %s
                i=0
                while [ $i -lt 600 ]; do
                  if mount -t virtiofs %s /mnt 2>/dev/null; then
                    echo "%s$(head -c 200 /mnt/%s | tr -cd 'A-Za-z0-9._-')"
                    umount /mnt
                    break
                  fi
                  i=$((i + 1)); sleep 1
                done
                [ $i -lt 600 ] || echo %s
                while true; do sleep 3600; done
                """.formatted(WAITING, tag, READ_PREFIX, file, GAVE_UP);
    }

    /** The kernel, initramfs and command line to boot. */
    public DirectBoot boot() {
        return boot;
    }

    /** The host file the guest's serial console must be written to. */
    public Path console() {
        return console.file();
    }

    /** Waits until the guest has booted and waits for the filesystem; false after {@code timeout}. */
    public boolean awaitWaiting(Duration timeout) {
        return awaitLine(WAITING, timeout).isPresent();
    }

    /** What the guest read from the file, once it has mounted the filesystem; empty after {@code timeout}. */
    public Optional<String> awaitRead(Duration timeout) {
        return awaitLine(READ_PREFIX, timeout).map(line -> line.substring(line.indexOf(READ_PREFIX)
                + READ_PREFIX.length()));
    }

    /** The last lines of the console, for failure messages. */
    public List<String> consoleTail() {
        List<String> lines = console.lines();
        return lines.subList(Math.max(0, lines.size() - GuestProbe.CONSOLE_TAIL), lines.size());
    }

    private Optional<String> awaitLine(String start, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = console.completeLines().stream().filter(l -> l.contains(start)).findFirst();
            if (line.isPresent() || System.nanoTime() > deadline) {
                return line;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
