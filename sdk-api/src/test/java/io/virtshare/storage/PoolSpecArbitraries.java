package io.virtshare.storage;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik arbitraries of valid pool specs of every type, built through the builders. */
public final class PoolSpecArbitraries {
    private PoolSpecArbitraries() {
    }

    record Ingredients(String name, String path, List<Host> hosts, Optional<Size> capacity,
            Optional<Permissions> permissions, Optional<Boolean> cow, String word, Optional<String> uuid) {
    }

    /**
     * Valid pools of every type (sheepdog and unknown types aside) whose names, paths and
     * words come from {@code text}.
     */
    public static Arbitrary<PoolSpec> pools(Arbitrary<String> text) {
        Arbitrary<String> hostName = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars(".-")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<Host> host = Combinators.combine(hostName, Arbitraries.integers().between(1, 65535).optional())
                .as(Host::new);
        Arbitrary<Size> size = Arbitraries.of("", "bytes", "KiB", "M", "GB", "TiB")
                .flatMap(u -> Arbitraries.longs().between(0, (1L << 50) / Size.multiplier(u)).map(v -> Size.of(v, u)));
        Arbitrary<Permissions> permissions = Combinators.combine(Arbitraries.integers().between(0, 07777).optional(),
                Arbitraries.longs().between(-1, 65535).optional(), Arbitraries.longs().between(-1, 65535).optional(),
                text.optional()).as(Permissions::new);
        Arbitrary<Ingredients> ingredients = Combinators.combine(text, text.map(t -> "/" + t),
                host.list().ofMinSize(1).ofMaxSize(3), size.optional(), permissions.optional(),
                Arbitraries.of(true, false).optional(), text, Arbitraries.create(java.util.UUID::randomUUID)
                        .map(Object::toString).optional()).as(Ingredients::new);
        EnumSet<PoolType> types = EnumSet.complementOf(EnumSet.of(PoolType.SHEEPDOG, PoolType.UNKNOWN_TO_SDK_VERSION));
        return Combinators.combine(Arbitraries.of(types), ingredients).as(PoolSpecArbitraries::pool);
    }

    private static PoolSpec pool(PoolType type, Ingredients i) {
        PoolSpec.Builder b = PoolSpec.builder(type).name(i.name()).uuid(i.uuid().orElse(null))
                .capacity(i.capacity().orElse(null));
        i.cow().ifPresent(b::cow);
        if (type.needsTargetPath()) {
            b.target(Path.of(i.path()));
        }
        if (type.needsTargetPath() || type == PoolType.LOGICAL) {
            i.permissions().ifPresent(b::permissions);
        }
        if (type == PoolType.LOGICAL && i.permissions().isEmpty()) {
            b.target(Path.of("/dev/" + i.word()));
        }
        Host first = i.hosts().get(0);
        switch (type) {
            case FS -> b.device("/dev/" + i.word()).format(FormatType.XFS).mountOptions("noatime", i.word());
            case NETFS -> b.host(first.name()).sourceDir(i.path()).format(FormatType.NFS).protocolVersion("4.1")
                    .mountOptions(i.word());
            case LOGICAL -> b.sourceName(i.word()).device("/dev/sdb1").device("/dev/sdc1").format(FormatType.LVM2);
            case DISK -> b.device(new SourceDevice("/dev/sdb", Optional.of(false),
                    List.of(new Extent(0, 1024)))).format(FormatType.GPT);
            case ISCSI -> b.hosts(List.of(first)).device("iqn.2013-06.com.example:" + i.word())
                    .auth(Auth.chap(i.word(), SecretRef.usage(i.name())));
            case ISCSI_DIRECT -> b.hosts(List.of(first)).device("iqn.2013-06.com.example:t")
                    .initiatorIqn("iqn.2013-06.com.example:" + i.word());
            case SCSI -> b.adapter(Adapter.fcHost("20000000c9831b4b", "10000000c9831b4b").withParent(i.word()));
            case RBD -> b.sourceName(i.word()).hosts(i.hosts())
                    .auth(Auth.ceph("admin", SecretRef.uuid("2ec115d7-3a88-3ceb-bc12-0ac909a6fd87")))
                    .rbdOption("client_mount_timeout", i.word()).refreshVolumeAllocation("capacity");
            case GLUSTER -> b.sourceName(i.word()).host(first.name()).sourceDir(i.path());
            case ZFS -> b.sourceName(i.word()).device("/dev/ada1");
            case VSTORAGE -> b.sourceName(i.word());
            default -> {
                // dir and mpath have no source
            }
        }
        return b.build();
    }
}
