package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.storage.Volumes;
import io.virtshare.xml.XmlCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The volumes of one {@link LibvirtPool}: create, clone, find, list.
 *
 * <p>Creation is checked before anything reaches libvirt
 * ({@link VolumeSpec#validateFor(PoolType)}): iscsi, iscsi-direct, scsi and mpath pools
 * cannot create volumes, logical volumes cannot be sparse, a volume needs a capacity.
 */
final class LibvirtVolumes implements Volumes {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    private final LibvirtPool pool;

    LibvirtVolumes(LibvirtPool pool) {
        this.pool = pool;
    }

    /**
     * Creates a volume from {@code spec} ({@code virStorageVolCreateXML}).
     *
     * @throws InvalidSpecException when the pool's type cannot create it, naming the pool and what to change
     * @throws BackendException when libvirt refuses (e.g. a volume of that name exists)
     */
    @Override
    public LibvirtVolume create(VolumeSpec spec) {
        Objects.requireNonNull(spec, "spec");
        checkFor(spec.problemsFor(pool.type()), spec.name());
        String xml = CODEC.writeVolume(spec);
        return pool.on("create volume " + spec.name() + " in", p -> handle(p.storageVolCreateXML(xml, 0)));
    }

    /**
     * Creates {@code name} in this pool as a copy of {@code source} (which may live in
     * another pool of the same host), in the source's format ({@code virStorageVolCreateXMLFrom}).
     */
    @Override
    public LibvirtVolume clone(Volume source, String name) {
        Objects.requireNonNull(source, "source");
        VolumeSpec.Builder copy = VolumeSpec.builder(name);
        source.spec().target().flatMap(t -> t.format())
                .ifPresent(f -> copy.target(VolumeTarget.of(f)));
        return clone(source, copy.build());
    }

    /**
     * Creates a volume from {@code spec} holding a copy of {@code source}'s data; the
     * capacity may be left out (the source's is taken) or be larger.
     *
     * @throws InvalidSpecException when the pool's type cannot create volumes
     */
    @Override
    public LibvirtVolume clone(Volume source, VolumeSpec spec) {
        LibvirtVolume from = own(source);
        Objects.requireNonNull(spec, "spec");
        VolumeSpec sized = spec.capacity().isPresent() ? spec
                : spec.toBuilder().capacity(source.info().capacity()).build();
        checkFor(sized.problemsFor(pool.type()), spec.name());
        String xml = CODEC.writeVolume(sized);
        return pool.on("clone volume " + source.name() + " as " + spec.name() + " in", p -> {
            StoragePool sourcePool = pool.host().connection().storagePoolLookupByUUIDString(from.pool().uuid());
            StorageVol original = null;
            try {
                original = sourcePool.storageVolLookupByName(from.name());
                return handle(p.storageVolCreateXMLFrom(xml, original, 0));
            } finally {
                Handles.free(original);
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

    /** {@code source} as a volume of this pool's host: libvirt copies only between pools of one host. */
    private LibvirtVolume own(Volume source) {
        Objects.requireNonNull(source, "source");
        if (source instanceof LibvirtVolume v && v.pool().host() == pool.host()) {
            return v;
        }
        throw new InvalidSpecException("cannot clone " + source + " into pool " + pool.name() + " on "
                + pool.host().uri() + ": libvirt copies only between pools of one connection; give a volume of this"
                + " VirtShare's pools, or download it and upload the file into a new volume");
    }

    private LibvirtVolume handle(StorageVol created) throws org.libvirt.LibvirtException {
        try {
            return new LibvirtVolume(pool, created.getName(), created.getKey(), created.getPath());
        } finally {
            Handles.free(created);
        }
    }

    /** The volume called {@code name} in this pool, if there is one (the pool must be started). */
    @Override
    public Optional<Volume> find(String name) {
        return lookup(name).map(v -> v);
    }

    @Override
    public LibvirtVolume get(String name) {
        return lookup(name).orElseThrow(() -> Failures.failure(pool.host().uri(), "get volume", pool.name(), name,
                Existing.VOLUME, BackendFailure.NOT_FOUND, "no volume of that name", null));
    }

    private Optional<LibvirtVolume> lookup(String name) {
        Objects.requireNonNull(name, "name");
        try {
            return Optional.of(pool.on("look up volume " + name + " in", p -> handle(p.storageVolLookupByName(name))));
        } catch (BackendException e) {
            if (e.failure() == BackendFailure.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The volumes of this pool, by name (the pool must be started). */
    @Override
    public List<Volume> list() {
        String[] names = pool.on("list volumes of", StoragePool::listVolumes);
        List<LibvirtVolume> volumes = new ArrayList<>();
        for (String name : names) {
            lookup(name).ifPresent(volumes::add);
        }
        volumes.sort(Comparator.comparing(LibvirtVolume::name));
        return List.copyOf(volumes);
    }
}
