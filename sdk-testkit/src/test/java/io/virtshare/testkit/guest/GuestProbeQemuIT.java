package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real guest booted with QEMU (TCG) mounts a virtiofs and a 9p share, reads the host's files and writes back. */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class GuestProbeQemuIT {
    @TempDir
    Path dir;

    @Test
    void bothProtocols_areMountedReadAndWrittenFromTheGuest() throws IOException {
        Files.createDirectories(dir.resolve("fs-source"));
        Files.createDirectories(dir.resolve("9p-source"));
        Share virtiofs = Share.virtiofs("probe-fs", Path.of("fs-source"), Path.of("/mnt/fs")).build();
        Share ninep = Share.ninep("probe-9p", Path.of("9p-source"), Path.of("/mnt/9p"))
                .options(NinePOptions.defaults().withSecurityModel("passthrough")).build();

        BothProtocols.proveBoth(GuestVia.QEMU, dir, virtiofs, ninep);

        assertThat(dir.resolve("virtiofs-probe-fs.sock")).as("the daemon's socket is removed").doesNotExist();
        assertThat(dir.resolve("virtiofs-probe-fs.sock.pid")).as("and its pid file").doesNotExist();
    }

    @Test
    void throughput_isMeasuredInBothProtocols_andItsFilesAreRemoved() throws IOException {
        Files.createDirectories(dir.resolve("fs-source"));
        Files.createDirectories(dir.resolve("9p-source"));
        Share virtiofs = Share.virtiofs("bench-fs", Path.of("fs-source"), Path.of("/mnt/fs")).build();
        Share ninep = Share.ninep("bench-9p", Path.of("9p-source"), Path.of("/mnt/9p")).build();

        GuestReport report;
        try (GuestProbe probe = GuestProbe.builder().share(virtiofs).share(ninep).stateDirectory(dir)
                .throughputMib(8).build()) {
            report = probe.run();
        }

        assertThat(report.ok()).as(report + "\n" + String.join("\n", report.consoleTail())).isTrue();
        assertThat(report.shares()).hasSize(2).allSatisfy(s -> assertThat(s.throughput()).as(s.tag())
                .hasValueSatisfying(t -> {
                    assertThat(t.mib()).isEqualTo(8);
                    assertThat(t.read()).as("read time").isPositive();
                    assertThat(t.write()).as("write time, fsync included").isPositive();
                    assertThat(t.readMibPerSecond()).isFinite().isPositive();
                }));
        try (var left = Stream.concat(Files.list(dir.resolve("fs-source")), Files.list(dir.resolve("9p-source")))) {
            assertThat(left).as("the host's 8 MiB file and the guest's are removed").isEmpty();
        }
    }

    @Test
    void aVirtiofsdThatDiesWhileTheGuestRuns_endsTheRunAtOnce_namingTheDaemon() throws Exception {
        Files.createDirectories(dir.resolve("fs-source"));
        Share virtiofs = Share.virtiofs("dying", Path.of("fs-source"), Path.of("/mnt/fs")).build();
        String socket = dir.resolve("virtiofs-dying.sock").toString();
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (!killed.get() && System.nanoTime() < deadline) {
                // once the guest runs — QEMU with our socket has set up its devices and the kernel has
                // written to the console, still booting under TCG, long before the guest could finish —
                // kill the daemon's sandboxed child (killed earlier, QEMU itself fails to start)
                boolean guestUp = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                        .filter(c -> c.contains("qemu-system") && c.contains(socket)).anyMatch(c -> consoleWritten(c));
                if (guestUp) {
                    ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                            .filter(c -> c.contains("virtiofsd") && c.contains(socket)).isPresent())
                            .filter(p -> p.parent().flatMap(pp -> pp.info().commandLine())
                                    .filter(c -> c.contains("virtiofsd")).isPresent())
                            .forEach(p -> killed.set(p.destroyForcibly() || killed.get()));
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        killer.start();

        GuestReport report;
        long start = System.nanoTime();
        try (GuestProbe probe = GuestProbe.builder().share(virtiofs).stateDirectory(dir).throughputMib(64)
                .timeout(java.time.Duration.ofSeconds(300)).build()) {
            report = probe.run();
        } finally {
            killed.set(true);
            killer.join();
        }

        System.err.println(report.failure().orElse("") + "\n" + String.join("\n", report.consoleTail()));
        assertThat(report.failure()).as("the guest was running").hasValueSatisfying(f -> assertThat(f)
                .startsWith("the guest cannot finish: its virtiofsd died"));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("not the 300 s timeout")
                .isLessThan(java.time.Duration.ofSeconds(90));
        assertThat(report.ok()).isFalse();
        assertThat(report.failure()).hasValueSatisfying(f -> assertThat(f)
                .contains("virtiofsd for share 'dying' failed: UNEXPECTED_EXIT"));
        assertThat(dir.resolve("virtiofs-dying.sock")).as("the dead daemon's socket is removed").doesNotExist();
    }

    /** Whether the console file QEMU's command line names ({@code -serial file:…}) has anything in it yet. */
    private static boolean consoleWritten(String qemuCommandLine) {
        for (String word : qemuCommandLine.split(" ")) {
            if (word.startsWith("file:")) {
                try {
                    return Files.size(Path.of(word.substring("file:".length()))) > 0;
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return false;
    }

    @Test
    void aGuestThatCannotFinishInTime_isStopped_andReportedWithItsConsole() throws IOException {
        Files.createDirectories(dir.resolve("slow"));
        Share share = Share.ninep("slow", dir.resolve("slow"), Path.of("/mnt/slow")).build();

        long start = System.nanoTime();
        GuestReport report;
        try (GuestProbe probe = GuestProbe.builder().share(share).timeout(java.time.Duration.ofSeconds(2)).build()) {
            report = probe.run();
        }

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
        assertThat(report.ok()).isFalse();
        assertThat(report.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("the guest did not finish within"
                + " 2 s"));
        assertThat(report.shares()).singleElement().satisfies(s -> {
            assertThat(s.mounted()).isFalse();
            assertThat(s.reason()).contains("the guest did not get to this share");
        });
        try (var left = Files.list(dir.resolve("slow"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aShareWhoseDirectoryIsMissing_isRefusedBeforeBooting() {
        Share missing = Share.ninep("gone", dir.resolve("gone"), Path.of("/mnt/gone")).build();

        try (GuestProbe probe = GuestProbe.builder().share(missing).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(probe::run).isInstanceOf(GuestProbeException.class)
                    .hasMessage("share 'gone': source " + dir.resolve("gone") + " is not a directory; create it or"
                            + " point the share at an existing directory");
        }
    }
}
