package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.share.Share;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VmShares;
import io.virtshare.share.virtiofsd.RestartPolicy;
import io.virtshare.share.virtiofsd.Virtiofsd;
import io.virtshare.share.virtiofsd.VirtiofsdFailure;
import io.virtshare.share.virtiofsd.VirtiofsdGroup;
import io.virtshare.share.virtiofsd.VirtiofsdLauncher;
import io.virtshare.share.virtiofsd.VirtiofsdStartException;
import io.virtshare.share.virtiofsd.VirtiofsdState;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with the host's real virtiofsd (Debian 12: the C daemon, run as root):
 * ready, stopped and cleaned up; a VM disconnecting; stale and live sockets; failures
 * classified from the log; restarts; many shares at once.
 */
@RequiresHost(HostTool.VIRTIOFSD)
class VirtiofsdLauncherIT {
    @TempDir
    Path state;

    @BeforeEach
    void sources() throws IOException {
        for (String dir : List.of("home", "models", "data")) {
            Files.createDirectories(state.resolve(dir));
        }
    }

    private VirtiofsdLauncher.Builder launcher() {
        return Virtiofsd.launcher().readyTimeout(Duration.ofSeconds(15));
    }

    /** The shares as one VM's, with this test's state directory. */
    private VmShares vm(Share... shares) {
        return VmShares.builder(state).shares(List.of(shares)).build();
    }

    /** Starts the daemon of {@code share} as the only share of a VM whose state directory is {@code stateDir}. */
    private static Virtiofsd startIn(Path stateDir, Share share) {
        return Virtiofsd.launcher().build().start(VmShares.builder(stateDir).share(share).build(), share);
    }

    private static Share share(String tag) {
        return Share.virtiofs(tag, Path.of(tag), Path.of("/mnt/" + tag)).build();
    }

    /** Where the C daemon (and the Rust one) put the pid file of {@code socket}. */
    private static List<Path> pidFiles(Path socket) {
        return List.of(Path.of("/run/virtiofsd", socket.toString().replace('/', '.') + ".pid"),
                Path.of(socket + ".pid"));
    }

    private static void assertCleanedUp(Path socket) {
        assertThat(socket).doesNotExist();
        pidFiles(socket).forEach(p -> assertThat(p).doesNotExist());
    }

    @Test
    void start_becomesReady_andCloseStopsItAndRemovesSocketAndPidFile() {
        Virtiofsd daemon = launcher().build().start(vm(share("home")), share("home"));
        long pid;
        try {
            assertThat(daemon.state()).isInstanceOf(VirtiofsdState.Ready.class);
            pid = ((VirtiofsdState.Ready) daemon.state()).pid();
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(daemon.socket()).isEqualTo(state.resolve("virtiofs-home.sock"));
            assertThat(daemon.socket()).exists();
            assertThat(daemon.log()).isEqualTo(state.resolve("virtiofsd-home.log"));
            assertThat(daemon.log()).content().contains("attempt 1", "Waiting for vhost-user socket connection");
        } finally {
            daemon.close();
        }
        daemon.close();

        assertThat(daemon.state()).isInstanceOfSatisfying(VirtiofsdState.Exited.class,
                e -> assertThat(e.stoppedByOwner()).isTrue());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertCleanedUp(daemon.socket());
    }

    @Test
    void vmDisconnecting_isANormalExit_andTheFilesAreRemoved() throws IOException {
        try (Virtiofsd daemon = launcher().build().start(vm(share("home")), share("home"))) {
            // what QEMU does: connect to the one connection the daemon serves, then go away
            try (SocketChannel vm = SocketChannel.open(UnixDomainSocketAddress.of(daemon.socket()))) {
                assertThat(vm.isConnected()).isTrue();
            }

            VirtiofsdState end = daemon.awaitFinal(Duration.ofSeconds(15));

            assertThat(end).isEqualTo(new VirtiofsdState.Exited(0, false));
            assertCleanedUp(daemon.socket());
        }
    }

    @Test
    void staleSocketAndPidFile_areRemovedBeforeStart() throws IOException {
        Path socket = state.resolve("virtiofs-home.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(socket));
        }
        Path pidFile = pidFiles(socket).get(0);
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, "999999999\n");
        Files.writeString(pidFiles(socket).get(1), "999999998\n");

