package io.virtshare.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImageState;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libvirt's QEMU driver refuses {@code <readonly/>} on virtiofs before libvirt 11.0.0, so no
 * way of building a filesystem device hands one out for a target that refuses it; 9p
 * read-only and read-write virtiofs stay available everywhere.
 */
class ReadOnlyVirtiofsTest {
    private static final Path STATE = Path.of("/var/lib/microvms/web");
    private static final Image IMAGE = new Image(3, "llama", ImageState.READY, Path.of("/ds/3"), "/src/llama", 10, 10,
            1, Optional.empty(), Optional.empty(), Instant.EPOCH);

    @ParameterizedTest(name = "libvirt {0}.{1}.{2}: {3}")
    @CsvSource({"9,0,0,false", "10,10,0,false", "10,999,999,false", "11,0,0,true", "11,1,0,true", "12,5,0,true",
            "0,0,0,false"})
    void readOnlyVirtiofs_fromLibvirt11(int major, int minor, int release, boolean accepted) {
        LibvirtFeatures features = LibvirtFeatures.of(major, minor, release);

        assertThat(features.readOnlyVirtiofs()).isEqualTo(accepted);
        assertThat(features.version()).hasValue(major + "." + minor + "." + release);
    }

    @Test
    void unknownTarget_acceptsNoReadOnlyVirtiofs() {
        assertThat(LibvirtFeatures.unknown().readOnlyVirtiofs()).isFalse();
        assertThat(LibvirtFeatures.unknown().version()).isEmpty();
        assertThatThrownBy(() -> LibvirtFeatures.of(-1, 0, 0)).isInstanceOf(io.virtshare.InvalidSpecException.class)
                .hasMessageContaining("must not be negative");
    }

    private static FilesystemDevice filesystem(Share share, LibvirtFeatures features) {
        return VmShares.builder(STATE).share(share).build().filesystems(features).get(0);
    }

    /** Every way the SDK builds a read-only virtiofs {@code <filesystem>}, for a given target. */
    static Stream<Arguments> readOnlyVirtiofsDevices() {
        Share plain = Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models")).readOnly(true).build();
        Share tuned = Share.virtiofs("tuned", Path.of("tuned"), Path.of("/mnt/tuned")).readOnly(true)
                .options(VirtiofsOptions.defaults().withCache("always").withLocks(true, false)).build();
        Share store = Share.nixStore(ShareProtocol.VIRTIOFS).build();
        FilesystemDevice parsed = FilesystemDevice.parse("<filesystem type='mount' accessmode='passthrough'>"
                + "<driver type='virtiofs'/><source dir='/srv/x'/><target dir='parsed'/><readonly/></filesystem>");
        return Stream.of(
                Arguments.of("FilesystemDevice builder", (Function<LibvirtFeatures, FilesystemDevice>) f ->
                        FilesystemDevice.virtiofs(Path.of("/srv/models"), "models").readOnly(true).features(f)
                                .build()),
                Arguments.of("toBuilder of a parsed device", (Function<LibvirtFeatures, FilesystemDevice>) f ->
                        parsed.toBuilder().queue(512).features(f).build()),
                Arguments.of("VmShares.filesystems", (Function<LibvirtFeatures, FilesystemDevice>) f ->
                        filesystem(plain, f)),
                Arguments.of("VmShares.filesystems with locks", (Function<LibvirtFeatures, FilesystemDevice>) f ->
                        filesystem(tuned, f)),
                Arguments.of("VmShares.filesystems of Share.nixStore(VIRTIOFS)", (Function<LibvirtFeatures, FilesystemDevice>) f ->
                        filesystem(store, f)),
                Arguments.of("Image.filesystem", (Function<LibvirtFeatures, FilesystemDevice>) f ->
                        IMAGE.filesystem(ShareProtocol.VIRTIOFS, "llama", true, f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readOnlyVirtiofsDevices")
    void readOnlyVirtiofs_forLibvirt9_isRefusedNamingTheAlternatives(String way,
            Function<LibvirtFeatures, FilesystemDevice> build) {
        assertThatThrownBy(() -> build.apply(LibvirtFeatures.of(9, 0, 0)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("is read-only, which libvirt's QEMU driver accepts only from libvirt 11.0.0")
                .hasMessageContaining("target libvirt: 9.0.0")
                .hasMessageContaining("through 9p")
                .hasMessageContaining("mount -t virtiofs -o ro")
                .hasMessageContaining("--readonly")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readOnlyVirtiofsDevices")
    void readOnlyVirtiofs_forAnUnknownTarget_isRefused(String way, Function<LibvirtFeatures, FilesystemDevice> build) {
        assertThatThrownBy(() -> build.apply(LibvirtFeatures.unknown()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("target libvirt: not known");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readOnlyVirtiofsDevices")
    void readOnlyVirtiofs_forLibvirt11_isWritten(String way, Function<LibvirtFeatures, FilesystemDevice> build) {
        FilesystemDevice fs = build.apply(LibvirtFeatures.of(11, 0, 0));

        assertThat(fs.isVirtiofs()).isTrue();
        assertThat(fs.readOnly()).isTrue();
        assertThat(fs.toXml()).contains("<readonly/>");
    }

    @Test
    void defaultEntryPoints_refuseReadOnlyVirtiofs() {
        assertThatThrownBy(() -> IMAGE.filesystem("llama", true)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("target libvirt: not known");
        assertThatThrownBy(() -> filesystem(Share.nixStore(ShareProtocol.VIRTIOFS).build(), LibvirtFeatures.unknown()))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("through 9p");
        assertThatThrownBy(() -> FilesystemDevice.virtiofs(Path.of("/srv"), "srv").readOnly(true).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("mount -t virtiofs -o ro");
    }

    @Test
    void ninepReadOnly_andReadWriteVirtiofs_needNoKnownTarget() {
        FilesystemDevice ninep = IMAGE.filesystem(ShareProtocol.NINE_P, "llama", true, LibvirtFeatures.unknown());
        assertThat(ninep.isVirtiofs()).isFalse();
        assertThat(ninep.readOnly()).isTrue();
        assertThat(ninep.accessMode()).hasValue("mapped");
        assertThat(ninep.sourceDir()).hasValue(IMAGE.path());
        assertThat(filesystem(Share.nixStore(ShareProtocol.NINE_P).build(), LibvirtFeatures.unknown()).toXml()).contains("<readonly/>");

        FilesystemDevice readWrite = IMAGE.filesystem("llama", false);
        assertThat(readWrite.isVirtiofs()).isTrue();
        assertThat(readWrite.readOnly()).isFalse();
        assertThat(readWrite.toXml()).doesNotContain("readonly");
    }

    @Test
    void parsing_keepsWhatTheXmlSays() {
        String xml = "<filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/>"
                + "<source dir='/srv/x'/><target dir='x'/><readonly/></filesystem>";

        FilesystemDevice parsed = FilesystemDevice.parse(xml);

        assertThat(parsed.readOnly()).isTrue();
        assertThat(parsed.toXml()).contains("<readonly/>");
    }
}
