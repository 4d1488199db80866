package io.virtshare.testkit.guest;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Proves a directory tree byte-exact from inside a real guest: boots the host's kernel under
 * TCG ({@link GuestVia#QEMU directly} or {@link GuestVia#LIBVIRT through the SDK's libvirt
 * backend}) with the tree shared over virtiofs and mounted read-only in the guest; the guest
 * walks it with busybox {@code find} and reports each regular file's size and busybox
 * {@code sha256sum}, which are compared with the host's. The share is read-only on the host
 * too where the stack allows it (the Rust virtiofsd on the QEMU path; libvirt before 11.0 and
 * the C virtiofsd have no read-only virtiofs). Nothing is written into the tree. File names
 * cross the serial console as hex, so any name (spaces, newlines, non-ASCII) is reported as it is.
 *
 * <p>Every wait is bounded: by default {@link #timeoutFor(long)} of the tree's size
 * ({@value #BASE_TIMEOUT_SECONDS} s plus a second per {@value #BYTES_PER_SECOND} bytes, which TCG
 * hashes comfortably). {@link #run()} removes everything it created.
 *
 * <pre>{@code
 * DigestReport report = GuestDigest.builder(Path.of("/srv/models/7")).via(GuestVia.LIBVIRT).build().run();
 * report.files().forEach(f -> System.out.println(f.path() + " " + f.matches()));
 * }</pre>
 */
public final class GuestDigest {
    /** The guest's memory by default, in MiB: the hashing streams, the page cache is what grows. */
    public static final int DEFAULT_MEMORY_MB = 256;
    /** The time every run gets at least, in seconds: a TCG boot takes about 10 s on an idle host. */
    public static final int BASE_TIMEOUT_SECONDS = 120;
    /** The hashing rate the default timeout budgets for: 8 MiB per second. */
    public static final long BYTES_PER_SECOND = 8L << 20;
    /** The virtiofs tag of the tree. */
    public static final String TAG = "tree";

    private static final String OPERATION = "guest-digest";
    private static final int STEPS = 4;

    private final Path directory;
    /** The time limit given, or null for {@link #timeoutFor(long)} of the tree's size. */
    private final Duration timeout;
    private final GuestSettings settings;
    private final ProgressListener progress;
    private final Map<String, FileDigest> expected;

    private GuestDigest(Builder b) {
        this.directory = b.directory;
        this.timeout = b.guest.timeout();
        this.settings = b.guest.settings(timeoutFor(0));
        this.progress = b.guest.progress();
        this.expected = b.expected;
    }

    /** A builder for proving the tree at {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The default time limit for a tree of {@code bytes}: {@value #BASE_TIMEOUT_SECONDS} s plus 1 s per 8 MiB. */
    public static Duration timeoutFor(long bytes) {
        return Duration.ofSeconds(BASE_TIMEOUT_SECONDS + Math.max(0, bytes) / BYTES_PER_SECOND);
    }

    /**
     * The size and SHA-256 of every regular file under {@code directory} (symbolic links are not
     * followed), by {@code /}-separated relative path, sorted.
     *
     * @throws GuestProbeException when the tree cannot be read, naming the file
     */
    public static Map<String, FileDigest> hostDigests(Path directory) {
        Map<String, FileDigest> digests = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.naturalOrder())::iterator) {
                digests.put(directory.relativize(file).toString(), digest(file));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new GuestProbeException("cannot read the tree " + directory + " on the host: " + e.getMessage()
                    + "; check that it exists and is readable", e);
        }
        return Collections.unmodifiableMap(digests);
    }

    private static FileDigest digest(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                sha.update(buffer, 0, n);
            }
        }
        return new FileDigest(size, HexFormat.of().formatHex(sha.digest()));
    }

    /** The host tools a run needs: QEMU, a guest kernel, busybox; virtiofsd on the QEMU path; libvirt's daemon on the libvirt path. */
    public Set<HostTool> requiredTools() {
        Set<HostTool> needed = EnumSet.of(HostTool.QEMU, HostTool.GUEST_KERNEL, HostTool.BUSYBOX, HostTool.VIRTIOFSD);
        if (settings.via() == GuestVia.LIBVIRT) {
            needed.addAll(EnumSet.of(HostTool.VIRSH, HostTool.LIBVIRTD));
        }
        return needed;
    }

    /**
     * Hashes the tree on the host (unless {@link Builder#expected(Map)} gave the values), boots the
     * guest, lets it hash the tree, powers it off and compares.
     *
     * @return per file what the guest read and what the host holds; a guest that fails or hangs is
     *     a report with a failure
     * @throws GuestProbeException when the directory is missing, a host tool is missing, or the
     *     guest could not be started; nothing is left running
     */
    public DigestReport run() {
        long start = System.nanoTime();
        if (!Files.isDirectory(directory)) {
            throw new GuestProbeException(directory + " is not a directory; give the tree to prove");
        }
        HostTools tools = settings.tools();
        GuestProbe.requireTools(tools, requiredTools());
        step(1, expected != null ? "taking the host's values as given" : "hashing the tree on the host");
        Map<String, FileDigest> host = expected != null ? expected : hostDigests(directory);
        Duration limit = timeout != null ? timeout
                : timeoutFor(host.values().stream().mapToLong(FileDigest::size).sum());
        GuestKernel kernel = GuestProbe.kernel();
        Path work = null;
        try {
            work = Files.createTempDirectory(Path.of("/tmp"), "virtshare-digest-");
            // libvirt's QEMU runs as another user: it must reach the kernel, initramfs and console
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            boolean hostReadOnly = hostReadOnly();
            VmShares vm = VmShares.builder(work).share(Share.virtiofs(TAG, directory,
                    Path.of(DigestScript.MOUNT_POINT)).readOnly(hostReadOnly).build()).build();
            step(2, "building the initramfs");
            Path initramfs = work.resolve("initramfs.cpio");
            Initramfs.write(initramfs, tools.status(HostTool.BUSYBOX).path().orElseThrow(), kernel.modules(),
                    GuestProbe.moduleOrder(kernel).resolve(List.of("virtio_pci", "virtiofs")),
                    names -> DigestScript.generate(names, TAG));
            ConsoleLog console = new ConsoleLog(work.resolve("console.log"));
            String nonce = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
            Optional<String> failure;
            step(3, settings.booting(kernel) + "; at most " + limit.toSeconds() + " s");
            long booted = System.nanoTime(); // the limit covers boot to power-off, not the host's hashing
            try (GuestRun guest = new GuestRun(settings.withTimeout(limit), work, vm, nonce,
                    tools.status(HostTool.QEMU).path().orElseThrow(),
                    new BootFiles(kernel.image(), initramfs, BootFiles.CMDLINE), console)) {
                failure = guest.awaitPowerOff(booted + limit.toNanos());
            }
            step(4, "comparing the guest's values with the host's");
            DigestScript.GuestFiles seen = DigestScript.read(console.file());
            Optional<String> problem = failure.or(() -> seen.mountFailure()
                    .map(m -> "the guest could not mount the tree: " + m));
            return new DigestReport(settings.via(), hostReadOnly, compare(host, seen.files()), problem,
                    console.tail(GuestProbe.CONSOLE_TAIL), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new GuestProbeException("the guest digest could not write its files: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                TreeDeleter.deleteQuietly(work);
            }
        }
    }

    /** Read-only on the host needs the Rust virtiofsd on the QEMU path; elsewhere only the guest's mount is. */
    private boolean hostReadOnly() {
        return settings.via() == GuestVia.QEMU && settings.tools().status(HostTool.VIRTIOFSD).path()
                .map(p -> VirtiofsdBinary.detect(p).flavour() == VirtiofsdFlavour.RUST).orElse(false);
    }

    static List<FileProof> compare(Map<String, FileDigest> host, Map<String, Optional<FileDigest>> guest) {
        Set<String> paths = new TreeSet<>(host.keySet());
        paths.addAll(guest.keySet());
        List<FileProof> files = new ArrayList<>();
        for (String path : paths) {
            files.add(FileProof.compare(path, guest.containsKey(path), guest.getOrDefault(path, Optional.empty()),
                    Optional.ofNullable(host.get(path))));
        }
        return files;
    }

    private void step(int done, String what) {
        progress.progress(new Progress(OPERATION, what, 0, -1, done, STEPS));
    }

    /** Builds a {@link GuestDigest}. */
    public static final class Builder {
        private final Path directory;
        private final GuestSettings.Draft guest = new GuestSettings.Draft(DEFAULT_MEMORY_MB);
        private Map<String, FileDigest> expected;

        private Builder(Path directory) {
            if (directory == null) {
                throw new InvalidSpecException("no directory given; give the tree to prove");
            }
            this.directory = directory.toAbsolutePath().normalize();
        }

        /** How to start the guest (default {@link GuestVia#QEMU}). */
        public Builder via(GuestVia value) {
            guest.via(value);
            return this;
        }

        /** How long a run may take, boot to power-off (default {@link #timeoutFor(long)} of the tree's size). */
        public Builder timeout(Duration value) {
            guest.timeout(value);
            return this;
        }

        /** The guest's memory in MiB (default 256; at least 128 for the kernel to unpack its initramfs). */
        public Builder memoryMb(int value) {
            guest.memoryMb(value);
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

        /** Where to report the steps (default: nowhere). */
        public Builder progress(ProgressListener value) {
            guest.progress(value);
            return this;
        }

        /**
         * What the host expects, by relative path (e.g. {@link #hostDigests(Path)} taken when the
         * tree was registered), instead of hashing the tree on the host just before the boot.
         */
        public Builder expected(Map<String, FileDigest> value) {
            this.expected = Map.copyOf(Objects.requireNonNull(value, "expected"));
            return this;
        }

        /** The digest run. */
        public GuestDigest build() {
            return new GuestDigest(this);
        }
    }
}
