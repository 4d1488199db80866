package io.virtshare.libvirt;

/** Removes a test's pool with its volumes, whatever state it was left in. */
final class TestPools {
    private TestPools() {
    }

    static void remove(LibvirtHost host, String name) {
        host.pools().lookup(name).ifPresent(pool -> {
            if (pool.isActive()) {
                pool.volumes().list().forEach(Volume::delete);
                pool.stop();
            }
            try {
                pool.delete();
            } catch (LibvirtOperationException e) {
                // never built, or built elsewhere: nothing to delete
            }
            pool.undefine();
        });
    }
}
