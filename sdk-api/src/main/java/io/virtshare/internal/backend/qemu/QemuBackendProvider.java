package io.virtshare.internal.backend.qemu;

import io.virtshare.spi.Backend;
import io.virtshare.spi.BackendContext;
import io.virtshare.spi.BackendProvider;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code qemu} backend (QEMU-direct, the microvm.nix way): each VM is a
 * {@code qemu-system-x86_64} process the SDK starts itself, with one supervised virtiofsd per
 * virtiofs share. Never chosen automatically: name it.
 *
 * <p>QEMU is {@code qemu-system-x86_64} on {@code PATH}, or the file the system property
 * {@value #BINARY_PROPERTY} names. The backend's target is {@code qemu+direct://<home>}: VM
 * definitions live in {@code <home>/qemu/<name>/} (the spec as JSON; while a VM runs, also the
 * spec it runs with), QEMU's pid file, QMP socket and log and the virtiofsd logs in the VM's
 * state directory. It has VMs but no storage pools.
 *
 * <p>The {@code VirtShare} that started a VM owns its QEMU and virtiofsd processes: closing it
 * stops them. Another {@code VirtShare} on the same home sees such a VM running (pid file
 * checked against {@code /proc/<pid>/cmdline}) and can stop it, but leaves it running when
 * closed. Shares change in the definition ({@code DeviceScope.CONFIG}, at the next start) and,
 * on a running q35 VM this backend started, live ({@code DeviceScope.LIVE}): a virtiofs share
 * is hot-plugged over QMP onto one of four spare PCIe root ports, with its own virtiofsd, and
 * unplugged again once the guest lets it go. 9p shares, i440fx ({@code pc}) machines and VMs
 * another {@code VirtShare} started are refused live before anything is done, saying why.
 *
 * <pre>{@code
 * try (var vs = VirtShare.builder().backend("qemu").home(Path.of("/var/lib/virtshare")).build()) {
 *     vs.vms().define(spec).start();
 * }
 * }</pre>
 */
public final class QemuBackendProvider implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "qemu";
    /** The system property that names the QEMU binary when it is not {@code qemu-system-x86_64} on PATH. */
    public static final String BINARY_PROPERTY = "virtshare.qemu.binary";
    static final String BINARY_NAME = "qemu-system-x86_64";

    /** Made by {@link java.util.ServiceLoader}. */
    public QemuBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String module() {
        return "io.virtshare:sdk-api";
    }

    @Override
    public boolean automatic() {
        return false;
    }

    @Override
    public Optional<String> unavailable() {
        return binary().isPresent() ? Optional.empty() : Optional.of(missing());
    }

    @Override
    public Backend open(BackendContext context) {
        Path qemu = binary().orElseThrow(() -> QemuErrors.unavailable(context.home(), missing()));
        return new QemuBackend(context.home(), qemu);
    }

    /** The QEMU binary: the property's file when set, else {@code qemu-system-x86_64} on PATH. */
    static Optional<Path> binary() {
        String property = System.getProperty(BINARY_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path path = Path.of(property.strip());
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path.toAbsolutePath())
                    : Optional.empty();
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, BINARY_NAME);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static String missing() {
        String property = System.getProperty(BINARY_PROPERTY);
        if (property != null && !property.isBlank()) {
            return "-D" + BINARY_PROPERTY + " names " + property.strip() + ", which is not an executable file; point"
                    + " it at qemu-system-x86_64 or remove it to search PATH";
        }
        return "no " + BINARY_NAME + " on PATH; install QEMU (Debian: qemu-system-x86) or name the binary with -D"
                + BINARY_PROPERTY + "=/path/to/" + BINARY_NAME;
    }
}
