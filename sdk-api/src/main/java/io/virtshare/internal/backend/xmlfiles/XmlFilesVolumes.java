package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolTarget;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.storage.Volumes;
import io.virtshare.storage.FormatType;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * The volumes of one xml-files pool: one {@code pools/POOL/NAME.xml} each, written with the
 * path and key libvirt would give the volume (the pool's target directory and the name).
 * There is no data: a clone is a copy of the definition.
 */
final class XmlFilesVolumes implements Volumes {
    private final XmlFilesBackend backend;
    private final XmlFilesPool pool;

    XmlFilesVolumes(XmlFilesBackend backend, XmlFilesPool pool) {
        this.backend = backend;
        this.pool = pool;
    }

    @Override
    public Volume create(VolumeSpec spec) {
        String operation = "create volume";
        XmlFilesDirectory directory = backend.directory(operation);
        XmlFilesDirectory.checkName("volume", spec.name());
        pool.requireStarted(operation);
        PoolSpec poolSpec = pool.spec();
        spec.validateFor(poolSpec.type());
        VolumeSpec placed = placed(spec, poolSpec);
        directory.create(directory.volumeFile(pool.name(), spec.name()), backend.codec().writeVolume(placed),
                operation, spec.name(), "volume in pool '" + pool.name() + "'");
        return new XmlFilesVolume(backend, pool, spec.name());
    }

    /** {@code spec} with the type, path and key libvirt gives a volume of this pool. */
    private static VolumeSpec placed(VolumeSpec spec, PoolSpec poolSpec) {
        Optional<String> path = poolSpec.target().flatMap(PoolTarget::path).map(dir -> dir.endsWith("/")
                ? dir + spec.name() : dir + "/" + spec.name());
        if (path.isEmpty()) {
            return spec;
        }
        VolumeTarget target = spec.target().orElse(VolumeTarget.of(FormatType.RAW)).withPath(path.get());
        return spec.toBuilder().type(spec.type().orElse("file")).key(path.get()).target(target).build();
    }

    @Override
    public Volume clone(Volume source, String name) {
        return clone(source, source.spec().toBuilder().name(name).build());
    }

    @Override
    public Volume clone(Volume source, VolumeSpec spec) {
        source.spec();
        VolumeSpec fresh = spec.toBuilder().key(null)
                .target(spec.target().map(t -> new VolumeTarget(Optional.empty(), t.format(), t.permissions(),
                        Optional.empty(), t.encryption(), t.compat(), t.clusterSize(), t.nocow(), t.lazyRefcounts(),
                        t.extendedL2(), t.extras())).orElse(null))
                .build();
        return create(fresh);
    }

    @Override
    public Optional<Volume> find(String name) {
        XmlFilesDirectory directory = backend.directory("find volume");
        XmlFilesDirectory.checkName("volume", name);
        pool.xml();
        return Files.isRegularFile(directory.volumeFile(pool.name(), name))
                ? Optional.of(new XmlFilesVolume(backend, pool, name)) : Optional.empty();
    }

    @Override
    public Volume get(String name) {
        return find(name).orElseThrow(() -> backend.directory("get volume").notFound("get volume",
                "volume in pool '" + pool.name() + "'", name, "create it with pool.volumes().create(spec), or list"
                        + " the pool's volumes with pool.volumes().list()"));
    }

    @Override
    public List<Volume> list() {
        XmlFilesDirectory directory = backend.directory("list volumes");
        pool.xml();
        return directory.names(directory.volumeDirectory(pool.name()), "list volumes").stream()
                .<Volume>map(name -> new XmlFilesVolume(backend, pool, name)).toList();
    }
}
