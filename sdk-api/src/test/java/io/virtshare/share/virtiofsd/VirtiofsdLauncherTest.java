package io.virtshare.share.virtiofsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VmShares;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's configuration and what it refuses before running anything (the daemon itself: VirtiofsdLauncherIT). */
class VirtiofsdLauncherTest {
    private static final VirtiofsdBinary C = new VirtiofsdBinary(Path.of("/usr/lib/qemu/virtiofsd"),
            VirtiofsdFlavour.C, "7.2.22", Set.of());

    @TempDir
    Path state;

    @Test
    void command_isTheBinaryTheFlavoursArgumentsAndTheExtras() {
        VirtiofsdLauncher launcher = Virtiofsd.launcher().binary(C).extraArguments("--rlimit-nofile=4096").build();
        Share share = Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();

        assertThat(launcher.command(VmShares.builder(state).share(share).build(), share)).containsExactly("/usr/lib/qemu/virtiofsd",
                "--socket-path=" + state.resolve("virtiofs-home.sock"), "-o", "source=" + state.resolve("home"),
                "-o", "cache=auto", "-o", "no_xattr", "-o", "sandbox=namespace", "--thread-pool-size=0",
                "--rlimit-nofile=4096");
    }

    @Test
    void logFiles_areOnePerShare_withUnsafeCharactersEncoded() {
        VirtiofsdLauncher launcher = Virtiofsd.launcher().binary(C).logDirectory(state.resolve("logs")).build();
        Share home = Share.virtiofs("home", Path.of("h"), Path.of("/h")).build();
        Share odd = Share.virtiofs("a/../b", Path.of("h"), Path.of("/o")).build();
        VmShares vm = VmShares.builder(state).share(home).share(odd).build();

        assertThat(launcher.logFile(vm, home)).isEqualTo(state.resolve("logs/virtiofsd-home.log"));
        assertThat(launcher.logFile(vm, odd)).isEqualTo(state.resolve("logs/virtiofsd-a%2F..%2Fb.log"));
        assertThat(Virtiofsd.launcher().binary(C).build().logFile(vm, home))
                .as("by default in the VM's state directory").isEqualTo(state.resolve("virtiofsd-home.log"));
    }

    @Test
    void defaults_areBoundedWaitsAndNoRestart() {
        VirtiofsdLauncher launcher = Virtiofsd.launcher().binary(C).build();

        assertThat(launcher.readyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(launcher.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(launcher.restartPolicy()).isEqualTo(RestartPolicy.never());
        assertThat(launcher.logDirectory()).isEmpty();
    }

    @Test
    void builder_refusesWhatCannotWork() {
        assertThatThrownBy(() -> Virtiofsd.launcher().readyTimeout(Duration.ZERO))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("readyTimeout must be a positive");
        assertThatThrownBy(() -> Virtiofsd.launcher().binaryPath(state.resolve("nope")).build())
                .isInstanceOf(VirtiofsdException.class).hasMessageContaining("virtiofsd not found at");
    }

    @Test
    void start_refusesNinepAndBadShares_beforeRunningAnything() {
        VirtiofsdLauncher launcher = Virtiofsd.launcher().binary(C).build();
        Share ninep = Share.ninep("nine", Path.of("x"), Path.of("/x")).build();
        Share readOnly = Share.virtiofs("ro", Path.of("missing"), Path.of("/ro")).readOnly(true).build();
        VmShares vm = VmShares.builder(state).share(ninep).share(readOnly).build();

        assertThatThrownBy(() -> launcher.start(vm, ninep))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("is 9p and has no virtiofsd socket;"
                        + " QEMU serves it itself");
        assertThatThrownBy(() -> launcher.start(VmShares.none(state), readOnly))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("is not one of this VM's shares");
        assertThatThrownBy(() -> launcher.startAll(vm))
                .isInstanceOfSatisfying(SharesRejectedException.class, e -> assertThat(e.shareProblems())
                        .extracting(ShareProblem::rule).containsExactly(ShareProblem.Rule.SOURCE_MISSING,
                                ShareProblem.Rule.SOURCE_MISSING,
                                ShareProblem.Rule.FLAVOUR_REJECTS_OPTION))
                .hasMessageContaining("no read-only mode");
        assertThat(Files.exists(state.resolve("virtiofsd-ro.log"))).isFalse();
    }
}
