package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PoolSpecTest {
    private final XmlCodec codec = XmlCodec.defaults();

    @Test
    void netfsFactory_readsNaturallyAndWritesLibvirtXml() {
        PoolSpec pool = PoolSpec.netfs("virtimages").host("nfs.example.com").dir(Path.of("/var/lib/virt/images"))
                .format(FormatType.NFS).target(Path.of("/var/lib/virt/images")).build().validate();

        assertThat(codec.writePool(pool)).isEqualTo("""
                <pool type='netfs'>
                  <name>virtimages</name>
                  <source>
                    <host name='nfs.example.com'/>
                    <dir path='/var/lib/virt/images'/>
                    <format type='nfs'/>
                  </source>
                  <target>
                    <path>/var/lib/virt/images</path>
                  </target>
                </pool>
                """);
        assertThat(pool.source()).get().isInstanceOf(PoolSource.Netfs.class);
    }

    @Test
    void validate_whenNetfsLacksHostAndDir_saysWhatToSet() {
        PoolSpec pool = PoolSpec.netfs("images").target(Path.of("/mnt/images")).build();

        assertThatThrownBy(pool::validate).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("a netfs pool needs a source host (the file server): set host(")
                .hasMessageContaining("a netfs pool needs a source dir (the exported directory)");
        assertThat(pool.problems()).hasSize(2);
    }

    @Test
    void validate_whenIscsiLacksHostAndDevice_saysWhatToSet() {
        assertThat(PoolSpec.iscsi("san").target(Path.of("/dev/disk/by-path")).build().problems()).containsExactly(
                "an iscsi pool needs a source host (the iSCSI portal): set host(\"iscsi.example.com\")"
                        + " (in XML: <source><host name='iscsi.example.com'/></source>)",
                "an iscsi pool needs a source device path (the target IQN): set"
                        + " device(\"iqn.2013-06.com.example:target\")"
                        + " (in XML: <source><device path='iqn.2013-06.com.example:target'/></source>)");
    }

    @Test
    void validate_whenNetworkPoolHasATarget_saysItHasNone() {
        PoolSpec rbd = PoolSpec.builder(PoolType.RBD).name("ceph").sourceName("rbd").host("mon.example.com")
                .target(Path.of("/srv")).build();

        assertThat(rbd.problems()).singleElement().asString()
                .contains("a rbd pool has no target", "remove the target path and permissions");
    }

    @Test
    void validate_whenHostIsNotADnsNameOrAddress_saysWhatIsAllowed() {
        PoolSpec netfs = PoolSpec.netfs("n").host("file_server").dir(Path.of("/d")).target(Path.of("/m")).build();

        assertThat(netfs.problems()).singleElement().asString()
                .contains("'file_server' is neither a DNS name nor an IP address");
        assertThat(PoolSpec.netfs("n").host("2001:db8::1").dir(Path.of("/d")).target(Path.of("/m")).build().problems())
                .isEmpty();
    }

    @Test
    void validate_whenTargetPathMissingOrFormatWrong_saysSo() {
        assertThat(PoolSpec.dir("d").build().problems()).singleElement().asString().contains("needs a target path");
        assertThat(PoolSpec.netfs("n").host("h").dir(Path.of("/d")).format(FormatType.GPT).target(Path.of("/m")).build()
                .problems())
                .singleElement().asString().contains("gpt is not one a netfs pool takes; use one of auto, nfs");
    }

    @Test
    void validate_whenSheepdog_explainsRemoval() {
        PoolSpec sheep = codec.readPool("<pool type='sheepdog'><name>s</name><source><name>s</name>"
                + "<host name='localhost' port='7000'/></source></pool>");

        assertThat(sheep.type()).isEqualTo(PoolType.SHEEPDOG);
        assertThat(sheep.source()).get().isInstanceOf(PoolSource.Sheepdog.class);
        assertThatThrownBy(sheep::validate).hasMessageContaining("removed in libvirt 8.8");
    }

    @Test
    void build_whenSourceFieldDoesNotBelongToType_namesWhatTheTypeUses() {
        assertThatThrownBy(() -> PoolSpec.builder(PoolType.DIR).name("d").host("h").target(Path.of("/x")).build())
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("a dir pool source has no host; dir pools use no source elements");
        assertThatThrownBy(() -> PoolSpec.builder(PoolType.RBD).name("r").sourceDir("/x").build())
                .hasMessage("a rbd pool source has no dir; rbd pools use source host, name, auth");
    }

    @Test
    void unknownType_isKeptAsWritten() {
        String xml = "<pool type='nvme-of'><name>n</name><source><subsystem nqn='x'/></source></pool>";

        PoolSpec pool = codec.readPool(xml);

        assertThat(pool.type()).isEqualTo(PoolType.UNKNOWN_TO_SDK_VERSION);
        assertThat(pool.typeName()).isEqualTo("nvme-of");
        assertThat(pool.source()).get().isInstanceOf(PoolSource.Unknown.class);
        assertThat(codec.writePool(pool)).contains("<pool type='nvme-of'>", "<subsystem nqn='x'/>");
        assertThat(pool.problems()).containsExactly("pool type 'nvme-of' is not a libvirt pool type this SDK knows;"
                + " write <pool type='…'> with one of dir, fs, netfs, logical, disk, iscsi, iscsi-direct, scsi,"
                + " mpath, rbd, gluster, zfs, vstorage");
    }

    @ParameterizedTest
    @CsvSource({
        "directory, dir", "Dir, dir", "DIR, dir", "' dir', dir", "dri, dir", "folder, dir",
        "filesystem, fs", "nfs, netfs", "netsf, netfs", "cifs, netfs", "lvm, logical", "logcial, logical",
        "disks, disk", "iscsi_direct, iscsi-direct", "iscsidirect, iscsi-direct", "ISCSI, iscsi", "sccsi, scsi",
        "multipath, mpath", "ceph, rbd", "rdb, rbd", "glusterfs, gluster", "zpool, zfs", "vstorge, vstorage",
    })
    void validate_whenTheTypeIsMistyped_refusesItNamingTheLikelyType(String written, String meant) {
        PoolSpec fromXml = codec.readPool("<pool type='" + written + "'><name>p</name>"
                + "<target><path>/p</path></target></pool>");
        PoolSpec built = PoolSpec.builder(written).name("p").target(Path.of("/p")).build();

        for (PoolSpec pool : List.of(fromXml, built)) {
            assertThatThrownBy(pool::validate).isInstanceOf(InvalidSpecException.class)
                    .hasMessage("pool type '" + written + "' is not a libvirt pool type this SDK knows; write"
                            + " <pool type='…'> with one of dir, fs, netfs, logical, disk, iscsi, iscsi-direct, scsi,"
                            + " mpath, rbd, gluster, zfs, vstorage (did you mean '" + meant + "'?)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nvme-of", "xyz", "qcow2", "volume", "d", "sheep"})
    void validate_whenTheTypeIsUnknownAndNotClose_listsTheTypesWithoutAGuess(String written) {
        PoolSpec pool = PoolSpec.builder(written).name("p").build();

        assertThat(pool.problems()).singleElement().asString()
                .startsWith("pool type '" + written + "' is not a libvirt pool type this SDK knows")
                .endsWith("gluster, zfs, vstorage");
    }

    @Test
    void validate_whenTheTypeHoldsControlCharacters_keepsTheMessageOnOneLine() {
        PoolSpec pool = PoolSpec.builder("dir\nERROR: forged").name("p").build();

        assertThat(pool.problems()).singleElement().asString().doesNotContain("\n")
                .startsWith("pool type 'dir\\u000aERROR: forged' is not");
        assertThat(PoolSpec.builder("x".repeat(5000)).name("p").build().problems()).singleElement().asString()
                .contains("'" + "x".repeat(40) + "…'").hasSizeLessThan(300);
    }

    @ParameterizedTest
    @EnumSource(value = PoolType.class, names = {"SHEEPDOG", "UNKNOWN_TO_SDK_VERSION"}, mode = EnumSource.Mode.EXCLUDE)
    void problems_neverCallAKnownTypeUnknown(PoolType type) {
        assertThat(PoolSpec.builder(type).name("p").build().problems())
                .noneMatch(p -> p.contains("not a libvirt pool type"));
    }

    @Test
    void sourceVariant_mustMatchType() {
        assertThatThrownBy(() -> PoolSpec.builder(PoolType.DIR).name("d")
                .source(new PoolSource.Mpath(io.virtshare.xml.XmlExtras.none())).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("a dir pool cannot take a PoolSource.Mpath");
        assertThatThrownBy(() -> new PoolSpec("dir", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new PoolSource.Mpath(io.virtshare.xml.XmlExtras.none())), Optional.empty(),
                Optional.empty(), List.of(), List.of(), io.virtshare.xml.XmlExtras.none()))
                .hasMessageContaining("a dir pool cannot have a source for MPATH pools");
    }

    @ParameterizedTest
    @EnumSource(value = PoolType.class, names = {"ISCSI", "ISCSI_DIRECT", "SCSI", "MPATH"})
    void lunPools_cannotCreateVolumes(PoolType type) {
        assertThat(type.canCreateVolumes()).isFalse();
        assertThat(VolumeSpec.builder("v").capacity(Size.gib(1)).build().problemsFor(type))
                .singleElement().asString().contains("cannot create volumes in " + type.xmlName().orElseThrow());
    }

    @Test
    void logicalPool_needsTargetElement_butNotItsPath() {
        assertThat(PoolSpec.logical("vg0").sourceName("vg0").build().problems()).singleElement().asString()
                .contains("a logical pool needs a target", "target(Path.of(\"/dev/vg0\"))");
        assertThat(PoolSpec.logical("vg0").sourceName("vg0").target(Path.of("/dev/vg0")).build().problems()).isEmpty();
        assertThat(PoolSpec.logical("vg0").sourceName("vg0").permissions(new Permissions(Optional.of(0755),
                Optional.empty(), Optional.empty(), Optional.empty())).build().problems()).isEmpty();
    }

    @Test
    void logicalVolumes_cannotBeSparse() {
        VolumeSpec sparse = VolumeSpec.builder("lv").capacity(Size.gib(10)).allocation(Size.gib(1)).build();

        assertThatThrownBy(() -> sparse.validateFor(PoolType.LOGICAL)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("logical volumes cannot be sparse");
        assertThat(sparse.problemsFor(PoolType.DIR)).isEmpty();
        assertThat(PoolType.DIR.canCreateVolumes()).isTrue();
    }

    @Test
    void toBuilder_keepsEverything() {
        PoolSpec pool = codec.readPool("<pool type='dir' x='1'><name>d</name><target><path>/a</path>"
                + "<permissions><mode>0711</mode></permissions><y/></target></pool>");

        assertThat(pool.toBuilder().build()).isEqualTo(pool);
        PoolSpec moved = pool.toBuilder().target(Path.of("/b")).build();
        assertThat(moved.target().orElseThrow().permissions()).isEqualTo(pool.target().orElseThrow().permissions());
        assertThat(moved.target().orElseThrow().extras()).isEqualTo(pool.target().orElseThrow().extras());
    }
}
