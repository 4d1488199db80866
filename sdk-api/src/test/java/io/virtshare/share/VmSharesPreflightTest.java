package io.virtshare.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.ShareProblem.Rule;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A VM's pre-flight checks through the public value: every problem on this host, listed together. */
class VmSharesPreflightTest {
    @TempDir
    Path state;

    private VmShares vm;

    @BeforeEach
    void aVmWithThreeProblems() throws IOException {
        Files.createDirectories(state.resolve("home"));
        Files.writeString(state.resolve("file.img"), "x");
        vm = VmShares.builder(state)
                .share(Share.virtiofs("home", Path.of("home"), Path.of("/home")).readOnly(true).build())
                .share(Share.ninep("gone", Path.of("gone"), Path.of("/gone")).build())
                .share(Share.virtiofs("image", Path.of("file.img"), Path.of("/image")).build())
                .overlay(WritableOverlay.nixStore(Path.of("/nix/.rw-store")))
                .build();
    }

    @Test
    void problems_listEverythingTheHostRefuses_inTheOrderOfTheShares() {
        assertThat(vm.problems()).extracting(ShareProblem::rule, ShareProblem::subject).containsExactly(
                tuple(Rule.SOURCE_MISSING, "gone"),
                tuple(Rule.SOURCE_NOT_DIRECTORY, "image"),
                tuple(Rule.OVERLAY_UPPER_NOT_ON_DISK, "/nix/store"));
    }

    @Test
    void problemsForAFlavour_addWhatThatDaemonRejects() {
        assertThat(vm.problems(VirtiofsdFlavour.C)).extracting(ShareProblem::rule).containsExactly(
                Rule.FLAVOUR_REJECTS_OPTION, Rule.SOURCE_MISSING, Rule.SOURCE_NOT_DIRECTORY,
                Rule.OVERLAY_UPPER_NOT_ON_DISK);
        assertThat(vm.problems(VirtiofsdFlavour.C).get(0).message()).isEqualTo("share 'home': the C virtiofsd has no"
                + " read-only mode; use the Rust virtiofsd, mount read-only in the guest, or share through 9p with"
                + " readonly=on");
        assertThat(vm.problems(VirtiofsdFlavour.RUST)).as("the Rust daemon serves read-only shares")
                .isEqualTo(vm.problems());
    }

    @Test
    void check_throwsEveryProblemAtOnce_eachSayingWhatToDo() {
        assertThatThrownBy(vm::check)
                .isInstanceOfSatisfying(SharesRejectedException.class, e -> assertThat(e.shareProblems()).hasSize(3))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("3 problems with the shares:\n- gone: source " + state.resolve("gone")
                        + " does not exist (relative sources resolve against the state directory " + state
                        + "); create it or fix the share's source\n")
                .hasMessageContaining("- image: source " + state.resolve("file.img") + " is not a directory; shares"
                        + " export directory trees (use a GuestDisk for an image file)")
                .hasMessageEndingWith("- /nix/store: the overlay's writable directory /nix/.rw-store is on no guest"
                        + " disk; add a GuestDisk mounted at /nix/.rw-store (e.g. GuestDisk.of(Path.of(\"overlay.img\"),"
                        + " Path.of(\"/nix/.rw-store\"), 2048))");
    }

    @Test
    void aVmWithoutProblems_passesTheCheck() throws IOException {
        Files.createDirectories(state.resolve("gone"));
        VmShares fixed = vm.withoutShare("image").toBuilder()
                .disk(GuestDisk.of(Path.of("rw.img"), Path.of("/nix/.rw-store"), 64).build()).build();

        assertThat(fixed.problems()).isEmpty();
        fixed.check();
    }
}
