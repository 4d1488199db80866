package io.virtshare.share.virtiofsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.SharesRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        VirtiofsdLauncher launcher = Virtiofsd.launcher().binary(C).stateDirectory(state)
                .extraArguments("--rlimit-nofile=4096").build();
        Share share = Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();

        assertThat(launcher.command(share)).containsExactly("/usr/lib/qemu/virtiofsd",
                "--socket-path=" + state.resolve("virtiofs-home.sock"), "-o", "source=" + state.resolve("home"),
                "-o", "cache=auto", "-o", "no_xattr", "-o", "sandbox=namespace", "--thread-pool-size=0",
                "--rlimit-nofile=4096");
    }

    @Test
    void logFiles_areOnePerShare_withUnsafeCharactersEncoded() {
        VirtiofsdLauncher launcher = Virtiofsd.launcher().binary(C).stateDirectory(state)
                .logDirectory(state.resolve("logs")).build();

        assertThat(launcher.logFile(Share.virtiofs("home", Path.of("h"), Path.of("/h")).build()))
                .isEqualTo(state.resolve("logs/virtiofsd-home.log"));
        assertThat(launcher.logFile(Share.virtiofs("a/../b", Path.of("h"), Path.of("/h")).build()))
                .isEqualTo(state.resolve("logs/virtiofsd-a%2F..%2Fb.log"));
    }

    @Test
    void defaults_areBoundedWaitsAndNoRestart() {
        VirtiofsdLauncher launcher = Virtiofsd.launcher().binary(C).stateDirectory(state).build();

        assertThat(launcher.readyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(launcher.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(launcher.restartPolicy()).isEqualTo(RestartPolicy.never());
        assertThat(launcher.logDirectory()).isEqualTo(state);
    }

    @Test
    void builder_refusesWhatCannotWork() {
        assertThatThrownBy(() -> Virtiofsd.launcher().binary(C).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("stateDirectory(path)");
        assertThatThrownBy(() -> Virtiofsd.launcher().readyTimeout(Duration.ZERO))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("readyTimeout must be a positive");
        assertThatThrownBy(() -> Virtiofsd.launcher().stateDirectory(state).binaryPath(state.resolve("nope")).build())
                .isInstanceOf(VirtiofsdException.class).hasMessageContaining("virtiofsd not found at");
    }

    @Test
    void start_refusesNinepAndBadShares_beforeRunningAnything() {
        VirtiofsdLauncher launcher = Virtiofsd.launcher().binary(C).stateDirectory(state).build();
        Share ninep = Share.ninep("nine", Path.of("x"), Path.of("/x")).build();
        Share readOnly = Share.virtiofs("ro", Path.of("missing"), Path.of("/ro")).readOnly(true).build();

        assertThatThrownBy(() -> launcher.start(ninep))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("is 9p; QEMU serves it");
        assertThatThrownBy(() -> launcher.startAll(List.of(readOnly)))
                .isInstanceOfSatisfying(SharesRejectedException.class, e -> assertThat(e.shareProblems())
                        .extracting(ShareProblem::rule).containsExactly(ShareProblem.Rule.SOURCE_MISSING,
                                ShareProblem.Rule.FLAVOUR_REJECTS_OPTION))
                .hasMessageContaining("no read-only mode");
        assertThat(Files.exists(state.resolve("virtiofsd-ro.log"))).isFalse();
    }
}
