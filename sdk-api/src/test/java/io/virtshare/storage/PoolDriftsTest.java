package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.storage.PoolDrifts;
import io.virtshare.xml.CorpusConformanceTest;
import io.virtshare.xml.XmlParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Drift is what a declaration states and the live XML lacks or holds otherwise, by the codec's
 * semantic comparison: libvirt's own outputs (from its test corpus) carry the defaults libvirt
 * adds, which must not count.
 */
class PoolDriftsTest {
    private static String libvirtOutput(String file) throws IOException {
        return Files.readString(CorpusConformanceTest.corpus().resolve("tests").resolve(file));
    }

    @Test
    void defaultsLibvirtAdds_uuidSizesPermissionsAndSourceFormat_areNoDrift() throws IOException {
        PoolSpec declared = PoolSpec.netfs("nfsimages").host("localhost").dir(Path.of("/var/lib/libvirt/images"))
                .target(Path.of("/mnt")).build();

        assertThat(PoolDrifts.pool(declared, libvirtOutput("storagepoolxml2xmlout/pool-netfs.xml"))).isEmpty();
    }

    @Test
    void eachStatedFieldThatDiffers_isOneDrift_withItsPathAndBothValues() throws IOException {
        PoolSpec declared = PoolSpec.netfs("nfsimages").host("nfs.example.com").dir(Path.of("/exports/images"))
                .format(FormatType.NFS).target(Path.of("/mnt"))
                .permissions(new Permissions(Optional.of(0750), Optional.of(-1L), Optional.of(107L), Optional.empty()))
                .mountOptions("nconnect=4")
                .build();

        List<PoolDrift> drift = PoolDrifts.pool(declared, libvirtOutput("storagepoolxml2xmlout/pool-netfs.xml"));

        assertThat(drift).extracting(PoolDrift::field, PoolDrift::expected, PoolDrift::actual).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/pool/source/dir/@path", Optional.of("/exports/images"),
                        Optional.of("/var/lib/libvirt/images")),
                org.assertj.core.groups.Tuple.tuple("/pool/source/host/@name", Optional.of("nfs.example.com"),
                        Optional.of("localhost")),
                org.assertj.core.groups.Tuple.tuple("/pool/target/permissions/group", Optional.of("107"),
                        Optional.of("0")),
                org.assertj.core.groups.Tuple.tuple("/pool/target/permissions/mode", Optional.of("0750"),
                        Optional.of("0700")),
                org.assertj.core.groups.Tuple.tuple(
                        "/pool/{http://libvirt.org/schemas/storagepool/fs/1.0}mount_opts/"
                                + "{http://libvirt.org/schemas/storagepool/fs/1.0}option/@name",
                        Optional.of("nconnect=4"), Optional.empty()));
        assertThat(drift).allSatisfy(d -> {
            assertThat(d.pool()).isEqualTo("nfsimages");
            assertThat(d.volume()).isEmpty();
        });
        assertThat(drift.get(0).describe()).isEqualTo("pool nfsimages /pool/source/dir/@path: declared"
                + " '/exports/images', live '/var/lib/libvirt/images'");
    }

    @Test
    void aVolumesFormat_isDrift_whileKeyAllocationAndTimestampsAreNot() throws IOException {
        String live = libvirtOutput("storagevolxml2xmlout/vol-file.xml");
        VolumeSpec same = VolumeSpec.builder("sparse.img").capacity(Size.gib(10)).allocation(Size.ofBytes(0))
                .key("/some/other/key").build();
        VolumeSpec qcow2 = VolumeSpec.builder("sparse.img").capacity(Size.gib(10))
                .target(VolumeTarget.of(FormatType.QCOW2)).build();

        assertThat(PoolDrifts.volume("images", same, live)).isEmpty();
        assertThat(PoolDrifts.volume("images", qcow2, live)).singleElement().satisfies(d -> {
            assertThat(d.volume()).contains("sparse.img");
            assertThat(d.field()).isEqualTo("/volume/target/format/@type");
            assertThat(d.expected()).contains("qcow2");
        });
    }

    @Test
    void aTargetPathWithRepeatedOrTrailingSlashes_isTheSameAsLibvirtWritesIt() throws IOException {
        String live = libvirtOutput("storagepoolxml2xmlout/pool-dir.xml");
        PoolSpec slashes = PoolSpec.builder(PoolType.DIR).name("virtimages")
                .target(new PoolTarget(Optional.of("/var/lib//libvirt/images/"), Optional.empty(), Optional.empty(),
                        Optional.empty(), io.virtshare.xml.XmlExtras.none())).build();
        PoolSpec other = PoolSpec.dir("virtimages").target(Path.of("/var/lib/libvirt/other")).build();

        assertThat(PoolDrifts.pool(slashes, live)).isEmpty();
        assertThat(PoolDrifts.pool(other, live)).extracting(PoolDrift::field).containsExactly("/pool/target/path");
    }

    @Test
    void hostileLiveXml_isRefusedByTheCodec_notFollowed() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE pool [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<pool type='dir'><name>&x;</name></pool>";

        assertThatThrownBy(() -> PoolDrifts.pool(PoolSpec.dir("a").target(Path.of("/a")).build(), xxe))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("DOCTYPE");
    }
}
