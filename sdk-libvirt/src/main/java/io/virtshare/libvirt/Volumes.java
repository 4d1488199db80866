package io.virtshare.libvirt;

import io.virtshare.InvalidSpecException;
import io.virtshare.libvirt.internal.Handles;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.xml.XmlCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The volumes of one {@link Pool}: create, clone, look up, list.
 *
 * <p>Creation is checked before anything reaches libvirt
 * ({@link VolumeSpec#validateFor(PoolType)}): iscsi, iscsi-direct, scsi and mpath pools
 * cannot create volumes, logical volumes cannot be sparse, a volume needs a capacity.
 *
 * <pre>{@code
 * Volumes volumes = pool.volumes();
 * Volume disk = volumes.create(VolumeSpec.builder("vm1.qcow2").capacity(Size.gib(10))
 *         .target(VolumeTarget.of(FormatType.QCOW2)).build());
 * Volume copy = volumes.clone(disk, "vm2.qcow2");
 * volumes.list().forEach(v -> System.out.println(v.name() + " " + v.path()));
 * }</pre>
 */
public final class Volumes {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    private final Pool pool;

    Volumes(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates a volume from {@code spec} ({@code virStorageVolCreateXML}).
     *
     * @throws InvalidSpecException when the pool's type cannot create it, naming the pool and what to change
     * @throws LibvirtOperationException when libvirt refuses (e.g. a volume of that name exists)
     */
    public Volume create(VolumeSpec spec) {
        Objects.requireNonNull(spec, "spec");
        checkFor(spec.problemsFor(pool.type()), spec.name());
        String xml = CODEC.writeVolume(spec);
        return pool.on("create volume " + spec.name() + " in", p -> handle(p.storageVolCreateXML(xml, 0)));
    }

    /**
     * Creates {@code name} in this pool as a copy of {@code source} (which may live in
     * another pool of the same host), in the source's format ({@code virStorageVolCreateXMLFrom}).
     */
    public Volume clone(Volume source, String name) {
        Objects.requireNonNull(source, "source");
        VolumeSpec.Builder copy = VolumeSpec.builder(name);
        source.spec().target().flatMap(t -> t.format())
                .ifPresent(f -> copy.target(io.virtshare.storage.VolumeTarget.of(f)));
        return clone(source, copy.build());
    }

    /**
     * Creates a volume from {@code spec} holding a copy of {@code source}'s data; the
     * capacity may be left out (the source's is taken) or be larger.
     *
     * @throws InvalidSpecException when the pool's type cannot create volumes
     */
    public Volume clone(Volume source, VolumeSpec spec) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(spec, "spec");
        VolumeSpec sized = spec.capacity().isPresent() ? spec
                : spec.toBuilder().capacity(source.info().capacity()).build();
        checkFor(sized.problemsFor(pool.type()), spec.name());
        String xml = CODEC.writeVolume(sized);
        return pool.on("clone volume " + source.name() + " as " + spec.name() + " in", p -> {
            StoragePool sourcePool = pool.host().connection().storagePoolLookupByUUIDString(source.pool().uuid());
            StorageVol from = null;
            try {
                from = sourcePool.storageVolLookupByName(source.name());
                return handle(p.storageVolCreateXMLFrom(xml, from, 0));
            } finally {
                Handles.free(from);
                Handles.free(sourcePool);
            }
        });
    }

    private void checkFor(List<String> problems, String volume) {
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems.stream()
                    .map(problem -> "volume " + volume + " in pool " + pool.name() + ": " + problem).toList());
        }
    }

    private Volume handle(StorageVol created) throws org.libvirt.LibvirtException {
        try {
            return new Volume(pool, created.getName(), created.getKey(), created.getPath());
        } finally {
            Handles.free(created);
        }
    }

    /** The volume called {@code name} in this pool, if there is one (the pool must be started). */
    public Optional<Volume> lookup(String name) {
        Objects.requireNonNull(name, "name");
        try {
            return Optional.of(pool.on("look up volume " + name + " in", p -> handle(p.storageVolLookupByName(name))));
        } catch (LibvirtOperationException e) {
            if (e.failure() == LibvirtFailure.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The volumes of this pool, by name (the pool must be started). */
    public List<Volume> list() {
        String[] names = pool.on("list volumes of", StoragePool::listVolumes);
        List<Volume> volumes = new ArrayList<>();
        for (String name : names) {
            lookup(name).ifPresent(volumes::add);
        }
        volumes.sort(java.util.Comparator.comparing(Volume::name));
        return List.copyOf(volumes);
    }
}
