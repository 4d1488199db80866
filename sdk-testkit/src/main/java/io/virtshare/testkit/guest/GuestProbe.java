package io.virtshare.testkit.guest;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.ToolStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Proves shares work from inside a real guest. It builds an initramfs in Java (static
 * busybox + the host kernel's virtio, fuse/virtiofs and 9p modules in dependency order),
 * boots the host's kernel under QEMU with TCG — {@link GuestVia#QEMU directly} or
 * {@link GuestVia#LIBVIRT through libvirt} — and in the guest mounts each share with the
 * SDK's guest mount command ({@link VmShares#guestMounts()}), reads a file the host wrote,
 * writes one back, reports on the serial console and powers off. The host checks both
 * files' contents. The shares and the state directory make one {@link VmShares}: on the
 * QEMU path QEMU gets its {@link VmShares#qemuArguments(long)} and each virtiofs share
 * its own supervised virtiofsd from the SDK's
 * {@link io.virtshare.share.virtiofsd.VirtiofsdLauncher} (not the {@code qemu} backend: its VMs
 * do not show their virtiofsd daemons' supervised state, which the probe needs to end a run at
 * once when a daemon dies and name it, nor QEMU's exit status); on the libvirt path the guest is
 * a transient VM created through the SDK's {@code libvirt} backend
 * ({@code VirtShare.builder().backend("libvirt").uri(..)}, which needs {@code io.virtshare:sdk-libvirt}
 * on the class path at run time) and libvirt starts virtiofsd itself.
 *
 * <p>Every wait is bounded ({@link Builder#timeout(Duration)}, 120 s by default; a TCG
 * boot takes about 10 s on an idle machine): a guest that hangs is stopped and reported
 * with its last console lines. {@link #run()} starts and stops everything it needs and
 * removes the files it put into the shares; {@link #close()} removes the probe's working
 * directory (idempotent). Not meant to be shared between threads.
 *
 * <pre>{@code
 * Share share = Share.virtiofs("data", Path.of("/srv/data"), Path.of("/mnt/data")).build();
 * try (GuestProbe probe = GuestProbe.builder().share(share).via(GuestVia.QEMU).build()) {
 *     GuestReport report = probe.run();
 *     System.out.println(report.ok() ? "guest read and wrote the share" : report.failure().orElse("share failed"));
 * }
 * }</pre>
 */
public final class GuestProbe implements AutoCloseable {
    /** How long a run may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** The guest's memory by default, in MiB. */
    public static final int DEFAULT_MEMORY_MB = 256;
    /** How many console lines a failed report keeps. */
    public static final int CONSOLE_TAIL = 40;

    private static final System.Logger LOG = System.getLogger(GuestProbe.class.getName());
    private static final String OPERATION = "guest-probe";
    private static final int STEPS = 4;

    private final List<Share> shares;
    private final GuestSettings settings;
    private final Optional<Path> stateDirectory;
    private final ProgressListener progress;
    private final int throughputMib;
    private Path workDir;
    private boolean closed;

    private GuestProbe(Builder b) {
        this.shares = List.copyOf(b.shares);
        this.settings = b.guest.settings(DEFAULT_TIMEOUT);
        this.stateDirectory = Optional.ofNullable(b.stateDirectory);
        this.progress = b.guest.progress();
        this.throughputMib = b.throughputMib;
    }

    /** A builder; at least one share is needed. */
    public static Builder builder() {
        return new Builder();
    }

    /** The shares probed, in order. */
    public List<Share> shares() {
        return shares;
    }

    /** How the guest is started. */
    public GuestVia via() {
        return settings.via();
    }

    /**
     * The host tools this probe needs: QEMU, a guest kernel and a static busybox; virtiofsd
     * for virtiofs shares on the QEMU path; the libvirt daemon on the libvirt path.
     */
    public Set<HostTool> requiredTools() {
        Set<HostTool> needed = EnumSet.of(HostTool.QEMU, HostTool.GUEST_KERNEL, HostTool.BUSYBOX);
        boolean virtiofs = shares.stream().anyMatch(s -> s.protocol() == ShareProtocol.VIRTIOFS);
        if (settings.via() == GuestVia.LIBVIRT) {
            needed.addAll(EnumSet.of(HostTool.VIRSH, HostTool.LIBVIRTD));
        }
        if (virtiofs) {
            needed.add(HostTool.VIRTIOFSD);
        }
        return needed;
    }

    /**
     * Boots the guest, probes every share and powers the guest off.
     *
     * @return what the guest saw; a guest that fails or hangs is a report with a failure
     * @throws GuestProbeException when a needed host tool is missing, a share's source is
     *     not a directory, or a virtiofsd did not start (its {@link
     *     io.virtshare.share.virtiofsd.VirtiofsdStartException} is the cause); nothing is left
     *     running
     */
    public GuestReport run() {
        if (closed) {
            throw new IllegalStateException("this GuestProbe is closed; build a new one");
        }
        long start = System.nanoTime();
        requireTools(settings.tools(), requiredTools());
        GuestKernel kernel = kernel();
        Path busybox = settings.tools().status(HostTool.BUSYBOX).path().orElseThrow();
        Path qemu = settings.tools().status(HostTool.QEMU).path().orElseThrow();
        try {
            Path dir = workDir();
            Path stateDir = stateDirectory.orElse(dir);
            String nonce = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
            VmShares vm = VmShares.builder(stateDir).shares(shares).build();
            List<ProbeFiles> files = prepareShares(vm, nonce);
            BenchFiles bench = BenchFiles.create(shares.stream().map(vm::source).toList(),
                    ".virtshare-probe-" + nonce + ".bench", throughputMib);
            try {
                step(1, "building the initramfs");
                Path initramfs = dir.resolve("initramfs-" + nonce + ".cpio");
                List<String> modules = moduleOrder(kernel).resolve(wantedModules());
                Initramfs.write(initramfs, busybox, kernel.modules(), modules, tasks(vm, files, bench));
                BootFiles boot = new BootFiles(kernel.image(), initramfs, BootFiles.CMDLINE);
                ConsoleLog console = new ConsoleLog(dir.resolve("console-" + nonce + ".log"));
                try (GuestRun guest = new GuestRun(settings, dir, vm, nonce, qemu, boot, console)) {
                    step(2, settings.booting(kernel));
                    Optional<String> failure = guest.awaitPowerOff(deadline(start));
                    step(3, "checking the shares on the host");
                    List<ShareReport> reports = report(files, GuestLine.parse(console.lines()), failure.isPresent());
                    step(4, "done");
                    return new GuestReport(settings.via(), reports, failure, console.tail(CONSOLE_TAIL),
                            Duration.ofNanos(System.nanoTime() - start));
                } finally {
                    Files.deleteIfExists(initramfs);
                }
            } finally {
                files.forEach(ProbeFiles::delete);
                bench.delete();
            }
        } catch (IOException e) {
            throw new GuestProbeException("the guest probe could not write its files: " + e.getMessage(), e);
        }
    }

    /**
     * Fails when a tool of {@code needed} is missing, naming it and the package to install.
     *
     * @throws GuestProbeException naming the first missing tool and listing the others
     */
    static void requireTools(HostTools tools, Set<HostTool> needed) {
        List<ToolStatus> missing = tools.missing(needed);
        if (!missing.isEmpty()) {
            ToolStatus first = missing.get(0);
            throw new GuestProbeException("the guest probe needs " + first.tool().description() + ": "
                    + first.detail() + " (install " + first.tool().provider() + ")"
                    + (missing.size() > 1 ? "; also missing: " + String.join(", ", missing.subList(1, missing.size())
                    .stream().map(s -> s.tool().description() + " (install " + s.tool().provider() + ")").toList())
                    : ""));
        }
    }

    /** The host's kernel the guests boot. */
    static GuestKernel kernel() {
        return GuestKernel.find().orElseThrow(() -> new GuestProbeException(
                "no guest kernel with virtio, fuse and 9p modules; install linux-image-amd64"));
    }

    private long deadline(long start) {
        return start + settings.timeout().toNanos();
    }

    private synchronized Path workDir() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory(Path.of("/tmp"), "virtshare-probe-");
            // libvirt's QEMU runs as another user: it must reach the kernel, initramfs and console
            Files.setPosixFilePermissions(workDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return workDir;
    }

    private List<ProbeFiles> prepareShares(VmShares vm, String nonce) throws IOException {
        List<ProbeFiles> files = new ArrayList<>();
        try {
            for (int i = 0; i < shares.size(); i++) {
                Share share = shares.get(i);
                Path source = vm.source(share);
                if (!Files.isDirectory(source)) {
                    throw new GuestProbeException("share '" + share.tag() + "': source " + source
                            + " is not a directory; create it or point the share at an existing directory");
                }
                if (settings.via() == GuestVia.LIBVIRT) {
                    Optional<String> problem = LibvirtAccess.problem(share, source);
                    if (problem.isPresent()) {
                        throw new GuestProbeException(problem.get());
                    }
                }
                files.add(ProbeFiles.create(source, nonce + "-" + i));
            }
        } catch (IOException | RuntimeException e) {
            files.forEach(ProbeFiles::delete);
            throw e;
        }
        return files;
    }

    private List<GuestTask> tasks(VmShares vm, List<ProbeFiles> files, BenchFiles bench) {
        List<GuestTask> tasks = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            Share share = shares.get(i);
            ProbeFiles f = files.get(i);
            // guestMounts() lists the shares first, in order: index i is share i
            tasks.add(new GuestTask(i, vm.guestMounts().get(i).command(), share.mountPoint().toString(),
                    f.inFile().getFileName().toString(), f.outFile().getFileName().toString(), f.outText(),
                    bench.name(), throughputMib));
        }
        return tasks;
    }

    /** virtio_pci always; virtiofs and/or 9pnet_virtio + 9p as the shares need. */
    List<String> wantedModules() {
        List<String> wanted = new ArrayList<>(List.of("virtio_pci"));
        if (shares.stream().anyMatch(s -> s.protocol() == ShareProtocol.VIRTIOFS)) {
            wanted.add("virtiofs");
        }
        if (shares.stream().anyMatch(s -> s.protocol() == ShareProtocol.NINE_P)) {
            wanted.addAll(List.of("9pnet_virtio", "9p"));
        }
        return wanted;
    }

    static ModuleOrder moduleOrder(GuestKernel kernel) throws IOException {
        Path builtin = kernel.modules().resolve("modules.builtin");
        return ModuleOrder.parse(Files.readString(kernel.modules().resolve("modules.dep")),
                Files.isReadable(builtin) ? Files.readString(builtin) : "");
    }

    private List<ShareReport> report(List<ProbeFiles> files, java.util.Map<Integer, GuestLine> lines,
            boolean guestFailed) {
        List<ShareReport> reports = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            Share share = shares.get(i);
            ProbeFiles f = files.get(i);
            GuestLine line = lines.get(i);
            boolean writeOk = f.guestWroteExpected();
            if (line == null) {
                reports.add(new ShareReport(share.tag(), share.protocol(), share.readOnly(), false, false, writeOk,
                        Optional.of(guestFailed ? "the guest did not get to this share" : "the guest printed no report"
                                + " for this share")));
                continue;
            }
            boolean readOk = line.mounted() && line.read().equals(f.inText());
            List<String> why = new ArrayList<>();
            if (!line.error().isEmpty()) {
                why.add("guest: " + line.error());
            }
            if (line.mounted() && !readOk && line.error().isEmpty()) {
                why.add("the guest read '" + line.read() + "', not what the host wrote");
            }
            if (line.wrote() && !writeOk) {
                why.add("the guest wrote, but the host does not find the file with its content");
            }
            if (share.readOnly() && writeOk) {
                why.add("the share is read-only, but the guest's write reached the host");
            }
            Optional<Throughput> throughput = line.readCentis() >= 0 && line.writeCentis() >= 0 && throughputMib > 0
                    ? Optional.of(new Throughput(throughputMib, Duration.ofMillis(line.readCentis() * 10),
                            Duration.ofMillis(line.writeCentis() * 10)))
                    : Optional.empty();
            if (throughputMib > 0 && throughput.isEmpty() && line.mounted()) {
                why.add("no throughput measured");
            }
            reports.add(new ShareReport(share.tag(), share.protocol(), share.readOnly(), line.mounted(), readOk,
                    writeOk, why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why)), throughput));
        }
        return reports;
    }

    private void step(int done, String what) {
        LOG.log(System.Logger.Level.DEBUG, "guest probe: {0}", what);
        progress.progress(new Progress(OPERATION, what, 0, -1, done, STEPS));
    }

    /** Removes the probe's working directory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (workDir != null) {
            try {
                TreeDeleter.delete(workDir);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not remove " + workDir + ": " + e.getMessage());
            }
        }
    }

    /** Builds a {@link GuestProbe}. */
    public static final class Builder {
        private final List<Share> shares = new ArrayList<>();
        private final GuestSettings.Draft guest = new GuestSettings.Draft(DEFAULT_MEMORY_MB);
        private Path stateDirectory;
        private int throughputMib;

        private Builder() {
        }

        /**
         * Also measure sequential throughput in each share: the host writes a file of
         * {@code mib} MiB into each source, the guest reads it and then writes as much
         * (see {@link Throughput}). Give the guest more time and memory accordingly.
         */
        public Builder throughputMib(int mib) {
            if (mib < 0 || mib > 65536) {
                throw new InvalidSpecException("throughput size " + mib + " MiB is out of range; give 1 to 65536,"
                        + " or 0 for none");
            }
            this.throughputMib = mib;
            return this;
        }

        /** Adds a share to probe. */
        public Builder share(Share share) {
            shares.add(Objects.requireNonNull(share, "share"));
            return this;
        }

        /** Adds shares to probe. */
        public Builder shares(List<Share> values) {
            values.forEach(this::share);
            return this;
        }

        /** How to start the guest (default {@link GuestVia#QEMU}). */
        public Builder via(GuestVia value) {
            guest.via(value);
            return this;
        }

        /** How long a run may take, boot to power-off (default 120 s). */
        public Builder timeout(Duration value) {
            guest.timeout(value);
            return this;
        }

        /** The guest's memory in MiB (default 256; at least 128 for the kernel to unpack its initramfs). */
        public Builder memoryMb(int value) {
            guest.memoryMb(value);
            return this;
        }

        /**
         * The VM state directory that relative share sources and default virtiofsd sockets
         * resolve against (default: the probe's working directory).
         */
        public Builder stateDirectory(Path value) {
            this.stateDirectory = value.toAbsolutePath();
            return this;
        }

        /** Where to report the probe's steps (default: nowhere). */
        public Builder progress(ProgressListener value) {
            guest.progress(value);
            return this;
        }

        /** The host tool detection to use (default {@link HostTools#detect()}). */
        public Builder hostTools(HostTools value) {
            guest.hostTools(value);
            return this;
        }

        /** The libvirt URI for {@link GuestVia#LIBVIRT} (default {@code qemu:///system}). */
        public Builder libvirtUri(String value) {
            guest.libvirtUri(value);
            return this;
        }

        /**
         * The probe.
         *
         * @throws InvalidSpecException when there is no share or two share a tag
         */
        public GuestProbe build() {
            if (shares.isEmpty()) {
                throw new InvalidSpecException("a guest probe needs at least one share");
            }
            Set<String> tags = new HashSet<>();
            for (Share share : shares) {
                if (!tags.add(share.tag())) {
                    throw new InvalidSpecException("two shares have the tag '" + share.tag()
                            + "'; the guest mounts by tag, so tags must be unique");
                }
            }
            return new GuestProbe(this);
        }
    }
}
