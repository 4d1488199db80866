package io.virtshare.internal.backend.qemu;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
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

/** The {@code qemu} backend's pools: it has none; every call says which backends have them. */
final class QemuPools implements Pools {
    private final Path home;

    QemuPools(Path home) {
        this.home = home;
    }

    @Override
    public Pool define(PoolSpec spec) {
        throw unsupported("define pool", spec == null ? null : spec.name().orElse(null));
    }

    @Override
    public Pool create(PoolSpec spec, PoolBuild build) {
        throw unsupported("create pool", spec == null ? null : spec.name().orElse(null));
    }

    @Override
    public Optional<Pool> find(String name) {
        throw unsupported("find pool", name);
    }

    @Override
    public Pool get(String name) {
        throw unsupported("get pool", name);
    }

    @Override
    public List<Pool> list() {
        throw unsupported("list pools", null);
    }

    @Override
    public Optional<Volume> findVolume(Path path) {
        throw unsupported("find volume", path == null ? null : path.toString());
    }

    @Override
    public PoolCapabilities capabilities() {
        throw unsupported("pool capabilities", null);
    }

    @Override
    public List<PoolSource> discoverSources(PoolType type, Optional<Host> host) {
        throw unsupported("discover pool sources", null);
    }

    private BackendException unsupported(String operation, String subject) {
        return QemuErrors.error(home, operation, subject, BackendFailure.NOT_SUPPORTED, "the qemu backend runs VMs"
                + " as QEMU processes and has no storage pools; open VirtShare with backend(\"libvirt\") (sdk-libvirt)"
                + " for pools on a libvirt host, or backend(\"xml-files\") to write pool XML into a directory");
    }
}
