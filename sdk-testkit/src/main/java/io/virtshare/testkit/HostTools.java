package io.virtshare.testkit;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects which {@link HostTool host tools} are present and usable, each with the
 * reason when it is not.
 *
 * <p>Detection is lazy and bounded: a tool is probed the first time it is asked for
 * (every probe has a time limit; the KVM probe boots a kernel and takes seconds) and
 * the answer is kept for the life of this object. One instance may be shared between
 * threads. Used by the examples' {@code doctor} command and by the JUnit 5 extension
 * {@link io.virtshare.testkit.junit.RequiresHost}.
 *
 * <pre>{@code
 * HostTools tools = HostTools.detect();
 * for (ToolStatus s : tools.all()) {
 *     System.out.println(s.tool() + " " + (s.available() ? "ok" : "missing: " + s.detail()));
 * }
 * }</pre>
 */
public final class HostTools {
    /**
     * System property listing tools (comma-separated {@link HostTool} names) to treat as
     * missing even when present, e.g. {@code -Dvirtshare.host.unavailable=KVM,LIBVIRTD}.
     */
    public static final String UNAVAILABLE_PROPERTY = "virtshare.host.unavailable";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
    private static final List<Path> LIBRARY_DIRS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"), Path.of("/usr/lib64"),
            Path.of("/usr/lib"), Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/local/lib"));
    private static final Path SCHEMAS = Path.of("/usr/share/libvirt/schemas");
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?)");

    private final Map<HostTool, ToolStatus> known = new EnumMap<>(HostTool.class);
    private final Duration kvmTimeout;
    private KvmVerdict kvmVerdict;

    private HostTools(Duration kvmTimeout, Map<HostTool, ToolStatus> preset) {
        this.kvmTimeout = kvmTimeout;
        this.known.putAll(preset);
    }

    /** Detection for this host; nothing is probed until asked. */
    public static HostTools detect() {
        return new HostTools(PROBE_TIMEOUT, Map.of());
    }

    /**
     * Detection for this host, except that {@code tools} count as unavailable whatever
     * the host has — to exercise the paths a test or an application takes without them.
     *
     * @param tools the tools to treat as missing
     * @param reason why, shown in the statuses
     * @return a new detection
     */
    public static HostTools detectWithout(Set<HostTool> tools, String reason) {
        Map<HostTool, ToolStatus> preset = new EnumMap<>(HostTool.class);
        for (HostTool tool : tools) {
            preset.put(tool, new ToolStatus(tool, false, Optional.empty(), Optional.empty(), reason));
        }
        return new HostTools(PROBE_TIMEOUT, preset);
    }

    /**
     * Detection for this host, except the tools named in {@code names} (comma-separated
     * {@link HostTool} names, any case, e.g. {@code "QEMU,libvirtd"}), which count as
     * unavailable — what {@value #UNAVAILABLE_PROPERTY} holds.
     *
     * @param names the tools to treat as missing; blank for none
     * @param reason why, shown in the statuses
     * @return a new detection
     * @throws io.virtshare.InvalidSpecException when a name is not a {@link HostTool}
     */
    public static HostTools detectWithout(String names, String reason) {
        Set<HostTool> excluded = java.util.EnumSet.noneOf(HostTool.class);
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                try {
                    excluded.add(HostTool.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new io.virtshare.InvalidSpecException(UNAVAILABLE_PROPERTY + " names an unknown host tool '"
                            + name.strip() + "'; use these names: " + List.of(HostTool.values()));
                }
            }
        }
        return excluded.isEmpty() ? detect() : detectWithout(excluded, reason);
    }

    /**
     * Detection for this host honouring the system property {@value #UNAVAILABLE_PROPERTY}
     * (tools to treat as missing), as the examples runner does:
     * {@code java -Dvirtshare.host.unavailable=QEMU -jar virtshare-examples.jar guest-proof}.
     */
    public static HostTools detectFromSystemProperty() {
        return detectWithout(System.getProperty(UNAVAILABLE_PROPERTY, ""), "marked unavailable by "
                + UNAVAILABLE_PROPERTY);
    }

    /** The status of one tool, probing it on first use. */
    public synchronized ToolStatus status(HostTool tool) {
        ToolStatus status = known.get(tool);
        if (status == null) {
            status = probe(tool);
            known.put(tool, status);
        }
        return status;
    }

    /** Whether {@code tool} is present and usable. */
    public boolean available(HostTool tool) {
        return status(tool).available();
    }

    /** The statuses of all tools, in {@link HostTool} order (probes every tool). */
    public List<ToolStatus> all() {
        return Arrays.stream(HostTool.values()).map(this::status).toList();
    }

    /** The statuses of those of {@code tools} that are missing or unusable. */
    public List<ToolStatus> missing(Set<HostTool> tools) {
        return tools.stream().sorted().map(this::status).filter(s -> !s.available()).toList();
    }

    /** The KVM verdict with its detail, from a bounded boot probe run once per instance. */
    public synchronized KvmVerdict kvm() {
        if (kvmVerdict == null) {
            kvmVerdict = probeKvm();
        }
        return kvmVerdict;
    }

    private KvmVerdict probeKvm() {
        ToolStatus preset = known.get(HostTool.KVM);
        if (preset != null && !preset.available()) {
            return new KvmVerdict(Files.exists(Path.of("/dev/kvm")), false, preset.detail());
        }
        Optional<Path> qemu = status(HostTool.QEMU).path();
        if (qemu.isEmpty()) {
            return new KvmVerdict(Files.exists(Path.of("/dev/kvm")), false, "QEMU is not installed");
        }
        return KvmProbe.probe(qemu.get(), GuestKernel.find(), kvmTimeout);
    }

    private ToolStatus probe(HostTool tool) {
        return switch (tool) {
            case LIBVIRT_LIBRARY -> libvirtLibrary();
            case VIRSH -> versioned(tool, "virsh", "--version");
            case VIRT_XML_VALIDATE -> virtXmlValidate();
            case LIBVIRTD -> libvirtd();
            case QEMU -> versioned(tool, "qemu-system-x86_64", "--version");
            case QEMU_IMG -> versioned(tool, "qemu-img", "--version");
            case KVM -> kvmStatus();
            case VIRTIOFSD -> virtiofsd();
            case GUEST_KERNEL -> guestKernel();
            case BUSYBOX -> busybox();
            case MKFS_XFS -> versioned(tool, "mkfs.xfs", "-V");
            case LOOP_DEVICE -> loopDevice();
            case LVM -> versioned(tool, "pvs", "--version");
            case SSHD -> sshd();
        };
    }

    private ToolStatus versioned(HostTool tool, String command, String versionFlag) {
        Optional<Path> binary = Executables.find(command);
        if (binary.isEmpty()) {
            return ToolStatus.missing(tool, command + " not found on PATH");
        }
        CommandResult run = CommandRunner.run(PROBE_TIMEOUT, List.of(binary.get().toString(), versionFlag));
        if (!run.succeeded()) {
            return ToolStatus.missing(tool, command + " does not run: " + run.describe());
        }
        String version = firstVersion(run.output());
        return ToolStatus.found(tool, binary.get(), version, command + " " + (version == null ? "" : version));
    }

    private ToolStatus sshd() {
        for (String command : List.of("ssh", "ssh-keygen")) {
            if (Executables.find(command).isEmpty()) {
                return ToolStatus.missing(HostTool.SSHD, command + " not found on PATH");
            }
        }
        if (!isRoot()) {
            return ToolStatus.missing(HostTool.SSHD, "a private sshd for root logins needs root");
        }
        return versioned(HostTool.SSHD, "sshd", "-V");
    }

    private ToolStatus libvirtLibrary() {
        for (Path dir : LIBRARY_DIRS) {
            Path lib = dir.resolve("libvirt.so.0");
            if (Files.exists(lib)) {
                return ToolStatus.found(HostTool.LIBVIRT_LIBRARY, lib, libraryVersion(lib), "libvirt.so.0 in " + dir);
            }
        }
        return ToolStatus.missing(HostTool.LIBVIRT_LIBRARY, "libvirt.so.0 not found in " + LIBRARY_DIRS);
    }

    /** libvirt's soname encodes the version: libvirt.so.0.9000.0 is 9.0.0. */
    private static String libraryVersion(Path soname) {
        try {
            String real = soname.toRealPath().getFileName().toString();
            Matcher m = Pattern.compile("libvirt\\.so\\.0\\.(\\d+)\\.(\\d+)").matcher(real);
            if (m.matches()) {
                int encoded = Integer.parseInt(m.group(1));
                return (encoded / 1000) + "." + (encoded % 1000) + "." + m.group(2);
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // fall through: version unknown
        }
        return null;
    }

    private ToolStatus virtXmlValidate() {
        Optional<Path> binary = Executables.find("virt-xml-validate");
        if (binary.isEmpty()) {
            return ToolStatus.missing(HostTool.VIRT_XML_VALIDATE, "virt-xml-validate not found on PATH");
        }
        if (Executables.find("xmllint").isEmpty()) {
            return ToolStatus.missing(HostTool.VIRT_XML_VALIDATE, "virt-xml-validate runs xmllint, which is missing"
                    + " (package libxml2-utils)");
        }
        if (!Files.isRegularFile(SCHEMAS.resolve("storagepool.rng"))) {
            return ToolStatus.missing(HostTool.VIRT_XML_VALIDATE, "libvirt's schemas are missing from " + SCHEMAS);
        }
        return ToolStatus.found(HostTool.VIRT_XML_VALIDATE, binary.get(), null, "schemas in " + SCHEMAS);
    }

    private ToolStatus libvirtd() {
        Optional<Path> virsh = status(HostTool.VIRSH).path();
        if (virsh.isEmpty()) {
            return ToolStatus.missing(HostTool.LIBVIRTD, "virsh is needed to reach the daemon and is missing");
        }
        CommandResult run = CommandRunner.run(PROBE_TIMEOUT,
                List.of(virsh.get().toString(), "-c", "qemu:///system", "version", "--daemon"));
        if (!run.succeeded()) {
            return ToolStatus.missing(HostTool.LIBVIRTD, "qemu:///system does not answer (" + run.describe()
                    + "); start it: virtlogd -d && libvirtd -d");
        }
        Matcher m = Pattern.compile("Running against daemon: (\\S+)").matcher(run.stdout());
        String version = m.find() ? m.group(1) : firstVersion(run.stdout());
        return ToolStatus.found(HostTool.LIBVIRTD, null, version, "qemu:///system answers");
    }

    private ToolStatus kvmStatus() {
        KvmVerdict verdict = kvm();
        if (verdict.usable()) {
            return ToolStatus.found(HostTool.KVM, Path.of("/dev/kvm"), null, verdict.reason());
        }
        return new ToolStatus(HostTool.KVM, false, Optional.empty(), Optional.empty(), verdict.reason());
    }

    private ToolStatus virtiofsd() {
        return VirtiofsdBinary.find()
                .map(d -> ToolStatus.found(HostTool.VIRTIOFSD, d.path(), d.version(),
                        d.flavour().name().toLowerCase(java.util.Locale.ROOT) + " flavour"))
                .orElseGet(() -> ToolStatus.missing(HostTool.VIRTIOFSD,
                        "no virtiofsd on PATH, in " + VirtiofsdBinary.WELL_KNOWN_LOCATIONS
                                + " or in QEMU's vhost-user descriptors"));
    }

    private ToolStatus guestKernel() {
        return GuestKernel.find()
                .map(k -> ToolStatus.found(HostTool.GUEST_KERNEL, k.image(), k.release(), "modules in " + k.modules()))
                .orElseGet(() -> ToolStatus.missing(HostTool.GUEST_KERNEL,
                        "no /boot/vmlinuz-* with fuse, virtiofs, 9pnet_virtio and 9p modules in /lib/modules"));
    }

    private ToolStatus busybox() {
        for (Path candidate : List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"))) {
            if (Files.isRegularFile(candidate) && ElfFiles.isStaticExecutable(candidate)) {
                return ToolStatus.found(HostTool.BUSYBOX, candidate, null, "statically linked");
            }
        }
        Optional<Path> any = Executables.find("busybox");
        if (any.isPresent() && ElfFiles.isStaticExecutable(any.get())) {
            return ToolStatus.found(HostTool.BUSYBOX, any.get(), null, "statically linked");
        }
        return ToolStatus.missing(HostTool.BUSYBOX, any.isPresent()
                ? any.get() + " is dynamically linked and cannot run in a bare initramfs"
                : "busybox not found");
    }

    private ToolStatus loopDevice() {
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return ToolStatus.missing(HostTool.LOOP_DEVICE, "no /dev/loop-control");
        }
        Optional<Path> losetup = Executables.find("losetup");
        if (losetup.isEmpty()) {
            return ToolStatus.missing(HostTool.LOOP_DEVICE, "losetup not found (package mount)");
        }
        if (!isRoot()) {
            return ToolStatus.missing(HostTool.LOOP_DEVICE, "attaching loop devices needs root");
        }
        return ToolStatus.found(HostTool.LOOP_DEVICE, losetup.get(), null, "root, /dev/loop-control present");
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String firstVersion(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
