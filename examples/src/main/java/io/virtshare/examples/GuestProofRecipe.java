package io.virtshare.examples;

import io.virtshare.progress.ProgressListener;
import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.guest.DigestReport;
import io.virtshare.testkit.guest.FileDigest;
import io.virtshare.testkit.guest.FileProof;
import io.virtshare.testkit.guest.GuestDigest;
import io.virtshare.testkit.guest.GuestProbe;
import io.virtshare.testkit.guest.GuestReport;
import io.virtshare.testkit.guest.GuestVia;
import io.virtshare.testkit.guest.ShareReport;
import io.virtshare.testkit.guest.Throughput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Recipe: prove from inside a real guest that shares work — boot the host's kernel under
 * QEMU (TCG), directly or through libvirt, with a virtiofs and a 9p share; the guest
 * mounts both, reads a file the host wrote and writes one back; and measure a share's
 * sequential throughput from inside the guest; and prove a tree (a datastore image) byte-exact
 * from inside a guest. Quoted by {@code docs/shares.md}; the runner's {@code guest-proof} command
 * runs {@link #prove}, and with {@code --datastore DIR --image ID} {@link #proveTree}.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.GuestProofRecipe
 * [qemu|libvirt|throughput]}.
 */
public final class GuestProofRecipe {
    /** How long one proof may take: a TCG boot takes about 10 s on an idle host. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    private GuestProofRecipe() {
    }

    /**
     * Boots a guest with one share per protocol in {@code protocols}, each a new directory
     * under a temporary working directory that is removed afterwards.
     *
     * @param tools the host tool detection ({@link HostTools#detect()})
     */
    public static GuestReport prove(Set<ShareProtocol> protocols, GuestVia via, ProgressListener progress,
            HostTools tools) throws IOException {
        Path work = Files.createTempDirectory("virtshare-guest-proof-");
        try {
            // libvirt's QEMU runs as libvirt-qemu and serves 9p itself: it must reach and write the directory
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<Share> shares = new ArrayList<>();
            if (protocols.contains(ShareProtocol.VIRTIOFS)) {
                Files.createDirectories(work.resolve("models"));
                // snippet:virtiofs
                Share models = Share.virtiofs("models", Path.of("models"), Path.of("/mnt/models"))
                        .options(VirtiofsOptions.defaults())   // cache=auto, queue 1024, thread pool 0
                        .build();
                // end:virtiofs
                shares.add(models);
            }
            if (protocols.contains(ShareProtocol.NINE_P)) {
                Files.setPosixFilePermissions(Files.createDirectories(work.resolve("datasets")),
                        PosixFilePermissions.fromString("rwxrwxrwx"));
                // snippet:ninep
                Share datasets = Share.ninep("datasets", Path.of("datasets"), Path.of("/mnt/datasets"))
                        .options(NinePOptions.defaults())      // mapped-xattr, msize 512 KiB
                        .build();
                // end:ninep
                shares.add(datasets);
            }
            return probe(shares, via, work, progress, tools);
        } finally {
            deleteTree(work);
        }
    }

    private static GuestReport probe(List<Share> shares, GuestVia via, Path stateDir, ProgressListener progress,
            HostTools tools) {
        // snippet:probe
        try (GuestProbe probe = GuestProbe.builder()
                .shares(shares)
                .stateDirectory(stateDir)          // relative share sources resolve here, as in microvm.nix
                .via(via)                          // GuestVia.QEMU or GuestVia.LIBVIRT (qemu:///system)
                .timeout(TIMEOUT)                  // boot to power-off; a guest out of time is stopped
                .progress(progress)
                .hostTools(tools)                  // HostTools.detect(); a missing tool fails before anything starts
                .build()) {
            GuestReport report = probe.run();
            for (ShareReport share : report.shares()) {
                System.err.printf("%s (%s): mounted=%s read=%s write=%s%s%n", share.tag(), share.protocol().label(),
                        share.mounted(), share.readOk(), share.writeOk(), share.reason().map(r -> ": " + r).orElse(""));
            }
            if (!report.ok()) {
                report.failure().ifPresent(System.err::println);
                report.consoleTail().forEach(line -> System.err.println("  guest| " + line));
            }
            return report;
        }
        // end:probe
    }

    /**
     * Measures sequential read and write throughput of {@code share} from inside a guest
     * booted through QEMU.
     *
     * @param mib how many MiB the guest reads, then writes
     * @return the measurement, or empty when the guest did not get through (reported on stderr)
     */
    public static Optional<Throughput> throughput(Share share, Path stateDir, int mib, HostTools tools) {
        // snippet:throughput
        try (GuestProbe probe = GuestProbe.builder()
                .share(share)
                .stateDirectory(stateDir)
                .throughputMib(mib)                // the host writes mib MiB; the guest reads them, then writes as much
                .memoryMb(512)
                .timeout(Duration.ofSeconds(120 + mib))
                .hostTools(tools)
                .build()) {
            GuestReport report = probe.run();
            ShareReport measured = report.shares().get(0);
            measured.throughput().ifPresent(t -> System.err.printf("%s: read %.0f MiB/s, write %.0f MiB/s%n",
                    share.tag(), t.readMibPerSecond(), t.writeMibPerSecond()));
            if (!report.ok()) {
                System.err.println(report.failure().orElse(measured.reason().orElse("the share failed")));
            }
            return report.ok() ? measured.throughput() : Optional.empty();
        }
        // end:throughput
    }

    /**
     * Proves the tree at {@code tree} (e.g. a datastore image's directory) byte-exact from inside a
     * guest: shared over virtiofs and mounted read-only, hashed by the guest's busybox, compared
     * with {@code expected}, the host's values.
     */
    public static DigestReport proveTree(Path tree, Map<String, FileDigest> expected, GuestVia via,
            ProgressListener progress, HostTools tools) {
        // snippet:digest
        DigestReport report = GuestDigest.builder(tree)
                .via(via)                          // GuestVia.QEMU or GuestVia.LIBVIRT (needs sdk-libvirt at run time)
                .expected(expected)                // GuestDigest.hostDigests(tree); by default hashed just before the boot
                .progress(progress)
                .hostTools(tools)
                .build()
                .run();                            // at most GuestDigest.timeoutFor(the tree's bytes)
        for (FileProof file : report.files()) {
            if (!file.matches()) {
                System.err.println(file.path() + ": " + file.reason().orElse(""));
            }
        }
        // end:digest
        return report;
    }

    /** Runs the proof with both protocols; the argument picks the path (default qemu), or measures throughput. */
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("throughput")) {
            Path dir = Files.createTempDirectory("virtshare-throughput-");
            try {
                Files.createDirectories(dir.resolve("models"));
                Share models = Share.virtiofs("models", Path.of("models"), Path.of("/mnt/models")).build();
                System.exit(throughput(models, dir, 64, HostTools.detect()).isPresent() ? 0 : 1);
            } finally {
                deleteTree(dir);
            }
        }
        GuestVia via = args.length > 0 && args[0].equals("libvirt") ? GuestVia.LIBVIRT : GuestVia.QEMU;
        GuestReport report = prove(Set.of(ShareProtocol.VIRTIOFS, ShareProtocol.NINE_P), via,
                p -> System.err.println(p.item()), HostTools.detect());
        System.out.println(report.ok() ? "guest proof passed in " + report.elapsed().toMillis() + " ms"
                : "guest proof FAILED");
        System.exit(report.ok() ? 0 : 1);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
