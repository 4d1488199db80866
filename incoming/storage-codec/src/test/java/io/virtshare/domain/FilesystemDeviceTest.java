package io.virtshare.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.storage.Size;
import io.virtshare.xml.XmlCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FilesystemDeviceTest {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    @Test
    void virtiofs_writesWhatLibvirtExpects() {
        assertThat(CODEC.writeFilesystem(FilesystemDevice.virtiofs("/srv/models", "models"))).isEqualTo("""
                <filesystem type='mount' accessmode='passthrough'>
                  <driver type='virtiofs'/>
                  <source dir='/srv/models'/>
                  <target dir='models'/>
                </filesystem>
                """);
        assertThat(CODEC.writeMemoryBacking(MemoryBacking.sharedMemfd())).isEqualTo("""
                <memoryBacking>
                  <source type='memfd'/>
                  <access mode='shared'/>
                </memoryBacking>
                """);
    }

    @Test
    void readFilesystem_readsEveryModelledField() {
        FilesystemDevice fs = CODEC.readFilesystem("""
                <filesystem type='mount' accessmode='mapped' model='virtio' multidevs='remap' fmode='0644' dmode='0755'>
                  <driver type='virtiofs' queue='1024' iommu='on' ats='off' packed='on'/>
                  <binary path='/usr/libexec/virtiofsd' xattr='on'>
                    <cache mode='always'/><sandbox mode='chroot'/><lock posix='on' flock='off'/>
                    <thread_pool size='16'/><openfiles max='122333'/>
                  </binary>
                  <idmap><uid start='0' target='100000' count='65535'/><gid start='0' target='100000' count='10'/></idmap>
                  <source socket='/run/fs.sock'/>
                  <target dir='tag'/>
                  <readonly/>
                  <space_hard_limit unit='MiB'>10</space_hard_limit>
                  <boot order='2'/>
                  <alias name='fs0'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
                </filesystem>
                """);

        assertThat(fs.fmode()).contains(0644);
        assertThat(fs.driver().orElseThrow().iommu()).contains(true);
        assertThat(fs.binary().orElseThrow().openFilesMax()).contains(122333L);
        assertThat(fs.idmap().orElseThrow().gids()).containsExactly(new IdMap.Entry(0, 100000, 10));
        assertThat(fs.source().orElseThrow().socket()).contains("/run/fs.sock");
        assertThat(fs.readOnly()).isTrue();
        assertThat(fs.spaceHardLimit()).contains(Size.mib(10));
        assertThat(fs.address().orElseThrow().type()).contains("pci");
        assertThat(fs.extras().isEmpty()).isTrue();
    }

    @Property(tries = 300)
    void filesystem_writeThenRead_isEqual(@ForAll("filesystems") FilesystemDevice fs) {
        assertThat(CODEC.readFilesystem(CODEC.writeFilesystem(fs))).isEqualTo(fs);
    }

    @Property(tries = 200)
    void memoryBacking_writeThenRead_isEqual(@ForAll("memoryBackings") MemoryBacking mb) {
        assertThat(CODEC.readMemoryBacking(CODEC.writeMemoryBacking(mb))).isEqualTo(mb);
    }

    @Provide
    Arbitrary<FilesystemDevice> filesystems() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('a', 'z').withChars("/<&'").ofMinLength(1)
                .ofMaxLength(10);
        Arbitrary<FilesystemDriver> driver = Combinators.combine(Arbitraries.of("virtiofs", "path", "handle").optional(),
                Arbitraries.integers().between(1, 4096).optional(), text.optional(), text.optional(),
                Arbitraries.of(true, false).optional(), Arbitraries.of(true, false).optional(),
                Arbitraries.of(true, false).optional()).as(FilesystemDriver::new);
        Arbitrary<FilesystemBinary> binary = Combinators.combine(text.optional(),
                Arbitraries.of(true, false).optional(), text.optional(), text.optional(),
                Arbitraries.of(true, false).optional(), Arbitraries.of(true, false).optional(),
                Arbitraries.integers().between(0, 64).optional(), Arbitraries.longs().between(0, 1 << 20).optional())
                .as(FilesystemBinary::new);
        Arbitrary<IdMap.Entry> entry = Combinators.combine(Arbitraries.longs().between(0, 1 << 20),
                Arbitraries.longs().between(0, 1 << 20), Arbitraries.longs().between(0, 1 << 16)).as(IdMap.Entry::new);
        Arbitrary<IdMap> idmap = Combinators.combine(entry.list().ofMaxSize(2), entry.list().ofMaxSize(2))
                .as(IdMap::new);
        return Combinators.combine(text, text, driver.optional(), binary.optional(), idmap.optional(),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 0777).optional(),
                Arbitraries.longs().between(0, 1 << 30).optional())
                .as((source, tag, d, b, m, readOnly, mode, limit) -> FilesystemDevice.builder().type("mount")
                        .accessMode("passthrough").source(FilesystemSource.dir(source)).targetDir(tag)
                        .driver(d.orElse(null)).binary(b.orElse(null)).idmap(m.orElse(null)).readOnly(readOnly)
                        .fmode(mode.orElse(null)).spaceSoftLimit(limit.map(Size::ofBytes).orElse(null))
                        .bootOrder(mode.map(x -> x + 1).orElse(null)).alias(tag)
                        .address(DeviceAddress.of(Map.of("type", "pci", "slot", "0x02"))).build());
    }

    @Provide
    Arbitrary<MemoryBacking> memoryBackings() {
        Arbitrary<MemoryBacking.HugePage> page = Combinators.combine(Arbitraries.longs().between(1, 1 << 21).optional(),
                Arbitraries.of("KiB", "M", "G").optional(), Arbitraries.of("0", "0-1").optional())
                .as(MemoryBacking.HugePage::new);
        return Combinators.combine(page.list().ofMaxSize(2).optional(), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of("memfd", "file", "anonymous").optional(),
                Arbitraries.of("shared", "private").optional(), Arbitraries.of("immediate", "ondemand").optional(),
                Arbitraries.integers().between(1, 8).optional(), Arbitraries.of(true, false))
                .as((pages, noShare, locked, source, access, mode, threads, discard) -> new MemoryBacking(pages,
                        noShare, locked, source, access, mode, threads, discard, io.virtshare.xml.XmlExtras.none()));
    }

    @Test
    void hugepage_sizeDefaultsToKib() {
        assertThat(new MemoryBacking.HugePage(Optional.of(2048L), Optional.empty(), Optional.empty()).pageSize())
                .contains(Size.mib(2));
        assertThat(List.of(MemoryBacking.sharedMemfd().isShared())).containsExactly(true);
    }
}
