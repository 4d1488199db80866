package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.InvalidSpecException;
import io.virtshare.storage.Host;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolCapabilities;
import io.virtshare.storage.PoolBuild;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.Pools;
import io.virtshare.storage.Volume;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The pools of the xml-files backend: one {@code pools/NAME.xml} each. */
final class XmlFilesPools implements Pools {
    private final XmlFilesBackend backend;

    XmlFilesPools(XmlFilesBackend backend) {
        this.backend = backend;
    }

    @Override
    public Pool define(PoolSpec spec) {
        XmlFilesDirectory directory = backend.directory("define pool");
        String name = spec.name().orElseThrow(() -> new InvalidSpecException("the pool has no name; give it one,"
                + " e.g. PoolSpec.dir(\"images\")"));
        XmlFilesDirectory.checkName("pool", name);
        spec.validate();
        PoolSpec named = spec.uuid().isPresent() ? spec : spec.toBuilder().uuid(UUID.randomUUID().toString()).build();
        directory.create(directory.poolFile(name), backend.codec().writePool(named), "define pool", name, "pool");
        return new XmlFilesPool(backend, name);
    }

    @Override
    public Pool create(PoolSpec spec, PoolBuild build) {
        Pool pool = define(spec);
        try {
            return pool.build(build).start();
        } catch (RuntimeException e) {
            try {
                pool.undefine();
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    @Override
    public Optional<Pool> find(String name) {
        XmlFilesDirectory directory = backend.directory("find pool");
        XmlFilesDirectory.checkName("pool", name);
        return java.nio.file.Files.isRegularFile(directory.poolFile(name))
                ? Optional.of(new XmlFilesPool(backend, name)) : Optional.empty();
    }

    @Override
    public Pool get(String name) {
        return find(name).orElseThrow(() -> backend.directory("get pool").notFound("get pool", "pool", name,
                "define it with vs.pools().define(spec), or list the pools with vs.pools().list()"));
    }

    @Override
    public List<Pool> list() {
        XmlFilesDirectory directory = backend.directory("list pools");
        return directory.names(directory.pools(), "list pools").stream()
                .<Pool>map(name -> new XmlFilesPool(backend, name)).toList();
    }

    @Override
    public Optional<Volume> findVolume(Path path) {
        for (Pool pool : list()) {
            for (Volume volume : pool.volumes().list()) {
                if (volume.path().equals(path)) {
                    return Optional.of(volume);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public PoolCapabilities capabilities() {
        throw backend.directory("pool capabilities").notSupported("pool capabilities", null,
                "say which pool types a host supports", "open VirtShare with backend(\"libvirt\") (sdk-libvirt) and ask"
                        + " the libvirt host");
    }

    @Override
    public List<PoolSource> discoverSources(PoolType type, Optional<Host> host) {
        throw backend.directory("discover pool sources").notSupported("discover pool sources", null,
                "discover pool sources", "open VirtShare with backend(\"libvirt\") (sdk-libvirt) and ask the libvirt"
                        + " host");
    }
}