        try (Virtiofsd daemon = launcher().build().start(vm(share("home")), share("home"))) {
            assertThat(daemon.state()).isInstanceOf(VirtiofsdState.Ready.class);
            assertThat(pidFiles(socket).get(1)).as("the stale Rust-style pid file went too").doesNotExist();
        }
        assertCleanedUp(socket);
    }

    @Test
    void aSocketALiveDaemonOwns_isNeverTakenOver() {
        try (Virtiofsd first = launcher().build().start(vm(share("home")), share("home"))) {
            Path otherState = state.resolve("other");
            Share sameSocket = Share.virtiofs("home", state.resolve("home"), Path.of("/home"))
                    .options(io.virtshare.share.VirtiofsOptions.defaults().withSocket(first.socket())).build();

            assertThatThrownBy(() -> startIn(otherState, sameSocket))
                    .isInstanceOfSatisfying(VirtiofsdStartException.class,
                            e -> assertThat(e.state().failure()).isEqualTo(VirtiofsdFailure.SOCKET_IN_USE))
                    .hasMessageContaining("belongs to a live daemon");
            assertThat(first.state()).isInstanceOf(VirtiofsdState.Ready.class);
            assertThat(first.socket()).exists();
        }
    }

    @Test
    void rejectedOption_failsTheStart_withTheLogsLastLines() {
        VirtiofsdLauncher bad = launcher().extraArguments("-o", "no_such_option").build();

        assertThatThrownBy(() -> bad.start(vm(share("home")), share("home")))
                .isInstanceOfSatisfying(VirtiofsdStartException.class, e -> {
                    assertThat(e.state().failure()).isEqualTo(VirtiofsdFailure.OPTION_REJECTED);
                    assertThat(e.state().exitCode()).hasValue(1);
                    assertThat(e.state().lastLogLines()).anyMatch(l -> l.contains("no_such_option"));
                    assertThat(e.log()).isEqualTo(state.resolve("virtiofsd-home.log"));
                })
                .hasMessageContaining("did not start")
                .hasMessageContaining("before it was ready")
                .hasMessageContaining("last lines of the log");
        assertCleanedUp(state.resolve("virtiofs-home.sock"));
    }

    @Test
    void missingSource_isRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> launcher().build().start(vm(share("nothing")), share("nothing")))
                .isInstanceOfSatisfying(SharesRejectedException.class, e -> assertThat(e.shareProblems())
                        .extracting(ShareProblem::rule).containsExactly(ShareProblem.Rule.SOURCE_MISSING))
                .hasMessageContaining(state.resolve("nothing").toString());
        assertThat(state.resolve("virtiofsd-nothing.log")).doesNotExist();
    }

    @Test
    void crashedDaemon_isRestartedWithBackoff_upToTheCap() {
        VirtiofsdLauncher restarting = launcher().restartPolicy(RestartPolicy.onFailure(1)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(100))).build();
        try (Virtiofsd daemon = restarting.start(vm(share("home")), share("home"))) {
            long first = ((VirtiofsdState.Ready) daemon.state()).pid();

            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            // wait for the new daemon: just after the kill, restarts() may count 1 while the state is still
            // the first daemon's Ready
            while (!(daemon.state() instanceof VirtiofsdState.Ready ready && ready.pid() != first)) {
                assertThat(System.nanoTime()).as("restarted in time: " + daemon.state()).isLessThan(deadline);
                Thread.onSpinWait();
            }
            VirtiofsdState.Ready again = (VirtiofsdState.Ready) daemon.state();
            assertThat(again.attempt()).isEqualTo(2);
            assertThat(again.pid()).isNotEqualTo(first);
            assertThat(daemon.socket()).exists();

            ProcessHandle.of(again.pid()).orElseThrow().destroyForcibly();
            VirtiofsdState end = daemon.awaitFinal(Duration.ofSeconds(15));

            assertThat(end).as("the cap of one restart is reached").isInstanceOfSatisfying(VirtiofsdState.Failed.class,
                    f -> assertThat(f.reason()).contains("signal 9", "after it was ready"));
            assertThat(daemon.restarts()).isEqualTo(1);
            assertCleanedUp(daemon.socket());
        }
    }

    @Test
    void manyShares_oneDaemonEach_startedAndStoppedTogether() {
        List<Share> shares = List.of(share("home"), share("models"), share("data"),
                Share.ninep("nine", Path.of("data"), Path.of("/nine")).build());
        VirtiofsdGroup group = launcher().build().startAll(VmShares.builder(state).shares(shares).build());
        List<Path> sockets;
        try {
            assertThat(group.daemons()).hasSize(3);
            assertThat(group.states().values()).allMatch(s -> s instanceof VirtiofsdState.Ready);
            assertThat(group.daemons()).extracting(d -> ((VirtiofsdState.Ready) d.state()).pid())
                    .doesNotHaveDuplicates();
            assertThat(group.daemon("models")).isPresent();
            assertThat(group.daemon("nine")).as("9p needs no daemon").isEmpty();
            sockets = group.daemons().stream().map(Virtiofsd::socket).toList();
            sockets.forEach(s -> assertThat(s).exists());
        } finally {
            group.close();
        }
        sockets.forEach(VirtiofsdLauncherIT::assertCleanedUp);
    }

    @Test
    void whenOneShareFailsToStart_theOthersAlreadyStartedAreStopped() {
        try (Virtiofsd squatter = startIn(state.resolve("elsewhere"), Share.virtiofs("models", state.resolve("models"),
                Path.of("/m")).options(io.virtshare.share.VirtiofsOptions.defaults()
                        .withSocket(state.resolve("virtiofs-models.sock"))).build())) {

            assertThatThrownBy(() -> launcher().build().startAll(vm(share("home"), share("models"), share("data"))))
                    .isInstanceOfSatisfying(VirtiofsdStartException.class,
                            e -> assertThat(e.tag()).isEqualTo("models"));

            assertCleanedUp(state.resolve("virtiofs-home.sock"));
            assertThat(state.resolve("virtiofsd-data.log")).as("never started").doesNotExist();
            assertThat(squatter.state()).isInstanceOf(VirtiofsdState.Ready.class);
        }
    }
}
