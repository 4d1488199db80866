package io.virtshare.internal.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.ShareProblem.Rule;
import io.virtshare.share.SharePreflight;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.Volume;
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
        return new PreflightRules(state, Optional.empty(), NO_ZFS).check(shares, List.of(), List.of());
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
        List<ShareProblem> problems = check(List.of(
                virtiofs("home", "home"),
                Share.virtiofs("home", Path.of("models"), Path.of("/mnt/other")).build(),
                virtiofs("gone", "nothing-here"),
                virtiofs("image", "file.img")));

        assertThat(problems).extracting(ShareProblem::rule).containsExactly(Rule.DUPLICATE_TAG,
                Rule.DUPLICATE_SOCKET, Rule.SOURCE_MISSING, Rule.SOURCE_NOT_DIRECTORY);
        assertThat(problems.get(2).message()).contains(state.resolve("nothing-here").toString())
                .contains("relative sources resolve against the state directory");
        assertThat(problems.get(3).message()).contains("is not a directory").contains("Volume");
    }

    @Test
    void duplicateMountPoints_acrossSharesAndVolumes() {
        List<ShareProblem> problems = new PreflightRules(state, Optional.empty(), NO_ZFS).check(
                List.of(virtiofs("home", "home"), Share.ninep("h2", Path.of("models"), Path.of("/mnt/home")).build()),
                List.of(Volume.of(Path.of("a.img"), Path.of("/mnt/home/"), 16).build()), List.of());

        assertThat(problems).extracting(ShareProblem::rule).containsExactly(Rule.DUPLICATE_MOUNT_POINT,
                Rule.DUPLICATE_MOUNT_POINT);
        assertThat(problems.get(1).message()).contains("like share 'home'");
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

        List<ShareProblem> onC = new PreflightRules(state, Optional.of(VirtiofsdFlavour.C), NO_ZFS)
                .check(shares, List.of(), List.of());
        List<ShareProblem> onRust = new PreflightRules(state, Optional.of(VirtiofsdFlavour.RUST), NO_ZFS)
                .check(shares, List.of(), List.of());

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

        List<ShareProblem> problems = new PreflightRules(state, Optional.empty(), zfs).check(
                List.of(virtiofs("home", "home"), Share.ninep("nine", Path.of("models"), Path.of("/n")).build()),
                List.of(), List.of());

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.ZFS_PROPERTIES);
            assertThat(p.message()).contains("tank/vm", "xattr=sa", "acltype=posixacl");
        });
    }

    @Test
    void overlayUpperOnAShare_isRefusedWithTheReason() {
        Share rw = Share.virtiofs("rw", Path.of("home"), Path.of("/nix/.rw-store")).build();

        List<ShareProblem> problems = new PreflightRules(state, Optional.empty(), NO_ZFS).check(List.of(rw),
                List.of(), List.of(WritableOverlay.nixStore(Path.of("/nix/.rw-store"))));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.OVERLAY_UPPER_ON_SHARE);
            assertThat(p.subject()).isEqualTo("/nix/store");
            assertThat(p.message()).contains("virtiofs share 'rw'", "overlayfs cannot use 9p or virtiofs",
                    "put a Volume at /nix/.rw-store");
        });
    }

    @Test
    void overlayUpperOnAVolume_isFine_evenBelowAShare() {
        Share nix = Share.ninep("nix", Path.of("home"), Path.of("/nix")).build();
        Volume volume = Volume.of(Path.of("overlay.img"), Path.of("/nix/.rw-store"), 64).build();

        assertThat(new PreflightRules(state, Optional.empty(), NO_ZFS).check(List.of(nix), List.of(volume),
                List.of(WritableOverlay.nixStore(Path.of("/nix/.rw-store"))))).isEmpty();
    }

    @Test
    void overlayUpperOnNothing_asksForAVolume() {
        assertThat(new PreflightRules(state, Optional.empty(), NO_ZFS).check(List.of(), List.of(),
                List.of(WritableOverlay.nixStore(Path.of("/nix/.rw-store"))))).singleElement().satisfies(p -> {
                    assertThat(p.rule()).isEqualTo(Rule.OVERLAY_UPPER_NOT_ON_VOLUME);
                    assertThat(p.message()).contains("Volume.of(Path.of(\"overlay.img\")");
                });
    }

    @Test
    void duplicateVolumes_byImageAndBySerial() {
        List<ShareProblem> problems = new PreflightRules(state, Optional.empty(), NO_ZFS).check(List.of(), List.of(
                Volume.of(Path.of("data.img"), Path.of("/a"), 16).build(),
                Volume.of(state.resolve("data.img"), Path.of("/b"), 16).build(),
                Volume.of(Path.of("other/data.qcow2"), Path.of("/c"), 16).creation(Volume.Creation.QEMU_IMG)
                        .format(Volume.Format.QCOW2).unformatted().build()), List.of());

        assertThat(problems).extracting(ShareProblem::rule).containsExactly(Rule.DUPLICATE_VOLUME,
                Rule.DUPLICATE_VOLUME);
        assertThat(problems.get(1).message()).contains("serial 'data'");
    }

    @Test
    void validate_throwsWithEveryProblemListed() {
        assertThatThrownBy(() -> SharePreflight.of(state).validate(List.of(virtiofs("a", "x"), virtiofs("b", "y"))))
                .isInstanceOfSatisfying(SharesRejectedException.class, e -> assertThat(e.shareProblems()).hasSize(2))
                .hasMessageStartingWith("2 problems with the shares:\n- a: source ")
                .hasMessageContaining("\n- b: source ");
    }
}
