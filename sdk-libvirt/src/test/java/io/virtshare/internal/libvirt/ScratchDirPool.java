package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import java.nio.file.Path;
import java.util.UUID;

/** A dir pool made fresh for one test on {@code qemu:///system}, removed with its volumes on close. */
final class ScratchDirPool implements AutoCloseable {
    private final VirtShare host;
    private final String name;
    private final Pool pool;

    private ScratchDirPool(VirtShare host, String name, Pool pool) {
        this.host = host;
        this.name = name;
        this.pool = pool;
    }

    /** A started dir pool whose target is {@code target}, with a random name starting {@code vs-it-}. */
    static ScratchDirPool create(Path target) {
        VirtShare host = TestPools.open("qemu:///system");
        String name = "vs-it-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            return new ScratchDirPool(host, name, host.pools().create(PoolSpec.dir(name).target(target).build()));
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    Pool pool() {
        return pool;
    }

    @Override
    public void close() {
        TestPools.remove(host, name);
        host.close();
    }
}
