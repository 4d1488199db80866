package io.virtshare.internal.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.ShareProblem.Rule;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import io.virtshare.share.GuestDisk;
import io.virtshare.share.WritableOverlay;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightRulesTest {
    private static final ZfsCheck NO_ZFS = new ZfsCheck(() -> "", d -> {
        throw new AssertionError("no zfs here");
    });

    @TempDir
    Path state;

    @BeforeEach
    void sources() throws IOException {
        Files.createDirectories(state.resolve("home"));
        Files.createDirectories(state.resolve("models"));
        Files.writeString(state.resolve("file.img"), "x");
    }

    private List<ShareProblem> check(List<Share> shares) {
        return new PreflightRules(Optional.empty(), NO_ZFS).check(VmShares.builder(state).shares(shares).build());
    }

    private static Share virtiofs(String tag, String source) {
        return Share.virtiofs(tag, Path.of(source), Path.of("/mnt/" + tag)).build();
    }

    @Test
    void goodShares_haveNoProblems() {
        assertThat(check(List.of(virtiofs("home", "home"), virtiofs("models", "models"),
                Share.ninep("store", Path.of("models"), Path.of("/nix/.ro-store")).build()))).isEmpty();
    }

    @Test
    void everyProblem_isReportedAtOnce() {
        Share longSocket = Share.virtiofs("long", Path.of("home"), Path.of("/mnt/long"))
                .options(VirtiofsOptions.defaults().withSocket(Path.of("/run/" + "s".repeat(100) + ".sock"))).build();
        List<ShareProblem> problems = check(List.of(
                virtiofs("home", "home"),
                virtiofs("gone", "nothing-here"),
                virtiofs("image", "file.img"),
                longSocket));

        assertThat(problems).extracting(ShareProblem::rule).containsExactly(Rule.SOURCE_MISSING,
                Rule.SOURCE_NOT_DIRECTORY, Rule.SOCKET_PATH_TOO_LONG);
        assertThat(problems.get(0).message()).contains(state.resolve("nothing-here").toString())
                .contains("relative sources resolve against the state directory");
        assertThat(problems.get(1).message()).contains("is not a directory").contains("use a GuestDisk");
    }

    @Test
    void duplicateMountPoints_acrossSharesAndDisks_areRefusedWhenTheValueIsMade() {
        VmShares.Builder vm = VmShares.builder(state).share(virtiofs("home", "home"))
                .share(Share.ninep("h2", Path.of("models"), Path.of("/mnt/home")).build())
                .disk(GuestDisk.of(Path.of("a.img"), Path.of("/mnt/home/"), 16).build());

        assertThatThrownBy(vm::build).isInstanceOfSatisfying(SharesRejectedException.class, e -> {
            assertThat(e.shareProblems()).extracting(ShareProblem::rule).containsExactly(Rule.DUPLICATE_MOUNT_POINT,
                    Rule.DUPLICATE_MOUNT_POINT);
            assertThat(e.shareProblems().get(1).message()).contains("like share 'home'");
        }).hasMessageContaining("give each its own mount point");
    }

    @Test
    void socketPathOver107Bytes_isRefused_withTheFix() {
        Share longSocket = Share.virtiofs("home", Path.of("home"), Path.of("/home"))
                .options(VirtiofsOptions.defaults().withSocket(Path.of("/run/" + "s".repeat(100) + ".sock"))).build();

        assertThat(check(List.of(longSocket))).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.SOCKET_PATH_TOO_LONG);
            assertThat(p.message()).contains("110 bytes", "allow 107", "withSocket");
        });
    }

    @Test
    void socketPathOfExactly107Bytes_isAccepted() {
        Path socket = Path.of("/run/" + "s".repeat(97) + ".sock");
        assertThat(socket.toString()).hasSize(107);

        assertThat(check(List.of(Share.virtiofs("home", Path.of("home"), Path.of("/home"))
                .options(VirtiofsOptions.defaults().withSocket(socket)).build()))).isEmpty();
    }

    @Test
    void flavourRejections_reuseTheArgumentRules() {
        Share readOnly = Share.virtiofs("ro", Path.of("home"), Path.of("/ro")).readOnly(true).build();
        Share metadata = Share.virtiofs("meta", Path.of("home"), Path.of("/meta"))
                .options(VirtiofsOptions.defaults().withCache("metadata")).build();
        Share locks = Share.virtiofs("locks", Path.of("home"), Path.of("/locks"))
                .options(VirtiofsOptions.defaults().withLocks(true, false)).build();
        List<Share> shares = List.of(readOnly, metadata, locks);

        VmShares vm = VmShares.builder(state).shares(shares).build();
        List<ShareProblem> onC = new PreflightRules(Optional.of(VirtiofsdFlavour.C), NO_ZFS).check(vm);
        List<ShareProblem> onRust = new PreflightRules(Optional.of(VirtiofsdFlavour.RUST), NO_ZFS).check(vm);

        assertThat(onC).extracting(ShareProblem::subject).containsExactly("ro", "meta");
        assertThat(onC).allMatch(p -> p.rule() == Rule.FLAVOUR_REJECTS_OPTION);
        assertThat(onRust).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("locks");
            assertThat(p.message()).contains("Rust virtiofsd serves no POSIX or flock locks");
        });
    }

    @Test
    void zfsSourceWithoutProperties_isRefused_butNinepOnZfsIsNotAsked() throws IOException {
        String mountinfo = "40 1 0:40 / " + state.toRealPath() + " rw - zfs tank/vm rw\n";
        ZfsCheck zfs = new ZfsCheck(() -> mountinfo, dataset -> new CommandResult(List.of("zfs"), 0, "on\noff\n", "",
                false, Duration.ZERO));

        List<ShareProblem> problems = new PreflightRules(Optional.empty(), zfs).check(VmShares.builder(state)
                .share(virtiofs("home", "home")).share(Share.ninep("nine", Path.of("models"), Path.of("/n")).build())
                .build());

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.ZFS_PROPERTIES);
            assertThat(p.message()).contains("tank/vm", "xattr=sa", "acltype=posixacl");
        });
    }

    @Test
    void overlayUpperOnAShare_isRefusedWithTheReason() {
        Share rw = Share.virtiofs("rw", Path.of("home"), Path.of("/nix/.rw-store")).build();

        List<ShareProblem> problems = new PreflightRules(Optional.empty(), NO_ZFS).check(VmShares.builder(state)
                .share(rw).overlay(WritableOverlay.nixStore(Path.of("/nix/.rw-store"))).build());

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.OVERLAY_UPPER_ON_SHARE);
            assertThat(p.subject()).isEqualTo("/nix/store");
            assertThat(p.message()).contains("virtiofs share 'rw'", "overlayfs cannot use 9p or virtiofs",
                    "put a GuestDisk at /nix/.rw-store");
        });
    }

    @Test
    void overlayUpperOnADisk_isFine_evenBelowAShare() {
        Share nix = Share.ninep("nix", Path.of("home"), Path.of("/nix")).build();
        GuestDisk disk = GuestDisk.of(Path.of("overlay.img"), Path.of("/nix/.rw-store"), 64).build();

        assertThat(new PreflightRules(Optional.empty(), NO_ZFS).check(VmShares.builder(state).share(nix).disk(disk)
                .overlay(WritableOverlay.nixStore(Path.of("/nix/.rw-store"))).build())).isEmpty();
    }

    @Test
    void overlayUpperOnNothing_asksForADisk() {
        assertThat(new PreflightRules(Optional.empty(), NO_ZFS).check(VmShares.builder(state)
                .overlay(WritableOverlay.nixStore(Path.of("/nix/.rw-store"))).build())).singleElement().satisfies(p -> {
                    assertThat(p.rule()).isEqualTo(Rule.OVERLAY_UPPER_NOT_ON_DISK);
                    assertThat(p.message()).contains("is on no guest disk; add a GuestDisk mounted at /nix/.rw-store",
                            "GuestDisk.of(Path.of(\"overlay.img\")");
                });
    }

    @Test
    void duplicateDisks_byImageAndBySerial_areRefusedWhenTheValueIsMade() {
        VmShares.Builder vm = VmShares.builder(state)
                .disk(GuestDisk.of(Path.of("data.img"), Path.of("/a"), 16).build())
                .disk(GuestDisk.of(state.resolve("data.img"), Path.of("/b"), 16).build())
                .disk(GuestDisk.of(Path.of("other/data.qcow2"), Path.of("/c"), 16).creation(GuestDisk.Creation.QEMU_IMG)
                        .format(GuestDisk.Format.QCOW2).unformatted().build());

        assertThatThrownBy(vm::build).isInstanceOfSatisfying(SharesRejectedException.class, e -> {
            assertThat(e.shareProblems()).extracting(ShareProblem::rule).containsExactly(Rule.DUPLICATE_DISK,
                    Rule.DUPLICATE_DISK);
            assertThat(e.shareProblems().get(0).message()).contains("two guest disks use this image");
            assertThat(e.shareProblems().get(1).message()).contains("serial 'data'", "rename one image");
        });
    }

    @Test
    void check_throwsWithEveryProblemListed() {
        VmShares vm = VmShares.builder(state).share(virtiofs("a", "x")).share(virtiofs("b", "y")).build();

        assertThatThrownBy(vm::check)
                .isInstanceOfSatisfying(SharesRejectedException.class, e -> assertThat(e.shareProblems()).hasSize(2))
                .hasMessageStartingWith("2 problems with the shares:\n- a: source ")
                .hasMessageContaining("\n- b: source ");
    }
}
